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
from typing import TYPE_CHECKING, NamedTuple

import regex

from validator.model import Finding, Location, SourceDocument

if TYPE_CHECKING:
    from validator.pipeline import FileReport

DIRECTIVE_RULE = "fazhi-lint.suppression"  # the pseudo-rule that reports a faulty directive
COMMENT_FORMATS = frozenset({"txt", "md"})

_KEYWORD = "fazhi-lint-disable"
# " -- " between the rule ids and the reason: "--" after a space (or first) and before a space (or last)
_REASON_MARK = regex.compile(r"(?:^|(?<=\s))--(?=\s|$)")


def directive_tail(text: str) -> str | None:
    """What follows the keyword in a directive line (rule ids and reason), None when the line is none.

    The whole line is the comment, so a directive never mixes with report text. Parsed with string
    operations: a regular expression with a lazy tail before optional spaces backtracks quadratically
    on a long line of spaces, and report lines come from anyone.
    """
    if _KEYWORD not in text:
        return None
    line = text.strip()
    if not (line.startswith("<!--") and line.endswith("-->")) or len(line) < 7:
        return None
    inner = line[4:-3].strip()
    if not inner.startswith(_KEYWORD):
        return None
    tail = inner[len(_KEYWORD):]
    if tail and not tail[0].isspace():
        return None  # "fazhi-lint-disabled" is some other word
    return tail.strip()


def is_directive(text: str) -> bool:
    """Is this source line a suppression comment (which normalisation must not see as report text)?"""
    return directive_tail(text) is not None


def split_tail(tail: str) -> tuple[str, str]:
    """(rule ids, reason) of a directive's tail, split at the first " -- "."""
    m = _REASON_MARK.search(tail)
    if m is None:
        return tail, ""
    return tail[: m.start()], tail[m.end():].strip()


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


# How a suppression is shown: the drafter's claim, before and after a reviewer accepts it.
CLAIMED = "单位说明不适用（待核实）"
ACCEPTED = "单位说明不适用（已认可）"


class Suppressed(NamedTuple):
    finding: Finding
    reason: str
    source: str  # where the suppression was written: "file:line" of the comment, or the config file
    accepted: bool = False  # a reviewer accepted it (--accept-suppressions / accept-suppressions: true)

    @property
    def state(self) -> str:
        """单位说明不适用（待核实） or （已认可）."""
        return ACCEPTED if self.accepted else CLAIMED

    @property
    def blocks(self) -> bool:
        """Does it keep the report from 通过: an error-severity finding no reviewer has accepted?"""
        return not self.accepted and self.finding.severity == "error"


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
    from validator.scoring import score

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

