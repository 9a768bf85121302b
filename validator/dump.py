"""``check --dump-text``: exactly what the checker sees — the section tree and the normalised text."""

from __future__ import annotations

from validator import claims, hanzi, timeouts
from validator.model import Document
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
    return "\n".join(lines) + "\n\n"


def _claims(document: Document, ruleset: RuleSet) -> list[str]:
    """The claims the decision rules judge: topic, instrument, modality, quantities."""
    chars = sum(len(p.text) for p in document.paragraphs)
    try:
        with timeouts.budget(timeouts.rule_budget(chars), timeouts.rule_deadline(chars)):
            found = claims.extract(document, ruleset.vocabulary)
    except TimeoutError as exc:
        return [f"语句主张：提取超时（{exc}）"]
    lines = ["语句主张（事项、制度、语气、时长；决策类规则据此判断）："]
    lines.extend(f"  {claims.describe(c, document, ruleset.vocabulary)}" for c in found.items)
    lines.extend(f"  ¶{s.paragraph} 写明本年度没有重大行政决策事项：{document.paragraphs[s.paragraph].text[s.start:s.end]}"
                 for s in found.no_decisions)
    if len(lines) == 1:
        lines.append("  （无）")
    return lines
