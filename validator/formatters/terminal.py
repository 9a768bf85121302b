"""The default terminal report, rendered with rich: per file a status line, the checklist, the findings."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from validator.engine import RuleResult
from validator.formatters import Formatter
from validator.model import Finding, Metadata
from validator.pipeline import FileReport
from validator.ruleset import RuleSet

STATUS_MARK = {
    "pass": ("✓", "green"),
    "partial": ("◐", "yellow"),
    "fail": ("✗", "red"),
    "not_applicable": ("–", "dim"),
    "error": ("!", "magenta"),
}
SEVERITY_STYLE = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}
KIND_NAME = {"government": "政府", "department": "部门"}
# Check types whose evidence and findings are each one item of a list the reviewer reads whole
# (each of last year's plan items with its verdict): listed in full under the checklist.
ITEMISED_CHECKS = frozenset({"plan-followthrough", "repeated-problems"})


class TerminalFormatter(Formatter):
    streams = True
    for_people = True

    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False) -> None:
        super().__init__(out, ruleset, color)
        self.console = Console(file=out, force_terminal=color, no_color=not color, highlight=False,
                               width=None if color else 100, soft_wrap=False)
        self.counts = {"pass": 0, "fail": 0, "error": 0}
        self.suppressed = 0

    def add(self, report: FileReport) -> None:
        self.counts[report.status] = self.counts.get(report.status, 0) + 1
        self.suppressed += len(report.suppressed)
        if report.error is not None:
            self.console.print(Text.assemble(("! ", "magenta"), (report.path, "bold"), f"  无法检查：{report.error}"))
            self.console.print()
            return
        self.console.print(Panel(Group(*self._body(report)), title=self._title(report), title_align="left",
                                 border_style="green" if report.status == "pass" else "red"))

    def finish(self) -> None:
        total = sum(self.counts.values())
        if total > 1:
            suppressed = f"，已抑制问题 {self.suppressed} 个" if self.suppressed else ""
            self.console.print(
                f"共 {total} 份：通过 {self.counts['pass']}，未通过 {self.counts['fail']}，"
                f"无法检查 {self.counts['error']}{suppressed}"
            )

    # ------------------------------------------------------------------ pieces

    def _title(self, report: FileReport) -> Text:
        ok = report.status == "pass"
        score = report.score.value if report.score else None
        return Text.assemble(
            (report.path, "bold"), "  ",
            ("✓ 通过" if ok else "✗ 未通过", "bold green" if ok else "bold red"),
            f"  得分 {score:.1f}/100" if score is not None else "",
        )

    def _body(self, report: FileReport) -> list[RenderableType]:
        parts: list[RenderableType] = []
        if report.metadata is not None:
            parts.append(self._metadata(report.metadata))
        if report.previous is not None:
            parts.append(Text.assemble(("上年报告：", "dim"), report.previous))
        parts.append(self._checklist(report.results))
        parts.extend(self._itemised(r) for r in report.results
                     if r.rule.check in ITEMISED_CHECKS and r.credit is not None and (r.evidence or r.findings))
        findings = report.findings
        if findings:
            parts.append(Text(f"\n发现的问题（{len(findings)}）", style="bold"))
            parts.extend(self._finding(f) for f in findings)
        if report.suppressed:
            parts.append(Text(f"\n已抑制的问题（{len(report.suppressed)}，不影响得分；--no-suppress 可全部显示）",
                              style="bold"))
            for item in report.suppressed:
                parts.append(Text.assemble(("  – ", "dim"), item.finding.message, "  ",
                                           (f"({item.finding.rule})", "dim"),
                                           ("\n    理由：", "dim"), item.reason, ("  （" + item.source + "）", "dim")))
        return parts

    def _metadata(self, meta: Metadata) -> Text:
        kind = KIND_NAME.get(meta.issuer_kind or "", "")
        fields = [
            ("报告", meta.title or "（未识别标题）"),
            ("发文机关", f"{meta.issuer}（{kind}）" if meta.issuer else "（未识别）"),
            ("年度", str(meta.report_year) if meta.report_year else "（未识别）"),
            ("成文日期", meta.signed.isoformat() if meta.signed else "—"),
            ("发布日期", meta.published.isoformat() if meta.published else "—"),
        ]
        text = Text()
        for i, (label, value) in enumerate(fields):
            text.append(f"{label}：", style="dim")
            text.append(value)
            text.append("\n" if i in (0, 4) else "    ")
        return text

    def _checklist(self, results: list[RuleResult]) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
        table.add_column("", width=1)
        table.add_column("检查项")
        table.add_column("规则", style="dim")
        table.add_column("得分", justify="right")
        table.add_column("依据 / 证据", overflow="fold")
        for r in results:
            mark, style = STATUS_MARK.get(r.status, ("?", ""))
            credit = "—" if r.credit is None else f"{round(r.credit * r.rule.weight, 1):g}/{r.rule.weight:g}"
            detail = self._evidence_summary(r)
            table.add_row(Text(mark, style=style), r.rule.title, r.rule.id, credit, detail)
        return table

    @staticmethod
    def _evidence_summary(r: RuleResult) -> str:
        if not r.evidence or r.rule.check in ITEMISED_CHECKS:
            return r.note
        e = r.evidence[0]
        where = f"（{e.location.describe()}）" if e.location else ""
        shown = e.note or f"“{e.match}”"
        more = f" 等{len(r.evidence)}处" if len(r.evidence) > 1 else ""
        return f"{shown}{where}{more}"

    @staticmethod
    def _itemised(r: RuleResult) -> Group:
        """Every item of a list-like rule: its evidence (what was found) and its findings."""
        heading = Text.assemble(("\n" + r.rule.title, "bold"), f"：{r.note}" if r.note else "")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(overflow="fold")
        for e in r.evidence:
            where = f"（{e.location.describe()}）" if e.location else ""
            grid.add_row(Text("✓", "green"), Text.assemble(e.note, (where, "dim"), f"“{e.quote}”" if e.quote else ""))
        for f in r.findings:
            where = f"（本年{f.location.describe()}）" if f.location else ""
            grid.add_row(Text("✗", "red"), Text.assemble(f.message, (where, "dim")))
        return Group(heading, grid)

    def _finding(self, f: Finding) -> Group:
        label, style = SEVERITY_STYLE.get(f.severity, (f.severity, ""))
        head = Text.assemble((f"[{label}] ", style), f.message, "  ", (f"({f.rule})", "dim"))
        lines: list[RenderableType] = [head]
        if f.location is not None:
            lines.append(Text.assemble(("    位置：", "dim"), f.location.describe(),
                                       ("  “" + f.quote + "”") if f.quote else ""))
        lines.append(Text.assemble(("    依据：", "dim"), f.basis))
        lines.append(Text.assemble(("    建议：", "dim"), f.hint))
        return Group(*lines)
