"""The claims stage: what each sentence of a report asserts, between segmentation and the checks.

A keyword match cannot tell "规范性文件合法性审核不少于5个工作日" (lawful) from "重大行政决策合法性审查
5个工作日" (a violation), nor "制定并公布了目录" from "尚未编制目录" or "学习《目录管理办法》". A claim
says which topic a sentence speaks of (comment period, legality review, directory), which instrument
(重大行政决策, 行政规范性文件, 行政许可 …), whether it was done in the reporting year or only planned,
negated, studied, admitted as a shortfall or stated as a condition, and which quantities it gives
(durations with their comparator, date ranges counted both ways, differences that are not periods).

The vocabularies (cue words, modality cues, units) are data in the rule files (``claims:``), so a
province can extend them. Extraction is linear in the report: each sentence is read once.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import regex

from validator.headings import ITEM_START
from validator.lazyre import any_of, lazy_regex
from validator.model import Document, Paragraph, Section, Span
from validator.numerals import CN_NUMERAL_CHARS, cn_to_int
from validator.timeouts import finditer, search
from validator.workdays import working_days
from validator.zh import SENTENCE_END, YEAR

# The instrument whose "no decision this year" makes the decision rules not applicable, and their default
# (rules/05-claims.yaml, claims.instruments)
MAJOR_DECISION = "major-decision"

# --------------------------------------------------------------------------- vocabulary (from rules/)

MODALITIES = ("done", "planned", "negated", "studied", "admitted", "conditional")
MODALITY_NAME = {"done": "已做", "planned": "计划", "negated": "未做", "studied": "仅学习或转发",
                 "admitted": "问题中承认", "conditional": "条件或要求"}


class Cue(NamedTuple):
    id: str
    name: str
    cues: tuple[regex.Pattern[str], ...]
    blockers: tuple[regex.Pattern[str], ...] = ()


class Unit(NamedTuple):
    amount: float  # how many base units one of these is
    base: str  # days | workdays


class ClaimVocabulary(NamedTuple):
    instruments: tuple[Cue, ...] = ()
    topics: tuple[Cue, ...] = ()
    no_decisions: tuple[regex.Pattern[str], ...] = ()
    modality: Mapping[str, tuple[regex.Pattern[str], ...]] = {}
    urgency: tuple[regex.Pattern[str], ...] = ()
    units: Mapping[str, Unit] = {}

    def instrument_name(self, instrument: str | None) -> str:
        return next((i.name for i in self.instruments if i.id == instrument), "未点明")

    def topic(self, topic: str) -> Cue | None:
        return next((t for t in self.topics if t.id == topic), None)


# --------------------------------------------------------------------------- records


class Quantity(NamedTuple):
    """A stated length of time. ``low``/``high`` bound the count it can mean (a date range is counted
    without and with its first day); ``comparator`` is how the text qualifies it."""

    low: float
    high: float
    base: str  # days | workdays
    comparator: str  # exact | at_least | more_than | at_most | less_than | approx | difference
    text: str
    span: Span
    kind: str = "duration"  # duration ("30日") | range (two dates, "6月1日至6月30日") | review (sent and answered)

    def in_unit(self, value: float, unit: str) -> float:
        if unit == self.base:
            return value
        # a working week is 5 of 7 days: any 7 consecutive days hold at most 5 working days
        return value * 7 / 5 if unit == "days" else value * 5 / 7

    def meets(self, minimum: float, unit: str) -> bool:
        """The text guarantees at least ``minimum`` (either count of a date range will do)."""
        if self.comparator in ("at_most", "less_than", "difference"):
            return False
        return self.in_unit(self.high, unit) >= minimum - 1e-9

    def below(self, minimum: float, unit: str) -> bool:
        """The text says less than ``minimum`` whichever way it is counted; a stated lower bound under
        the minimum ("不少于15日") sets a practice below it too."""
        if self.comparator == "difference":
            return False
        high = self.in_unit(self.high, unit)
        if self.comparator == "less_than":
            return high <= minimum + 1e-9
        return high < minimum - 1e-9

    def describe(self) -> str:
        if self.low != self.high:
            unit = "个工作日" if self.base == "workdays" else "日"
            return f"{self.text}（{number_text(self.low)}或{number_text(self.high)}{unit}）"
        return self.text


class Claim(NamedTuple):
    topic: str
    instrument: str | None  # None: nothing names it
    instrument_from: str  # sentence | paragraph | heading | ""
    modality: str
    quantities: tuple[Quantity, ...]
    span: Span  # the words naming the topic
    sentence: Span
    section: str  # kind of the section it stands in
    urgent: bool
    shortfall: bool  # the clause says the thing falls short (不足, 仅为 …)

    def about(self, instrument: str) -> bool:
        """About ``instrument``, or about nothing named (the reading a report without context gets)."""
        return self.instrument in (instrument, None)


class Claims(NamedTuple):
    """Every claim of one document, and where it states that no major decision was made."""

    items: tuple[Claim, ...]
    no_decisions: tuple[Span, ...]

    def of(self, topic: str) -> list[Claim]:
        return [c for c in self.items if c.topic == topic]

    def no_decision_statement(self) -> Span | None:
        """Where the report states that no major decision was made this year, unless a sentence of its own
        reports a procedure done for one (any topic): a report that denies decisions in one part and
        reviews "我镇年度重大行政决策事项" in another has made one, and every decision rule judges it."""
        if not self.no_decisions or any(self.affirms(c) and c.instrument == MAJOR_DECISION for c in self.items):
            return None
        return self.no_decisions[0]

    def affirms(self, claim: Claim) -> bool:
        """Does the claim report its thing done, naming its instrument in its own sentence? Not in a sentence
        that states no decision was made ("经合法性审查小组对照……甄别，均未达到重大行政决策认定标准")."""
        return claim.modality == "done" and claim.instrument_from == "sentence" and claim.sentence not in self.no_decisions


EMPTY = Claims((), ())


# --------------------------------------------------------------------------- quantities

_CN_NUM = "一二两三四五六七八九十百零〇半"  # "一百二十日" is 120 days, not "二十日"
_NUM = rf"(?P<num>\d{{1,3}}(?:\.\d+)?|[{_CN_NUM}]{{1,6}})"
# the words before (or after) a number that say how it bounds the period
_COMPARATOR_WORDS = {
    "less_than": ("少于", "低于", "短于", "不足", "不到", "未达", "未满", "不满"),
    "at_most": ("不超过", "不多于", "不得超过", "最长", "最多", "以内", "之内", "内"),
    "at_least": ("不少于", "不低于", "不短于", "至少", "不得少于", "满", "达到", "达", "长于", "大于"),
    "more_than": ("超过", "多于", "逾", "以上", "及以上"),
    "approx": ("约", "左右", "大约", "近"),
}
_COMPARATOR_OF = {word: name for name, words in _COMPARATOR_WORDS.items() for word in words}
_EXACT_WORDS = ("仅为", "仅", "只有", "为期", "为", "共", "均为", "均")
_QUALIFIER = regex.compile("(?:" + "|".join(sorted((*_COMPARATOR_OF, *_EXACT_WORDS), key=len, reverse=True)) + ")$")
# "较上年压缩2个工作日", "提速50%": a change, not a period; "缩短为20日", "压缩至3个工作日": the new period
_DIFFERENCE = regex.compile(r"(?:压缩|缩短|减少|缩减|提速|提前|节约|节省|延长|增加)了?$")


def _written_date(y: str, m: str, d: str, following: str) -> str:
    """A written date whose year and month may be left to the reader ("5月6日", "6日"), groups named; "次年1月
    15日" leaves its year to the reader too (a range that runs past 31 December rolls over, see _date); a
    weekday may follow ("8月5日（星期一）"). A year the pattern cannot read ("2126年") is not left out: the date
    after it is not read as one of the report's year."""
    return (rf"(?<!\d\s*年\s*)(?:(?P<{y}>{YEAR})\s*年\s*|(?P<{following}>次年|翌年|第二年)\s*)?(?:(?P<{m}>\d{{1,2}})\s*月\s*)?(?P<{d}>\d{{1,2}})\s*日"
            r"(?:\s*[（(](?:星期|周|礼拜)[一二三四五六日天][）)])?")


