"""``--format json``: exactly one JSON object per run (schema: validator/schemas/output.schema.json)."""

from __future__ import annotations

import json
from typing import TextIO

from validator.formatters import Formatter
from validator.pipeline import FileReport
from validator.ruleset import RuleSet
from validator.serialize import run_dict


class JsonFormatter(Formatter):
    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False) -> None:
        super().__init__(out, ruleset, color)
        self.reports: list[FileReport] = []

    def add(self, report: FileReport) -> None:
        self.reports.append(report)

    def finish(self) -> None:
        json.dump(run_dict(self.reports, self.ruleset), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
