"""Fit for publication: personal data that a published report must not carry.

The report goes on a portal before 1 April; what a reviewer strikes out before that is checked
here: 身份证号 (valid region, date and check digit), mobile numbers, landline numbers of private
persons, bank-card numbers (Luhn) and personal names beside the details of a case. 密级 and
internal marks are plain patterns (the ``pattern`` check type) in the rule file.

Precision first: a number is reported only when its own structure proves what it is (check digit,
Luhn, a mobile prefix) and its sentence does not make it an office's public line (举报电话, 热线).
Every problem masks the number it is about (``Problem.mask``): the engine blanks it in every quote
of every rule, and the message shows only its first and last digits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader, clause, enclosing, search
from validator.checks.quality import graded
from validator.lazyre import lazy_regex
from validator.model import Problem, Span, Verdict

MASK = "*"


def masked(text: str, head: int, tail: int) -> str:
    """``text`` with every character but the first ``head`` and last ``tail`` (spaces aside) masked."""
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    hidden = set(positions[head:len(positions) - tail] if tail else positions[head:])
    return "".join(MASK if i in hidden else c for i, c in enumerate(text))


def mask_span(paragraph: int, start: int, text: str, head: int, tail: int) -> Span:
    """The span of ``text`` (found at ``start``) that ``masked`` hides."""
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    first, last = positions[head], positions[len(positions) - tail - 1]
    return Span(paragraph, start + first, start + last + 1)


class Hit(NamedTuple):
    start: int  # in the scope text
    end: int
    text: str  # as written, separators included


def _hits(ctx: CheckContext, pattern: regex.Pattern[str]) -> Iterator[Hit]:
    for m in ctx.text.finditer(pattern):
        yield Hit(m.start(), m.end(), m.group(0))


def _problem(ctx: CheckContext, hit: Hit, message: str, code: str, head: int, tail: int) -> Problem:
    span = ctx.text.span(hit.start, hit.end)
    return Problem(message, span, code, mask=(mask_span(span.paragraph, span.start, hit.text, head, tail),))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


# --------------------------------------------------------------------------- 身份证号

# GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit sequence, check digit (0-9 or X)
_ID = lazy_regex(r"(?<![0-9A-Za-z])[1-9]\d{5} ?(?:18|19|20)\d{2}[01]\d[0-3]\d ?\d{3}[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# provinces of GB/T 2260 (the first two digits of every region code)
_PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82})
ID_KEEP = (2, 2)


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def is_id_number(text: str) -> bool:
    """An 18-character resident ID number: known province, real birth date, right check digit."""
    number = _digits(text).upper()
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= 1900 and id_check_digit(number[:17]) == number[17]


class NoParams(NamedTuple):
    pass


def _prepare_none(r: ParamReader) -> NoParams:
    return NoParams()


def _run_id(ctx: CheckContext, p: NoParams) -> Verdict:
    problems = [
        _problem(ctx, hit, f"公开文本中有身份证号“{masked(hit.text, *ID_KEEP)}”（校验位正确）", "id-number", *ID_KEEP)
        for hit in _hits(ctx, _ID) if is_id_number(hit.text)
    ]
    return graded(problems)


ID_NUMBER = CheckType("id-number", "身份证号（核对地区码、出生日期和校验位）", _prepare_none, _run_id)


# --------------------------------------------------------------------------- 电话号码

_MOBILE = lazy_regex(r"(?<![0-9A-Za-z.])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z%])")
_LANDLINE = lazy_regex(r"(?<![0-9A-Za-z.])(?:[（(]0\d{2,3}[）)]|0\d{2,3}[-－—– ]?)[2-9]\d{6,7}(?![0-9A-Za-z%])")
# a count or an amount, not a number to dial
_QUANTITY_AFTER = lazy_regex(r"\G\s*(?:元|万|亿|件|人|次|个|项|户|份|条|台|吨|平方|亩|米|公里|千|百)")
PHONE_KEEP = (3, 2)


class PhoneParams(NamedTuple):
    office: tuple[regex.Pattern[str], ...]  # the clause makes it an office's public line: not reported
    personal: tuple[regex.Pattern[str], ...]  # a landline is reported only when its clause says whose


def _prepare_phone(r: ParamReader) -> PhoneParams:
    return PhoneParams(r.patterns("office"), r.patterns("personal"))


def _clause_has(ctx: CheckContext, hit: Hit, patterns: tuple[regex.Pattern[str], ...]) -> bool:
    text = ctx.text.text
    c0, c1 = clause(text, hit.start, hit.end)
    # a label before its number is often set off by a colon ("举报电话：0571…"): look back one clause more
    if c0 > 0 and text[c0 - 1] in ":：":
        c0 = clause(text, c0 - 1, c0 - 1)[0]
    return any(search(p, text, c0, c1) for p in patterns)


def _run_phone(ctx: CheckContext, p: PhoneParams) -> Verdict:
    problems: list[Problem] = []
    text = ctx.text.text
    for kind, pattern in (("mobile", _MOBILE), ("landline", _LANDLINE)):
        for hit in _hits(ctx, pattern):
            if search(_QUANTITY_AFTER, text, hit.end, min(len(text), hit.end + 4)):
                continue
            if _clause_has(ctx, hit, p.office):
                continue
            if kind == "landline" and not _clause_has(ctx, hit, p.personal):
                continue
            what = "手机号码" if kind == "mobile" else "个人联系电话"
            problems.append(_problem(ctx, hit, f"公开文本中有{what}“{masked(hit.text, *PHONE_KEEP)}”",
                                     f"{kind}-number", *PHONE_KEEP))
    problems.sort(key=lambda q: (q.span.paragraph, q.span.start) if q.span else (-1, -1))
    return graded(problems)


PHONE_NUMBER = CheckType("phone-number", "个人手机号码和个人固定电话（不含单位公开的热线、举报电话）", _prepare_phone,
                         _run_phone, params={
                             "office": par.patterns("所在分句表明号码是单位公开电话的用语（举报电话、热线）"),
                             "personal": par.patterns("固定电话只在所在分句含有这些用语时报告（联系人、本人）"),
                         })


# --------------------------------------------------------------------------- 银行卡号

_CARD = lazy_regex(r"(?<![0-9A-Za-z])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7}(?![0-9A-Za-z])")
_GROUPED = lazy_regex(r"^\d{4}([ -])\d{4}\1\d{4}\1\d{4,7}$")
# issuer prefixes of the cards in use in China: UnionPay 62, Visa 4, Mastercard 51-55 and 22-27, Amex 34/37
_CARD_PREFIX = lazy_regex(r"^(?:62|4|5[1-5]|2[2-7]|3[47])")
CARD_KEEP = (4, 2)


class CardParams(NamedTuple):
    cues: tuple[regex.Pattern[str], ...]  # a sentence that names a card or an account


def _prepare_card(r: ParamReader) -> CardParams:
    return CardParams(r.patterns("cues"))


def _near(text: str, hit: Hit, cues: tuple[regex.Pattern[str], ...]) -> bool:
    """Does the number's clause, or the clause before it ("转入其银行卡，卡号6222…"), match a cue?"""
    c0, c1 = clause(text, hit.start, hit.end)
    if c0 > 0 and text[c0 - 1] in "，,：:":
        c0 = clause(text, c0 - 1, c0 - 1)[0]
    return any(search(c, text, c0, c1) for c in cues)


