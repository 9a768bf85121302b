"""``--format parsable``: one line per finding, ``path:line:col: [severity] message (rule)``.

The shape editors, ``grep`` and CI log parsers understand. A finding without a place in the text (a
missing section) points at 1:1, the start of the file, as other linters do for file-level problems.
"""

from __future__ import annotations

from validator.escape import visible
from validator.formatters import Formatter
from validator.results import FileReport


class ParsableFormatter(Formatter):
    streams = True

    def add(self, report: FileReport) -> None:
        if report.error is not None:
            return  # already reported on stderr, and it is not a finding
        for f in report.findings:
            line, column = (f.location.line, f.location.column) if f.location else (1, 1)
            message = " ".join(f.message.split())
            self.out.write(visible(f"{report.path}:{line}:{column}: [{f.severity}] {message} ({f.rule})") + "\n")
