"""Metadata of a report: title, issuer, issuer kind, report year, signing and publication dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

import regex

from validator.model import Metadata, Paragraph, Section, SourceDocument, Span
from validator.numerals import cn_to_int
from validator.zh import HEADING_YEAR, NUMERIC_DATE, YEAR

_HEAD_WINDOW = 12  # the title block sits within the first paragraphs
_TAIL_WINDOW = 6  # the signature block within the last ones

_TITLE = regex.compile(r"(法治政府|依法行政|法治建设|法治).{0,20}报告|报告$")
_ABOUT = regex.compile(r"^(?P<issuer>.{2,40}?)关于")
_YEAR = regex.compile(rf"({YEAR})\s*年")
_ORG_SUFFIX = regex.compile(
    r"(人民政府|政府|办公室|办公厅|办事处|委员会|管委会|管理委员会|局|委|厅|办|署|中心|院|所|站|队|处)$"
)
_GOVERNMENT = regex.compile(r"(人民政府|政府|办事处)$")
_CN_DATE_CHARS = "〇○零一二三四五六七八九十"
_DATE_ISO = regex.compile(rf"{NUMERIC_DATE}\s*日?")
_DATE_CN = regex.compile(
    rf"(?P<y>[{_CN_DATE_CHARS}]{{4}})年(?P<m>[{_CN_DATE_CHARS}]{{1,2}})月(?P<d>[{_CN_DATE_CHARS}]{{1,3}})日"
)
_SIGN_DATE = regex.compile(
    rf"(?:{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[{_CN_DATE_CHARS}]{{4}}年[{_CN_DATE_CHARS}]{{1,2}}月[{_CN_DATE_CHARS}]{{1,3}}日)$"
)
_PUBLISHED = regex.compile(
    r"(?:发布|发稿|公开|成文)?(?:时间|日期)\s*[:：]\s*"
    + NUMERIC_DATE
)


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``, Arabic ("2025年1月20日", "2025-01-20") or Chinese (二〇二五年一月二十日)."""
    m = _DATE_ISO.search(text)
    if m:
        return _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _DATE_CN.search(text)
    if m:
        y, mo, d = cn_to_int(m["y"]), cn_to_int(m["m"]), cn_to_int(m["d"])
        if y is not None and mo is not None and d is not None:
            return _make_date(y, mo, d)
    return None


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_title(head: list[Paragraph]) -> Paragraph | None:
    for p in head:
        if p.heading is None and len(p.text) <= 80 and _TITLE.search(p.text) and "。" not in p.text:
            return p
    return None


def find_issuer(head: list[Paragraph], title: Paragraph | None, tail: list[Paragraph]) -> str | None:
    if title is not None:
        m = _ABOUT.match(title.text)
        if m and _ORG_SUFFIX.search(m["issuer"]):
            issuer: str = m["issuer"]
            return issuer
        before = [p for p in head if p.index < title.index]
        for p in reversed(before[-2:]):
            if _is_org(p.text):
                return p.text
    for p in reversed(tail):
        if _is_org(p.text):
            return p.text
    return None


def _is_org(text: str) -> bool:
    return len(text) <= 30 and not regex.search(r"[，。：:；\s]", text) and bool(_ORG_SUFFIX.search(text))


def issuer_kind(issuer: str | None) -> str | None:
    if issuer is None:
        return None
    return "government" if _GOVERNMENT.search(issuer) else "department"


