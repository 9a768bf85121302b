"""Punctuation (GB/T 15834-2011): half-width marks in Chinese text, and marks left unpaired.

Half-width , : ; ? ! count only next to Chinese (on either side) and never inside a URL, an
e-mail address, a number (1,000; 3:30) or a Latin phrase. Parentheses go as a pair: "(一)" and
"(2021-2025 年)" become full-width, "(IPv6)" stays. Width and pairing are separate rules, so a
pair of mixed widths "（2021-2025年)" is matched here and its ")" is a width problem.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader, search
from validator.checks.quality import CJK_CONTEXT, graded, source_range
from validator.limits import MAX_FINDINGS_PER_RULE
from validator.model import Document, Paragraph, Problem, SourceEdit, Span, Verdict
from validator.zh import HAN, PAIR_MARKS

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = regex.compile(CJK_CONTEXT)
_HAN = regex.compile(HAN)
# An address starts where its run of address characters starts (the lookbehinds), so a long run of
# digits or letters is tried once, not once per character.
_URL_OR_MAIL = regex.compile(
    r"(?:https?|ftp)://[^\s\p{Han}，。；、“”（）《》]+|(?<![\w.])www\.[^\s\p{Han}，。；、“”（）《》]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    regex.ASCII,
)
# The content of "(1)" or "(一)": a list label, Chinese when Chinese follows it.
_LABEL = regex.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*")
_SHOWN_MARKS = 4


# --------------------------------------------------------------------------- punctuation width


class WidthParams(NamedTuple):
    skip: tuple[regex.Pattern[str], ...]  # paragraphs another rule removes as a whole (web chrome)


def _prepare_width(r: ParamReader) -> WidthParams:
    return WidthParams(r.patterns("skip"))


def _neighbour(text: str, index: int, step: int) -> str:
    i = index + step
    while 0 <= i < len(text) and text[i] == " ":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _next_to_chinese(text: str, index: int) -> bool:
    """Chinese on one side; a mark after Latin text that only a closing quote follows ("World!”") is Latin."""
    before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
    if not any(c and _CJK.match(c) for c in (before, after)):
        return False
    latin_before = bool(before) and before.isascii() and before.isalnum()
    latin_after = bool(after) and after.isascii() and after.isalnum()
    return not ((latin_before and not _HAN.match(after or " ")) or (latin_after and not _HAN.match(before or " ")))


def _protected(text: str) -> set[int]:
    """Offsets inside URLs and e-mail addresses."""
    return {i for m in _URL_OR_MAIL.finditer(text) for i in range(m.start(), m.end())}


_PARENS = regex.compile(r"[(（)）]")
_HALF_WIDTH = regex.compile(r"[,:;?!()]")
_MARKS = regex.compile("[" + regex.escape(PAIR_MARKS) + "]")


def _paren_pairs(text: str) -> list[tuple[int, int]]:
    """Matched parentheses of either width, innermost first."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _PARENS.finditer(text):  # visits only the parentheses, not every character
        i, c = m.start(), m.group()
        if c in "(（":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
    return pairs


# A list label between parentheses is "1", "12" or "十二" with a space or two: longer content is no label
_LABEL_MAX = 8


def _chinese_pair(text: str, han: list[int], open_at: int, close_at: int) -> bool:
    """Chinese between the parentheses (``han``: the sorted offsets of Han characters in ``text``), or a
    list label followed by Chinese. Found by bisection, never by slicing the content: nested pairs
    would make that quadratic."""
    first = bisect.bisect_right(han, open_at)
    if first < len(han) and han[first] < close_at:
        return True
    if close_at - open_at - 1 > _LABEL_MAX:
        return False
    after = _neighbour(text, close_at, 1)
    return bool(_LABEL.fullmatch(text, open_at + 1, close_at)) and bool(after) and bool(_CJK.match(after))


def half_width_marks(text: str) -> list[int]:
    """Offsets of half-width marks that should be full-width."""
    if not _HALF_WIDTH.search(text):
        return []  # the usual case: a Chinese paragraph written with full-width marks
    protected = _protected(text)
    found: set[int] = set()
    han: list[int] | None = None
    for open_at, close_at in _paren_pairs(text):
        if text[open_at] != "(" and text[close_at] != ")":
            continue  # a full-width pair: nothing to change
        if open_at in protected or close_at in protected:
            continue
        han = [m.start() for m in _HAN.finditer(text)] if han is None else han
        if _chinese_pair(text, han, open_at, close_at):
            found.update(i for i in (open_at, close_at) if text[i] in "()")
    for m in _HALF_WIDTH.finditer(text):  # visits only the candidate marks, not every character
        i, c = m.start(), m.group()
        if c in ",:;?!" and i not in protected and _next_to_chinese(text, i):
            found.add(i)
    return sorted(found)


