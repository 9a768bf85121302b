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
repeats (推进, 加强, 法治, 政府…) are removed first because they carry no signal (names in 《》 and “”
keep theirs), synonyms are written canonically (validator.vocabulary), and overlap is weighted by
how rare a bigram is across the sentences of both reports (inverse document frequency), so "扫码"
counts and "工作" does not. An item's words that last year's report used for routine work, and its
slogan clauses, count less.

Each plan item is delivered, partly delivered, postponed (or cancelled) or not found. Work done is
looked for in windows of up to WINDOW adjacent sentences or "；" clauses under one heading; a
statement that work was postponed or is pending (the vocabulary's cues, read by ``modality``) is
given to the one item it fits best. Repetition is measured on character trigrams.
tests/yoy_measure.py measures these choices on hand-labelled pairs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import regex

from validator.lazyre import lazy_regex
from validator.timeouts import search
from validator.model import Document, Paragraph, Section, Span
from validator.numerals import to_int
from validator.vocabulary import Vocabulary, thesaurus
from validator.zh import CLAUSE_END, LINE_END, SENTENCE_END

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
_TITLE_END = lazy_regex(f"[{SENTENCE_END}]")  # unlike headings', a semicolon ends the title too
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
        if body and first and first[-1] not in LINE_END:
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


# A name in 《》 or “”: a document, a system, a reform. Its words are its own (《…违法建设治理工作办法》,
# “城管进社区”), so stock phrases are not cut out of it.
_NAME = lazy_regex(r"《[^《》\n]{1,80}》|“[^“”\n]{1,30}”")


# A short insertion in brackets inside a name: 村（居）规民约, 乡镇（街道）合法性审核. The name is read
# without it (村规民约), and the insertion as a word of its own.
_INSERTION = lazy_regex(r"(?<=\p{Han})[（(](\p{Han}{1,4})[）)](?=\p{Han})")


def _plain_runs(text: str) -> list[str]:
    inserted = [m.group(1) for m in _INSERTION.finditer(text)]
    text = _INSERTION.sub("", text)
    return [run for run in _NON_CONTENT.split(_STOP.sub("|", text)) if run] + inserted


def content_runs(text: str) -> list[str]:
    """The stretches of ``text`` that carry content: stock phrases (outside names), digits and
    punctuation cut out."""
    text = _LEADING_LABEL.sub("", text)
    out: list[str] = []
    pos = 0
    for m in _NAME.finditer(text):
        out += _plain_runs(text[pos : m.start()])
        out += [run for run in _NON_CONTENT.split(m.group(0)) if run]
        pos = m.end()
    return out + _plain_runs(text[pos:])


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
        return math.fsum(self.idf(g) for g in gs)


# --------------------------------------------------------------------------- reading this year's report

# Measured on the labelled pairs (python -m tests.yoy_measure): character bigrams separate delivered
# from not-found items better than bigrams and trigrams together (trigrams are lost to paraphrase:
# 不予处罚 / 免予处罚) and better than jieba's words.
MATCH_SIZES = (2,)
_SENTENCE = lazy_regex(f"[^{SENTENCE_END}]+[{SENTENCE_END}]*")
_CLAUSE = lazy_regex(f"[^{CLAUSE_END}]+[{CLAUSE_END}]*")
_CLAUSE_BREAK = "，,"


class Modality(NamedTuple):
    """What a statement says of its work besides that it was done."""

    kind: str  # postponed (deferred to a later year, or dropped) | pending (still unfinished)
    cue: str  # the words that say so
    start: int  # where they stand in the statement


def modality(text: str, vocabulary: Vocabulary) -> Modality | None:
    """Whether a statement says its work was postponed or cancelled, or is still pending; None: neither.

    The one place this report reads these two modalities (from the vocabulary's cue patterns, searched
    under the rule's time budget like every pattern from a rule file), so that
    the claims stage, which reads done / planned / negated / studied / admitted, can take them over.
    A postponement outranks a pending part ("已起草完成，…暂缓印发" is postponed); a sentence that gives the
    cause of a shortfall ("原因在于…尚未建立") describes the problem, and is neither.
    """
    causal = any(search(p, text.strip()) for p in vocabulary.causes)
    for kind, patterns in (("postponed", vocabulary.postponed), ("pending", vocabulary.pending)):
        if causal and kind == "pending":
            continue
        found = [m for m in (search(p, text) for p in patterns) if m is not None]
        if found:
            first = min(found, key=lambda m: m.start())
            return Modality(kind, first.group(0), first.start())
    return None


# The reason a statement gives ("因上级政策调整", "按照市政府…的部署"): not what it says was postponed.
_REASON = lazy_regex(r"(?:因为|因|由于|鉴于|受|按照|根据|为与|为了与|为)[^，,；;。]*?(?=[，,；;。]|不再|推迟|暂缓|延期|顺延|调整为|$)")


class Reader:
    """How both reports are read for matching: synonyms written canonically, then content bigrams."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.thesaurus = thesaurus(vocabulary.synonyms)

    def grams(self, text: str) -> frozenset[str]:
        return grams(self.thesaurus.normalise(text), MATCH_SIZES)

    def subject_grams(self, statement: str) -> frozenset[str]:
        """The grams of what a statement is about: its reasons left out."""
        return self.grams(_REASON.sub("，", statement))

    def studies(self, text: str) -> bool:
        """Whether some clause of ``text`` only reports studying or relaying something."""
        return any(search(p, text) for p in self.vocabulary.studied)

    def deeds(self, text: str) -> frozenset[str]:
        """The grams of ``text`` less those of its clauses that only report studying."""
        kept = [m.group(0) for m in _CLAUSE.finditer(text) if not self.studies(m.group(0))]
        return self.grams("".join(kept))

    def about_study(self, text: str) -> bool:
        return any(search(p, text) for p in self.vocabulary.study)

    def is_slogan(self, clause: str) -> bool:
        bare = clause.strip().rstrip("，,。；;：:").strip()
        return any(search(p, bare) for p in self.vocabulary.slogans)


@dataclass(frozen=True)
class Unit:
    """A sentence or "；" clause of this year's report: the smallest piece of evidence."""

    span: Span
    text: str
    grams: frozenset[str]  # of the whole statement, synonyms written canonically
    done: frozenset[str]  # of what it reports done: nothing of a postponement, the clauses before a pending cue
    deeds: frozenset[str]  # of ``done`` less its clauses that only report studying (for items not about study)
    subject: frozenset[str]  # of what it is about: its reasons (因…, 按照…部署) left out
    block: int  # the innermost section it stands in: a window never leaves its block
    kind: str  # the top-level section kind it stands in
    modality: Modality | None
    evidence: bool  # in the rule's scope: may show work done


def _blocks(document: Document) -> dict[int, tuple[int, str]]:
    """{paragraph index: (innermost section's first paragraph, top-level section kind)}."""
    out: dict[int, tuple[int, str]] = {}
    for top in document.sections:
        for section in top.walk():  # parents first, so the innermost section is written last
            for i in range(section.start, section.end):
                out[i] = (section.start, top.kind)
    return out


def _done_part(text: str, found: Modality | None) -> str:
    """What a statement reports done: all of it, nothing of a postponement, or the clauses before a pending cue."""
    if found is None:
        return text
    if found.kind == "postponed":
        return ""
    cut = max(text.rfind(c, 0, found.start) for c in _CLAUSE_BREAK)
    return text[:cut] if cut > 0 else ""


def units_of(document: Document, evidence: Iterable[Paragraph], statements: Iterable[Paragraph],
             reader: Reader) -> list[Unit]:
    """The units of this year's report, in order: those of ``evidence`` may show work done, those of
    ``statements`` may also say an item was postponed or is pending. Top-level headings name a subject,
    not a deed, and are left out."""
    headings = {s.heading.index for s in document.sections if s.heading is not None}
    in_evidence = {p.index for p in evidence}
    paragraphs = {p.index: p for p in [*evidence, *statements] if p.index not in headings}
    blocks = _blocks(document)
    out = []
    for index in sorted(paragraphs):
        para = paragraphs[index]
        block, kind = blocks.get(index, (index, ""))
        for m in _SENTENCE.finditer(para.text):
            text = m.group(0)
            gs = reader.grams(text)
            if not gs:
                continue
            found = modality(text, reader.vocabulary)
            done_text = _done_part(text, found) if found else text
            done = reader.grams(done_text) if found else gs
            deeds = reader.deeds(done_text) if reader.studies(done_text) else done
            subject = reader.subject_grams(text) if found else gs
            out.append(Unit(Span(index, m.start(), m.end()), text, gs, done, deeds, subject, block, kind, found,
                            index in in_evidence))
    return out


def rarity_of(units: Iterable[Unit], previous: Document, reader: Reader) -> Rarity:
    """Gram rarity over this year's units and every sentence of last year's report."""
    last = [reader.grams(m.group(0)) for p in previous.paragraphs for m in _SENTENCE.finditer(p.text)]
    return Rarity([*(u.grams for u in units), *(g for g in last if g)])


# --------------------------------------------------------------------------- plan follow-through

# Measured on the labelled pairs (tests/yoy_measure.py); the rule file sets the thresholds.
DELIVERED_THRESHOLD = 0.15  # share of an item's weighted content a window of done work must contain
HEAD_THRESHOLD = 0.1  # … and share of the item's head (its first clause: what it promises) …
CONFIDENT_THRESHOLD = 0.3  # … unless the window contains this share of the item
STATEMENT_THRESHOLD = 0.12  # fit of a postponement or pending statement to an item, to be about it
NOVEL_THRESHOLD = 0.15  # share of the item done beyond what a postponement covers, for "partly"
WINDOW = 3  # units in a window: evidence split over "；" clauses or sentences under one heading
MEMBER_SHARE = 0.04  # share of the item each unit of a window must bring
SLOGAN_WEIGHT = 0.3  # weight of the words of a slogan clause, against 1 for the rest
ROUTINE_WEIGHT = 0.5  # weight of an item's words that last year's report used outside its plan
CANDIDATES = 3  # windows kept per item, for --dump-text


class Thresholds(NamedTuple):
    delivered: float = DELIVERED_THRESHOLD
    head: float = HEAD_THRESHOLD
    confident: float = CONFIDENT_THRESHOLD
    statement: float = STATEMENT_THRESHOLD
    novel: float = NOVEL_THRESHOLD


@dataclass(frozen=True)
class Profile:
    """A plan item as matched: its grams weighted by rarity (slogan clauses less), and its head."""

    item: Item
    weights: Mapping[str, float]
    total: float
    head: frozenset[str]
    head_total: float
    clauses: tuple[tuple[str, frozenset[str]], ...]  # (clause as written, its grams), slogans left out
    about_study: bool = False  # the item is about study or training: a clause reporting study shows it done

    def share(self, gs: Iterable[str]) -> float:
        return math.fsum(self.weights[g] for g in gs) / self.total if self.total else 0.0

    def head_share(self, gs: frozenset[str]) -> float:
        if not self.head_total:
            return 1.0  # an item whose head is all stock phrases: the body decides
        return math.fsum(self.weights[g] for g in self.head & gs) / self.head_total


def routine_grams(previous: Document, plan_kind: str, reader: Reader) -> frozenset[str]:
    """The grams of last year's report outside its plan: what the issuer already reported doing."""
    plan = {i for s in previous.sections_of(frozenset({plan_kind})) for i in range(s.start, s.end)}
    return frozenset().union(*(reader.grams(p.text) for p in previous.paragraphs if p.index not in plan))


def profile(item: Item, rarity: Rarity, reader: Reader, routine: frozenset[str] = frozenset()) -> Profile:
    weights: dict[str, float] = {}
    clauses = []
    for m in _CLAUSE.finditer(item.text):
        clause = m.group(0)
        gs = reader.grams(clause)
        factor = SLOGAN_WEIGHT if reader.is_slogan(clause) else 1.0
        if factor == 1.0 and gs:
            clauses.append((clause.rstrip(CLAUSE_END), gs))
        for g in gs:
            novelty = ROUTINE_WEIGHT if g in routine else 1.0
            weights[g] = max(weights.get(g, 0.0), factor * novelty * rarity.idf(g))
    head_text = next((m.group(0) for m in _CLAUSE.finditer(item.text)), "")
    head = reader.grams(head_text) & weights.keys()
    return Profile(item, weights, math.fsum(weights.values()), frozenset(head),
                   math.fsum(weights[g] for g in head), tuple(clauses), reader.about_study(item.text))


@dataclass(frozen=True)
class Window:
    """Adjacent units under one heading, with what they share with a plan item."""

    units: tuple[Unit, ...]
    shared: frozenset[str]
    score: float  # share of the item's weight
    head: float  # share of the item's head weight

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)


