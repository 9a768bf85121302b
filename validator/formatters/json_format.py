"""``--format json``: exactly one JSON object per run (schema: validator/schemas/output.schema.json).

The object is streamed: each file's entry is written as soon as its report arrives and the run
summary comes last, so a batch of ten thousand reports is never held in memory. Each file's entry
stands on one line: JSON's C encoder does not indent, and the pure-Python one would cost more
than checking the report.
"""

from __future__ import annotations

import json
from typing import TextIO

from validator import __version__
from validator.escape import ascii_only, json_text
from validator.formatters import Formatter
from validator.results import FileReport, RunStats
from validator.ruleset import RuleSet
from validator.serialize import report_dict, rule_dict


def _indented(value: object, level: int, ascii: bool = False) -> str:
    return json_text(json.dumps(value, ensure_ascii=ascii, indent=2)).replace("\n", "\n" + "  " * level)


class JsonFormatter(Formatter):
    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False, verbose: bool = False) -> None:
        super().__init__(out, ruleset, color, verbose)
        self.started = False
        self.written = 0
        self.ascii = ascii_only(out)  # a console that cannot encode Chinese still gets valid, lossless JSON

    def _start(self) -> None:
        # written with the first report, so a run that fails before any report prints no half object
        tool = {"name": "fazhi-lint", "version": __version__}
        rules = [rule_dict(r) for r in self.ruleset.rules if r.enabled]
        self.out.write(f'{{\n  "tool": {_indented(tool, 1)},\n  "rules": {_indented(rules, 1, self.ascii)},\n  "files": [')
        self.started = True

    def add(self, report: FileReport) -> None:
        separator = "," if self.written else ""
        if not self.started:
            self._start()
        self.out.write(f"{separator}\n    {json_text(json.dumps(report_dict(report), ensure_ascii=self.ascii))}")
        self.written += 1

    def finish(self, stats: RunStats) -> None:
        if not self.started:
            self._start()
        closing = "\n  ]" if self.written else "]"
        self.out.write(f'{closing},\n  "summary": {_indented(stats.as_dict(), 1)}\n}}\n')
