"""``summary --format xlsx``: the spreadsheet reviewers already use (openpyxl, imported only here).

Three sheets: 汇总 (one row per report, named by its title and issuer, one column per rule), 规则通过率
and 问题明细 (one row per finding with its quote, basis and fix). Each sheet has a title row and the
reviewing office and date above its header; the header is frozen, filterable and repeated on every
printed page; pages are A4 landscape, one page wide. Scores, years and dates are numbers and dates, and
pass rates numbers shown as percentages, so Excel sorts, filters and averages them; statuses are
coloured; long text wraps.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from validator.errors import UsageError
from validator.escape import FORMULA_START, visible
from validator.model import SEVERITY_NAME
from validator.summary.model import (
    CHECK_NAME,
    Row,
    Summary,
    counts_text,
    heading_line,
)

STATUS_FILL = {"通过": "E2F0D9", "未通过": "F8D7DA", "无法读取": "FFF3CD", "部分通过": "FFF3CD",
               "不是年度报告": "E7E6E6", "不适用": "F2F2F2"}
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
HEADER_FILL = "DDEBF7"
TITLE_ROWS = 2  # the title, then the reviewing office, date and counts; the header is the row below
WIDE = 48  # columns of running text (missing items, quotes, basis) are this wide and wrap
NARROW_MAX = 30


def render_xlsx(summary: Summary) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:  # a dependency: only a broken installation lacks it
        raise UsageError("xlsx 格式需要 openpyxl（fazhi-lint 的依赖，安装不完整）：pip install openpyxl") from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "汇总"
    _reports_sheet(sheet, summary)
    _rates_sheet(book.create_sheet("规则通过率"), summary)
    _issues_sheet(book.create_sheet("问题明细"), summary)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- sheets


def _reports_sheet(sheet: Any, summary: Summary) -> None:
    rule_columns = [f"{r.title}（{r.rule}）" for r in summary.rates]
    head = ["序号", "报告", "发文机关", "年度", "类型", "成文日期", "发布日期", "得分", "状态", "缺失或未通过的要素",
            "问题数", "已抑制", *rule_columns, "文件"]
    rows = [_report_cells(i, row, summary) for i, row in enumerate(summary.rows, 1)]
    _table(sheet, summary, head, rows, wide={"报告", "缺失或未通过的要素"})
    first = TITLE_ROWS + 2
    for row in sheet.iter_rows(min_row=first, max_row=first + len(rows) - 1):
        for cell in row[head.index("状态"):head.index("文件")]:
            _fill_status(cell)
        row[head.index("得分")].number_format = "0.0"
    if summary.notes:
        _append(sheet, [])
        _append(sheet, ["本批报告需要注意："])
        for note in summary.notes:
            _append(sheet, [note])


def _report_cells(index: int, row: Row, summary: Summary) -> list[Any]:
    status = {c.rule: CHECK_NAME.get(c.status, c.status) for c in row.checks}
    return [index, row.label, row.issuer, row.year, row.kind, row.signed, row.published, row.score,
            row.status_name, row.missing, len(row.issues), len(row.suppressed),
            *(status.get(r.rule, "") for r in summary.rates), row.name]


def _rates_sheet(sheet: Any, summary: Summary) -> None:
    head = ["检查项", "规则", "级别", "权重", "通过", "部分通过", "未通过", "不适用", "通过率"]
    rows = [[r.title, r.rule, SEVERITY_NAME.get(r.severity, r.severity), r.weight, r.passed, r.partial, r.failed,
             r.not_applicable, r.rate] for r in summary.rates]
    _table(sheet, summary, head, rows, wide=set())
    rate = head.index("通过率")
    for row in sheet.iter_rows(min_row=TITLE_ROWS + 2):
        row[rate].number_format = "0%"


def _issues_sheet(sheet: Any, summary: Summary) -> None:
    head = ["报告", "发文机关", "检查项", "规则", "级别", "问题", "位置", "原文", "依据", "修改建议", "文件"]
    rows = [[row.label, row.issuer, i.title, i.rule, SEVERITY_NAME.get(i.severity, i.severity), i.message,
             i.quote.where, i.quote.text, i.basis, i.hint, row.name] for row in summary.rows for i in row.issues]
    _table(sheet, summary, head, rows, wide={"报告", "问题", "原文", "依据", "修改建议"})


# --------------------------------------------------------------------------- building blocks


def _table(sheet: Any, summary: Summary, head: Sequence[str], rows: Sequence[Sequence[Any]], wide: set[str]) -> None:
    """Title rows, a header and the rows, with wrapping, widths, filter, frozen header and print setup."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    _append(sheet, [summary.heading.title])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    _append(sheet, [f"{heading_line(summary)}　{counts_text(summary)}"])
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(head))
    header_row = TITLE_ROWS + 1
    _append(sheet, head)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in rows:
        _append(sheet, values)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=header_row + len(rows)):
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    last = get_column_letter(len(head))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(1, len(rows))}"
    for index, name in enumerate(head, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(name, [r[index - 1] for r in rows[:200]], wide)
    _print_setup(sheet, header_row)


def _width(name: str, values: Sequence[Any], wide: set[str]) -> float:
    if name in wide:
        return WIDE
    longest = max((_display_width(_shown(v)) for v in values), default=0)
    return max(6, min(NARROW_MAX, max(longest, _display_width(name)) + 2))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "2025年12月31日"
    return str(value)


def _print_setup(sheet: Any, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


def _fill_status(cell: Any) -> None:
    from openpyxl.styles import PatternFill

    color = STATUS_FILL.get(str(cell.value))
    if color:
        cell.fill = PatternFill("solid", start_color=color, end_color=color)


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """One row of cells. Text is made visible (a control character is not even allowed in the XML), and a
    cell starting with = + - @ is stored as text with Excel's quote prefix: shown as written, never
    evaluated as a formula, not even after it is edited."""
    sheet.append([visible(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