@dataclass(frozen=True)
class Delivery:
    """The verdict on one of last year's plan items."""

    item: Item
    outcome: str  # delivered | partly | postponed | not_found
    done: Window | None  # the best window of work done (delivered, partly)
    statement: Window | None  # the postponement or pending statement about the item
    missing: tuple[str, ...]  # clauses of the item the done work does not cover (partly)
    synonyms: tuple[tuple[str, str], ...]  # (last year's name, this year's name) that linked the match
    candidates: tuple[Window, ...]  # the best windows of done work, best first


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


def _windows(p: Profile, units: Sequence[Unit], touched: Iterable[int], budget: list[int]) -> list[Window]:
    """Every window of done work that shares enough with the item: runs of up to WINDOW adjacent units
    of one block, each bringing at least MEMBER_SHARE of the item."""
    def brings(i: int) -> frozenset[str] | None:
        u = units[i]
        if not u.evidence:
            return None
        shared = (u.done if p.about_study else u.deeds) & p.weights.keys()
        return shared if shared and p.share(shared) >= MEMBER_SHARE else None

    out = []
    for i in sorted(touched):
        first = brings(i)
        if first is None:
            continue
        shared, run = first, [units[i]]
        for j in range(i, min(i + WINDOW, len(units))):
            if j > i:
                more = brings(j)
                if more is None or units[j].block != units[i].block:
                    break
                shared, run = shared | more, [*run, units[j]]
            budget[0] -= len(shared)
            if budget[0] < 0:
                raise TooMuchToCompare
            out.append(Window(tuple(run), shared, p.share(shared), p.head_share(shared)))
    return out


