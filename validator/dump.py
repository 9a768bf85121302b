"""``check --dump-text``: exactly what the checker sees — the section tree and the normalised text."""

from __future__ import annotations

from validator import hanzi
from validator.escape import visible
from validator.model import Document
from validator.segment import Classifier


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


def render_document(document: Document, classifier: Classifier) -> str:
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
    # each line stays one line: control characters in the text are shown as escapes (\x1b, \n)
    return "\n".join(visible(line) for line in lines) + "\n\n"
