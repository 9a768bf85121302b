"""Is a document an annual report at all, and which text does it hold (for spotting duplicates in a batch)?

A folder of reports sent in for review also holds what came with them: a 说明.md, a cover letter
(报送函), a README. Scored as reports they would get 12 points and drag the average and every pass
rate down. A document is taken for a report when any of these holds — each is evidence a real report
gives and a companion file does not, so a report is never dropped for a weak reason:

- the section classifier found one of the report's own parts (主要举措和成效, 存在的不足和原因 …: every
  kind the rule set defines, less the preamble and "other");
- its title names a report on 法治 (建设) or 依法行政 and ends in 报告 (a draft's "（征求意见稿）" may
  follow), and is not the title of a letter sending one ("关于报送……报告的函");
- it is a long Chinese text about building the rule of law (at least 1,000 Chinese characters, most of
  the text, mentioning 法治政府/法治建设/依法行政 five times or more): a report whose headings and title
  were both missed.

Measured on every report in the corpora (examples and ../shared: 81 files, every format) each is a report
by its parts alone and by its title alone; the corpora's four README files pass none of the three.
"""

from __future__ import annotations

import hashlib

import regex

from validator.model import Document
from validator.segment import OTHER, PREAMBLE, Classifier
from validator.zh import HAN

_REPORT_TITLE = regex.compile(
    r"(?:法治|依法行政).{0,40}报告\s*(?:[（(\[【][^（）()\[\]【】]{1,12}[）)\]】])?$")
_LETTER_TITLE = regex.compile(r"报送|呈报|转报|(?:函|通知|说明|请示|批复|目录|清单|附件\d*)\s*$")
_ABOUT_RULE_OF_LAW = regex.compile(r"法治政府|法治建设|依法行政")
_HAN = regex.compile(HAN)
MIN_HAN = 1000
MIN_HAN_SHARE = 0.5
MIN_MENTIONS = 5


def not_a_report(document: Document, classifier: Classifier) -> str | None:
    """Why ``document`` is not an annual report, or None when it is one (or may be: see the module)."""
    statutory = {k.kind for k in classifier.kinds} - {PREAMBLE, OTHER}
    if any(section.kind in statutory for top in document.sections for section in top.walk()):
        return None
    title = document.metadata.title
    if title is not None and _REPORT_TITLE.search(title) and not _LETTER_TITLE.search(title):
        return None
    text = "".join(p.text for p in document.paragraphs)
    han = len(_HAN.findall(text))
    if han >= MIN_HAN and han >= MIN_HAN_SHARE * len(text) and len(_ABOUT_RULE_OF_LAW.findall(text)) >= MIN_MENTIONS:
        return None
    if title is not None and _LETTER_TITLE.search(title):
        return f"标题“{title}”是报送函或说明，正文没有年度报告的法定部分（主要举措和成效、存在的不足和原因等）"
    return "没有年度报告的标题，也没有年度报告的法定部分（主要举措和成效、存在的不足和原因等）"


def text_digest(document: Document) -> str:
    """A fingerprint of the text the checks read: the same report sent twice, in any format, has the same one."""
    text = "\n".join("".join(p.text.split()) for p in document.paragraphs)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]