def _statement_windows(units: Sequence[Unit], i: int) -> list[tuple[Unit, ...]]:
    """A postponement or pending statement (unit ``i``) alone, and with the unit before it under the same
    heading, which may say what it is about ("…已形成征求意见稿。因…，出台时间推迟至2026年。")."""
    if i > 0 and units[i - 1].block == units[i].block:
        return [(units[i],), (units[i - 1], units[i])]
    return [(units[i],)]


def _fit(p: Profile, run: tuple[Unit, ...], rarity: Rarity) -> tuple[float, Window]:
    """How well a statement fits an item: the harmonic mean of the share of the item it covers and the
    share of the statement's subject that is the item's (a statement is about one thing; an item may
    list several)."""
    subject = frozenset().union(*(u.grams if u is not run[-1] else u.subject for u in run))
    shared = subject & p.weights.keys()
    recall = p.share(shared)
    total = rarity.weight(subject)
    precision = rarity.weight(shared) / total if total else 0.0
    fit = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return fit, Window(run, frozenset(shared), recall, p.head_share(frozenset(shared)))


def _linking_synonyms(item: Item, window: Window, reader: Reader) -> tuple[tuple[str, str], ...]:
    """(last year's name, this year's name) for each synonym group the two name differently: one pair per
    group, and none where one name contains the other (联合检查 in 跨部门联合检查 is the same words)."""
    mine: dict[str, list[str]] = {}
    for name, canonical in reader.thesaurus.names_in(item.text):
        mine.setdefault(canonical, []).append(name)
    text = window.text
    out: dict[str, tuple[str, str]] = {}
    for name, canonical in reader.thesaurus.names_in(text):
        names = mine.get(canonical, [])
        if canonical in out or not names or any(n in text or name in n or n in name for n in names):
            continue
        out[canonical] = (names[0], name)
    return tuple(out.values())


