"""Output formats behind one small interface, in an explicit registry.

A formatter receives each file's report as it is checked (``add``) and completes the output at
the end (``finish``). Formatters are named by module path and imported on use, so the JSON
output of a pre-commit run never loads the terminal renderer.
"""

from __future__ import annotations

import importlib
import os
from typing import TextIO

from validator.errors import UsageError
from validator.pipeline import FileReport
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

    def finish(self) -> None:
        """Called once after the last file."""


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


def resolve_name(name: str, to_terminal: bool = False) -> str:
    if name != AUTO:
        return name
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "terminal" if to_terminal else "text"


def get_formatter(name: str, to_terminal: bool = False) -> type[Formatter]:
    target = FORMATTERS.get(resolve_name(name, to_terminal))
    if target is None:
        raise UsageError(f"未知的输出格式 {name!r}（可选：{AUTO}, {', '.join(FORMATTERS)}）")
    module_name, class_name = target.split(":")
    cls: type[Formatter] = getattr(importlib.import_module(module_name), class_name)
    return cls
