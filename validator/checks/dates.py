"""Dates: the report carries its signing date, and is signed and published in time when the dates are in it."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader, search
from validator.checks.datefmt import impossible_message, is_impossible, signing_date
from validator.lazyre import lazy_regex
from validator.model import Mark, Problem, Span, Verdict
from validator.zh import HAN, YEAR


class DeadlineParams(NamedTuple):
    signed_by: tuple[int, int]  # (month, day) of the year after the report year, inclusive
    provincial_signed_by: tuple[int, int]
    published_by: tuple[int, int]
    provincial: tuple[regex.Pattern[str], ...]  # issuers held to the provincial deadline


def _month_day(r: ParamReader, key: str) -> tuple[int, int]:
    value = str(r.get(key))
    m = regex.fullmatch(r"(\d{1,2})-(\d{1,2})", value)
    if not m:
        r.report(key, f"应为“月-日”格式，例如 03-01，而不是 {value!r}")
        return 1, 1
    month, day = int(m[1]), int(m[2])
    try:
        dt.date(2024, month, day)
    except ValueError:
        r.report(key, f"不是有效的日期：{value!r}")
        return 1, 1
    return month, day


DEADLINE_PARAMS: par.Params = {
    "signed_by": par.text("成文日期的期限：报告年度次年的“月-日”（含当日）", "03-01"),
    "provincial_signed_by": par.text("省级政府的成文日期期限（月-日）", "04-01"),
    "published_by": par.text("发布日期的期限（月-日）", "04-01"),
    "provincial": par.patterns("适用省级期限的发文机关名称"),
}


def _prepare(r: ParamReader) -> DeadlineParams:
    return DeadlineParams(
        signed_by=_month_day(r, "signed_by"),
        provincial_signed_by=_month_day(r, "provincial_signed_by"),
        published_by=_month_day(r, "published_by"),
        provincial=r.patterns("provincial"),
    )


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _run(ctx: CheckContext, p: DeadlineParams) -> Verdict:
    meta = ctx.document.metadata
    if meta.report_year is None or (meta.signed is None and meta.published is None):
        return Verdict(None, note="报告中没有成文日期或发布日期，无法核对时限（见 report.signing-date）")
    due_year = meta.report_year + 1
    provincial = meta.issuer is not None and any(search(pat, meta.issuer) for pat in p.provincial)
    sign_due = dt.date(due_year, *(p.provincial_signed_by if provincial else p.signed_by))
    publish_due = dt.date(due_year, *p.published_by)
    marks: list[Mark] = []
    problems: list[Problem] = []
    if meta.signed is not None:
        if meta.signed_at is not None:
            marks.append(Mark(meta.signed_at, f"成文日期 {_cn(meta.signed)}"))
        if meta.signed > sign_due:
            problems.append(Problem(f"成文日期{_cn(meta.signed)}晚于报送期限{_cn(sign_due)}", meta.signed_at,
                                    "signed-late"))
    if meta.published is not None:
        if meta.published_at is not None:
            marks.append(Mark(meta.published_at, f"发布日期 {_cn(meta.published)}"))
        if meta.published > publish_due:
            problems.append(Problem(f"发布日期{_cn(meta.published)}晚于公开期限{_cn(publish_due)}",
                                    meta.published_at, "published-late"))
    return Verdict(0.0 if problems else 1.0, marks, problems)


DEADLINE = CheckType("deadline", "成文日期、发布日期不晚于法定期限（有日期时）", _prepare, _run, params=DEADLINE_PARAMS)


# --------------------------------------------------------------------------- title-year


def _prepare_title_year(r: ParamReader) -> None:
    return None


def _run_title_year(ctx: CheckContext, p: None) -> Verdict:
    meta = ctx.document.metadata
    if meta.title_year is None or meta.report_year is None:
        return Verdict(None, note="标题中没有年度" if meta.title_year is None else "无法确定报告年度")
    if meta.title_year == meta.report_year:
        return Verdict(1.0, [Mark(meta.title_at, f"标题年度 {meta.title_year} 年")] if meta.title_at else [])
    message = (f"标题写的是{meta.title_year}年度，正文（工作情况、下一年度安排、成文日期）报告的是{meta.report_year}年度"
               f"（疑似沿用往年标题）；报送和公开期限按{meta.report_year}年度计算")
    return Verdict(0.0, [Mark(meta.title_at)] if meta.title_at else [],
                   [Problem(message, meta.title_at, "title-year-mismatch")])


TITLE_YEAR = CheckType("title-year", "标题所写年度与正文报告的年度一致", _prepare_title_year, _run_title_year)


# --------------------------------------------------------------------------- signing-date


class SigningDateParams(NamedTuple):
    tail: int  # how many paragraphs at the end hold the signature block


# A date line left to be filled in at signing: "2025年  月  日", "××××年×月×日".
_PLACEHOLDER = lazy_regex(
    rf"^(?:[{HAN}（）()]{{2,30}}\s*)?(?:{YEAR}|[×XＸ*＊□○〇]{{2,4}})?\s*年\s*[×XＸ*＊□○〇]{{0,2}}\s*月"
    r"\s*[×XＸ*＊□○〇]{0,2}\s*日$")


SIGNING_DATE_PARAMS: par.Params = {
    "tail": par.integer("落款所在的最后几段", 6, minimum=1, maximum=30),
}


def _prepare_signing_date(r: ParamReader) -> SigningDateParams:
    return SigningDateParams(int(r.get("tail")))


def _run_signing_date(ctx: CheckContext, p: SigningDateParams) -> Verdict:
    """The report states its 成文日期: under the issuer's name in any form (format.date judges the form),
    or, for a saved web page, in the portal's 信息公开 table."""
    document = ctx.document
    meta = document.metadata
    if meta.signed is not None and meta.signed_at is None:
        return Verdict(1.0, note=f"成文日期 {_cn(meta.signed)}（取自网页的信息公开栏，正文落款中没有）")
    tail = document.paragraphs[-p.tail:] if p.tail else []
    found = signing_date(tail)
    if found is not None:
        para, m = found
        span = Span(para.index, m.start("date"), m.end("date"))
        if is_impossible(m):
            return Verdict(0.0, problems=[Problem(impossible_message(m), span, "date-invalid")])
        return Verdict(1.0, [Mark(span, f"成文日期“{m['date']}”")])
    for para in reversed(tail):
        if para.heading is None and _PLACEHOLDER.match(para.text.strip()):
            span = Span(para.index, 0, len(para.text))
            return Verdict(0.0, problems=[Problem(f"成文日期尚未填写（“{para.text.strip()}”）：签发后写明实际日期",
                                                  span, "date-placeholder")])
    return Verdict(0.0, problems=[Problem("", None, "missing")])


SIGNING_DATE = CheckType("signing-date", "报告写明成文日期（落款处，或网页信息公开栏）", _prepare_signing_date,
                         _run_signing_date, params=SIGNING_DATE_PARAMS)
