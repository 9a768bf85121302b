"""Score a report: 100 × Σ(weight × credit) / Σ(weight of applicable rules), and decide 通过 / 未通过.

The two answer different questions. The score measures how much of the whole checklist the report
meets (warnings and notes included); the status says whether anything must be fixed before the report
goes out. A report fails when any finding is of error severity — an error-severity rule that failed or
only partly passed, or a violation a rule marks as an error (a comment period below 30 days) — or when
such a finding was suppressed by the drafter and no reviewer has accepted the suppression yet. So a
report can pass with 63.7 (only warnings) while another fails with 67.3 (one missing statutory
section); ``Score.failing`` and ``Score.pending`` say why, and every output shows it beside the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from validator.model import Finding
from validator.results import RuleResult
from validator.results import Score as Score  # declared there; still importable from here


def _rules_of(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.rule for f in findings if f.severity == "error"))


def score(results: Iterable[RuleResult], pending: Iterable[Finding] = ()) -> Score:
    """``pending``: suppressed findings no reviewer has accepted (only error-severity ones count)."""
    results = list(results)
    applicable = [r for r in results if r.credit is not None and r.rule.weight > 0]
    total = sum(r.rule.weight for r in applicable)
    value = None if total == 0 else round(100 * sum(r.rule.weight * (r.credit or 0) for r in applicable) / total, 1)
    failing = _rules_of(f for r in results for f in r.findings)
    waiting = tuple(rule for rule in _rules_of(pending) if rule not in failing)
    return Score(value, "fail" if failing or waiting else "pass", failing, waiting)
