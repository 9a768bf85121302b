"""Citations: every 《…》 title checked against the shipped reference titles (validator.citedata).

- ``citation-title``: a near miss of a known title (《…推进法治政府建设第一责任人职责规定》 for
  《…推进法治建设第一责任人职责规定》) is reported with the right title; a known title in its full
  or short form, and any title the data does not know, is fine.
- ``citation-current``: a period-bound document after its period, or a superseded one, cited as the
  basis of this year's work ("贯彻落实《…（2015—2020年）》" in a 2022 report); cited as history
  ("…收官", "2020年以来") it is fine.
- ``citation-article``: "《…》第N条" where the data has the law's article count and N exceeds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader, clause, enclosing, finditer, search
from validator.checks.quality import graded, replace_edit
from validator.citedata import NearMissRule, Title, TitleIndex, corrected, shipped
from validator.lazyre import lazy_regex
from validator.model import Problem, Verdict
from validator.numerals import to_int
from validator.zh import YEAR

_TITLE = lazy_regex(r"《([^《》\n]{1,100})》")


class Cited(NamedTuple):
    start: int  # of the title inside the marks, in the scope text
    end: int
    title: str


def cited_titles(ctx: CheckContext) -> Iterator[Cited]:
    for m in ctx.text.finditer(_TITLE):
        yield Cited(m.start(1), m.end(1), m.group(1))


def _index() -> TitleIndex:
    """The reference titles, loaded only when a report cites something."""
    return shipped()


# --------------------------------------------------------------------------- near misses


TITLE_PARAMS: par.Params = {
    "exclude_kinds": par.texts("不作为纠正目标的类别（地方性法规、司法解释）", min_length=1),
    "min_length": par.integer("正式名称短于这么多字的不作为纠正目标", 8, minimum=1, maximum=200),
    "min_common": par.integer("相近的名称至少共有这么多字的片段", 2, minimum=1, maximum=50),
    "max_insert": par.integer("相近的名称至多多出或少了这么多字", 4, minimum=1, maximum=10),
    "max_ratio": par.number("不同之处至多占名称的比例", 0.1, exclusive_minimum=0, maximum=1),
    "optional": par.texts("漏写时算相近的词（暂行、试行）", min_length=1, max_length=10),
    "confusables": par.texts("常被混用的两个字（察查）", min_length=2, max_length=2),
}


def _prepare_title(r: ParamReader) -> NearMissRule:
    confusables = r.get("confusables")
    for i, pair in enumerate(confusables):
        if len(pair) != 2 or pair[0] == pair[1]:
            r.report(("confusables", i), f"“{pair}”应是两个不同的字")
    return NearMissRule(
        exclude_kinds=frozenset(r.get("exclude_kinds")),
        min_length=r.get("min_length"),
        min_common=max(1, r.get("min_common")),
        max_insert=r.get("max_insert"),
        max_ratio=r.get("max_ratio"),
        optional=frozenset(r.get("optional")),
        confusables=frozenset(frozenset(pair) for pair in confusables),
    )


def _run_title(ctx: CheckContext, p: NearMissRule) -> Verdict:
    problems: list[Problem] = []
    seen: dict[str, Title | None] = {}  # a report cites the same titles again and again
    for cited in cited_titles(ctx):
        if cited.title not in seen:
            seen[cited.title] = _index().near_miss(cited.title, p)
        record = seen[cited.title]
        if record is None:
            continue
        right = corrected(cited.title, record)
        span = ctx.text.span(cited.start, cited.end)
        note = f"（全称《{record.title}》）" if right != record.title else ""
        problems.append(Problem(f"《{cited.title}》应为《{right}》{note}", span, "near-miss",
                                replace_edit(ctx.document, span, right)))
    return graded(problems)


CITATION_TITLE = CheckType("citation-title", "引用的法律法规、文件名称与正式名称相近而不同（按内置名称表）",
                           _prepare_title, _run_title, params=TITLE_PARAMS)


# --------------------------------------------------------------------------- current basis


class CurrentParams(NamedTuple):
    basis: tuple[regex.Pattern[str], ...]  # the clause before the title makes it the basis of the work
    history: tuple[regex.Pattern[str], ...]  # the sentence refers to the past


_YEAR = lazy_regex(rf"(?<!\d)({YEAR})(?!\d)")


def _prepare_current(r: ParamReader) -> CurrentParams:
    return CurrentParams(r.patterns("basis"), r.patterns("history"))


def _earlier_year_outside_titles(text: str, start: int, end: int, before: int) -> bool:
    """Does the sentence name a year before ``before`` outside any 《…》 (the time it speaks of)?"""
    plain = _TITLE.sub(lambda m: "〓" * len(m.group(0)), text[start:end])
    return any(int(m.group(1)) < before for m in _YEAR.finditer(plain))


def _stale_message(record: Title, year: int) -> str:
    if record.replaced_by:
        ended = f"已被《{record.replaced_by}》取代"
    elif record.period:
        ended = f"实施期为{record.period[0]}—{record.period[1]}年，已经结束"
    else:
        ended = "已不再施行"
    return f"《{record.title}》{ended}，不宜作为{year}年度工作的依据"


def _run_current(ctx: CheckContext, p: CurrentParams) -> Verdict:
    year = ctx.document.metadata.report_year
    if year is None:
        return Verdict(1.0, note="未能确定报告年度，未检查")
    text = ctx.text.text
    problems: list[Problem] = []
    for cited in cited_titles(ctx):
        record = _index().lookup(cited.title)
        stale = record.stale_from if record is not None else None
        if record is None or stale is None or year < stale:
            continue
        c0, _ = clause(text, cited.start - 1, cited.start - 1)
        if not any(search(b, text, c0, cited.start - 1) for b in p.basis):
            continue
        s0, s1 = enclosing(text, cited.start, cited.end)
        if any(search(h, text, s0, s1) for h in p.history) or _earlier_year_outside_titles(text, s0, s1, stale):
            continue
        span = ctx.text.span(cited.start - 1, cited.end + 1)
        problems.append(Problem(_stale_message(record, year), span, "stale-basis"))
    return graded(problems)


CITATION_CURRENT = CheckType("citation-current", "把实施期已过或已被取代的文件作为本年度工作的依据", _prepare_current,
                             _run_current, params={
                                 "basis": par.patterns("与书名号前分句的末尾匹配时，该文件被作为工作依据（根据、按照）",
                                                       par.REQUIRED, min_items=1),
                                 "history": par.patterns("所在句子含有这些时是回顾往事（回顾、期间、以来）"),
                             })


# --------------------------------------------------------------------------- article numbers

_NUMBER = r"[0-9零〇一二两三四五六七八九十百千]{1,7}"
# right after the closing mark: an optional revision note, then 第N条 and more joined by 、和及与至
_ARTICLES = lazy_regex(
    rf"\G(?:（[^）\n]{{1,20}}）)?第{_NUMBER}条(?:第{_NUMBER}[款项])*"
    rf"(?:(?:、|，|和|及|以及|与|至|到|—)第{_NUMBER}条(?:第{_NUMBER}[款项])*)*"
)
_ARTICLE = lazy_regex(rf"第({_NUMBER})条")


class NoParams(NamedTuple):
    pass


def _prepare_article(r: ParamReader) -> NoParams:
    return NoParams()


def _run_article(ctx: CheckContext, p: NoParams) -> Verdict:
    text = ctx.text.text
    problems: list[Problem] = []
    for cited in cited_titles(ctx):
        record = _index().lookup(cited.title)
        if record is None or record.articles is None:
            continue
        refs = search(_ARTICLES, text, cited.end + 1, min(len(text), cited.end + 200))
        if refs is None:
            continue
        for m in finditer(_ARTICLE, text, refs.start(), refs.end()):
            number = to_int(m.group(1))
            if number is None or number <= record.articles:
                continue
            problems.append(Problem(
                f"《{cited.title}》共{record.articles}条，引用的“{m.group(0)}”不存在",
                ctx.text.span(m.start(), m.end()), "no-such-article"))
    return graded(problems)


CITATION_ARTICLE = CheckType("citation-article", "引用的条文序号超出该法律法规的条数（按内置条数表）", _prepare_article,
                             _run_article)
