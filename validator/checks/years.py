"""Years that do not belong: an earlier year stated as when the reported work was done.

A 2024 report whose measures say "2023年，共办理…" was most likely copied from last year's report.
Earlier years are legitimate as references, and those are left alone: a range or plan period
("2021—2025年", "（2021-2025年）"), a document title in 《》 or a name in “”, last year's report
("2023年度法治政府建设情况"), a comparison ("较2023年增长"), a starting point ("自2019年以来"),
a dated document ("2019年印发的"), a sentence that looks back over several years ("连续三年"), cases
carried over (结转), the evaluation of an earlier decision (后评估), and a table with a column per year.
The words that excuse a year are rule parameters, so a province can add its own.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

import regex

from validator import zh
from validator.checks import params as par
from validator.checks.base import CharIndex, CheckContext, CheckType, ParamReader, clause, finditer, search
from validator.checks.quality import graded
from validator.model import Paragraph, Problem, Span, Verdict
from validator.zh import CLAUSE_END

YEAR = regex.compile(rf"(?<![\d.])(?P<y>{zh.YEAR})\s*年")
# "2021-2025年", "2021年—2025年", "2021至2025年", "2023—2026 年": both ends are references
_RANGE = regex.compile(rf"(?<!\d){zh.YEAR}\s*年?\s*(?:[-—–~～至到]|－)+\s*{zh.YEAR}(?!\d)\s*年?")
_ENCLOSERS = {"《": "》", "“": "”", "‘": "’", "〈": "〉"}
_LOOKBACK = 8


class YearParams(NamedTuple):
    before: tuple[regex.Pattern[str], ...]  # matched against the text just before the year
    after: tuple[regex.Pattern[str], ...]  # matched against the text just after "年"
    clause: tuple[regex.Pattern[str], ...]  # anywhere in the year's clause


def _prepare(r: ParamReader) -> YearParams:
    return YearParams(r.patterns("before"), r.patterns("after"), r.patterns("clause"))


_MARKS = "".join(_ENCLOSERS) + "".join(_ENCLOSERS.values()) + "（()）"


def _inside_marks(text: str, marks: CharIndex, offset: int) -> bool:
    """Inside a 《title》 or a “name”, or in a parenthesis right after a title (《…》（2021年））."""
    for opener, closer in _ENCLOSERS.items():
        if marks.count(opener, offset) > marks.count(closer, offset):
            return True
    open_at = max(marks.last("（", offset), marks.last("(", offset))
    return open_at > 0 and text[open_at - 1] == "》" and max(marks.last("）", offset), marks.last(")", offset)) < open_at


def _ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _RANGE.finditer(text)]


def _in_range(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Inside one of the (sorted, disjoint) year ranges."""
    i = bisect.bisect_right(ranges, offset, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _excused(text: str, m: regex.Match[str], p: YearParams, ranges: list[tuple[int, int]], marks: CharIndex) -> bool:
    if _in_range(ranges, m.start()) or _inside_marks(text, marks, m.start()):
        return True
    c0, c1 = clause(text, m.start(), m.end())
    before = text[max(c0, m.start() - _LOOKBACK):m.start()]
    after = text[m.end():c1]
    return (any(search(b, before) for b in p.before) or any(search(a, after) for a in p.after)
            or any(search(c, text, c0, c1) for c in p.clause))


_SENTENCE_MARKS = regex.compile(f"[{CLAUSE_END}]")


def _table_cell(para: Paragraph) -> bool:
    """A table cell or header row ("2023年", "项目 2022年 2023年"): a column per year compares years and
    reports no work; a stale year needs a sentence that tells of work done."""
    return para.heading is None and len(para.text) <= 40 and _SENTENCE_MARKS.search(para.text) is None


def _run(ctx: CheckContext, p: YearParams) -> Verdict:
    year = ctx.document.metadata.report_year
    if year is None:
        return Verdict(None, note="无法确定报告年度")
    problems: list[Problem] = []
    for para in ctx.scope:
        if _table_cell(para):
            continue
        ranges = _ranges(para.text)
        marks: CharIndex | None = None
        for m in finditer(YEAR, para.text):
            mentioned = int(m["y"])
            if mentioned >= year:
                continue
            marks = marks or CharIndex(para.text, _MARKS)
            if _excused(para.text, m, p, ranges, marks):
                continue
            message = f"{year}年度报告的工作情况中出现“{m.group(0)}”，疑似沿用往年文稿（引用往年情况请写明对比或出处）"
            problems.append(Problem(message, Span(para.index, m.start(), m.end()), "stale-year-mention"))
    return graded(problems)


YEAR_CONSISTENCY = CheckType("year-consistency", "工作情况中的年份应为报告年度（区间、文件名、对比、往年报告除外）", _prepare, _run,
                             params={
                                 "before": par.patterns("年份前紧挨着的文字与之匹配时不算（较、同比、截至）"),
                                 "after": par.patterns("“年”后紧挨着的文字与之匹配时不算（以来、同期）"),
                                 "clause": par.patterns("年份所在分句与之匹配时不算"),
                             })