# An organisation's name inside a sentence: no punctuation, and none of the words that join names to
# the rest of a sentence ("区城市管理局的全部职责由我局承接"); "和" stays (人力资源和社会保障局).
_ORG = r"[^\s，,。；;：:、“”《》（）()的与由将为及]{2,30}?(?:人民政府|办公室|办事处|委员会|管理局|局|委|办|中心|院|所|站|队|处|厅|署)"
_SELF = r"(?:我|本)(?:局|委|办|厅|署|中心|院|所|站|队|处|府|镇|街道|单位)"
# Statements that the issuer had another name: renamed, merged, or taking over a former body's duties.
_PREDECESSOR = (
    regex.compile(rf"(?P<old>{_ORG})(?:正式)?(?:更名为|改名为|更名|改称为|改称)(?P<new>{_ORG})"),
    regex.compile(rf"(?P<old>{_ORG})(?:与|和|、)(?P<old2>{_ORG})(?:整合|合并|共同)?(?:组建为|组建|重组为|合并为|整合为)(?:新的)?(?P<new>{_ORG})"),
    regex.compile(rf"原(?P<old>{_ORG})(?:的|所)?[^。；;]{{0,40}}?由{_SELF}(?:承接|承担|继续承担|负责|履行)"),
    regex.compile(rf"原?(?P<old>{_ORG})(?:的)?(?:全部)?(?:职责|职能)[^。；;]{{0,20}}?(?:划入|并入){_SELF}"),
)
# Words without which each pattern above cannot match: a paragraph lacking them is not searched (the
# patterns scan whole paragraphs of the opening, and most paragraphs name no reorganisation).
_PREDECESSOR_WORDS = (("更名", "改名为", "改称"), ("组建", "重组为", "合并为", "整合为"), ("由",), ("划入", "并入"))
_PLACE_LEVEL = "省市县区镇乡"


def expand_name(name: str, issuer: str) -> str:
    """A name as a report shortens it ("区城市管理局"), written out with the issuer's place ("青岚区城市管理局").

    A name that starts with a level (区、县、市…) takes the issuer's name up to that level; any other
    name stays as written.
    """
    if name and name[0] in _PLACE_LEVEL and not issuer.startswith(name):
        at = issuer.find(name[0])
        if at > 0:
            return issuer[:at] + name
    return name


def _is_self(name: str, issuer: str) -> bool:
    return name == issuer or issuer.endswith(name) or expand_name(name, issuer) == issuer


def find_predecessors(head: list[Paragraph], issuer: str | None) -> tuple[str, ...]:
    """Earlier names of the issuer that the opening of the report states, written out in full."""
    if not issuer:
        return ()
    issuer = "".join(issuer.split())
    out: list[str] = []
    for p in head:
        for pattern, words in zip(_PREDECESSOR, _PREDECESSOR_WORDS):
            if not any(word in p.text for word in words):
                continue
            for m in pattern.finditer(p.text):
                groups = m.groupdict()
                if groups.get("new") is not None and not _is_self(groups["new"], issuer):
                    continue  # another body renamed ("城管工作站更名为城管社区工作室")
                for key in ("old", "old2"):
                    name = groups.get(key)
                    if name:
                        full = expand_name(name, issuer)
                        if full != issuer and full not in out:
                            out.append(full)
    return tuple(out)


def title_year(title: Paragraph | None, head: list[Paragraph]) -> int | None:
    """The year the title names ("关于2024年度…的报告"), else a year line of the title block."""
    if title is not None:
        m = _YEAR.search(title.text)
        if m:
            return int(m[1])
    for p in head:
        m = regex.match(rf"^({YEAR})年", p.text)
        if m and p.heading is None and len(p.text) <= 12:
            return int(m[1])
    return None


_OPENING_YEAR = regex.compile(rf"^({YEAR})\s*年(?:度)?(?:[，,]|以来|全年|，|\s)")
_HEADING_YEAR = regex.compile(HEADING_YEAR)


class YearEvidence(NamedTuple):
    """What the report says of its own year, besides its title."""

    body: int | None  # the year its work is told under (opening sentence, headings of its sections)
    plan: int | None  # the year its plan section names, minus one
    signed: int | None  # the year before the signing date (a report is signed early the next year)

    def votes(self) -> list[int]:
        return [y for y in (self.body, self.plan, self.signed) if y is not None]


