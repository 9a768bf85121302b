"""Numbers that can be checked: a rate above 100%, and a rate that disagrees with its own counts.

Precision first. A rate over 100% is reported only when a bounded rate (率/占比/满意度…) names it
and nothing in its clause makes it a change (同比增长150%) or an over-fulfilment (完成率105%).
A rate is checked against counts only when its numerator can be told from the rate's own name
("直接纠错案件17件" for 纠错率) and its denominator from the sentence ("受理…29件"), and no
pairing of the numbers nearby gives the stated rate; otherwise the check stays silent.
"""

from __future__ import annotations

import bisect
import itertools
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader, clause, finditer, search
from validator.checks.quality import graded
from validator.model import Problem, Span, Verdict
from validator.zh import FULL_STOPS, HAN

PERCENT = regex.compile(r"(?<![\d.])(?P<num>\d{1,5}(?:\.\d+)?)\s*%")
_SENTENCE = regex.compile(f"[^{FULL_STOPS}]+[{FULL_STOPS}]?")
_HAN_RUN = regex.compile(rf"{HAN}{{1,6}}$")


def _value(text: str) -> float:
    return float(text)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


# --------------------------------------------------------------------------- percent-range


class PercentRangeParams(NamedTuple):
    rates: tuple[regex.Pattern[str], ...]  # names of rates that cannot exceed 100%
    unbounded: tuple[regex.Pattern[str], ...]  # rates that can (完成率, 增长率)
    changes: tuple[regex.Pattern[str], ...]  # words that make the number a change, not a level
    lookback: int


def _prepare_percent(r: ParamReader) -> PercentRangeParams:
    return PercentRangeParams(r.patterns("rates"), r.patterns("unbounded"), r.patterns("changes"),
                              r.get("lookback"))


def _rate_before(text: str, start: int, end: int, p: PercentRangeParams) -> regex.Match[str] | None:
    """The last rate name in text[start:end]."""
    best: regex.Match[str] | None = None
    for pattern in p.rates:
        for m in finditer(pattern, text, start, end):
            if best is None or m.end() > best.end():
                best = m
    return best


def _run_percent(ctx: CheckContext, p: PercentRangeParams) -> Verdict:
    problems: list[Problem] = []
    for para in ctx.scope:
        text = para.text
        for m in finditer(PERCENT, text):
            if _value(m["num"]) <= 100:
                continue
            c0, _ = clause(text, m.start(), m.end())
            start = max(c0, m.start() - p.lookback)
            rate = _rate_before(text, start, m.start(), p)
            if rate is None:
                continue
            window = text[c0:m.start()]
            if any(search(u, window) for u in p.unbounded) or any(search(c, window) for c in p.changes):
                continue
            name = _HAN_RUN.search(text, max(c0, rate.end() - 6), rate.end())
            shown = name.group(0) if name else rate.group(0)
            message = f"“{shown}”写为{m.group(0)}，比率不能超过100%"
            problems.append(Problem(message, Span(para.index, m.start(), m.end()), "percent-over-100"))
    return graded(problems)


PERCENT_RANGE = CheckType("percent-range", "比率（率、占比、满意度等）不超过100%（增长率等除外）", _prepare_percent,
                          _run_percent, params={
                              "rates": par.patterns("不能超过100%的比率的名称（率、占比、满意度）", par.REQUIRED, min_items=1),
                              "unbounded": par.patterns("可以超过100%的比率（完成率、增长率）"),
                              "changes": par.patterns("表示变化、使数字成为增减幅度的词（同比增长）"),
                              "lookback": par.integer("在百分数前多少字内找比率的名称", 20, minimum=1, maximum=60),
                          })


# --------------------------------------------------------------------------- ratio-consistency


class RatioParams(NamedTuple):
    units: regex.Pattern[str]  # counting units: 件 项 个 …
    totals: tuple[regex.Pattern[str], ...]  # words of the clause that states the whole (受理, 共)
    approximate: regex.Pattern[str]  # words before a count that make it approximate (约, 超过)
    tolerance: float  # allowed difference, in units of the stated rate's last digit
    adjustments: tuple[regex.Pattern[str], ...]  # words that change the base (剔除重复件, 不予受理, 结转)


RATIO_PARAMS: par.Params = {
    "units": par.texts("计量单位（件、项、个……）", ("件", "项", "个", "家", "人次", "人", "次", "条", "份", "宗", "起", "名", "户"),
                       min_items=1, min_length=1),
    "totals": par.patterns("表示总数的分句用语（受理、共）"),
    "approximate": par.pattern("数量前的文字末尾与之匹配时，数量是约数（约、超过）", r"(约|近|超过|超|逾|多于|不足|上)$"),
    "tolerance": par.number("允许的误差，以比率最后一位为单位", 1, exclusive_minimum=0),
    "adjustments": par.patterns("改变基数的用语（剔除、不予受理、结转）：句中有这些时不检查"),
}


def _prepare_ratio(r: ParamReader) -> RatioParams:
    alternation = "|".join(sorted((regex.escape(u) for u in r.get("units")), key=len, reverse=True))
    return RatioParams(
        units=r.pattern("units", rf"(?<![\d.,])(?P<n>\d{{1,7}})(?![\d.,%])\s*(?P<unit>{alternation})"),
        totals=r.patterns("totals"),
        approximate=r.pattern("approximate", r.get("approximate")),
        tolerance=r.get("tolerance"),
        adjustments=r.patterns("adjustments"),
    )


