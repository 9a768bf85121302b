"""The terminal report, rendered with rich: per file the status, the score and why, then the findings
grouped by rule, errors first (validator.formatters.content decides what is said).

Every string from outside (file names, report text, rule files) goes through ``v`` (escape.visible) before
it becomes a rich ``Text``: rich passes escape sequences and newlines through to the terminal, and a
``Text`` (never a markup string) keeps "[bold]" in a report as text.

Lines are broken by validator.wrap, by display width and between Chinese characters, never inside
"GB/T 9704-2012" or a rule id; continuation lines hang under their first line. No box is drawn around a
report: in a 40-column terminal every column is needed, and the status and score stand on a line of
their own, so they are never cut off.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from validator.escape import visible as v
from validator import streams
from validator.formatters import Formatter, content
from validator.model import SEVERITY_NAME, Metadata
from validator.results import FileReport, RunStats
from validator.ruleset import RuleSet
from validator.wrap import breaks

STATUS_STYLE = {"pass": "green", "partial": "yellow", "fail": "red", "not_applicable": "dim", "error": "magenta"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK_STYLE = {"✓": "green", "◐": "yellow", "✗": "red", "–": "dim", "!": "magenta"}


class Para:
    """A paragraph of styled text, broken by validator.wrap to the width it is drawn in: the first line
    indented by ``indent`` columns, the lines after it by ``hang``."""

    def __init__(self, text: Text, indent: int = 0, hang: int | None = None) -> None:
        self.text = text
        self.indent = indent
        self.hang = indent if hang is None else hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        width = options.max_width
        spans = breaks(plain, max(1, width - self.indent), max(1, width - self.hang))
        for i, (start, end) in enumerate(spans):
            line = Text(" " * (self.indent if i == 0 else self.hang), no_wrap=True, overflow="crop")
            line.append_text(self.text[start:end])
            line.no_wrap = True
            yield line


def _text(*parts: str | tuple[str, str]) -> Text:
    return Text.assemble(*parts)


class TerminalFormatter(Formatter):
    streams = True
    for_people = True

    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False, verbose: bool = False) -> None:
        super().__init__(out, ruleset, color, verbose)
        self.console = streams.console(file=out, force_terminal=color, no_color=not color, highlight=False,
                                       width=None if color else 100, soft_wrap=False)

    def add(self, report: FileReport) -> None:
        if report.error is not None:
            self.console.print(Para(_text(("! ", "magenta"), (v(report.path), "bold"), f"  无法检查：{v(report.error)}"),
                                    0, 2))
            self.console.print()
            return
        ok = report.status == "pass"
        self.console.print(Rule(Text(v(report.path), style="bold"), align="left",
                                style="green" if ok else "red"))
        for part in self._body(report):
            self.console.print(part)
        self.console.print()

    def finish(self, stats: RunStats) -> None:
        line = content.closing_line(stats)
        if line:
            self.console.print(Para(Text(line)))

    # ------------------------------------------------------------------ pieces

    def _body(self, report: FileReport) -> Iterator[RenderableType]:
        ok, verdict = content.verdict(report)
        yield Text(verdict, style="bold green" if ok else "bold red")
        why = content.reason(report)
        if why:
            yield Para(Text(v(why)), 0, 2)
        if report.metadata is not None:
            yield from self._metadata(report.metadata)
        for note in report.document.source.notes if report.document is not None else ():
            yield Para(_text(("说明：", "dim"), v(note)), 0, 2)
        if report.previous is not None:
            yield Para(_text(("上年报告：", "dim"), v(report.previous)), 0, 2)
        if self.verbose:
            yield self._checklist(report)
        else:
            yield Para(_text((content.tally(report.results), "dim"), ("（--verbose 逐项列出）", "dim")), 0, 2)
        for block in content.itemised(report.results):
            yield from self._itemised(block)
        groups = content.groups(report)
        if groups:
            count = sum(len(g.occurrences) or 1 for g in groups)
            yield Para(Text(f"问题（{count} 处，按规则归并为 {len(groups)} 项；错误在前）", style="bold"))
        for group in groups:
            yield from self._group(group)
        for line in content.suppression_lines(report, self.verbose):
            yield Para(Text(v(line), style="yellow"), 0, 2)

    @staticmethod
    def _metadata(meta: Metadata) -> Iterable[RenderableType]:
        fields = content.metadata_fields(meta)
        title, rest = fields[0], fields[1:]
        yield Para(_text((f"{title[0]}：", "dim"), v(title[1])), 0, 2)
        line = Text()
        for i, (label, value) in enumerate(rest):
            if i:
                line.append("  ")
            line.append(f"{label}：", style="dim")
            line.append(v(value))
        yield Para(line, 0, 2)

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

    def _itemised(self, block: content.Itemised) -> Iterable[RenderableType]:
        yield Para(_text((v(block.title), "bold"), f"：{v(block.note)}" if block.note else ""), 0, 2)
        for item in block.items:
            mark = ("✓ ", "green") if item.ok else ("✗ ", "red")
            yield Para(_text(mark, v(item.lead), (v(item.where), "dim"), v(item.tail)), 0, 2)

    def _group(self, group: content.Group) -> Iterable[RenderableType]:
        head = Text()
        head.append(f"[{SEVERITY_NAME.get(group.severity, group.severity)}] ", style=SEVERITY_STYLE.get(group.severity, ""))
        if group.mark:
            head.append(f"{group.mark} ", style=MARK_STYLE.get(group.mark, ""))
        head.append(v(group.title), style="bold")
        for part in (group.points, group.rule, f"共 {len(group.occurrences)} 处" if len(group.occurrences) > 1 else ""):
            if part:
                head.append(f"  {v(part)}", style="dim" if part == group.rule else "")
        yield Para(head, 0, 4)
        shown = group.occurrences if self.verbose else group.occurrences[:content.SHOWN_OCCURRENCES]
        if group.itemised and not self.verbose:
            yield Para(Text("（逐项见上）", style="dim"), 2, 2)
            shown = ()
        for occurrence in shown:
            yield Para(Text(v(occurrence.message)), 2, 4)
            quote = occurrence.quote if self.verbose else occurrence.short_quote()
            if occurrence.where or quote:
                line = Text()
                line.append(v(occurrence.where), style="dim")
                if quote:
                    line.append(("  " if occurrence.where else "") + f"“{v(quote)}”")
                yield Para(line, 6, 6)
        rest = group.occurrences[len(shown):] if not group.itemised or self.verbose else ()
        if rest:
            yield Para(Text(v(content.rest_positions(rest)), style="dim"), 2, 4)
        if group.unlisted:
            yield Para(Text(v(group.unlisted)), 2, 4)
        basis = group.basis if self.verbose else content.short_basis(group.basis)
        yield Para(_text(("依据：", "dim"), v(basis)), 2, 4)
        yield Para(_text(("建议：", "dim"), v(group.hint)), 2, 4)
