"""``summary --format json``: the reviewer's table as one JSON object (validator/schemas/summary.schema.json)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from validator.escape import json_text
from validator.summary.model import NOT_REPORT, Row, Summary


def row_dict(row: Row) -> dict[str, Any]:
    return {
        "path": row.path, "title": row.title or None, "issuer": row.issuer or None, "report_year": row.year,
        "kind": row.kind or None,
        "signed": row.signed.isoformat() if row.signed else None,
        "published": row.published.isoformat() if row.published else None,
        "score": row.score, "status": row.status, "status_reason": row.reason, "error": row.error, "not_report": row.not_report,
        "missing": [{"rule": c.rule, "title": c.title, "status": c.status, "severity": c.severity}
                    for c in row.failing],
        "checklist": [asdict(c) for c in row.checks],
        "suppressed": [{"rule": s.issue.rule, "message": s.issue.message, "reason": s.reason, "suppressed_by": s.source,
                        "accepted": s.accepted} for s in row.suppressed],
        "previous": row.previous,
        "notes": list(row.notes),
    }


def summary_dict(summary: Summary) -> dict[str, Any]:
    return {
        "tool": {"name": "fazhi-lint", "version": summary.tool_version},
        "title": summary.heading.title,
        "unit": summary.heading.unit or None,
        "generated": summary.heading.generated.isoformat(),
        "counts": {"files": len(summary.reports), "passed": summary.count("pass"), "failed": summary.count("fail"),
                   "errors": summary.count("error"), "suppressed": summary.suppressed,
                   "average_score": summary.average, "not_reports": summary.count(NOT_REPORT)},
        "notes": list(summary.notes),
        "rules": [{"rule": r.rule, "title": r.title, "severity": r.severity, "weight": r.weight, "passed": r.passed,
                   "partial": r.partial, "failed": r.failed, "not_applicable": r.not_applicable, "rate": r.rate}
                  for r in summary.rates],
        "reports": [row_dict(r) for r in summary.rows],
    }


def render_json(summary: Summary) -> str:
    return json_text(json.dumps(summary_dict(summary), ensure_ascii=False, indent=2)) + "\n"
