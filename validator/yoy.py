"""Year over year: last year's plan against this year's report, and text copied from last year.

Three questions a reviewer asks of a report beside last year's:
- which of last year's plan items (下一年度主要安排) show up as done in this year's measures;
- which problems (存在的不足) are last year's, copied nearly verbatim;
- which plan items are last year's plan again.

Items are the enumerated units of a section: its sub-headings ("（一）…", "1.…"), or its inline
"一是…二是…" enumeration, or failing both its paragraphs.

Matching works on characters, without a word segmenter: Chinese official prose is built from
two- to four-character words, so character bigrams catch the same words a segmenter would and
survive paraphrase (不予处罚 / 免予处罚) better than longer grams. The stock phrases every report
repeats (推进, 加强, 法治, 政府…) are removed first because they carry no signal, and overlap is
weighted by how rare a bigram is across the sentences of both reports (inverse document
frequency), so "扫码" counts and "工作" does not. Repetition is measured on character trigrams.
tests/yoy_measure.py measures these choices on hand-labelled pairs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import regex

from validator.lazyre import lazy_regex
from validator.model import Document, Metadata, Paragraph, Section, Span
from validator.numerals import to_int

# --------------------------------------------------------------------------- items

_CN_DIGITS = "一二三四五六七八九十"
# "一是" / "第一，" opening an enumerated item inside running text: at the start of a paragraph or
# after a stop, a colon or a Markdown bold marker.
# At most three stars (bold, bold italic), and possessive runs: with an unbounded run every star of a
# long "****…" line would start an attempt that scans to the end of the run, and two "\s*" side by
# side would try every split of a long run of spaces.
_INLINE_MARKER = regex.compile(
    rf"(?:^|(?<=[。；;：:！？!?*]))\s*+\*{{0,3}}+\s*+(?:(?P<n>[{_CN_DIGITS}]{{1,3}})是|第(?P<m>[{_CN_DIGITS}]{{1,3}})[，、,])"
)
_TITLE_END = lazy_regex(r"[。；;！？!?]")
_SENTENCE_MARKS = lazy_regex(r"[，。；;,：:]")
TITLE_LIMIT = 30


@dataclass(frozen=True)
class Item:
    """One enumerated unit of a section: a plan item, or one listed problem."""

    ordinal: int  # 1-based position among its section's items
    label: str  # the numbering as written: "（一）", "1.", "一是", or "" for a plain paragraph
    title: str  # the item's first clause, up to 。/；, shortened for messages
    text: str  # the item's whole text (normalised), label removed
    span: Span  # where the item starts, in its own document
    line: int  # 1-based line of ``span`` in its document's extracted text
    section: str = ""  # the heading of the top-level section it belongs to, as written

    @property
    def name(self) -> str:
        """How a message names the item: its label and title."""
        label = self.label if self.label and not self.label.endswith("是") else ""
        return f"{label}{self.title}"


def _title_of(text: str) -> str:
    m = _TITLE_END.search(text)
    title = (text[: m.start()] if m else text).strip().strip("*").rstrip("：:，,")
    return title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT] + "…"


def _line_of(document: Document, paragraph: int, offset: int) -> int:
    para = document.paragraphs[paragraph]
    line_index, _ = para.source_position(min(offset, max(0, len(para.text) - 1)))
    return line_index + 1


def _is_body(paragraph: Paragraph) -> bool:
    """Body text, not a signature line or a date under the last item."""
    return len(paragraph.text) > 30 or bool(_SENTENCE_MARKS.search(paragraph.text))


def _item(document: Document, ordinal: int, label: str, text: str, span: Span) -> Item:
    text = text.strip()
    return Item(ordinal, label, _title_of(text), text, span, _line_of(document, span.paragraph, span.start))


def _heading_items(document: Document, section: Section) -> list[Item]:
    """One item per direct sub-heading, with everything under it."""
    items: list[Item] = []
    for child in section.children:
        head = child.heading
        assert head is not None and head.heading is not None
        label = head.heading.label
        first = head.text[len(label):].lstrip() if label and head.text.startswith(label) else head.text
        body = "".join(p.text for p in document.paragraphs[child.start + 1 : child.end] if _is_body(p))
        if body and first and first[-1] not in "。；;！？!?：:":
            first += "。"  # a heading on a line of its own ends its title there
        span = Span(head.index, 0, len(head.text))
        items.append(_item(document, len(items) + 1, label, first + body, span))
    return items


@dataclass
class _Open:
    label: str
    span: Span
    parts: list[str]


def _marker_number(m: regex.Match[str]) -> int | None:
    return to_int(m["n"] or m["m"])


def _inline_items(document: Document, paragraphs: Sequence[Paragraph]) -> list[Item]:
    """Items of a "一是…二是…" enumeration, which may run inside one paragraph or across several.

    Only an unbroken sequence counts (一是, 二是, 三是…): a stray "一是" inside an item is text.
    Text before the first marker is the lead-in ("重点做好以下工作：") and is no item.
    """
    done: list[_Open] = []
    current: _Open | None = None
    expected = 1
    for para in paragraphs:
        if not _is_body(para):
            continue
        pos = 0
        for m in _INLINE_MARKER.finditer(para.text):
            if _marker_number(m) != expected:
                continue
            if current is not None:
                current.parts.append(para.text[pos : m.start()])
                done.append(current)
            label = m.group(0).strip().strip("*")
            current = _Open(label, Span(para.index, m.start(), len(para.text)), [])
            pos = m.end()
            expected += 1
        if current is not None:
            current.parts.append(para.text[pos:])
    if current is not None:
        done.append(current)
    if len(done) < 2:
        return []
    items: list[Item] = []
    for i, item in enumerate(done):
        end = item.span.end
        nxt = done[i + 1].span if i + 1 < len(done) else None
        if nxt is not None and nxt.paragraph == item.span.paragraph:
            end = nxt.start
        span = Span(item.span.paragraph, item.span.start, end)
        items.append(_item(document, i + 1, item.label, "".join(item.parts), span))
    return items


def _paragraph_items(document: Document, paragraphs: Sequence[Paragraph]) -> list[Item]:
    """Each body paragraph is an item, except a lead-in ending in a colon ("重点做好以下工作：")."""
    items: list[Item] = []
    for para in paragraphs:
        if _is_body(para) and not para.text.rstrip().endswith(("：", ":")):
            items.append(_item(document, len(items) + 1, "", para.text, Span(para.index, 0, len(para.text))))
    return items


def section_items(document: Document, section: Section) -> list[Item]:
    """The enumerated items of a section: sub-headings, else "一是…" items, else paragraphs."""
    if section.children:
        return _heading_items(document, section)
    body = document.paragraphs[section.start + 1 if section.heading else section.start : section.end]
    return _inline_items(document, body) or _paragraph_items(document, body)


def items_of(document: Document, kind: str) -> list[Item]:
    """Items of every top-level section of ``kind``, numbered through."""
    out: list[Item] = []
    for section in document.sections_of(frozenset({kind})):
        for item in section_items(document, section):
            out.append(replace(item, ordinal=len(out) + 1, section=section.title))
    return out


# --------------------------------------------------------------------------- text features

# Stock phrases of these reports: they occur in nearly every sentence of every report and say
# nothing about what was planned or done. Removed before n-grams, so they neither match nor
# bridge two content words into a spurious gram.
STOP_PHRASES: tuple[str, ...] = (
    "习近平新时代中国特色社会主义思想", "习近平法治思想", "中国特色社会主义", "新时代",
    "法治政府建设", "法治政府", "法治建设", "依法行政", "进一步", "不断", "持续", "深入", "深化",
    "加强", "强化", "推进", "推动", "落实", "贯彻", "全面", "切实", "扎实", "着力", "积极", "大力",
    "全力", "努力", "认真", "严格", "坚持", "坚决", "有效", "提升", "提高", "增强", "完善", "健全",
    "优化", "建设", "开展", "做好", "抓好", "确保", "实现", "工作", "水平", "能力", "机制", "体系",
    "各项", "相关", "有关", "重点", "主要", "全县", "全区", "全市", "全镇", "我局", "我县", "我区",
    "我市", "我镇", "法治", "政府", "依法", "规范", "服务", "保障", "全年", "年度", "以上", "以下",
    "进行", "及时", "常态化", "更加", "加大", "力度", "成效", "取得", "明显", "新的",
)
_STOP = lazy_regex("|".join(sorted(map(regex.escape, set(STOP_PHRASES)), key=len, reverse=True)))
# Only Han characters and Latin letters carry content; digits change every year (件数, 年份).
_NON_CONTENT = lazy_regex(r"[^\p{Han}A-Za-z]+")
_LEADING_LABEL = lazy_regex(
    rf"^\s*(?:[（(][{_CN_DIGITS}\d]{{1,3}}[）)][、.．]?|[{_CN_DIGITS}\d]{{1,3}}[、.．](?!\d)|[{_CN_DIGITS}]{{1,3}}是)"
)


def content_runs(text: str) -> list[str]:
    """The stretches of ``text`` that carry content: stock phrases, digits and punctuation cut out."""
    text = _LEADING_LABEL.sub("", text)
    text = _STOP.sub("|", text)
    return [run for run in _NON_CONTENT.split(text) if run]


def grams(text: str, sizes: Iterable[int] = (2,)) -> frozenset[str]:
    """Character n-grams of the content runs (runs shorter than n give none of that size)."""
    out: set[str] = set()
    runs = content_runs(text)
    for n in sizes:
        for run in runs:
            out.update(run[i : i + n] for i in range(len(run) - n + 1))
    return frozenset(out)


class Rarity:
    """Inverse document frequency of grams over a set of passages (sentences of both reports)."""

    def __init__(self, gram_sets: Iterable[frozenset[str]]) -> None:
        df: Counter[str] = Counter()
        count = 0
        for gs in gram_sets:
            df.update(gs)
            count += 1
        self.df = df
        self.count = max(count, 1)

    def idf(self, gram: str) -> float:
        return math.log((self.count + 1) / (self.df.get(gram, 0) + 1)) + 1.0

    def weight(self, gs: Iterable[str]) -> float:
        return sum(self.idf(g) for g in gs)


# --------------------------------------------------------------------------- plan follow-through

# Measured on the labelled pairs in examples/yoy/ (python -m tests.yoy_measure): bigrams
# separate delivered from not-found items better than bigrams and trigrams together (trigrams
# are lost to paraphrase: 不予处罚 / 免予处罚) and better than jieba's words.
MATCH_SIZES = (2,)
DELIVERED_THRESHOLD = 0.17


@dataclass(frozen=True)
class Passage:
    """A sentence of this year's report that may show a plan item was carried out."""

    span: Span
    text: str
    grams: frozenset[str]  # MATCH_SIZES grams


