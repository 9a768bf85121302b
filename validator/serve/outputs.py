"""The web application's one point of contact with fazhi-lint's outputs (validator.summary, validator.annotate).

Everything the page shows or offers for download is made here from the public functions of those packages:
the summary model (``build_summary``), the HTML summary's columns and cells, the XLSX, the 审查意见 drafts
and the Word comments. When those outputs change (issue 14: drafts as 公文 .docx, a formatted XLSX, a title
block in the HTML summary), this module is the one to change; the server and the page only move what it
returns.

What a reviewer types in (the batch title and 审查单位) becomes the summary's heading, which every renderer
shows (the HTML title block, the XLSX title rows, the 审查意见's 落款); the XLSX also gains a 批次 sheet naming
the rule set, and the 审查单位 is the author of the Word comments.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from validator.escape import visible

if TYPE_CHECKING:
    from validator.results import FileReport
    from validator.ruleset import RuleSet
    from validator.summary.model import Check, Issue, Quote, Row, Summary

DEFAULT_TITLE = "法治政府建设年度报告审查汇总"


@dataclass(frozen=True)
class BatchInfo:
    """What the reviewer said about a batch: its title, the 审查单位, and the rule set chosen (for people)."""

    title: str = ""
    unit: str = ""
    profile: str = ""

    @property
    def heading(self) -> str:
        return self.title or DEFAULT_TITLE


@dataclass(frozen=True)
class Download:
    name: str  # the file name offered to the browser
    content: bytes
    media_type: str


# --------------------------------------------------------------------------- the summary


def build(reports: Sequence[FileReport], ruleset: RuleSet) -> Summary:
    from validator.summary.model import build_summary

    return build_summary(reports, ruleset)


def columns() -> list[dict[str, str]]:
    """The table's headers and how each column sorts, as in the HTML summary."""
    from validator.summary.html import COLUMNS

    return [{"name": name, "type": kind} for name, kind, _ in COLUMNS]


def table(summary: Summary) -> dict[str, Any]:
    """The page's table: one entry per report with the HTML summary's cells (text and sort key), worst first.

    Every string is made visible (control characters, bidirectional overrides and bytes that were not
    UTF-8 as escapes) exactly as the HTML summary does before escaping; the page puts them in as text."""
    from validator.summary.html import STATUS_RANK
    from validator.summary.model import score_text

    from validator.summary.model import date_text

    rows = []
    for index, row in enumerate(summary.rows, 1):
        score = "" if row.score is None else f"{row.score:.1f}"
        signed, published = ((d.isoformat() if d else "", date_text(d)) for d in (row.signed, row.published))
        cells = [
            (str(index), str(index)), (row.label, row.label), (row.issuer, row.issuer),
            (str(row.year or ""), str(row.year or "")), (row.kind, row.kind), signed, published,
            (score, score_text(row.score)), (str(STATUS_RANK.get(row.status, 0)), row.status_text),
            (row.missing, row.missing),
        ]
        rows.append({
            "index": index - 1, "status": row.status, "name": visible(row.name),
            "cells": [{"sort": visible(key), "text": visible(text)} for key, text in cells],
        })
    return {"columns": columns(), "counts": visible(counts_text(summary)), "rows": rows,
            "rates": rates(summary)}


def counts_text(summary: Summary) -> str:
    from validator.summary.model import score_text

    return (f"共 {len(summary.rows)} 份：通过 {summary.count('pass')}，未通过 {summary.count('fail')}，"
            f"无法读取 {summary.count('error')}；平均得分 {score_text(summary.average)}"
            + (f"；已抑制问题 {summary.suppressed} 个" if summary.suppressed else "") + "。")


def rates(summary: Summary) -> list[dict[str, Any]]:
    from validator.summary.model import rate_text

    return [{"rule": visible(r.rule), "title": visible(r.title), "passed": r.passed, "partial": r.partial,
             "failed": r.failed, "not_applicable": r.not_applicable, "rate": r.rate, "rate_text": rate_text(r.rate)}
            for r in summary.rates]


def detail(row: Row) -> dict[str, Any]:
    """One report's checklist with its evidence, as the HTML summary shows it when the report is opened."""
    from validator.summary.model import CHECK_MARK, CHECK_NAME

    out: dict[str, Any] = {"name": visible(row.name), "error": None if row.error is None else visible(row.error),
                           "previous": None if row.previous is None else visible(row.previous),
                           "notes": [visible(n) for n in row.notes], "checks": [], "other": [], "suppressed": []}
    if row.error is not None:
        return out
    for c in row.checks:
        out["checks"].append({
            "status": c.status, "mark": CHECK_MARK.get(c.status, "?"), "status_name": CHECK_NAME.get(c.status, c.status),
            "title": visible(c.title), "rule": visible(c.rule),
            "points": "—" if c.points is None else f"{c.points:g}/{c.weight:g}", "body": _check_body(c),
        })
    on_checks = {c.rule for c in row.checks}
    out["other"] = [_issue(i) for i in row.issues if i.rule not in on_checks]
    out["suppressed"] = [{"title": visible(s.issue.title), "rule": visible(s.issue.rule),
                          "message": visible(s.issue.message), "reason": visible(s.reason),
                          "source": visible(s.source)} for s in row.suppressed]
    return out