def year_evidence(paragraphs: list[Paragraph], sections: list[Section], signed: dt.date | None,
                  either: Callable[[str], bool] | None = None) -> YearEvidence:
    """``either(title)``: a plan heading that could as well be the measures (so its year says nothing)."""
    body_years: list[int] = []
    plan_years: list[int] = []
    for section in sections:
        if section.heading is None:
            body_years += _opening_years(paragraphs[section.start:section.end])
            continue
        m = _HEADING_YEAR.search(section.heading.text)
        if m is None:
            continue
        if section.kind != "plan":
            body_years.append(int(m[1]))
        elif either is None or not either(section.title):
            plan_years.append(int(m[1]))  # "2025年工作安排"; not "2025年度主要举措", which may be either
    body = max(set(body_years), key=body_years.count) if body_years else None
    plan = max(plan_years) - 1 if plan_years else None
    signed_year = None if signed is None else (signed.year - 1 if signed.month <= 6 else signed.year)
    return YearEvidence(body, plan, signed_year)


def _opening_years(preamble: list[Paragraph]) -> list[int]:
    """"2024年，区司法局在……": the first body paragraph that opens with a year."""
    for p in preamble:
        m = _OPENING_YEAR.match(p.text)
        if m and len(p.text) > 20:
            return [int(m[1])]
    return []


def find_report_year(titled: int | None, evidence: YearEvidence) -> int | None:
    """The year the report is about. The title decides unless what the body, the plan and the signing
    date say agrees on another year at least twice (a title left over from last year's draft). Without
    a title year, the body and the signing date decide: the plan alone does not, since report.plan-year
    judges the plan against this year."""
    votes = evidence.votes()
    if titled is None:
        own = [y for y in (evidence.body, evidence.signed) if y is not None]
        return max(set(own), key=own.count) if own else None
    if titled in votes:
        return titled
    others = [y for y in set(votes) if votes.count(y) >= 2]
    return others[0] if others else titled


def find_signed(tail: list[Paragraph]) -> tuple[dt.date | None, Span | None]:
    for p in reversed(tail):
        m = _SIGN_DATE.search(p.text)
        # the date stands alone, or after the issuer's name on the same line
        if p.heading is None and m and (m.start() == 0 or _is_org(p.text[: m.start()].strip())):
            return parse_date(p.text[m.start():]), Span(p.index, m.start(), m.end())
    return None, None


def find_published(source: SourceDocument, head: list[Paragraph]) -> tuple[dt.date | None, Span | None]:
    if source.published is not None:
        return source.published, None
    for p in head:
        m = _PUBLISHED.search(p.text)
        if m:
            return _make_date(int(m["y"]), int(m["m"]), int(m["d"])), Span(p.index, m.start(), m.end())
    return None, None


def extract(source: SourceDocument, paragraphs: list[Paragraph], sections: list[Section],
            either: Callable[[str], bool] | None = None) -> Metadata:
    preamble_end = sections[0].end if sections and sections[0].heading is None else 0
    head = paragraphs[: max(1, min(preamble_end, _HEAD_WINDOW))]
    tail = paragraphs[-_TAIL_WINDOW:]
    title = find_title(head)
    signed, signed_at = find_signed(tail)
    if signed is None:  # a web page's 信息公开 table may state it when the text does not
        signed = source.signed
    published, published_at = find_published(source, head)
    issuer = find_issuer(head, title, tail)
    full_title = title.text if title else None
    if title is not None and issuer and not title.text.startswith(issuer):
        full_title = issuer + title.text
    titled = title_year(title, head)
    return Metadata(
        title=full_title,
        issuer=issuer,
        issuer_kind=issuer_kind(issuer),
        report_year=find_report_year(titled, year_evidence(paragraphs, sections, signed, either)),
        title_year=titled,
        title_at=Span(title.index, 0, len(title.text)) if title is not None else None,
        signed=signed,
        published=published,
        signed_at=signed_at,
        published_at=published_at,
        predecessors=find_predecessors(head, issuer),
    )
