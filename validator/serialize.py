"""Plain-dict views of results, shared by the JSON output and every machine-readable format."""

from __future__ import annotations

from typing import Any

from validator.results import FileReport, RuleResult
from validator.ruleset import Rule


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "check": rule.check,
        "severity": rule.severity,
        "weight": rule.weight,
        "scope": "whole" if rule.scope is None else sorted(rule.scope),
        "basis": rule.basis,
        "why": rule.why,
        "message": rule.message,
        "hint": rule.hint,
        "enabled": rule.enabled,
        "source": rule.source,
    }


def checklist_item(result: RuleResult) -> dict[str, Any]:
    return {
        "rule": result.rule.id,
        "title": result.rule.title,
        "status": result.status,
        "credit": result.credit,
        "weight": result.rule.weight,
        "severity": result.rule.severity,
        "evidence": [e.as_dict() for e in result.evidence],
        "note": result.note,
    }


def sections_list(report: FileReport) -> list[dict[str, Any]]:
    if report.document is None:
        return []
    return [{"kind": s.kind, "heading": s.title, "depth": s.depth, "line": s.line}
            for top in report.document.sections for s in top.walk()]


def report_dict(report: FileReport) -> dict[str, Any]:
    from validator.verdict import status_of

    doc = report.document
    return {
        "path": report.path,
        "format": doc.source.format if doc else None,
        "status": report.status,
        "status_reason": status_of(report).reason,
        "failing_rules": list(report.score.failing) if report.score else [],
        "pending_rules": list(report.score.pending) if report.score else [],
        "score": report.score.value if report.score else None,
        "error": report.error,
        "previous": report.previous,
        "metadata": report.metadata.as_dict() if report.metadata else None,
        "sections": sections_list(report),
        "checklist": [checklist_item(r) for r in report.results],
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [{**s.finding.as_dict(), "reason": s.reason, "suppressed_by": s.source, "accepted": s.accepted}
                       for s in report.suppressed],
    }