def _check_body(c: Check) -> list[dict[str, Any]]:
    quoted = {i.quote.text for i in c.issues}  # evidence an issue already quotes is not shown twice
    body = [_issue(i) for i in c.issues] + [_quote(q) for q in c.evidence if q.text and q.text not in quoted]
    if not body and c.note:
        body.append({"kind": "note", "text": visible(c.note)})
    return body


def _quote(q: Quote) -> dict[str, Any]:
    return {"kind": "quote", "text": visible(q.text), "where": visible(q.where)}


def _issue(i: Issue) -> dict[str, Any]:
    from validator.model import SEVERITY_NAME

    return {"kind": "issue", "severity": i.severity, "severity_name": SEVERITY_NAME.get(i.severity, i.severity),
            "message": visible(i.message), "where": visible(i.quote.where), "quote": visible(i.quote.text),
            "basis": visible(i.basis), "hint": visible(i.hint)}


# --------------------------------------------------------------------------- downloads


def headed(summary: Summary, info: BatchInfo) -> Summary:
    """The summary under the reviewer's batch title and 审查单位."""
    import dataclasses

    from validator.summary.model import Heading

    return dataclasses.replace(summary, heading=Heading(title=info.heading, unit=info.unit))


def xlsx(summary: Summary, info: BatchInfo) -> Download:
    """The summary's XLSX, with a 批次 sheet naming the batch, the 审查单位 and the rule set."""
    from openpyxl import load_workbook

    from validator.summary import get_renderer

    content = get_renderer("xlsx")(headed(summary, info))
    assert isinstance(content, bytes)
    book = load_workbook(io.BytesIO(content))
    sheet = book.create_sheet("批次")
    for key, value in (("批次", info.heading), ("审查单位", info.unit), ("规则方案", info.profile),
                       ("报告数", len(summary.rows)), ("生成工具", f"fazhi-lint {summary.tool_version}")):
        _append(sheet, key, value)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 60
    book.properties.title = visible(info.heading)
    if info.unit:
        book.properties.creator = visible(info.unit)
    buffer = io.BytesIO()
    book.save(buffer)
    return Download(file_name(info.heading, ".xlsx"), buffer.getvalue(),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _append(sheet: Any, key: str, value: object) -> None:
    """A row written as the summary writes its own cells: text made visible, and never read as a formula
    (a 审查单位 starting with "=" is stored as text with Excel's quote prefix)."""
    from validator.escape import FORMULA_START

    sheet.append([key, visible(value) if isinstance(value, str) else value])
    cell = sheet.cell(row=sheet.max_row, column=2)
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def html(summary: Summary, info: BatchInfo) -> Download:
    """The self-contained HTML summary under the batch's title and 审查单位."""
    from validator.summary import get_renderer

    page = get_renderer("html")(headed(summary, info))
    assert isinstance(page, str)
    return Download(file_name(info.heading, ".html"), page.encode("utf-8"), "text/html; charset=utf-8")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def opinion(row: Row, info: BatchInfo, taken: set[str] | None = None) -> Download:
    """The 审查意见 of one report as ``summary --opinions`` writes it (a Word 公文), signed by the 审查单位."""
    from validator.summary import opinion_stem
    from validator.summary.opinion import LETTER, draft
    from validator.summary.opinion_docx import letter_docx

    letter, _ = draft(row, info.unit)
    stem = opinion_stem(row, set() if taken is None else taken)
    return Download(f"{stem}.{LETTER}.docx", letter_docx(letter), DOCX)


def opinions_zip(summary: Summary, info: BatchInfo) -> Download:
    """Every report's 审查意见 and 审查人备注 in one .zip, under the names ``summary --opinions`` gives them."""
    from validator.summary import opinion_stem
    from validator.summary.model import NOT_REPORT
    from validator.summary.opinion import LETTER, NOTE, draft
    from validator.summary.opinion_docx import letter_docx, note_docx

    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in summary.rows:
            if row.status == NOT_REPORT:
                continue
            letter, note = draft(row, info.unit)
            stem = opinion_stem(row, taken)
            archive.writestr(f"{stem}.{LETTER}.docx", letter_docx(letter))
            archive.writestr(f"{stem}.{NOTE}.docx", note_docx(note))
    return Download(file_name(info.heading + "-审查意见", ".zip"), buffer.getvalue(), "application/zip")


def annotated(report: FileReport, original: bytes, out_path: str, author: str) -> int:
    """The report with each finding as a Word comment (``check --annotate``), written to ``out_path``."""
    from validator.annotate import DEFAULT_AUTHOR, write_annotated

    return write_annotated(report, original, out_path, author or DEFAULT_AUTHOR)


def annotated_name(row_name: str) -> str:
    stem = re.sub(r"\.[^./\\]*$", "", row_name.replace("\\", "/").rsplit("/", 1)[-1])
    return file_name(stem + ".批注", ".docx")


def file_name(stem: str, suffix: str) -> str:
    """A file name for a download: no path separators, control or reserved characters, at most 100 characters."""
    clean = re.sub(r"[\\/:*?\"<>|\s\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]+", "_", visible(stem))
    clean = clean.strip("._") or "fazhi-lint"
    return clean[:100] + suffix