_SENTENCE = lazy_regex(r"[^。！？!?；;]+[。！？!?；;]*")


def evidence_paragraphs(document: Document, scope: Iterable[Paragraph]) -> list[Paragraph]:
    """The paragraphs of ``scope`` that can show work done: a top-level section's heading
    ("三、党政主要负责人履行推进法治建设第一责任人职责情况") names a subject, not a deed."""
    headings = {s.heading.index for s in document.sections if s.heading is not None}
    return [p for p in scope if p.index not in headings]


def passages(paragraphs: Iterable[Paragraph]) -> list[Passage]:
    """Every sentence of the paragraphs that has content left once stock phrases are removed."""
    out = []
    for para in paragraphs:
        for m in _SENTENCE.finditer(para.text):
            start, end, text = m.start(), m.end(), m.group(0)
            gs = grams(text, MATCH_SIZES)
            if gs:
                out.append(Passage(Span(para.index, start, end), text, gs))
    return out


@dataclass(frozen=True)
class Delivery:
    """The verdict on one of last year's plan items."""

    item: Item
    passage: Passage | None  # the sentence of this year's report that covers the item best
    score: float  # share of the item's weighted content that sentence contains

    def delivered(self, threshold: float) -> bool:
        return self.passage is not None and self.score >= threshold


