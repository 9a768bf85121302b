"""``--format text``: the terminal report as plain lines, for pipes, pre-commit and CI logs.

The same content as the rich report (validator.formatters.content) without boxes, colours or
the rich library, which would cost a hook run more time than checking the report does. Lines are
not broken: whoever shows the log wraps them.
"""

from __future__ import annotations

from validator.escape import visible
from validator.formatters import Formatter, content
from validator.results import FileReport, RunStats


class TextFormatter(Formatter):
    streams = True
    for_people = True

    def add(self, report: FileReport) -> None:
        if report.error is not None:
            self._write(f"! {report.path}  无法检查：{report.error}", "")
            return
        self._write(f"== {report.path}", f"   {content.verdict(report)[1]}")
        why = content.reason(report)
        if why:
            self._write(f"   {why}")
        if report.metadata is not None:
            self._write("   " + "    ".join(f"{label}：{value}" for label, value in content.metadata_fields(report.metadata)))
        for note in report.document.source.notes if report.document is not None else ():
            self._write(f"   说明：{note}")
        if report.previous is not None:
            self._write(f"   上年报告：{report.previous}")
        self._checklist(report)
        self._groups(report)
        for line in content.suppression_lines(report, self.verbose):
            self._write(f"   {line}")
        self._write("")

    def _checklist(self, report: FileReport) -> None:
        if not self.verbose:
            self._write(f"   {content.tally(report.results)}（--verbose 逐项列出）")
        else:
            for row in content.checklist(report.results):
                detail = f"  {row.detail}" if row.detail else ""
                self._write(f" {row.mark} {row.title}（{row.rule}）{row.credit}{detail}")
        for block in content.itemised(report.results):
            self._write(f"   {block.title}：{block.note}" if block.note else f"   {block.title}")
            for item in block.items:
                self._write(f"   {'✓' if item.ok else '✗'} {item.lead}{item.where}{item.tail}")

    def _groups(self, report: FileReport) -> None:
        groups = content.groups(report)
        if groups:
            count = sum(len(g.occurrences) or 1 for g in groups)
            self._write(f"   问题（{count} 处，按规则归并为 {len(groups)} 项；错误在前）")
        for group in groups:
            self._write(f"   {content.group_heading(group)}")
            shown = group.occurrences if self.verbose else group.occurrences[:content.SHOWN_OCCURRENCES]
            if group.itemised and not self.verbose:
                self._write("     （逐项见上）")
                shown = ()
            for occurrence in shown:
                self._write(f"     {occurrence.message}")
                if occurrence.where or occurrence.quote:
                    quote = occurrence.quote if self.verbose else occurrence.short_quote()
                    self._write(f"         {occurrence.where}  “{quote}”" if quote else f"         {occurrence.where}")
            rest = group.occurrences[len(shown):] if not group.itemised or self.verbose else ()
            if rest:
                self._write(f"     {content.rest_positions(rest)}")
            if group.unlisted:
                self._write(f"     {group.unlisted}")
            basis = group.basis if self.verbose else content.short_basis(group.basis)
            self._write(f"     依据：{basis}", f"     建议：{group.hint}")

    def finish(self, stats: RunStats) -> None:
        line = content.closing_line(stats)
        if line:
            self._write(line)

    def _write(self, *lines: str) -> None:
        # one line stays one line: newlines, escape sequences and the like from file names and report
        # text are written as visible escapes
        self.out.write("".join(visible(line) + "\n" for line in lines))
