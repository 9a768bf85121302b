"""Output formats behind one small interface, in an explicit registry.

A formatter receives each file's report as it is checked (``add``) and completes the output at
the end (``finish``, given the run's counts). Formatters are named by module path and imported on use, so the JSON
output of a pre-commit run never loads the terminal renderer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from validator import registry
from validator.errors import UsageError
from validator.results import FileReport, RunStats
from validator.ruleset import RuleSet


class Formatter:
    # True when output is written file by file as checked (a progress bar on the same terminal would tangle)
    streams = False
    # True for output meant for people: the CLI may then add hints on stderr ("run --fix")
    for_people = False

    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False, verbose: bool = False) -> None:
        self.out = out
        self.ruleset = ruleset
        self.color = color
        self.verbose = verbose  # reports for people: every occurrence and the whole checklist

    def add(self, report: FileReport) -> None:
        """Called once per file, in input order."""

    def finish(self, stats: RunStats) -> None:
        """Called once after the last file, with what the run reported (counted by the caller, once)."""


# name -> "module:class"
FORMATTERS: dict[str, str] = {
    "terminal": "validator.formatters.terminal:TerminalFormatter",
    "text": "validator.formatters.text:TextFormatter",
    "json": "validator.formatters.json_format:JsonFormatter",
    "sarif": "validator.formatters.sarif:SarifFormatter",
    "github": "validator.formatters.github:GithubFormatter",
    "parsable": "validator.formatters.parsable:ParsableFormatter",
}
AUTO = "auto"  # github annotations under GitHub Actions; the rich report on a terminal; plain text elsewhere
# With --format auto, the format of --output follows its extension (check -o r.json writes JSON).
OUTPUT_SUFFIXES = {".json": "json", ".sarif": "sarif", ".txt": "text", ".log": "text"}
# Files check has no format for: refused rather than filled with text under a name that promises otherwise.
ELSEWHERE = {
    ".docx": "Word 批注用 check --annotate 文件.docx，审查汇总用 fazhi-lint summary -o 文件.docx",
    ".xlsx": "审查汇总用 fazhi-lint summary -o 文件.xlsx",
    ".csv": "审查汇总用 fazhi-lint summary -o 文件.csv",
    ".html": "审查汇总用 fazhi-lint summary -o 文件.html",
    ".htm": "审查汇总用 fazhi-lint summary -o 文件.html",
    ".md": "审查汇总用 fazhi-lint summary -o 文件.md",
    ".pdf": "审查汇总用 fazhi-lint summary -o 文件.pdf",
}


def resolve_name(name: str, to_terminal: bool = False, output: str | None = None) -> str:
    if name != AUTO:
        return name
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix in OUTPUT_SUFFIXES:
            return OUTPUT_SUFFIXES[suffix]
        if suffix in ELSEWHERE:
            raise UsageError(f"--output {output}: check 不写 {suffix} 文件（check 的格式：{', '.join(FORMATTERS)}）；"
                             f"{ELSEWHERE[suffix]}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "terminal" if to_terminal else "text"


def get_formatter(name: str, to_terminal: bool = False, output: str | None = None) -> type[Formatter]:
    """The formatter for ``--format name``; with ``auto``, ``--output``'s extension decides (.json, .sarif, .txt)."""
    target = FORMATTERS.get(resolve_name(name, to_terminal, output))
    if target is None:
        raise UsageError(f"未知的输出格式 {name!r}（可选：{AUTO}, {', '.join(FORMATTERS)}）")
    cls: type[Formatter] = registry.load(target)
    return cls