def _missing(p: Profile, done: Window) -> tuple[str, ...]:
    """The clauses of the item (its first, which names the whole, and slogans left out) of which the
    done work shares less than half."""
    out = []
    for clause, gs in p.clauses[1:]:
        weight = math.fsum(p.weights[g] for g in gs)
        if weight and math.fsum(p.weights[g] for g in gs & done.shared) < weight / 2:
            out.append(clause)
    return tuple(out)


@dataclass(frozen=True)
class Evidence:
    """What this year's report holds about one plan item, before any verdict."""

    profile: Profile
    windows: tuple[Window, ...]  # windows of done work, best first
    statements: tuple[Window, ...]  # postponement and pending statements about the item


def gather(items: Sequence[Item], units: Sequence[Unit], rarity: Rarity, reader: Reader,
           thresholds: Thresholds = Thresholds(), routine: frozenset[str] = frozenset()) -> list[Evidence]:
    """For each plan item, the windows of done work and the statements about it.

    Work done is looked for in windows of adjacent units under one heading; statements that work was
    postponed or is pending are each given to the one item they fit best (when well enough). Only the
    units that share a gram with an item are looked at, through an inverted index; raises
    TooMuchToCompare past COMPARISON_WORK steps.
    """
    index = _postings([u.grams for u in units])
    budget = [COMPARISON_WORK]
    profiles = [profile(item, rarity, reader, routine) for item in items]
    touched = [_shared(p.weights.keys(), index, lambda g: 1.0, budget) for p in profiles]
    statements = _assign_statements(profiles, units, touched, rarity, thresholds, budget)
    out = []
    for k, p in enumerate(profiles):
        windows = sorted(_windows(p, units, touched[k], budget), key=lambda w: (-w.score, len(w.units)))
        out.append(Evidence(p, tuple(windows), tuple(statements.get(k, []))))
    return out


