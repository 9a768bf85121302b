"""Suppression with a reason: in-source comments for text/Markdown, an ignore list for every format.

In a ``.txt``/``.md`` report a line of its own

    <!-- fazhi-lint-disable report.problem-causes,decision.directory -- 本单位不承担重大行政决策职能 -->

suppresses the named rules' findings for the whole file (most findings are about a missing section,
which has no line to attach a comment to). The reason after `` -- `` is mandatory: a directive
without one, or naming a rule that does not exist, suppresses nothing and is itself reported.
For formats that cannot carry a comment (.docx, .pdf) the configuration's ``ignore`` list does the
same by file glob and rule.

Suppression moves findings out of ``findings`` into ``suppressed`` (with the reason). The score is
left as it is — an auditor sees the real score. A suppression is the drafter's claim that a check does
not apply ("单位说明不适用"): until a reviewer accepts it (``--accept-suppressions``, or
``accept-suppressions: true`` in the configuration) it is shown as 待核实, and a suppressed error-severity
finding still keeps the report from 通过 (and still fails the run at ``--fail-on error``). Once accepted,
status and exit code follow the findings that remain. ``--no-suppress`` turns all of this off.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import regex

# declared in validator.directives and validator.results; the names imported ``as`` themselves are
# still importable from here
from validator.directives import directive_tail, split_tail
from validator.directives import is_directive as is_directive
from validator.model import Finding, Location, SourceDocument
from validator.results import ACCEPTED as ACCEPTED
from validator.results import CLAIMED as CLAIMED
from validator.results import DIRECTIVE_RULE as DIRECTIVE_RULE
from validator.results import FileReport
from validator.results import Suppressed as Suppressed
from validator.scoring import score

COMMENT_FORMATS = frozenset({"txt", "md"})


class Directive(NamedTuple):
    rules: tuple[str, ...]
    reason: str
    line: int  # 1-based


class IgnoreEntry(NamedTuple):
    """One entry of the configuration's ``ignore`` list."""

    path: str  # glob, relative to the configuration file's directory
    rules: tuple[str, ...]  # empty: every rule
    reason: str
    base: str  # directory the glob is relative to
    origin: str  # the configuration file it came from

    def matches(self, path: str) -> bool:
        """Does the glob match the report's path relative to ``base``? Anchored there: "a.txt" is the
        a.txt next to the configuration file, not every a.txt anywhere ("*" also crosses "/", so
        "*.pdf" is every PDF under it); a report outside ``base`` is never matched."""
        try:
            candidate = Path(path).resolve()
            rel = candidate.relative_to(Path(self.base).resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return False
        return fnmatch.fnmatchcase(rel, self.path)


class Policy(NamedTuple):
    """What may suppress findings in this run."""

    ignore: tuple[IgnoreEntry, ...] = ()
    comments: bool = True
    accept: bool = False  # the reviewer accepts the suppressions: they no longer keep a report from 通过


NO_SUPPRESSION = Policy(comments=False)


def parse_directives(source: SourceDocument) -> tuple[list[Directive], list[Finding]]:
    """Directives in a text/Markdown report, and findings for the malformed ones."""
    if source.format not in COMMENT_FORMATS:
        return [], []
    directives: list[Directive] = []
    problems: list[Finding] = []
    for index, line in enumerate(source.lines):
        tail = directive_tail(line.text)
        if tail is None:
            continue
        listed, reason = split_tail(tail)
        rules = tuple(r for r in regex.split(r"[,，\s]+", listed) if r)
        where = Location(index + 1, 1)
        if not rules:
            problems.append(_directive_finding(where, line.text, "no-rule", "抑制注释没有写明规则 ID，未生效"))
        elif not reason:
            problems.append(_directive_finding(
                where, line.text, "no-reason", f"抑制注释没有写明理由（{'、'.join(rules)}），未生效"))
        else:
            directives.append(Directive(rules, reason, index + 1))
    return directives, problems


def _directive_finding(where: Location, text: str, code: str, message: str) -> Finding:
    return Finding(
        rule=DIRECTIVE_RULE, code=code, severity="warning", message=message, location=where, quote=text.strip(),
        hint="写成 <!-- fazhi-lint-disable 规则ID -- 理由 -->，理由必填，例如“本单位不承担重大行政决策职能”",
        basis="fazhi-lint 抑制规则：每一处抑制都须说明理由，供审查人复核",
    )


def check_rule_ids(directives: Iterable[Directive], known: frozenset[str], path: str) -> list[Finding]:
    """Findings for directives that name rules no loaded rule set defines."""
    out = []
    for d in directives:
        unknown = [r for r in d.rules if r not in known]
        if unknown:
            out.append(_directive_finding(Location(d.line, 1), "", "unknown-rule",
                                          f"抑制注释中的规则不存在：{'、'.join(unknown)}"))
    return out


def apply(report: FileReport, policy: Policy, known_rules: frozenset[str]) -> FileReport:
    """Move the findings the policy suppresses out of the report's results; rescore the status."""
    if report.document is None or report.error is not None or (not policy.comments and not policy.ignore):
        return report
    by_rule: dict[str, tuple[str, str]] = {}  # rule -> (reason, where written)
    notices: list[Finding] = []
    if policy.comments:
        directives, notices = parse_directives(report.document.source)
        notices += check_rule_ids(directives, known_rules, report.path)
        for d in directives:
            for rule in d.rules:
                by_rule.setdefault(rule, (d.reason, f"{report.path}:{d.line}"))
    for entry in policy.ignore:
        if entry.matches(report.path):
            for rule in entry.rules or tuple(known_rules):
                by_rule.setdefault(rule, (entry.reason, entry.origin))
    suppressed: list[Suppressed] = []
    results = []
    for result in report.results:
        hit = by_rule.get(result.rule.id)
        if hit is None or not result.findings:
            results.append(result)
            continue
        suppressed.extend(Suppressed(f, hit[0], hit[1], policy.accept) for f in result.findings)
        results.append(result._replace(findings=()))
    # credits are untouched, so the score value stays what the text earned; the status follows what is left
    # and the suppressions of errors no reviewer has accepted yet
    pending = [item.finding for item in suppressed if not item.accepted]
    return report._replace(results=results, score=score(results, pending), suppressed=suppressed,
                           notices=[*report.notices, *notices])

