"""``--format sarif``: SARIF 2.1.0, one run, for code-scanning dashboards and CI.

The driver lists every enabled rule (title, basis and hint as help, default level); each finding is a
result pointing at its file (a URI relative to the working directory) and, when it has one, its line
and column. Suppressed findings are kept as results carrying a ``suppressions`` entry with the reason,
which is how SARIF viewers expect them; unreadable files become tool notifications.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from validator import __version__
from validator.escape import ascii_only, json_text
from validator.formatters import Formatter
from validator.model import Finding
from validator.results import DIRECTIVE_RULE, RULE_ERROR, SECTIONS_RULE, FileReport, RunStats
from validator.ruleset import Rule, RuleSet

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
BASE_ID = "SRCROOT"


def artifact_uri(path: str) -> tuple[str, bool]:
    """(uri, relative?): relative to the working directory when the file is under it, else a file: URI."""
    absolute = Path(path).resolve()
    try:
        # the file name's bytes, percent-encoded: a name that is not UTF-8 still gets a valid URI
        return quote(os.fsencode(absolute.relative_to(Path.cwd().resolve()).as_posix())), True
    except ValueError:
        return absolute.as_uri(), False


def rule_name(rule_id: str) -> str:
    """A SARIF rule name is an identifier: report.first-responsible → ReportFirstResponsible."""
    return "".join(part.capitalize() for part in rule_id.replace("-", ".").split("."))


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.message}。依据：{rule.basis}"},
        "help": {
            "text": f"{rule.hint}\n依据：{rule.basis}",
            "markdown": f"**怎么改**：{rule.hint}\n\n**依据**：{rule.basis}\n\n**为什么**：{rule.why}",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"weight": rule.weight, "check": rule.check},
    }


SECTIONS_DESCRIPTOR: dict[str, Any] = {
    "id": SECTIONS_RULE,
    "name": "SectionPatterns",
    "shortDescription": {"text": "部分分类的标题模式须在限定时间内运行完毕"},
    "help": {"text": "修改规则文件 sections 中运行超时的标题模式"},
    "defaultConfiguration": {"level": "warning"},
}

DIRECTIVE_DESCRIPTOR: dict[str, Any] = {
    "id": DIRECTIVE_RULE,
    "name": "SuppressionDirective",
    "shortDescription": {"text": "抑制注释须写明规则和理由"},
    "help": {"text": "写成 <!-- fazhi-lint-disable 规则ID -- 理由 -->，理由必填"},
    "defaultConfiguration": {"level": "warning"},
}


class SarifFormatter(Formatter):
    def __init__(self, out: TextIO, ruleset: RuleSet, color: bool = False, verbose: bool = False) -> None:
        super().__init__(out, ruleset, color, verbose)
        self.rules = [r for r in ruleset.rules if r.enabled]
        self.index = {r.id: i for i, r in enumerate(self.rules)}
        self.index[DIRECTIVE_RULE] = len(self.rules)
        self.index[SECTIONS_RULE] = len(self.rules) + 1
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def add(self, report: FileReport) -> None:
        if report.error is not None:
            self.notifications.append({
                "level": "error", "message": {"text": report.error},
                "locations": [{"physicalLocation": {"artifactLocation": self._artifact(report.path)}}],
            })
            return
        for finding in report.findings:
            self.results.append(self._result(report.path, finding))
            if finding.code == RULE_ERROR:
                self.notifications.append(self._rule_error(report.path, finding))
        for item in report.suppressed:
            result = self._result(report.path, item.finding)
            kind = "inSource" if item.source.startswith(f"{report.path}:") else "external"
            # the drafter's claim is under review until a reviewer accepts it (--accept-suppressions)
            status = "accepted" if item.accepted else "underReview"
            result["suppressions"] = [{"kind": kind, "status": status, "justification": item.reason}]
            self.results.append(result)

    def finish(self, stats: RunStats) -> None:
        self.out.write(json_text(json.dumps(self.document(), ensure_ascii=ascii_only(self.out), indent=2)))
        self.out.write("\n")

    def document(self) -> dict[str, Any]:
        cwd = Path.cwd().resolve().as_uri().rstrip("/") + "/"
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "fazhi-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(r) for r in self.rules] + [DIRECTIVE_DESCRIPTOR, SECTIONS_DESCRIPTOR],
            }},
            "originalUriBaseIds": {BASE_ID: {"uri": cwd}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": self.notifications}],
            "results": self.results,
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    def _artifact(self, path: str) -> dict[str, Any]:
        uri, relative = artifact_uri(path)
        return {"uri": uri, "uriBaseId": BASE_ID} if relative else {"uri": uri}

    def _rule_error(self, path: str, finding: Finding) -> dict[str, Any]:
        """A rule that could not run to the end on a file is also a tool execution notification."""
        notification: dict[str, Any] = {
            "level": LEVEL.get(finding.severity, "warning"), "message": {"text": finding.message},
            "locations": [{"physicalLocation": {"artifactLocation": self._artifact(path)}}],
            "associatedRule": {"id": finding.rule},
        }
        if finding.rule in self.index:
            notification["associatedRule"]["index"] = self.index[finding.rule]
        return notification

    def _result(self, path: str, finding: Finding) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": self._artifact(path)}
        if finding.location is not None:
            region: dict[str, Any] = {"startLine": finding.location.line, "startColumn": finding.location.column}
            if finding.quote:
                region["snippet"] = {"text": finding.quote}
            physical["region"] = region
        text = finding.message if not finding.hint else f"{finding.message}。建议：{finding.hint}"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": LEVEL.get(finding.severity, "warning"),
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"fazhiLint/v1": fingerprint(path, finding)},
            "properties": {"code": finding.code, "basis": finding.basis},
        }
        if finding.rule in self.index:
            result["ruleIndex"] = self.index[finding.rule]
        return result


def fingerprint(path: str, finding: Finding) -> str:
    """Stable across edits that only move a finding: file name, rule, problem code and quoted text."""
    key = "\x1f".join((os.path.basename(path), finding.rule, finding.code, finding.quote or finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