_RANGE = lazy_regex(
    "(?:自|从)?" + _written_date("y1", "m1", "d1", "n1")
    + r"\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*" + _written_date("y2", "m2", "d2", "n2") + "(?:止)?"
)


def number_text(x: float) -> str:
    """30.0 → "30", 4.5 → "4.5"."""
    return str(int(x)) if x == int(x) else f"{x:.1f}"


def _duration_pattern(units: Iterable[str]) -> regex.Pattern[str]:
    names = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    # not the tail of a longer number or a date's day: "九月二十七日" holds no "十七日"
    return regex.compile(rf"(?<![月\d.{_CN_NUM}]){_NUM}\s*(?P<unit>{names})(?![\d月])(?P<post>及以上|以上|之内|以内|内|左右)?")


def _comparator(pre: str, post: str | None) -> str:
    """How the word before the number (or after its unit) bounds it; "exact" for none or 为/仅为."""
    return _COMPARATOR_OF.get(pre) or _COMPARATOR_OF.get(post or "") or "exact"


def _number(num: str) -> float | None:
    if num == "半":
        return 0.5
    if num[0].isdigit():
        return float(num)
    value = cn_to_int(num)
    return None if value is None else float(value)


def durations(para: Paragraph, start: int, end: int, pattern: regex.Pattern[str],
              units: Mapping[str, Unit]) -> list[Quantity]:
    text = para.text
    found: list[Quantity] = []
    for m in finditer(pattern, text, start, end):
        value = _number(m["num"])
        if value is None:
            continue
        unit = units[m["unit"]]
        before = text[max(start, m.start() - 4):m.start()]
        qualifier = _QUALIFIER.search(before)
        pre = qualifier.group(0) if qualifier else ""
        begin = m.start() - len(pre)
        comparator = "difference" if _DIFFERENCE.search(text[max(start, begin - 4):begin] + pre) \
            else _comparator(pre, m["post"])
        amount = value * unit.amount
        found.append(Quantity(amount, amount, unit.base, comparator, text[begin:m.end()],
                              Span(para.index, begin, m.end())))
    return found


