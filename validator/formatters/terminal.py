"""The terminal report, rendered with rich: per file a status line, the checklist, the findings.

Every string from outside (file names, report text, rule files) goes through ``v`` (escape.visible) before
it becomes a rich ``Text``: rich passes escape sequences and newlines through to the terminal, and a
``Text`` (never a markup string) keeps "[bold]" in a report as text.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from validator.escape import visible as v
from validator.formatters import Formatter, content
from validator.model import SEVERITY_NAME, Finding, Metadata
from validator.pipeline import FileReport
from validator.ruleset import RuleSet

STATUS_STYLE = {"pass": "green", "partial": "yellow", "fail": "red", "not_applicable": "dim", "error": "magenta"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class TerminalFormatter(Formatter):
    streams = True
    for_people = True

    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False) -> None:
        super().__init__(out, ruleset, color)
        self.console = Console(file=out, force_terminal=color, no_color=not color, highlight=False,
                               width=None if color else 100, soft_wrap=False)
        self.counts = content.Counts()

    def add(self, report: FileReport) -> None:
        self.counts.add(report)
        if report.error is not None:
            self.console.print(Text.assemble(("! ", "magenta"), (v(report.path), "bold"), f"  无法检查：{v(report.error)}"))
            self.console.print()
            return
        self.console.print(Panel(Group(*self._body(report)), title=self._title(report), title_align="left",
                                 border_style="green" if report.status == "pass" else "red"))

    def finish(self) -> None:
        line = self.counts.line()
        if line:
            self.console.print(line)

    # ------------------------------------------------------------------ pieces

    def _title(self, report: FileReport) -> Text:
        ok, verdict = content.verdict(report)
        return Text.assemble((v(report.path), "bold"), "  ", (verdict, "bold green" if ok else "bold red"))

    def _body(self, report: FileReport) -> list[RenderableType]:
        parts: list[RenderableType] = []
        if report.metadata is not None:
            parts.append(self._metadata(report.metadata))
        for note in report.document.source.notes if report.document is not None else ():
            parts.append(Text.assemble(("说明：", "dim"), note))
        if report.previous is not None:
            parts.append(Text.assemble(("上年报告：", "dim"), v(report.previous)))
        parts.append(self._checklist(report))
        parts.extend(self._itemised(block) for block in content.itemised(report.results))
        findings = report.findings
        if findings:
            parts.append(Text(f"\n发现的问题（{len(findings)}）", style="bold"))
            parts.extend(self._finding(f) for f in findings)
        if report.suppressed:
            parts.append(Text(f"\n已抑制的问题（{len(report.suppressed)}，不影响得分；--no-suppress 可全部显示）",
                              style="bold"))
            for item in report.suppressed:
                parts.append(Text.assemble(("  – ", "dim"), v(item.finding.message), "  ",
                                           (f"({v(item.finding.rule)})", "dim"),
                                           ("\n    理由：", "dim"), v(item.reason), ("  （" + v(item.source) + "）", "dim")))
        return parts

    @staticmethod
    def _metadata(meta: Metadata) -> Text:
        text = Text()
        for i, (label, value) in enumerate(content.metadata_fields(meta)):
            text.append(f"{label}：", style="dim")
            text.append(v(value))
            text.append("\n" if i in (0, 4) else "    ")
        return text

    @staticmethod
    def _checklist(report: FileReport) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
        table.add_column("", width=1)
        table.add_column("检查项")
        table.add_column("规则", style="dim")
        table.add_column("得分", justify="right")
        table.add_column("依据 / 证据", overflow="fold")
        for row in content.checklist(report.results):
            table.add_row(Text(row.mark, style=STATUS_STYLE.get(row.status, "")), Text(v(row.title)), Text(v(row.rule)),
                          row.credit, Text(v(row.detail)))
        return table

    @staticmethod
    def _itemised(block: content.Itemised) -> Group:
        heading = Text.assemble(("\n" + v(block.title), "bold"), f"：{v(block.note)}" if block.note else "")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(overflow="fold")
        for item in block.items:
            mark = Text("✓", "green") if item.ok else Text("✗", "red")
            grid.add_row(mark, Text.assemble(v(item.lead), (v(item.where), "dim"), v(item.tail)))
        return Group(heading, grid)

    @staticmethod
    def _finding(f: Finding) -> Group:
        label = SEVERITY_NAME.get(f.severity, f.severity)
        head = Text.assemble((f"[{label}] ", SEVERITY_STYLE.get(f.severity, "")), v(f.message), "  ",
                             (f"({v(f.rule)})", "dim"))
        lines: list[RenderableType] = [head]
        where = content.finding_where(f)
        if where:
            lines.append(Text.assemble(("    位置：", "dim"), v(where)))
        lines.append(Text.assemble(("    依据：", "dim"), v(f.basis)))
        lines.append(Text.assemble(("    建议：", "dim"), v(f.hint)))
        return Group(*lines)
