"""``summary --format docx``: the reviewer's table as a Word document, A4 landscape (validator.gongwen).

The title, the reviewing office and date, the counts and the batch's own problems, then the table —
its header repeated on every page, no row split across pages, the status cells coloured — and the
pass rates of the rules that applied to some report. Per-report detail is in the 审查意见 drafts.
"""

from __future__ import annotations

from validator.gongwen import LANDSCAPE_PAGE, WordDocument
from validator.summary.model import (
    Summary,
    counts_text,
    date_text,
    heading_line,
    rate_text,
    score_text,
    unused_rules_text,
)

STATUS_FILL = {"pass": "E2F0D9", "fail": "F8D7DA", "error": "FFF3CD", "not_report": "E7E6E6"}
# widths in mm: 267 mm between the margins of a landscape A4 page
REPORT_COLUMNS = (("序号", 11), ("报告", 52), ("发文机关", 34), ("年度", 15), ("成文日期", 24), ("发布日期", 24),
                  ("得分", 14), ("状态", 18), ("缺失或未通过的要素", 75))
RATE_COLUMNS = (("检查项", 70), ("规则", 62), ("通过", 20), ("部分通过", 20), ("未通过", 20), ("不适用", 20),
                ("通过率", 22))


def render_docx(summary: Summary) -> bytes:
    doc = WordDocument(page=LANDSCAPE_PAGE, body_pt=10.5, line_pt=None)
    doc.title(summary.heading.title, size=18)
    doc.flush(heading_line(summary))
    doc.flush(counts_text(summary) + "按状态和得分排列，最需要处理的在前。")
    if summary.notes:
        doc.flush("本批报告需要注意：", bold=True)
        for note in summary.notes:
            doc.bullet(note)
    doc.blank()
    rows = [[str(i), row.label, row.issuer, str(row.year or ""), date_text(row.signed), date_text(row.published),
             score_text(row.score), row.status_name, row.missing] for i, row in enumerate(summary.rows, 1)]
    status = [name for name, _ in REPORT_COLUMNS].index("状态")
    fills = [[STATUS_FILL.get(row.status) if c == status else None for c in range(len(REPORT_COLUMNS))]
             for row in summary.rows]
    doc.table([name for name, _ in REPORT_COLUMNS], rows, [width for _, width in REPORT_COLUMNS], fills)
    doc.blank()
    doc.flush("各规则通过率", bold=True, size=12)
    rates = [[r.title, r.rule, str(r.passed), str(r.partial), str(r.failed), str(r.not_applicable), rate_text(r.rate)]
             for r in summary.rates if r.applicable]
    doc.table([name for name, _ in RATE_COLUMNS], rates, [width for _, width in RATE_COLUMNS])
    unused = unused_rules_text(summary)
    if unused:
        doc.flush(unused)
    doc.flush(f"由 fazhi-lint {summary.tool_version} 生成。得分 = 100 × Σ(权重 × 得分系数) / Σ(适用规则的权重)。")
    doc.properties(summary.heading.title, summary.heading.unit or "fazhi-lint")
    return doc.save()