def _width_problem(document: Document, para: Paragraph, offsets: list[int]) -> Problem:
    counts = Counter(para.text[i] for i in offsets)
    shown = "、".join(f"“{mark}”{n}处" for mark, n in counts.most_common(_SHOWN_MARKS))
    more = "等" if len(counts) > _SHOWN_MARKS else ""
    message = f"中文里用了半角标点：{shown}{more}，应为全角（，：；（）？！）"
    edits: list[SourceEdit] = []
    for i in offsets:
        found = source_range(para, i, i + 1)
        if found is not None:
            edits.append(SourceEdit(found[0], found[1], FULL_WIDTH[para.text[i]]))
    return Problem(message, Span(para.index, offsets[0], offsets[0] + 1), "half-width-punctuation", tuple(edits))


def _run_width(ctx: CheckContext, p: WidthParams) -> Verdict:
    problems: list[Problem] = []
    for para in ctx.scope:
        offsets = half_width_marks(para.text)
        # the skip patterns only matter where there is something to report
        if offsets and not any(search(s, para.text) for s in p.skip):
            problems.append(_width_problem(ctx.document, para, offsets))
    return graded(problems)


PUNCTUATION_WIDTH = CheckType("punctuation-width", "中文里的半角标点（, : ; ( ) ? !）应为全角（可自动修改）",
                              _prepare_width, _run_width,
                              params={"skip": par.patterns("整段不检查的段落（另一条规则整段删除的网页栏目信息）")})


# --------------------------------------------------------------------------- paired marks

OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": "）", "【": "】"}
CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "（", "】": "【"}
_FAMILY = {"(": "（", ")": "）"}  # half-width parentheses pair with either width
_LIST_LABEL = regex.compile(r"^\s*[0-9a-zA-Z一二三四五六七八九十]{1,2}\)")
_LATIN = regex.compile(r"[A-Za-z]")


class PairParams(NamedTuple):
    pass


def _prepare_pairs(r: ParamReader) -> PairParams:
    return PairParams()


def _is_apostrophe(text: str, i: int) -> bool:
    """’ between Latin letters (Xi’an, don’t) is an apostrophe, not a closing quote."""
    return text[i] == "’" and 0 < i < len(text) - 1 and bool(_LATIN.match(text[i - 1])) and bool(_LATIN.match(text[i + 1]))


def unmatched_marks(text: str) -> list[tuple[int, str]]:
    """(offset, mark) of every opening mark never closed and every closing mark never opened."""
    label = _LIST_LABEL.match(text)
    skip_at = label.end() - 1 if label else -1
    stack: list[int] = []  # offsets of the marks still open, innermost last
    # the same offsets by the closer they want, so the innermost opener a closer pairs with is found
    # at once rather than by walking down the stack (which made "((((…】】】】" quadratic)
    waiting: dict[str, list[int]] = {closer: [] for closer in set(OPENERS.values())}
    lost: list[int] = []
    for m in _MARKS.finditer(text):  # visits only the marks, not every character
        i, c = m.start(), m.group()
        if c in OPENERS:
            stack.append(i)
            waiting[OPENERS[c]].append(i)
        elif c in CLOSERS and i != skip_at and not _is_apostrophe(text, i):
            candidates = waiting[_FAMILY.get(c, c)]
            if not candidates:
                lost.append(i)
                continue
            opener = candidates[-1]
            cut = bisect.bisect_left(stack, opener)  # the stack holds increasing offsets
            lost.extend(stack[cut + 1:])  # opened inside and never closed
            del stack[cut:]
            for offsets in waiting.values():  # forget what left the stack; each offset goes once
                while offsets and offsets[-1] >= opener:
                    offsets.pop()
    lost.extend(stack)
    return [(i, text[i]) for i in sorted(lost)]


def _continued_quote(document: Document, para: Paragraph, offset: int) -> bool:
    """An open quote at the end of a paragraph is closed later when the next paragraph opens again."""
    if para.text[offset] not in "“‘" or para.index + 1 >= len(document.paragraphs):
        return False
    return document.paragraphs[para.index + 1].text.startswith(para.text[offset])


def _pair_message(mark: str) -> str:
    if mark in OPENERS:
        return f"“{mark}”没有对应的“{OPENERS[mark]}”"
    return f"“{mark}”前面没有对应的“{CLOSERS[mark]}”"


def _run_pairs(ctx: CheckContext, p: PairParams) -> Verdict:
    problems: list[Problem] = []
    unlisted = 0  # past what the rule may list, only counted (a page of stray quotes holds millions)
    for para in ctx.scope:
        for offset, mark in unmatched_marks(para.text):
            if _continued_quote(ctx.document, para, offset):
                continue
            if len(problems) < MAX_FINDINGS_PER_RULE:
                problems.append(Problem(_pair_message(mark), Span(para.index, offset, offset + 1), "unmatched-mark"))
            else:
                unlisted += 1
    return graded(problems, unlisted={"unmatched-mark": unlisted} if unlisted else None)


PAIRED_MARKS = CheckType("paired-marks", "成对的标点（“” ‘’ 《》 （） 【】）在同一段内配对", _prepare_pairs, _run_pairs)