def luhn_valid(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _run_card(ctx: CheckContext, p: CardParams) -> Verdict:
    problems: list[Problem] = []
    text = ctx.text.text
    for hit in _hits(ctx, _CARD):
        number = _digits(hit.text)
        if not 16 <= len(number) <= 19 or not _CARD_PREFIX.match(number) or not luhn_valid(number):
            continue
        if is_id_number(number):
            continue  # publish.id-number reports it
        if not (_GROUPED.match(hit.text) or _near(text, hit, p.cues)):
            continue
        problems.append(_problem(ctx, hit, f"公开文本中有银行卡号“{masked(hit.text, *CARD_KEEP)}”", "bank-card",
                                 *CARD_KEEP))
    return graded(problems)


BANK_CARD = CheckType("bank-card", "银行卡号（Luhn 校验，且有卡号、账号等字样或按四位分组书写）", _prepare_card, _run_card,
                      params={"cues": par.patterns("写明卡号、账户的说法（否则只认按四位分组书写的号码）")})


# --------------------------------------------------------------------------- 姓名与案情


class NameParams(NamedTuple):
    pattern: regex.Pattern[str]  # role word, then the name in group "name" (surname in "surname")
    case: tuple[regex.Pattern[str], ...]  # the sentence states details of a case
    not_names: frozenset[str]  # words that start like a name after a role word (陈述, 程序)


def _words(description: str) -> par.Param:
    return par.texts(description, par.REQUIRED, min_items=1, min_length=1, max_length=20)


NAME_PARAMS: par.Params = {
    "roles": _words("姓名前的案件身份词（当事人、申请人）"),
    "surnames": _words("姓名开头的姓氏"),
    "not_in_names": par.text("姓名中不会有的字（某、虚词）", "", max_length=500),
    "after_name": _words("姓名后可以跟的词（标点总是可以）"),
    "not_names": par.texts("身份词后像姓名开头的普通词（陈述、程序）", min_length=1, max_length=20),
    "case": par.patterns("所在句子写明了案情的说法", par.REQUIRED, min_items=1),
}


def _prepare_name(r: ParamReader) -> NameParams:
    roles = [regex.escape(w) for w in r.get("roles")]
    surnames = [regex.escape(w) for w in sorted(r.get("surnames"), key=len, reverse=True)]
    stop = regex.escape("".join(r.get("not_in_names")))
    after = "|".join(regex.escape(w) for w in r.get("after_name"))
    given = rf"(?:(?![{stop}])\p{{Han}})" if stop else r"\p{Han}"
    source = (rf"(?:{'|'.join(roles)})[:：]?(?P<name>(?P<surname>{'|'.join(surnames)}){given}{{1,2}}?)"
              rf"(?=[，,、。；;：:（(]|{after})")
    return NameParams(r.pattern("roles", source), r.patterns("case"), frozenset(r.get("not_names")))


def _run_name(ctx: CheckContext, p: NameParams) -> Verdict:
    problems: list[Problem] = []
    text = ctx.text.text
    for m in ctx.text.finditer(p.pattern):
        name = m.group("name")
        if any(name.startswith(w) for w in p.not_names):
            continue
        s0, s1 = enclosing(text, m.start(), m.end())
        if not any(search(c, text, s0, s1) for c in p.case):
            continue
        keep = len(m.group("surname"))
        hit = Hit(m.start("name"), m.end("name"), name)
        problems.append(_problem(ctx, hit, f"公开文本中有当事人等的真实姓名“{masked(name, keep, 0)}”，且写明了案情",
                                 "personal-name", keep, 0))
    return graded(problems)


PERSONAL_NAME = CheckType("personal-name", "案件当事人、信访人等的真实姓名与案情同时出现", _prepare_name, _run_name,
                          params=NAME_PARAMS)
