"""Pattern checks: every hit of a YAML regular expression is one defect, optionally with a fix.

``pattern`` is the generic form (proselint style: the rule file is the data). ``conversion-debris``
adds what no single regex can see: a sentence that a page break split across a blank line, which
normalisation has joined again and only the map back to the source lines still shows.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks.base import CharIndex, CheckContext, CheckType, ParamReader, enclosing, search
from validator.checks.quality import delete_paragraph_edit, graded, replace_edit, source_range, whole_span
from validator.lazyre import lazy_regex
from validator.model import Document, Paragraph, Problem, SourceEdit, Span, Verdict

MATCH_SHOWN = 30  # characters of a hit quoted in a message


class PatternItem(NamedTuple):
    name: str
    code: str
    pattern: regex.Pattern[str]
    message: str  # "{match}" stands for the text found
    unless: tuple[regex.Pattern[str], ...]  # searched in the sentence around a hit
    fix: str | None  # delete-paragraph | delete-match | replace; None: report only
    replacement: str  # template for fix "replace" (\1, \g<name>)
    region: str  # anywhere | preamble (before the first heading)
    skip_formats: frozenset[str]  # source formats where the pattern is legitimate (Markdown in .md)


class PatternParams(NamedTuple):
    items: tuple[PatternItem, ...]
    split_sentences: bool = False


_GROUP_REFERENCE = lazy_regex(r"\\(\d+)|\\g<([^>]*)>")


def _check_template(sub: ParamReader, pattern: regex.Pattern[str], template: str) -> None:
    """A replacement may only name groups the pattern has (found at load time, not mid-run)."""
    for m in _GROUP_REFERENCE.finditer(template):
        ref = m[1] or m[2]
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            raise sub.fail("replacement", f"替换模板引用了不存在的分组 {m.group(0)!r}")


def _item(r: ParamReader, index: int) -> PatternItem:
    raw = r.get("items")[index]
    sub = r.child(raw, f"{r.where} ==> At key: items ==> At index {index}")
    fix = raw.get("fix")
    pattern = sub.pattern("pattern", raw["pattern"])
    if fix == "replace":
        if "replacement" not in raw:
            raise sub.fail("replacement", "fix: replace 需要给出 replacement")
        _check_template(sub, pattern, raw["replacement"])
    return PatternItem(
        name=raw["name"],
        code=raw.get("code", "pattern"),
        pattern=pattern,
        message=raw.get("message", raw["name"] + "：“{match}”"),
        unless=sub.patterns("unless"),
        fix=fix,
        replacement=raw.get("replacement", ""),
        region=raw.get("region", "anywhere"),
        skip_formats=frozenset(raw.get("skip_formats", ())),
    )


def _prepare(r: ParamReader) -> PatternParams:
    items = tuple(_item(r, i) for i in range(len(r.get("items", []))))
    return PatternParams(items, bool(r.get("split_sentences", False)))


def _first_heading(document: Document) -> int:
    return next((p.index for p in document.paragraphs if p.heading is not None), len(document.paragraphs))


def _fix_for(document: Document, span: Span, item: PatternItem, m: regex.Match[str]) -> tuple[SourceEdit, ...]:
    if item.fix == "delete-paragraph":
        return delete_paragraph_edit(document, document.paragraphs[span.paragraph])
    if item.fix == "delete-match":
        return replace_edit(document, span, "")
    if item.fix == "replace":
        return replace_edit(document, span, m.expand(item.replacement))
    return ()


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MATCH_SHOWN else text[:MATCH_SHOWN] + "…"


def item_problems(ctx: CheckContext, item: PatternItem) -> list[Problem]:
    document = ctx.document
    if document.source.format in item.skip_formats:
        return []
    limit = _first_heading(document) if item.region == "preamble" else len(document.paragraphs)
    problems: list[Problem] = []
    deleted: set[int] = set()
    scope = ctx.text
    for m in scope.finditer(item.pattern):
        if m.end() == m.start():
            continue
        span = scope.span(m.start(), m.end())
        if span.paragraph >= limit:
            break  # scope paragraphs come in document order
        if item.fix == "delete-paragraph" and span.paragraph in deleted:
            continue  # the paragraph goes as a whole: more hits in it would repeat the same problem and edit
        s0, s1 = enclosing(scope.text, m.start(), m.end())
        if any(search(u, scope.text, s0, s1) for u in item.unless):
            continue
        fix = _fix_for(document, span, item, m)
        if item.fix == "delete-paragraph":
            deleted.add(span.paragraph)
            span = whole_span(document.paragraphs[span.paragraph])
        message = item.message.replace("{match}", _shown(m.group(0)))
        problems.append(Problem(message, span, item.code, fix))
    return problems


# --------------------------------------------------------------------------- split sentences

_SENTENCE_END = set("。！？!?；;：:…")
_OPEN_END = set("，、,（(《“‘【—")
_PAIRS = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"), ("‘", "’"), ("【", "】"))
_SHOWN_AROUND = 6


_PAIR_MARKS = "".join(o + c for o, c in _PAIRS)


def _surely_continues(text: str, marks: CharIndex, offset: int) -> bool:
    """The break falls after an opening or pausing mark, or inside a pair of marks: the sentence goes on.

    Otherwise a blank line after unfinished text may also be a paragraph whose full stop was left out,
    so the break is reported but not joined automatically.
    """
    return text[offset - 1] in _OPEN_END or any(marks.count(o, offset) > marks.count(c, offset) for o, c in _PAIRS)


def split_sentences(ctx: CheckContext) -> list[Problem]:
    """Sentences that normalisation joined across one or more blank source lines (a page break)."""
    problems: list[Problem] = []
    for para in ctx.scope:
        marks: CharIndex | None = None
        for (_, prev_line, _), (offset, line, col) in zip(para.pieces, para.pieces[1:]):
            if line - prev_line <= 1 or offset == 0 or para.text[offset - 1] in _SENTENCE_END:
                continue
            marks = marks or CharIndex(para.text, _PAIR_MARKS)
            before = para.text[max(0, offset - _SHOWN_AROUND):offset]
            after = para.text[offset:offset + _SHOWN_AROUND]
            span = Span(para.index, max(0, offset - 1), offset + 1)
            if _surely_continues(para.text, marks, offset):
                message = f"句子被空行断开：“{before}”与“{after}”之间有空行（疑为分页或转换所致）"
                fix = _join_edit(para, offset, (line, col))
            else:
                message = (f"句子被空行断开：“{before}”与“{after}”之间有空行"
                           "（疑为分页或转换所致，请接上；若是段末漏了句号，请补上句号）")
                fix = ()
            problems.append(Problem(message, span, "split-sentence", fix))
    return problems


def _join_edit(para: Paragraph, offset: int, resume: tuple[int, int]) -> tuple[SourceEdit, ...]:
    """Delete everything between the last character before the break and the first one after it."""
    found = source_range(para, offset - 1, offset)
    if found is None:
        return ()
    return (SourceEdit(found[1], resume, ""),)


# --------------------------------------------------------------------------- the check types


def _run(ctx: CheckContext, p: PatternParams) -> Verdict:
    problems = [problem for item in p.items for problem in item_problems(ctx, item)]
    if p.split_sentences:
        problems.extend(split_sentences(ctx))
    problems.sort(key=lambda q: (q.span.paragraph, q.span.start) if q.span else (-1, -1))
    return graded(problems)


PATTERN = CheckType("pattern", "正则表达式逐处匹配，每处一个问题（可附带安全的自动修改）", _prepare, _run)
CONVERSION_DEBRIS = CheckType(
    "conversion-debris", "格式转换残留：域代码、页码、Markdown 标记、网页栏目信息、夹杂的英文词、被空行断开的句子",
    _prepare, _run,
)
