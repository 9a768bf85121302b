"""``summary --format markdown``: the reviewer's table, pass rates and per-report checklists, for a ticket."""

from __future__ import annotations

from validator.summary.model import (
    CHECK_MARK,
    CHECK_NAME,
    Issue,
    Quote,
    Row,
    Summary,
    counts_text,
    date_text,
    heading_line,
    rate_text,
    score_text,
)
from validator.summary.text import code, md


def render_markdown(summary: Summary) -> str:
    lines = [f"# {md(summary.heading.title)}", "", md(heading_line(summary)), "", counts_line(summary), ""]
    if summary.notes:
        lines += ["**本批报告需要注意：**", "", *(f"- {md(note)}" for note in summary.notes), ""]
    lines += ["| 序号 | 报告 | 发文机关 | 年度 | 类型 | 成文日期 | 发布日期 | 得分 | 状态 | 缺失或未通过的要素 |",
              "|---:|---|---|---:|---|---|---|---:|---|---|"]
    for i, row in enumerate(summary.rows, 1):
        lines.append(f"| {i} | {md(row.label)} | {md(row.issuer)} | {row.year or ''} | {row.kind} | "
                     f"{date_text(row.signed)} | {date_text(row.published)} | "
                     f"{score_text(row.score)} | {md(row.status_text)} | {md(row.missing)} |")
    lines += ["", "## 各规则通过率", "", "| 检查项 | 规则 | 通过 | 部分通过 | 未通过 | 不适用 | 通过率 |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for r in summary.rates:
        lines.append(f"| {md(r.title)} | `{r.rule}` | {r.passed} | {r.partial} | {r.failed} | {r.not_applicable} | "
                     f"{rate_text(r.rate)} |")
    lines += ["", "## 逐份检查清单", ""]
    for row in summary.rows:
        lines += report_section(row)
    return "\n".join(lines)


def counts_line(summary: Summary) -> str:
    return md(counts_text(summary))


def report_section(row: Row) -> list[str]:
    head = f"### {md(row.label)}（{md(row.status_text)}，得分 {score_text(row.score)}）"
    lines = [head, "", f"文件：{code(row.name)}", ""]
    if row.error is not None:
        return lines + [f"无法读取：{md(row.error)}", ""]
    if row.not_report is not None:
        return lines + [f"不是年度报告，未评分：{md(row.not_report)}", ""]
    lines += ["| | 检查项 | 得分 | 证据或问题 |", "|---|---|---:|---|"]
    for c in row.checks:
        points = "—" if c.points is None else f"{c.points:g}/{c.weight:g}"
        lines.append(f"| {CHECK_MARK.get(c.status, '?')} {CHECK_NAME.get(c.status, c.status)} | {md(c.title)} | "
                     f"{points} | {md(detail(c.evidence, c.issues, c.note))} |")
    for s in row.suppressed:
        lines.append(f"| {s.state} | {md(s.issue.title)} | | {md(s.issue.message)}；理由：{md(s.reason)} |")
    return lines + [""]


def detail(evidence: tuple[Quote, ...], issues: tuple[Issue, ...], note: str) -> str:
    """Problems first, then up to two evidence quotes; the check's note when there is neither."""
    parts = [i.message + (f"（{i.quote.where}）" if i.quote.where else "") for i in issues]
    parts += [f"“{q.text}”" + (f"（{q.where}）" if q.where else "") for q in evidence[:2]]
    return "；".join(parts) or note
