"""Comparing what the checker finds in two renderings of the same report."""

from __future__ import annotations

from validator import readers
from validator.pipeline import FileReport, check_source
from validator.ruleset import RuleSet


def verdicts(report: FileReport) -> dict[str, tuple[str, float | None]]:
    """Rule id → (status, credit): the checklist as a reviewer reads it, for comparing a container with the
    plain text of the same report — so without the layout rules, which judge what only a .docx has."""
    assert report.error is None, report.error
    return {r.rule.id: (str(r.status), r.credit) for r in report.results if not r.rule.id.startswith("layout.")}


def finding_codes(report: FileReport) -> list[tuple[str, str]]:
    """(rule, code) of every finding, without the layout rules' (see ``verdicts``)."""
    return sorted((f.rule, f.code) for f in report.findings if not f.rule.startswith("layout."))


def check_data(data: bytes, name: str, ruleset: RuleSet) -> FileReport:
    return check_source(readers.read_bytes(data, name), ruleset)
