"""Pattern checks: every hit of a YAML regular expression is one defect, optionally with a fix.

``pattern`` is the generic form (proselint style: the rule file is the data). ``conversion-debris``
adds what no single regex can see: a sentence that a page break split across a blank line, which
normalisation has joined again and only the map back to the source lines still shows.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CharIndex, CheckContext, CheckType, ParamReader, enclosing, refused, search
from validator.checks.quality import delete_paragraph_edit, graded, replace_edit, source_range, whole_span
from validator.lazyre import lazy_regex
from validator.model import Document, Paragraph, Problem, SourceEdit, Span, Verdict
from validator.zh import LINE_END, OPEN_END, PAIR_MARKS, PAIRS

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
    """A replacement may only name groups the pattern has, and must be a template the regex module can
    expand ("\\z", a trailing "\\" are not): found at load time, not mid-run."""
    unknown = False
    for m in _GROUP_REFERENCE.finditer(template):
        ref = m[1] or m[2]
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            sub.report("replacement", f"替换模板引用了不存在的分组 {m.group(0)!r}")
            unknown = True
    if unknown:
        return
    try:
        _same_groups(pattern).expand(template)
    except (regex.error, IndexError, ValueError) as exc:
        sub.report("replacement", f"替换模板 {template!r} 无效（{exc}）")


def _same_groups(pattern: regex.Pattern[str]) -> regex.Match[str]:
    """A match of an empty pattern with the groups, numbers and names of ``pattern``: what expanding a
    template needs to know, without a text the pattern would have to match."""
    names = {index: name for name, index in pattern.groupindex.items()}
    groups = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1))
    match = regex.match(groups, "")
    assert match is not None  # empty groups match the empty string
    return match


# one item of a pattern (or conversion-debris) rule; "fix: replace" needs its replacement template
PATTERN_ITEM: par.Params = {
    "name": par.text("这一项的名称（默认的问题说明以它开头）", min_length=1, max_length=500),
    "code": par.identifier("问题代码（写进结果，可在 levels 中单独定级别）", "pattern"),
    "pattern": par.pattern("正则表达式：每处匹配是一个问题"),
    "message": par.text("问题说明，{match} 代表找到的文字（默认：名称：“{match}”）", None, min_length=1, max_length=500),
    "unless": par.patterns("所在句子含有这些说法时不算"),
    "fix": par.choice("自动修改：删除整段、删除匹配的文字、按模板替换（默认不自动修改）",
                      ("delete-paragraph", "delete-match", "replace"), None),
    "replacement": par.text("fix 为 replace 时的替换模板（\\1、\\g<名称> 引用分组）", "", max_length=500),
    "region": par.choice("在哪里找：全文，或第一个标题之前（preamble）", ("anywhere", "preamble"), "anywhere"),
    "skip_formats": par.texts("在这些格式的文件中不检查（如 md：Markdown 标记在 .md 中是正当的）", min_length=1),
}
_REPLACE_NEEDS_TEMPLATE = {"if": {"properties": {"fix": {"const": "replace"}}, "required": ["fix"]},
                           "then": {"required": ["replacement"]}}


def _item(sub: ParamReader) -> PatternItem:
    fix = sub.get("fix")
    pattern = sub.pattern("pattern", sub.get("pattern"))
    if fix == "replace" and not refused(pattern):
        _check_template(sub, pattern, sub.get("replacement"))
    message = sub.get("message")
    return PatternItem(
        name=sub.get("name"),
        code=sub.get("code"),
        pattern=pattern,
        message=sub.get("name") + "：“{match}”" if message is None else message,
        unless=sub.patterns("unless"),
        fix=fix,
        replacement=sub.get("replacement"),
        region=sub.get("region"),
        skip_formats=frozenset(sub.get("skip_formats")),
    )


def _prepare(r: ParamReader) -> PatternParams:
    return PatternParams(tuple(_item(sub) for sub in r.items("items")))


def _prepare_debris(r: ParamReader) -> PatternParams:
    return _prepare(r)._replace(split_sentences=r.get("split_sentences"))


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

# as normalisation's line end, and "…" too: a break after an ellipsis leaves nothing unfinished
_SENTENCE_END = set(LINE_END + "…")
_OPEN_END = set(OPEN_END)
_PAIRS = PAIRS
_SHOWN_AROUND = 6


_PAIR_MARKS = PAIR_MARKS


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


PATTERN = CheckType("pattern", "正则表达式逐处匹配，每处一个问题（可附带安全的自动修改）", _prepare, _run, params={
    "items": par.records("要找的写法，每项一个正则表达式", PATTERN_ITEM, each=_REPLACE_NEEDS_TEMPLATE),
})
CONVERSION_DEBRIS = CheckType(
    "conversion-debris", "格式转换残留：域代码、页码、Markdown 标记、网页栏目信息、夹杂的英文词、被空行断开的句子",
    _prepare_debris, _run, params={
        "items": par.records("转换残留的写法，每项一个正则表达式（同 pattern）", PATTERN_ITEM, (), min_items=0,
                             each=_REPLACE_NEEDS_TEMPLATE),
        "split_sentences": par.flag("另检查被空行断开的句子（分页或转换所致）", False),
    },
)
