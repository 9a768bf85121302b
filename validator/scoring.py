"""Score a report: 100 × Σ(weight × credit) / Σ(weight of applicable rules).

A report fails when any finding is of error severity: an error-severity rule that failed or
only partly passed, or a violation a rule marks as an error (a comment period below 30 days).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from validator.engine import RuleResult


class Score(NamedTuple):
    value: float | None  # None when no rule applied
    status: str  # pass | fail


def score(results: Iterable[RuleResult]) -> Score:
    results = list(results)
    applicable = [r for r in results if r.credit is not None and r.rule.weight > 0]
    total = sum(r.rule.weight for r in applicable)
    value = None if total == 0 else round(100 * sum(r.rule.weight * (r.credit or 0) for r in applicable) / total, 1)
    failing = any(f.severity == "error" for r in results for f in r.findings)
    return Score(value, "fail" if failing else "pass")

