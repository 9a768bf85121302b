"""``check --dump-text``: exactly what the checker sees — the section tree and the normalised text, and
with last year's report, how each of last year's plan items was matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from validator import claims, hanzi, timeouts
from validator.escape import visible
from validator.model import Document

if TYPE_CHECKING:
    from validator import yoy
    from validator.ruleset import RuleSet


def where(document: Document, line_index: int) -> str:
    """A source line's place in the original, in the terms of its format."""
    line = document.source.lines[line_index]
    number = document.source.line_number(line_index)
    if line.page is not None:
        return f"第{line.page}页第{number}行"
    if line.paragraph is not None:
        return f"第{line.paragraph}段"
    return f"第{number}行"


def _header(document: Document) -> list[str]:
    src = document.source
    facts = [f"格式 {src.format}"]
    if src.encoding:
        facts.append(f"编码 {src.encoding}")
    if hanzi.is_traditional("".join(line.text for line in src.lines)):
        facts.append("繁体，按简体匹配，引文保留原文")
    lines = [f"== {src.path}（{'，'.join(facts)}）"]
    meta = document.metadata.as_dict()
    lines.append("元数据：" + "；".join(f"{k}={v if v is not None else '—'}" for k, v in meta.items()))
    lines.extend(f"说明：{note}" for note in src.notes)
    return lines


def render_document(document: Document, ruleset: RuleSet) -> str:
    classifier = ruleset.classifier
    lines = _header(document)
    lines.append("部分结构：")
    for top in document.sections:
        for s in top.walk():
            place = where(document, document.paragraphs[s.start].first_line)
            kind = f"{s.kind}（{classifier.name_of(s.kind)}）" if s.depth == 0 else s.kind
            lines.append(f"{'  ' * (s.depth + 1)}[{kind}] {s.title}  ← {place}")
    lines.append("规范化文本（¶规范化段落号 原文位置，# 为标题）：")
    for p in document.paragraphs:
        marker = "#" if p.heading is not None else " "
        lines.append(f"¶{p.index:<3} {where(document, p.first_line):<8}{marker} {p.text}")
    lines.extend(_claims(document, ruleset))
    return _join(lines)


def _join(lines: list[str]) -> str:
    """Each line stays one line: control characters in the text are shown as escapes (\\x1b, \\n)."""
    return "\n".join(visible(line) for line in lines) + "\n\n"


def _claims(document: Document, ruleset: RuleSet) -> list[str]:
    """The claims the decision rules judge: topic, instrument, modality, quantities."""
    chars = sum(len(p.text) for p in document.paragraphs)
    try:
        with timeouts.budget(timeouts.rule_budget(chars), timeouts.rule_deadline(chars)):
            found = claims.extract(document, ruleset.claim_vocabulary)
    except TimeoutError as exc:
        return [f"语句主张：提取超时（{exc}）"]
    lines = ["语句主张（事项、制度、语气、时长；决策类规则据此判断）："]
    lines.extend(f"  {claims.describe(c, document, ruleset.claim_vocabulary)}" for c in found.items)
    lines.extend(f"  ¶{s.paragraph} 写明本年度没有重大行政决策事项：{document.paragraphs[s.paragraph].text[s.start:s.end]}"
                 for s in found.no_decisions)
    if len(lines) == 1:
        lines.append("  （无）")
    return lines


# --------------------------------------------------------------------------- last year's plan

QUOTE = 50


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[:QUOTE] + "…"


def _window_line(document: Document, window: yoy.Window) -> str:
    first = window.units[0].span.paragraph
    return (f"{window.score:.2f}（标题句 {window.head:.2f}）"
            f"{where(document, document.paragraphs[first].first_line)}，{len(window.units)} 句：“{_quote(window.text)}”")


def render_follow_through(document: Document, previous: Document, ruleset: RuleSet) -> str:
    """Each of last year's plan items with its verdict, its best windows of done work (share of the item,
    share of its head) and the postponement or pending statement given to it."""
    from validator.checks.yoy import OUTCOME_NAME, FollowThroughParams, compare_plans

    rule = next((r for r in ruleset.rules if r.check == "plan-followthrough" and r.enabled), None)
    if rule is None:
        return ""
    params: FollowThroughParams = rule.params
    lines = [f"上年安排逐项对照（上年报告：{previous.source.path}；阈值：占该项 {params.thresholds.delivered:g}、"
             f"标题句 {params.thresholds.head:g}，或占该项 {params.thresholds.confident:g}）："]
    deliveries = compare_plans(document, previous, params, document.paragraphs_of(rule.scope), ruleset.vocabulary)
    if isinstance(deliveries, str):
        return _join([*lines, f"  {deliveries}"])
    for d in deliveries:
        synonyms = "；".join(f"同义词“{a}”＝“{b}”" for a, b in d.synonyms)
        lines.append(f"  {d.item.ordinal}. {d.item.name} → {OUTCOME_NAME[d.outcome]}" + (f"（{synonyms}）" if synonyms else ""))
        for rank, window in enumerate(d.candidates, 1):
            lines.append(f"     候选{rank} {_window_line(document, window)}")
        if not d.candidates:
            lines.append("     候选：无（本年报告中没有与该项共同的词）")
        if d.statement is not None:
            modality = d.statement.units[-1].modality
            kind = "推迟或取消" if modality and modality.kind == "postponed" else "尚未完成"
            cue = f"（“{modality.cue}”）" if modality else ""
            lines.append(f"     {kind}的说法{cue} {_window_line(document, d.statement)}")
        if d.missing:
            lines.append(f"     尚未见：{'；'.join(_quote(c) for c in d.missing)}")
    return _join(lines)