def rarity_of(*documents: Document) -> Rarity:
    """Gram rarity over every sentence of the given reports."""
    return Rarity(p.grams for d in documents for p in passages(d.paragraphs))


class TooMuchToCompare(Exception):
    """Comparing the two reports would take more than COMPARISON_WORK steps."""


# Comparison is item against sentence (or item against item). Real reports give a few thousand
# steps; two reports each grown to megabytes could ask for billions. Past this many steps the
# comparison stops and the rule says it was not made, rather than running for hours.
COMPARISON_WORK = 5_000_000


def _postings(gram_sets: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    """Which of the sets hold each gram (an inverted index)."""
    index: dict[str, list[int]] = {}
    for i, gs in enumerate(gram_sets):
        for g in gs:
            index.setdefault(g, []).append(i)
    return index


def _shared(gs: Iterable[str], index: Mapping[str, list[int]], weight: Callable[[str], float],
            budget: list[int]) -> dict[int, float]:
    """For each indexed set sharing a gram with ``gs``: the weight of what they share."""
    shared: dict[int, float] = {}
    for g in gs:
        postings = index.get(g, ())
        budget[0] -= len(postings) + 1
        if budget[0] < 0:
            raise TooMuchToCompare
        w = weight(g)
        for i in postings:
            shared[i] = shared.get(i, 0.0) + w
    return shared


def follow_through(items: Sequence[Item], found: Sequence[Passage], rarity: Rarity) -> list[Delivery]:
    """For each plan item, the sentence of this year's report that covers it best (the first of equals).

    Only the sentences that share a gram with an item are scored, through an inverted index; raises
    TooMuchToCompare past COMPARISON_WORK steps.
    """
    index = _postings([passage.grams for passage in found])
    budget = [COMPARISON_WORK]
    out = []
    for item in items:
        item_grams = grams(item.text, MATCH_SIZES)
        total = rarity.weight(item_grams)
        best = Delivery(item, None, 0.0)
        if total:
            shared = _shared(item_grams, index, rarity.idf, budget)
            for i in sorted(shared):
                score = shared[i] / total
                if score > best.score:
                    best = Delivery(item, found[i], score)
        out.append(best)
    return out


# --------------------------------------------------------------------------- repetition

# Trigram Jaccard of an item copied with a few words changed is 0.5 or more (0.9 and more for a
# copy with a number changed); of a rewrite on the same theme by the same issuer at most 0.13, and
# of two real reports by different issuers at most 0.14 (tests/yoy_measure.py).
REPEAT_THRESHOLD = 0.35
REPEAT_MIN_CHARS = 20


def shingles(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of the text with punctuation, spaces and digits removed."""
    flat = "".join(_NON_CONTENT.split(text))
    return frozenset(flat[i : i + n] for i in range(len(flat) - n + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character trigrams: 1.0 for a copy, low for a rewrite on the same theme."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@dataclass(frozen=True)
class Repeat:
    item: Item  # this year's
    previous: Item  # last year's most similar
    similarity: float


def _overlaps(current: Sequence[Item], previous: Sequence[Item]) -> list[dict[int, float]]:
    """For each of this year's items: {index of last year's item: Jaccard similarity}, for the items
    sharing a trigram (the others are 0). Raises TooMuchToCompare past COMPARISON_WORK steps."""
    earlier = [shingles(p.text) for p in previous]
    index = _postings(earlier)
    budget = [COMPARISON_WORK]
    out = []
    for item in current:
        mine = shingles(item.text)
        shared = _shared(mine, index, lambda g: 1.0, budget)
        out.append({j: n / (len(mine) + len(earlier[j]) - n) for j, n in shared.items()})
    return out


def repeats(current: Sequence[Item], previous: Sequence[Item], threshold: float,
            min_chars: int) -> tuple[list[Repeat], float]:
    """This year's items that repeat one of last year's at ``threshold`` similarity or more (the most
    similar of last year's, the first of equals), and the highest similarity of any pair of items."""
    overlaps = _overlaps(current, previous)
    out = []
    for item, scores in zip(current, overlaps):
        if len(item.text) < min_chars or not previous:
            continue
        best = min(scores, key=lambda j: (-scores[j], j)) if scores else 0
        score = scores.get(best, 0.0)
        if score >= threshold:
            out.append(Repeat(item, previous[best], score))
    highest = max((score for scores in overlaps for score in scores.values()), default=0.0)
    return out, highest


# --------------------------------------------------------------------------- pairing


def issuer_key(issuer: str | None) -> str | None:
    """An issuer's name for pairing: spaces of any width removed."""
    if not issuer:
        return None
    key = "".join(issuer.split())
    return key or None


def pair_documents(documents: Mapping[str, Metadata]) -> dict[str, str]:
    """Pair each report with last year's report by the same issuer, from their metadata: {path: previous path}.

    Same issuer (spaces removed) and report year one less. A year with two candidate reports
    from one issuer is ambiguous and pairs nothing.
    """
    by_key: dict[tuple[str, int], list[str]] = {}
    for path, meta in documents.items():
        key, year = issuer_key(meta.issuer), meta.report_year
        if key is not None and year is not None:
            by_key.setdefault((key, year), []).append(path)
    pairs: dict[str, str] = {}
    for (key, year), paths in by_key.items():
        earlier = by_key.get((key, year - 1), [])
        if len(paths) == 1 and len(earlier) == 1:
            pairs[paths[0]] = earlier[0]
    return pairs


def pairing_mismatch(this: Metadata, last: Metadata) -> str | None:
    """Why ``last`` does not look like last year's report by the issuer of ``this``, or None."""
    reasons = []
    if issuer_key(this.issuer) and issuer_key(last.issuer) and issuer_key(this.issuer) != issuer_key(last.issuer):
        reasons.append(f"的发文机关是“{last.issuer}”，本报告是“{this.issuer}”")
    if this.report_year is not None and last.report_year is not None and last.report_year != this.report_year - 1:
        reasons.append(f"是{last.report_year}年度报告，本报告是{this.report_year}年度")
    return "；".join(reasons) or None
