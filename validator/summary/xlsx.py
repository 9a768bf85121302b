"""``summary --format xlsx``: the spreadsheet reviewers already use (openpyxl, the optional ``xlsx`` extra).

Three sheets: 汇总 (one row per report, one column per rule, filterable, header frozen), 规则通过率,
and 问题明细 (one row per finding with its quote, basis and fix).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from validator.errors import UsageError
from validator.escape import FORMULA_START, visible
from validator.summary.csv_format import header, row_cells
from validator.model import SEVERITY_NAME
from validator.summary.model import Summary, rate_text

STATUS_FILL = {"通过": "E2F0D9", "未通过": "F8D7DA", "无法读取": "FFF3CD", "部分通过": "FFF3CD"}
NUMERIC_COLUMNS = {"序号", "年度", "得分", "问题数", "已抑制"}


def render_xlsx(summary: Summary) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise UsageError("xlsx 格式需要 openpyxl：pip install 'fazhi-lint[xlsx]'") from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "汇总"
    rows = [row_cells(i, row, summary) for i, row in enumerate(summary.rows, 1)]
    _fill(sheet, header(summary), [[_number(h, v) for h, v in zip(header(summary), r)] for r in rows])
    _color_status(sheet, header(summary))
    rates = book.create_sheet("规则通过率")
    _fill(rates, ["规则", "检查项", "级别", "权重", "通过", "部分通过", "未通过", "不适用", "通过率"],
          [[r.rule, r.title, SEVERITY_NAME.get(r.severity, r.severity), r.weight, r.passed, r.partial, r.failed,
            r.not_applicable, rate_text(r.rate)] for r in summary.rates])
    issues = book.create_sheet("问题明细")
    _fill(issues, ["报告", "发文机关", "规则", "检查项", "级别", "问题", "位置", "原文", "依据", "修改建议"],
          [[row.name, row.issuer, i.rule, i.title, SEVERITY_NAME.get(i.severity, i.severity), i.message,
            i.quote.where, i.quote.text, i.basis, i.hint] for row in summary.rows for i in row.issues])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _number(column: str, value: str) -> Any:
    """Numbers as numbers, so Excel sorts and averages them."""
    if column in NUMERIC_COLUMNS and value:
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _fill(sheet: Any, head: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _append(sheet, head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        _append(sheet, row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 200)), 1):
        longest = max((_display_width(str(c.value or "")) for c in column), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = max(6, min(60, longest + 2))


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


def _color_status(sheet: Any, head: Sequence[str]) -> None:
    from openpyxl.styles import PatternFill

    for row in sheet.iter_rows(min_row=2):
        for cell in row[head.index("状态"):]:
            color = STATUS_FILL.get(str(cell.value))
            if color:
                cell.fill = PatternFill("solid", start_color=color, end_color=color)
