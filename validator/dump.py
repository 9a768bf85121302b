"""``check --dump-text``: exactly what the checker sees — the section tree and the normalised text."""

from __future__ import annotations

from validator.model import Document
from validator.segment import Classifier


def render_document(document: Document, classifier: Classifier) -> str:
    src = document.source
    lines = [f"== {src.path}（格式 {src.format}" + (f"，编码 {src.encoding}" if src.encoding else "") + "）"]
    meta = document.metadata.as_dict()
    lines.append("元数据：" + "；".join(f"{k}={v if v is not None else '—'}" for k, v in meta.items()))
    lines.append("部分结构：")
    for top in document.sections:
        for s in top.walk():
            first = document.paragraphs[s.start].first_line + 1
            kind = f"{s.kind}（{classifier.name_of(s.kind)}）" if s.depth == 0 else s.kind
            lines.append(f"{'  ' * (s.depth + 1)}[{kind}] {s.title}  ← 第{first}行")
    lines.append("规范化文本（¶段落号 L原始行号）：")
    for p in document.paragraphs:
        marker = "#" if p.heading is not None else " "
        lines.append(f"¶{p.index:<3} L{p.first_line + 1:<4}{marker} {p.text}")
    return "\n".join(lines) + "\n\n"