# How far before a rate its counts are looked for, and how many numbers around it are paired: real
# sentences are under 200 characters and hold a handful of numbers; a paragraph of thousands of rates
# and counts without a full stop must not make each rate look at all of them (or at every pair).
COUNT_WINDOW = 500
MAX_NEARBY = 20

RATE = regex.compile(
    r"(?P<name>\p{Han}{1,8}?率)(?:为|是|达到|达|均为|仅为|约为|只有|保持在)?\s*(?P<num>\d{1,3}(?:\.\d+)?)\s*%"
)


class Count(NamedTuple):
    value: int
    unit: str
    start: int
    end: int
    clause: str  # the clause the count stands in, for telling what it counts
    approximate: bool


def _counts(text: str, start: int, end: int, p: RatioParams) -> list[Count]:
    out = []
    for m in finditer(p.units, text, start, end):
        c0, c1 = clause(text, m.start(), m.end())
        approx = search(p.approximate, text[max(start, m.start() - 3):m.start()]) is not None
        out.append(Count(int(m["n"]), m["unit"], m.start(), m.end(), text[c0:c1], approx))
    return out


def _before(counts: list[Count], start: int, end: int) -> list[Count]:
    """The counts (sorted by position) that lie within text[start:end]."""
    first = bisect.bisect_left(counts, start, key=lambda c: c.start)
    last = bisect.bisect_left(counts, end, key=lambda c: c.start)
    return [c for c in counts[first:last] if c.end <= end]


def _agrees(stated: str, numerator: float, denominator: float, tolerance: float) -> bool:
    if denominator <= 0:
        return False
    return abs(100 * numerator / denominator - _value(stated)) <= tolerance * 10.0 ** -_decimals(stated) + 1e-9


def _some_pairing_agrees(numbers: list[int], stated: str, tolerance: float) -> bool:
    """Any two nearby numbers a ≤ b, as a/b or (b − a)/b, give the stated rate."""
    for a, b in itertools.permutations(numbers, 2):
        if a <= b and (_agrees(stated, a, b, tolerance) or _agrees(stated, b - a, b, tolerance)):
            return True
    return False


def _denominator(counts: list[Count], numerator: Count, p: RatioParams) -> Count | None:
    wholes = [c for c in counts if c.start < numerator.start and c.unit == numerator.unit
              and c.value >= numerator.value and not c.approximate]
    if len(wholes) == 1:
        return wholes[0]
    stated = [c for c in wholes if any(search(t, c.clause) for t in p.totals)]
    return stated[0] if len(stated) == 1 else None


def _mismatch(text: str, sentence: tuple[int, int], previous: tuple[int, int], m: regex.Match[str],
              in_sentence: list[Count], around_counts: list[Count], p: RatioParams) -> str | None:
    """Why a stated rate disagrees with its counts, or None. ``around_counts``: the counts of the previous
    sentence and this one, by position."""
    name, stated = m["name"], m["num"]
    if m.start() > 0 and text[m.start() - 1] in "、和及与":
        return None  # one figure for several rates ("答复率、办结率均达100%")
    window = max(previous[0], m.start() - 2 * COUNT_WINDOW)
    if any(search(a, text, window, m.start()) for a in p.adjustments):
        # the base is adjusted ("剔除重复件312件后", "不予受理3件", "结转上年37件"): which count the rate is
        # over is the writer's reading, and the check stays silent rather than guess (domain.md §4)
        return None
    stem = name[-3:-1]
    counts = _before(in_sentence, max(sentence[0], m.start() - COUNT_WINDOW), m.start())
    numerators = [c for c in counts if stem in c.clause]
    if len(numerators) != 1 or numerators[0].approximate:
        return None
    numerator = numerators[0]
    denominator = _denominator(counts, numerator, p)
    if denominator is None:
        return None
    # a rate relates counts of one thing: only numbers counted in the numerator's unit may explain it
    # ("12个调解室" does not explain 96.8% of "364件…341件" however (364 − 12) ÷ 364 happens to come out)
    found = sorted((c for c in _before(around_counts, window, min(sentence[1], m.end() + COUNT_WINDOW))
                    if c.unit == numerator.unit), key=lambda c: abs(c.start - m.start()))
    nearby = [c.value for c in found[:MAX_NEARBY]]
    if _some_pairing_agrees(nearby, stated, p.tolerance):
        return None
    computed = 100 * numerator.value / denominator.value
    return (f"{name}写为{stated}%，但按{numerator.value}{numerator.unit}÷{denominator.value}{denominator.unit}"
            f"计算为{computed:.{max(1, _decimals(stated))}f}%")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def _run_ratio(ctx: CheckContext, p: RatioParams) -> Verdict:
    problems: list[Problem] = []
    for para in ctx.scope:
        text = para.text
        spans = _sentences(text)
        for i, sentence in enumerate(spans):
            previous = spans[i - 1] if i > 0 else sentence
            counts: list[Count] | None = None  # found once per sentence, only when it states a rate
            around: list[Count] = []
            for m in RATE.finditer(text, sentence[0], sentence[1]):
                if counts is None:
                    counts = _counts(text, *sentence, p)
                    around = (_counts(text, *previous, p) if previous != sentence else []) + counts
                message = _mismatch(text, sentence, previous, m, counts, around, p)
                if message is not None:
                    problems.append(Problem(message, Span(para.index, m.start(), m.end()), "ratio-mismatch"))
    return graded(problems)


RATIO_CONSISTENCY = CheckType("ratio-consistency", "比率与同一句中的数量一致（如 纠错件数÷受理件数）",
                              _prepare_ratio, _run_ratio, params=RATIO_PARAMS)
