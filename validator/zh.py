"""Chinese-text constants shared by the readers, normalisation, segmentation and checks, declared once.

Strings, not sets or compiled patterns, so that each user can take the form it needs: ``set(LINE_END)``
for membership, ``rf"[{SENTENCE_END}]"`` inside a regular expression (none of the marks below is special
inside a character class). Where a module deliberately uses a different set it derives it from these and
says why beside it; the differences are listed here too:

- SENTENCE_END (full stops and semicolons): where a sentence ends around a quote (checks.base, with a
  newline, which joins scope texts), for claims and for year-over-year sentences; a semicolon separates
  the items of an enumeration, each a statement of its own. yoy also ends a heading's inline title there.
- FULL_STOPS alone: where headings and phrases end a heading's inline title ("一、主要举措；具体…" keeps
  going past the semicolon there), and the sentence checks.numbers weighs a percentage in.
- LINE_END adds the colon: a line ending "主要做法如下：" ends its lead-in, so the next line starts a
  new paragraph (normalisation, the PDF reader; yoy when a heading stands on its own line). The
  split-sentence check of checks.patterns adds "…", after which a page break ends nothing unfinished.
- CLAUSE_END adds the commas: the clause of checks.base and yoy; checks.years and segment take the same
  marks as punctuation a bare title must not contain (segment with "、" besides).
"""

from __future__ import annotations

FULL_STOPS = "。！？!?"
SEMICOLONS = "；;"
COLONS = "：:"
COMMAS = "，,"

SENTENCE_END = FULL_STOPS + SEMICOLONS
LINE_END = SENTENCE_END + COLONS
CLAUSE_END = COMMAS + LINE_END

# After one of these a line break cannot end the sentence: a pause, or an opening mark still open.
OPEN_END = "，、,（(《“‘【—"

# The paired marks whose halves must match within a paragraph, opening before closing.
PAIRS = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"), ("‘", "’"), ("【", "】"))
PAIR_MARKS = "".join(opening + closing for opening, closing in PAIRS)

# Character-class pieces, for use inside [...] of a regular expression (the ``regex`` module's syntax).
HAN = r"\p{Han}"  # every Han ideograph, traditional, simplified and rare (regex's Unicode script property)
CJK_PUNCTUATION = r"\u3000-\u303f"  # the CJK Symbols and Punctuation block: 、。〈〉《》「」 and the ideographic space
FULLWIDTH_FORMS = r"\uff00-\uffef"  # full-width ASCII (，！？（）０-９Ａ-Ｚ) and half-width forms
MARKS_OUTSIDE_BLOCKS = "“”‘’…—·"  # the marks Chinese text uses that Unicode files under general punctuation

# A year as reports write it: four digits starting 19 or 20, so a count like "3000" is no year.
YEAR = r"(?:19|20)\d{2}"
# After a year's "年": the year is whole and not the first of a range ("2023—2025年" is a period).
NOT_A_RANGE = r"(?!\d)(?![—\-~至到]\d)"
# A year named in a heading ("二、2025年工作安排"), the year captured; the same in metadata and segment.
HEADING_YEAR = rf"(?<!\d)({YEAR})\s*年{NOT_A_RANGE}"
# A date written with digits, "2024年3月5日", "2024-03-05", "2024.3.5" (the 日 left to the user).
NUMERIC_DATE = rf"(?P<y>{YEAR})\s*[-/.年]\s*(?P<m>\d{{1,2}})\s*[-/.月]\s*(?P<d>\d{{1,2}})"
