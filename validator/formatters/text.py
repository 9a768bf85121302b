"""``--format text``: the terminal report as plain lines, for pipes, pre-commit and CI logs.

The same content as the rich report (validator.formatters.content) without boxes, colours or
the rich library, which would cost a hook run more time than checking the report does.
"""

from __future__ import annotations

from typing import TextIO

from validator.escape import visible
from validator.formatters import Formatter, content
from validator.model import SEVERITY_NAME
from validator.pipeline import FileReport
from validator.ruleset import RuleSet


class TextFormatter(Formatter):
    streams = True
    for_people = True

    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False) -> None:
        super().__init__(out, ruleset, color)
        self.counts = content.Counts()

    def add(self, report: FileReport) -> None:
        self.counts.add(report)
        if report.error is not None:
            self._write(f"! {report.path}  无法检查：{report.error}", "")
            return
        self._write(f"== {report.path}  {content.verdict(report)[1]}")
        if report.metadata is not None:
            self._write("   " + "    ".join(f"{label}：{value}" for label, value in content.metadata_fields(report.metadata)))
        for note in report.document.source.notes if report.document is not None else ():
            self._write(f"   说明：{note}")
        if report.previous is not None:
            self._write(f"   上年报告：{report.previous}")
        for row in content.checklist(report.results):
            detail = f"  {row.detail}" if row.detail else ""
            self._write(f" {row.mark} {row.title}（{row.rule}）{row.credit}{detail}")
        for block in content.itemised(report.results):
            self._write(f"   {block.title}：{block.note}" if block.note else f"   {block.title}")
            for item in block.items:
                self._write(f"   {'✓' if item.ok else '✗'} {item.lead}{item.where}{item.tail}")
        self._findings(report)
        self._write("")

    def _findings(self, report: FileReport) -> None:
        findings = report.findings
        if findings:
            self._write(f"   发现的问题（{len(findings)}）")
        for f in findings:
            self._write(f"   [{SEVERITY_NAME.get(f.severity, f.severity)}] {f.message}  ({f.rule})")
            where = content.finding_where(f)
            if where:
                self._write(f"       位置：{where}")
            self._write(f"       依据：{f.basis}", f"       建议：{f.hint}")
        if report.suppressed:
            self._write(f"   已抑制的问题（{len(report.suppressed)}，不影响得分；--no-suppress 可全部显示）")
        for item in report.suppressed:
            self._write(f"   – {item.finding.message}  ({item.finding.rule})  理由：{item.reason}（{item.source}）")

    def finish(self) -> None:
        line = self.counts.line()
        if line:
            self._write(line)

    def _write(self, *lines: str) -> None:
        # one line stays one line: newlines, escape sequences and the like from file names and report
        # text are written as visible escapes
        self.out.write("".join(visible(line) + "\n" for line in lines))