class _Written(NamedTuple):
    """The parts of a written date (_written_date's groups): year, "次年", month, day; any but the day unwritten."""

    year: str | None
    next_year: str | None
    month: str | None
    day: str


def _written(m: regex.Match[str], suffix: str = "") -> _Written:
    return _Written(m["y" + suffix], m["n" + suffix], m["m" + suffix], m["d" + suffix])


def _first_and_last(start: _Written, end: _Written, year: int | None) -> tuple[dt.date, dt.date] | None:
    """The dates a start and an end stand for, the end after the start: the end borrows the start's month;
    "次年" is the year after the start's; an end with no year runs on from the start (_date rolls it over)."""
    first = _date(start.year, start.month, start.day, year, None)
    if first is None:
        return None
    end_year = end.year or (str(first.year + 1) if end.next_year else None)
    last = _date(end_year, end.month or start.month, end.day, year, first)
    return (first, last) if last is not None and last > first else None


def _range_quantity(first: dt.date, last: dt.date, text: str, span: Span) -> Quantity:
    """"6月1日至6月30日": 29 days by the 民法典's count (first day left out), 30 counting both ends."""
    days = float((last - first).days)
    return Quantity(days, days + 1, "days", "exact", text, span, "range")


def date_ranges(para: Paragraph, start: int, end: int, year: int | None) -> list[Quantity]:
    """Every "6月1日至6月30日" of the sentence, as a range (_range_quantity)."""
    out: list[Quantity] = []
    for m in finditer(_RANGE, para.text, start, end):
        dates = _first_and_last(_written(m, "1"), _written(m, "2"), year)
        if dates is not None:
            out.append(_range_quantity(*dates, m.group(0), Span(para.index, m.start(), m.end())))
    return out


# A review told by its dates: sent ("9月27日送委法规处合法性审查") and answered ("10月9日出具审查意见")
_REVIEW_SENT = lazy_regex(_written_date("y", "m", "d", "n")
                           + r"[^，,。；;]{0,6}?(?:送|报送|提请|提交|移送|报)[^，,。；;]{0,16}?(?:审查|审核)")
