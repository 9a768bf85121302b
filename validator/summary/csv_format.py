"""``summary --format csv``: one row per report, one column per rule; UTF-8 with BOM so Excel reads Chinese."""

from __future__ import annotations

import csv
import io

from validator.escape import spreadsheet_cell
from validator.summary.model import CHECK_NAME, Row, Summary, score_text

BOM = "\ufeff"


def header(summary: Summary) -> list[str]:
    return ["序号", "报告", "标题", "发文机关", "年度", "类型", "成文日期", "发布日期", "得分", "状态",
            "通过与否的原因", "缺失或未通过的要素", "问题数", "已抑制", *(f"{r.title}（{r.rule}）" for r in summary.rates)]


def row_cells(index: int, row: Row, summary: Summary) -> list[str]:
    status = {c.rule: CHECK_NAME.get(c.status, c.status) for c in row.checks}
    return [str(index), row.name, row.title, row.issuer, str(row.year or ""), row.kind,
            row.signed.isoformat() if row.signed else "", row.published.isoformat() if row.published else "",
            "" if row.score is None else score_text(row.score), row.status_name, row.reason, row.missing,
            str(len(row.issues)), str(len(row.suppressed)), *(status.get(r.rule, "") for r in summary.rates)]


def render_csv(summary: Summary) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    # every cell visible and never a formula ("=HYPERLINK(…)" in a report title stays text in Excel)
    writer.writerow([spreadsheet_cell(cell) for cell in header(summary)])
    for i, row in enumerate(summary.rows, 1):
        writer.writerow([spreadsheet_cell(cell) for cell in row_cells(i, row, summary)])
    return BOM + buf.getvalue()
