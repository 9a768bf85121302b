"""Years that do not belong: an earlier year stated as when the reported work was done.

A 2024 report whose measures say "2023年，共办理…" was most likely copied from last year's report.
Earlier years are legitimate as references, and those are left alone: a range or plan period
("2021—2025年", "（2021-2025年）"), a document title in 《》 or a name in “”, last year's report
("2023年度法治政府建设情况"), a comparison ("较2023年增长"), a starting point ("自2019年以来"),
a dated document ("2019年印发的"), or a sentence that looks back over several years ("连续三年").
The words that excuse a year are rule parameters, so a province can add its own.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks.base import (
    CheckContext,
    CheckType,
    ParamReader,
    clause,
    finditer,
    search,
)
from validator.checks.quality import graded
from validator.model import Problem, Span, Verdict

YEAR = regex.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年")
# "2021-2025年", "2021年—2025年", "2021至2025年", "2023—2026 年": both ends are references
_RANGE = regex.compile(r"(?<!\d)(?:19|20)\d{2}\s*年?\s*(?:[-—–~～至到]|－)+\s*(?:19|20)\d{2}(?!\d)\s*年?")
_ENCLOSERS = {"《": "》", "“": "”", "‘": "’", "〈": "〉"}
_LOOKBACK = 8


class YearParams(NamedTuple):
    before: tuple[regex.Pattern[str], ...]  # matched against the text just before the year
    after: tuple[regex.Pattern[str], ...]  # matched against the text just after "年"
    clause: tuple[regex.Pattern[str], ...]  # anywhere in the year's clause


def _prepare(r: ParamReader) -> YearParams:
    return YearParams(r.patterns("before"), r.patterns("after"), r.patterns("clause"))


def _inside_marks(text: str, offset: int) -> bool:
    """Inside a 《title》 or a “name”, or in a parenthesis right after a title (《…》（2021年））."""
    for opener, closer in _ENCLOSERS.items():
        if text.count(opener, 0, offset) > text.count(closer, 0, offset):
            return True
    open_at = max(text.rfind("（", 0, offset), text.rfind("(", 0, offset))
    return open_at > 0 and text[open_at - 1] == "》" and max(text.rfind("）", 0, offset), text.rfind(")", 0, offset)) < open_at


def _ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _RANGE.finditer(text)]


def _excused(text: str, m: regex.Match[str], p: YearParams, ranges: list[tuple[int, int]]) -> bool:
    if any(r0 <= m.start() < r1 for r0, r1 in ranges) or _inside_marks(text, m.start()):
        return True
    c0, c1 = clause(text, m.start(), m.end())
    before = text[max(c0, m.start() - _LOOKBACK):m.start()]
    after = text[m.end():c1]
    return (any(search(b, before) for b in p.before) or any(search(a, after) for a in p.after)
            or any(search(c, text, c0, c1) for c in p.clause))


def _run(ctx: CheckContext, p: YearParams) -> Verdict:
    year = ctx.document.metadata.report_year
    if year is None:
        return Verdict(None, note="无法确定报告年度")
    problems: list[Problem] = []
    for para in ctx.scope:
        ranges = _ranges(para.text)
        for m in finditer(YEAR, para.text):
            mentioned = int(m["y"])
            if mentioned >= year or _excused(para.text, m, p, ranges):
                continue
            message = f"{year}年度报告的工作情况中出现“{m.group(0)}”，疑似沿用往年文稿（引用往年情况请写明对比或出处）"
            problems.append(Problem(message, Span(para.index, m.start(), m.end()), "stale-year-mention"))
    return graded(problems)


YEAR_CONSISTENCY = CheckType("year-consistency", "工作情况中的年份应为报告年度（区间、文件名、对比、往年报告除外）", _prepare, _run)
