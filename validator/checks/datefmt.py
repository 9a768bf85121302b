"""The 成文日期 (signing date) as GB/T 9704-2012 writes it: "2025年1月20日".

Arabic numerals, the year in full, month and day without a leading zero. The date is looked for
where the signature block stands, in the last paragraphs after the last heading, on a line of its
own or after the issuer's name. No date there: the rule does not apply.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.checks.quality import graded
from validator.lazyre import lazy_regex
from validator.model import Paragraph, Problem, Span, Verdict
from validator.numerals import to_int

_CN = "〇○零一二三四五六七八九十"
# A date alone on its line (the issuer's name may stand before it), in any of the forms drafts use.
SIGN_DATE = lazy_regex(
    rf"(?P<date>(?<!\d)(?P<y>\d{{2}}|\d{{4}}|[{_CN}]{{4}})\s*(?P<s1>年|[-./])\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})\s*"
    rf"(?P<s2>月|[-./])\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日?)$"
)
_ISSUER = lazy_regex(r"^[\p{Han}（）()]{2,30}$")


class DateParams(NamedTuple):
    tail: int  # how many paragraphs at the end hold the signature block


def _prepare(r: ParamReader) -> DateParams:
    return DateParams(r.get("tail"))


def signing_date(paragraphs: list[Paragraph]) -> tuple[Paragraph, regex.Match[str]] | None:
    """The signing date in the signature block, in any of the forms drafts write it, and its paragraph."""
    for para in reversed(paragraphs):
        if para.heading is not None:
            return None  # the signature block comes after the last heading
        m = SIGN_DATE.search(para.text)
        if m and (m.start() == 0 or _ISSUER.match(para.text[:m.start()].strip())):
            return para, m
    return None


def _numbers(m: regex.Match[str]) -> tuple[int, int, int] | None:
    """Year, month and day as written; None for a short year (the century cannot be known for sure) or a
    numeral that cannot be read."""
    if len(m["y"]) == 2:
        return None
    year, month, day = (to_int(v) for v in (m["y"], m["m"], m["d"]))
    return None if year is None or month is None or day is None else (year, month, day)


def _expected(m: regex.Match[str]) -> str | None:
    numbers = _numbers(m)
    return "{}年{}月{}日".format(*numbers) if numbers else None


def is_impossible(m: regex.Match[str]) -> bool:
    """A date no calendar has ("2025年3月32日", "2025年2月29日", "2025年13月1日", "0000年1月1日")."""
    numbers = _numbers(m)
    if numbers is None:
        return False  # a short year or an unreadable numeral is another problem
    try:
        dt.date(*numbers)
    except ValueError:
        return True
    return False


def impossible_message(m: regex.Match[str]) -> str:
    return f"成文日期“{m['date']}”不是有效的日期，无法核对是否按时报送"


def date_problems(m: regex.Match[str]) -> list[tuple[str, str]]:
    """(code, message) for each way the date departs from GB/T 9704. An impossible date has no right form to
    suggest: report.signing-date says it is no date at all."""
    found = m["date"]
    if is_impossible(m):
        return []
    right = _expected(m)
    should = f"，应写作“{right}”" if right else ""
    out: list[tuple[str, str]] = []
    if not m["y"].isdigit():
        out.append(("date-chinese-numerals", f"成文日期“{found}”用了汉字数字{should}（GB/T 9704：用阿拉伯数字）"))
    elif len(m["y"]) == 2:
        out.append(("date-short-year", f"成文日期“{found}”的年份不全（GB/T 9704：年份应标全称）"))
    elif m["s1"] != "年" or m["s2"] != "月" or not found.endswith("日"):
        out.append(("date-not-written-out", f"成文日期“{found}”应写出年、月、日{should}"))
    elif m["m"].startswith("0") or m["d"].startswith("0"):
        out.append(("date-zero-padded", f"成文日期“{found}”的月、日编了虚位{should}（GB/T 9704：1不编为01）"))
    return out


def _run(ctx: CheckContext, p: DateParams) -> Verdict:
    tail = ctx.document.paragraphs[-p.tail:] if p.tail else []
    found = signing_date(tail)
    if found is None:
        return Verdict(None, note="报告末尾没有成文日期")
    para, m = found
    span = Span(para.index, m.start("date"), m.end("date"))
    return graded([Problem(message, span, code) for code, message in date_problems(m)])


DATE_FORMAT = CheckType("date-format", "成文日期用阿拉伯数字、年份写全、月日不编虚位（GB/T 9704）", _prepare, _run,
                        params={"tail": par.integer("在末尾多少段中找落款的成文日期", 6, minimum=1, maximum=30)})