def follow_through(items: Sequence[Item], units: Sequence[Unit], rarity: Rarity, reader: Reader,
                   thresholds: Thresholds = Thresholds(), routine: frozenset[str] = frozenset()) -> list[Delivery]:
    """The verdict on each plan item: delivered, partly, postponed (or cancelled) or not found."""
    return [decide(e, reader, thresholds) for e in gather(items, units, rarity, reader, thresholds, routine)]


def _assign_statements(profiles: Sequence[Profile], units: Sequence[Unit], touched: Sequence[Mapping[int, float]],
                       rarity: Rarity, thresholds: Thresholds, budget: list[int]) -> dict[int, list[Window]]:
    """{item number: the postponement and pending statements about it}: each statement goes to the item
    it fits best, read alone or (when alone it fits no item) with the unit before it."""
    out: dict[int, list[Window]] = {}
    for i, u in enumerate(units):
        if u.modality is None:
            continue
        budget[0] -= len(touched)
        candidates = [k for k, t in enumerate(touched) if i in t]
        for run in _statement_windows(units, i):
            budget[0] -= len(candidates) * sum(len(u.grams) for u in run)
            if budget[0] < 0:
                raise TooMuchToCompare
            fits = [(*_fit(profiles[k], run, rarity), k) for k in candidates]
            best = max(fits, key=lambda f: f[0], default=None)
            if best is not None and best[0] >= thresholds.statement:
                out.setdefault(best[2], []).append(best[1])
                break
    return out


def _is(window: Window, kind: str) -> bool:
    modality = window.units[-1].modality
    return modality is not None and modality.kind == kind


def verdict(evidence: Evidence, thresholds: Thresholds) -> tuple[str, Window | None, Window | None]:
    """(outcome, the window of done work, the statement) for one item, from what the report holds about it.

    A postponement about the item makes it postponed, unless enough other work was done (then partly);
    a pending part with enough work done makes it partly; enough work done without either, delivered.
    "Enough": the best window contains ``delivered`` of the item's weight and ``head`` of its head (what
    it promises), or ``confident`` of its weight.
    """
    p, windows, statements = evidence.profile, evidence.windows, evidence.statements
    done = windows[0] if windows else None
    if done is not None and not (done.score >= thresholds.delivered
                                 and (done.head >= thresholds.head or done.score >= thresholds.confident)):
        done = None
    postponed = max((w for w in statements if _is(w, "postponed")), key=lambda w: w.score, default=None)
    pending = max((w for w in statements if _is(w, "pending")), key=lambda w: w.score, default=None)
    if postponed is not None:
        if done is not None and p.share(done.shared - postponed.shared) >= thresholds.novel:
            return "partly", done, postponed
        return "postponed", None, postponed
    if done is not None:
        return ("partly", done, pending) if pending is not None else ("delivered", done, None)
    return "not_found", None, pending


def _distinct(windows: Sequence[Window], limit: int) -> tuple[Window, ...]:
    """The best windows that share no unit with a better one (a window and its extensions are one place)."""
    out: list[Window] = []
    used: set[Span] = set()
    for w in windows:
        spans = {u.span for u in w.units}
        if not spans & used:
            out.append(w)
            used |= spans
            if len(out) == limit:
                break
    return tuple(out)


def decide(evidence: Evidence, reader: Reader, thresholds: Thresholds) -> Delivery:
    """The verdict on one item (``verdict``), with the clauses left undone and the synonyms that linked it."""
    outcome, done, statement = verdict(evidence, thresholds)
    p = evidence.profile
    candidates = _distinct(evidence.windows, CANDIDATES)
    if done is None:
        return Delivery(p.item, outcome, None, statement, (), (), candidates)
    missing = _missing(p, done) if outcome == "partly" else ()
    return Delivery(p.item, outcome, done, statement, missing, _linking_synonyms(p.item, done, reader), candidates)


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