_REVIEW_ANSWERED = lazy_regex(_written_date("y", "m", "d", "n")
                               + r"[^，,。；;]{0,4}?(?:出具|形成|作出|反馈|提出|完成)[^，,。；;]{0,10}?(?:审查|审核)(?:意见|报告)")


def review_periods(para: Paragraph, start: int, end: int, year: int | None) -> list[Quantity]:
    """"9月27日送……合法性审查，……10月9日出具审查意见": the working days between (without and with the day
    it was sent), by the official holiday arrangements (validator.workdays); none for a year they do not
    cover. The quantity stands where the answer's date does, next to the review it is about."""
    text = para.text
    sent = search(_REVIEW_SENT, text, start, end)
    answered = search(_REVIEW_ANSWERED, text, sent.end(), end) if sent else None
    if sent is None or answered is None:
        return []
    if year is None and not sent["y"]:  # a working day depends on the year's holidays: no year, no count
        return []
    dates = _first_and_last(_written(sent), _written(answered), year)
    counted = working_days(*dates) if dates is not None else None
    if counted is None:
        return []
    return [Quantity(float(counted[0]), float(counted[1]), "workdays", "exact", text[sent.start():answered.end()],
                     Span(para.index, answered.start(), answered.end("d") + 1), "review")]


# A period opened in one sentence and closed in the next: "方案草案自6月5日起……向社会征求意见。意见征集于
# 7月10日截止"
_OPEN_START = lazy_regex("(?:自|从)" + _written_date("y", "m", "d", "n") + r"\s*起(?!\s*(?:至|到))")
_CLOSING = lazy_regex(r"(?:于|至|到)?\s*" + _written_date("y", "m", "d", "n") + r"\s*(?:截止|结束|止)")


def _range_across(reading: _Reading, mentions: list[tuple[Cue, regex.Match[str]]],
                  year: int | None) -> dict[tuple[str, int], Quantity]:
    """The range a sentence opens ("自6月5日起") and the next sentence closes ("于7月10日截止"), for the
    sentence's mention of the topic the closing sentence names too ("意见征集"): one period in two sentences."""
    if reading.at + 1 >= len(reading.spans) or not mentions:
        return {}
    text = reading.para.text
    s0, s1 = reading.bounds
    n0, n1 = reading.spans[reading.at + 1]
    opened = search(_OPEN_START, text, s0, s1)
    closed = search(_CLOSING, text, n0, n1) if opened else None
    if opened is None or closed is None:
        return {}
    dates = _first_and_last(_written(opened), _written(closed), year)
    if dates is None:
        return {}
    quantity = _range_quantity(*dates, text[opened.start():closed.end()],
                               Span(reading.para.index, opened.start(), opened.end()))
    for topic, m in mentions:
        if m.start() > opened.start() and any(search(cue, text, n0, closed.end()) for cue in topic.cues):
            return {(topic.id, m.start()): quantity}
    return {}


def _date(y: str | None, m: str | None, d: str, year: int | None, after: dt.date | None) -> dt.date | None:
    """A date of a range; without a year written, the report's (which only matters across 29 February)."""
    if m is None:
        return None
    chosen = int(y) if y else (after.year if after else (year or 2023))
    try:
        value = dt.date(chosen, int(m), int(d))
    except ValueError:
        return None
    if after is not None and value < after and not y:  # "12月20日至1月18日" runs into the next year
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:
            return None
        if (value - after).days > _MAX_ROLLOVER_DAYS:  # "10月9日至9月27日" is a slip, not eleven months
            return None
    return value


# how far an end date without a year may run into the next year: December into the first months
_MAX_ROLLOVER_DAYS = 120


# --------------------------------------------------------------------------- sentences

_SENTENCE_END = regex.compile(f"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]|$)")
_CLAUSE_END = regex.compile(r"[，,：:]")
_LOOKBACK = 30  # how far before a quantity its topic may stand
_LOOKAHEAD = 12
# ... and how far after a date range ("于2月10日至3月10日在县政府门户网站和各村公开栏公开征求意见"): a range
# says when its clause's action happened, however long the "where" in between
_RANGE_LOOKAHEAD = 40


# A sentence is read whole; one longer than this (real ones are under 200 characters, a hostile paragraph
# may have no full stop in a megabyte) is read in pieces cut at clause marks, so that reading each claim
# stays bounded and the whole stays linear in the paragraph.
MAX_SENTENCE = 600


def sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _SENTENCE_END.finditer(text):
        s0, s1 = m.start(), m.end()
        while s1 - s0 > MAX_SENTENCE:
            cut = max((c.end() for c in _CLAUSE_END.finditer(text, s0 + MAX_SENTENCE // 2, s0 + MAX_SENTENCE)),
                      default=s0 + MAX_SENTENCE)
            out.append((s0, cut))
            s0 = cut
        if s1 > s0:
            out.append((s0, s1))
    return out


def _clause(text: str, s0: int, s1: int, at: int) -> tuple[int, int]:
    c0 = s0
    for m in _CLAUSE_END.finditer(text, s0, at):
        c0 = m.end()
    m = _CLAUSE_END.search(text, at, s1)
    return c0, (m.start() if m else s1)


def _title_open(text: str, s0: int, at: int) -> int:
    """Where an unclosed 《 before ``at`` in the sentence opens, or -1."""
    open_at = text.rfind("《", s0, at)
    return open_at if open_at >= 0 and text.rfind("》", open_at, at) < 0 else -1


# --------------------------------------------------------------------------- extraction


class _Context(NamedTuple):
    section: str
    headings: tuple[str, ...]  # the titles of the sections around, innermost first


def extract(document: Document, vocabulary: ClaimVocabulary) -> Claims:
    """Every claim of the document, sentence by sentence; headings also supply context below them.

    Each cue is searched once per paragraph; only sentences that name a topic are read further, so a
    report costs a handful of searches per paragraph.
    """
    if not vocabulary.topics:
        return EMPTY
    duration = _duration_pattern(vocabulary.units) if vocabulary.units else None
    year = document.metadata.report_year
    items: list[Claim] = []
    none_spans: list[Span] = []
    for para, context in _paragraphs(document):
        # a heading's own words are a sentence too: "（一）严格审查重大行政决策。协助区政府……" runs on
        mentions = [(topic, m) for topic in vocabulary.topics for cue in topic.cues for m in finditer(cue, para.text)]
        nones = [] if context.section == "plan" else [
            m.start() for p in vocabulary.no_decisions for m in finditer(p, para.text)]
        if not mentions and not nones:
            continue
        spans = sentences(para.text)
        starts = [s0 for s0, _ in spans]
        none_sentences = {bisect.bisect_right(starts, at) - 1 for at in nones}
        none_spans.extend(Span(para.index, *spans[i]) for i in sorted(none_sentences))
        by_sentence: dict[int, list[tuple[Cue, regex.Match[str]]]] = {}
        for topic, m in mentions:
            by_sentence.setdefault(bisect.bisect_right(starts, m.start()) - 1, []).append((topic, m))
        for i, found in sorted(by_sentence.items()):
            reading = _Reading(para, spans, i, context, vocabulary, none_sentences)
            items.extend(_claims_in(reading, found, duration, year))
    return Claims(tuple(items), tuple(none_spans))


class _Reading(NamedTuple):
    """One sentence being read, with what around it can supply its instrument."""

    para: Paragraph
    spans: list[tuple[int, int]]  # the paragraph's sentences
    at: int  # which one
    context: _Context
    vocabulary: ClaimVocabulary
    none_sentences: set[int]  # sentences stating that no major decision was made

    @property
    def bounds(self) -> tuple[int, int]:
        return self.spans[self.at]


def _paragraphs(document: Document) -> Iterable[tuple[Paragraph, _Context]]:
    for top in document.sections:
        yield from _walk(document, top, ())


def _walk(document: Document, section: Section, outer: tuple[str, ...]) -> Iterable[tuple[Paragraph, _Context]]:
    titles = ((section.title,) if section.heading is not None else ()) + outer
    children = iter(section.children)
    child = next(children, None)
    index = section.start
    while index < section.end:
        if child is not None and index == child.start:
            yield from _walk(document, child, titles)
            index = child.end
            child = next(children, None)
            continue
        yield document.paragraphs[index], _Context(section.kind, titles)
        index += 1


class _Named(NamedTuple):
    """Where a sentence names an instrument."""

    start: int
    end: int
    instrument: str


def _named_in(text: str, s0: int, s1: int, vocabulary: ClaimVocabulary) -> list[_Named]:
    """Every instrument named in text[s0:s1], by position (found once per sentence). Words inside a
    《title》 name a document's subject, not the procedure the sentence reports ("《…审批管理实施细则》草案
    征求意见" is a consultation on a draft, not a licensing time limit)."""
    return sorted(_Named(m.start(), m.end(), instrument.id) for instrument in vocabulary.instruments
                  for cue in instrument.cues for m in finditer(cue, text, s0, s1)
                  if _title_open(text, s0, m.start()) < 0)


def _nearest(named: list[_Named], at: int) -> str | None:
    """The instrument named nearest before ``at`` (by where its name ends), else nearest after it."""
    before = [n for n in named if n.end <= at]
    if before:
        return max(before, key=lambda n: n.end).instrument
    return named[0].instrument if named else None


def _instrument_in(text: str, s0: int, s1: int, at: int, vocabulary: ClaimVocabulary) -> str | None:
    return _nearest(_named_in(text, s0, s1, vocabulary), at)


def _heading_instrument(headings: Sequence[str], vocabulary: ClaimVocabulary) -> str | None:
    """The instrument of the nearest heading that names any; none when it names two (“提高行政决策和规范性文件
    质量” covers both, so it cannot tell which one a sentence under it is about)."""
    for title in headings:
        named = {n.instrument for n in _named_in(title, 0, len(title), vocabulary)}
        if named:
            return named.pop() if len(named) == 1 else None
    return None


def _claims_in(reading: _Reading, mentions: list[tuple[Cue, regex.Match[str]]],
               duration: regex.Pattern[str] | None, year: int | None) -> Iterable[Claim]:
    para, vocabulary, context = reading.para, reading.vocabulary, reading.context
    text = para.text
    s0, s1 = reading.bounds
    mentions = _distinct(sorted(mentions, key=lambda tm: tm[1].start()))
    quantities = (durations(para, s0, s1, duration, vocabulary.units) if duration else []) \
        + date_ranges(para, s0, s1, year) + review_periods(para, s0, s1, year)
    quantities.sort(key=lambda q: q.span.start)
    bound = _bind(text, s0, s1, mentions, quantities)
    if not any(q.kind == "range" for q in quantities):  # no range of its own: one may end in the next sentence
        for key, q in _range_across(reading, mentions, year).items():
            bound.setdefault(key, []).append(q)
    urgent = any(search(u, text, s0, s1) for u in vocabulary.urgency)
    named = _named_in(text, s0, s1, vocabulary)
    for topic, m in mentions:
        instrument, origin = _instrument_for(reading, named, m)
        modality, shortfall = _modality(text, s0, s1, m, context, vocabulary)
        yield Claim(topic.id, instrument, origin, modality, tuple(bound.get((topic.id, m.start()), ())),
                    Span(para.index, m.start(), m.end()), Span(para.index, s0, s1), context.section, urgent, shortfall)


def _distinct(mentions: list[tuple[Cue, regex.Match[str]]]) -> list[tuple[Cue, regex.Match[str]]]:
    """One mention where two cues of a topic match the same words ("征求意见" and "公众参与意见",
    "合法性审查" and "审查时间" in "合法性审查时间"): the first, by where it starts."""
    reached: dict[str, int] = {}  # where the last kept mention of each topic ends
    kept = []
    for topic, m in mentions:
        end = reached.get(topic.id)
        if end is not None and m.start() < end + 2:
            continue
        reached[topic.id] = m.end() if end is None else max(end, m.end())
        kept.append((topic, m))
    return kept


def _bind(text: str, s0: int, s1: int, mentions: list[tuple[Cue, regex.Match[str]]],
          quantities: list[Quantity]) -> dict[tuple[str, int], list[Quantity]]:
    """Each quantity to the nearest topic before it (nothing of another procedure in between), else to a
    topic right after it in its own clause ("30日的公开征求意见"). A topic's own blockers decide."""
    out: dict[tuple[str, int], list[Quantity]] = {}
    for q in quantities:
        target = None
        for topic, m in reversed(mentions):
            if m.end() <= q.span.start and q.span.start - m.end() <= _LOOKBACK:
                between = text[m.end():q.span.start]
                if not _blocked(between, topic, quantities, m.end(), q.span.start):
                    target = (topic.id, m.start())
                break
        if target is None:
            _, c1 = _clause(text, s0, s1, q.span.end)
            ahead = _RANGE_LOOKAHEAD if q.kind == "range" else _LOOKAHEAD
            for topic, m in mentions:
                if q.span.end <= m.start() < min(c1, q.span.end + ahead):
                    if not _blocked(text[q.span.end:m.start()], topic, quantities, q.span.end, m.start()):
                        target = (topic.id, m.start())
                    break
        if target is not None:
            out.setdefault(target, []).append(q)
    return out


def _blocked(between: str, topic: Cue, quantities: list[Quantity], start: int, end: int) -> bool:
    """Another procedure's words, or another period, stand between (a difference is no period:
    "较上年压缩2个工作日，均不少于7个工作日" binds both to the review); a period that only opens a list of
    periods by number of items does not ("其中2项征求意见期为30日、1项为20日": both are the consultation's)."""
    if any(search(b, between) for b in topic.blockers):
        return True
    return any(start <= q.span.start and q.span.end <= end and q.comparator != "difference"
               and not _ENUMERATED.fullmatch(between, q.span.end - start) for q in quantities)


# what stands between two periods of one list: "、1项为", "，另3项均为", "；其余2件为"
_ENUMERATED = lazy_regex(rf"\s*[、，,；;]\s*(?:其中|另有?|其余|其他)?\s*[\d{CN_NUMERAL_CHARS}]+\s*[项件个]"
                         r"(?:决策)?(?:草案|事项)?\s*(?:均|都)?(?:为|是)?\s*")


_CONTEXT_SENTENCES = 3  # how many sentences back an unnamed instrument is looked for


def _instrument_for(reading: _Reading, in_sentence: list[_Named], m: regex.Match[str]) -> tuple[str | None, str]:
    """The instrument the topic's own words name (重大行政决策事项目录), even inside a 《title》; else the one
    the sentence names; else the one the nearest sentence before it in the paragraph names (not past
    "二是……", which starts another matter, nor past "未作出重大行政决策"); else the nearest heading's
    that names one instrument only; else None."""
    text, vocabulary = reading.para.text, reading.vocabulary
    s0, _ = reading.bounds
    own = _instrument_in(m[0], 0, len(m[0]), len(m[0]), vocabulary)
    if own:
        return own, "sentence"
    named = _nearest(in_sentence, m.start())
    if named:
        return named, "sentence"
    if not ITEM_START.match(text[s0:s0 + 4].lstrip()):
        for j in range(reading.at - 1, max(-1, reading.at - 1 - _CONTEXT_SENTENCES), -1):
            if j in reading.none_sentences:
                break
            b0, b1 = reading.spans[j]
            named = _instrument_in(text, b0, b1, b1, vocabulary)
            if named:
                return named, "paragraph"
            if ITEM_START.match(text[b0:b0 + 4].lstrip()):
                break
    named = _heading_instrument(reading.context.headings, vocabulary)
    if named:
        return named, "heading"
    return None, ""


def _modality(text: str, s0: int, s1: int, m: regex.Match[str], context: _Context,
              vocabulary: ClaimVocabulary) -> tuple[str, bool]:
    """How the clause holding the topic speaks of it; and whether it says the thing falls short."""
    c0, c1 = _clause(text, s0, s1, m.start())
    before, after = text[c0:m.start()], text[m.end():c1]
    cues = vocabulary.modality

    def said(kind: str, where: str) -> bool:
        return any(search(p, where) for p in cues.get(kind, ()))

    def said_before(kind: str) -> bool:
        """A cue that ends before the topic, its lookahead free to read on: in "将该方案草案的征求意见期
        确定为15日" the 将 is 把 (it disposes of the period), which only what follows the topic shows."""
        clause = text[c0:c1]
        return any(found.end() <= m.start() - c0 for p in cues.get(kind, ()) for found in finditer(p, clause))

    shortfall = said("shortfall", text[c0:c1])
    if context.section == "plan" or said_before("planned") or said("planned-after", after):
        return "planned", shortfall
    if said("conditional", text[c0:c1]):
        return "conditional", shortfall
    if said("negated", before) or said("negated-after", after):
        return ("admitted" if context.section == "problems" else "negated"), shortfall
    if said("studied", before) or said("about", after) or _inside_other_title(text, s0, m):
        return "studied", shortfall
    if context.section == "problems":
        return "admitted", shortfall
    return "done", shortfall


def _inside_other_title(text: str, s0: int, m: regex.Match[str]) -> bool:
    """The topic is named inside a 《title》 that goes on after it: a document about the thing
    (《…目录管理办法》), not the thing itself (《…2024年度重大行政决策事项目录》)."""
    if _title_open(text, s0, m.start()) < 0:
        return False
    close = text.find("》", m.end())
    return close < 0 or text[m.end():close].strip("（）()0-9年度—-") != ""


# --------------------------------------------------------------------------- building the vocabulary


def merge_vocabulary(parts: Sequence[tuple[Any, Mapping[str, Any]]]) -> ClaimVocabulary:
    """One vocabulary from the ``claims:`` sections of the rule files, in order (later files extend).

    Each part is (a ruleset.ParamReader for the section, its raw data); the reader checks and compiles
    every regular expression, naming the path to a bad one.
    """
    instruments: dict[str, dict[str, Any]] = {}
    topics: dict[str, dict[str, Any]] = {}
    no_decisions: list[regex.Pattern[str]] = []
    modality: dict[str, list[regex.Pattern[str]]] = {}
    urgency: list[regex.Pattern[str]] = []
    units: dict[str, Unit] = {}
    for reader, raw in parts:
        for key, target in (("instruments", instruments), ("topics", topics)):
            for i, entry in enumerate(raw.get(key, [])):
                slot = target.setdefault(entry["id"], {"name": entry.get("name", entry["id"]), "cues": [],
                                                       "blockers": []})
                slot["name"] = entry.get("name", slot["name"])
                for field in ("cues", "blockers"):
                    slot[field] += [reader.pattern((key, i, field, j), v) for j, v in enumerate(entry.get(field, []))]
        no_decisions += reader.patterns("no-major-decisions")
        for name, values in raw.get("modality", {}).items():
            modality.setdefault(name, []).extend(reader.pattern(("modality", name, i), v) for i, v in enumerate(values))
        urgency += reader.patterns("urgency")
        for word, unit in raw.get("units", {}).items():
            units[word] = Unit(float(unit["amount"]), unit["unit"])
    # each list is only ever asked "does any of these match (and where)": joined into one alternation
    # where possible, it costs one search instead of one per word
    return ClaimVocabulary(
        instruments=tuple(Cue(k, v["name"], any_of(tuple(v["cues"])), any_of(tuple(v["blockers"])))
                          for k, v in instruments.items()),
        topics=tuple(Cue(k, v["name"], any_of(tuple(v["cues"])), any_of(tuple(v["blockers"])))
                     for k, v in topics.items()),
        no_decisions=any_of(tuple(no_decisions)),
        modality={k: any_of(tuple(v)) for k, v in modality.items()},
        urgency=any_of(tuple(urgency)),
        units=units,
    )


# --------------------------------------------------------------------------- showing them (--dump-text)


def describe(claim: Claim, document: Document, vocabulary: ClaimVocabulary) -> str:
    topic = vocabulary.topic(claim.topic)
    words = document.paragraphs[claim.span.paragraph].text[claim.span.start:claim.span.end]
    instrument = vocabulary.instrument_name(claim.instrument)
    if claim.instrument_from and claim.instrument_from != "sentence":
        instrument += {"paragraph": "（据同段前文）", "heading": "（据标题）"}[claim.instrument_from]
    quantities = "、".join(q.describe() + ("（差额，不是期限）" if q.comparator == "difference" else "")
                           for q in claim.quantities) or "—"
    extras = ("；说明了紧急情况" if claim.urgent else "") + ("；写明不足" if claim.shortfall else "")
    return (f"¶{claim.span.paragraph} {topic.name if topic else claim.topic}“{words}”：制度 {instrument}；"
            f"语气 {MODALITY_NAME[claim.modality]}；时长 {quantities}{extras}")
