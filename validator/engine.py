"""Run the rules of a rule set over one document. No I/O: a generator of results.

Checks report what they see (credit, evidence, problems); the engine, not the check, stamps
each problem with the rule's id, severity, hint and basis, and resolves positions to locations
and quotes in the original text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from validator import timeouts
from validator.checks import CHECK_TYPES, CheckContext
from validator.checks.base import enclosing
from validator.limits import MAX_FINDINGS_PER_RULE
from validator.model import (
    SEVERITY_RANK,
    Document,
    Evidence,
    Finding,
    Location,
    Problem,
    Span,
    Status,
    Verdict,
    status_of,
)
from validator.ruleset import Rule, RuleSet

QUOTE_LIMIT = 120


class RuleResult(NamedTuple):
    rule: Rule
    status: Status | str  # also "error" when the rule itself failed to run
    credit: float | None
    evidence: Sequence[Evidence] = ()
    findings: Sequence[Finding] = ()
    note: str = ""


def locate(document: Document, paragraph: int, offset: int) -> Location:
    para = document.paragraphs[paragraph]
    line_index, column = para.source_position(min(offset, max(0, len(para.text) - 1)))
    line = document.source.lines[line_index]
    return Location(document.source.line_number(line_index), column + 1, line.paragraph, line.page)


def quote(document: Document, span: Span, limit: int = QUOTE_LIMIT) -> str:
    """The sentence around a span, in the original text (traditional characters, spaces and all)."""
    para = document.paragraphs[span.paragraph]
    start, end = enclosing(para.text, span.start, max(span.end, span.start + 1) - 1)
    prefix = suffix = ""
    if end - start > limit:
        start2 = max(start, span.start - limit // 3)
        end2 = min(end, max(span.end, start2 + limit))
        prefix, suffix = ("…" if start2 > start else ""), ("…" if end2 < end else "")
        start, end = start2, end2
    if end <= start:
        return ""
    first = para.source_position(start)
    last_line, last_col = para.source_position(end - 1)
    original = document.source.slice(first, (last_line, last_col + 1))
    return prefix + " ".join(original.split()) + suffix


def matched_text(document: Document, span: Span) -> str:
    para = document.paragraphs[span.paragraph]
    if span.end <= span.start:
        return ""
    last_line, last_col = para.source_position(span.end - 1)
    return document.source.slice(para.source_position(span.start), (last_line, last_col + 1))


def _evidence(document: Document, span: Span | None) -> tuple[Location | None, str]:
    if span is None:
        return None, ""
    return locate(document, span.paragraph, span.start), quote(document, span)


def stamp(rule: Rule, verdict: Verdict, document: Document) -> RuleResult:
    status = status_of(verdict.credit)
    evidence = [Evidence(*_evidence(document, mark.span), match=matched_text(document, mark.span), note=mark.note)
                for mark in verdict.evidence[:MAX_FINDINGS_PER_RULE]]
    findings = []
    problems = verdict.problems
    if not problems and status in ("fail", "partial"):
        problems = [Problem("", None, "missing")]  # the rule's own message says what is missing
    for problem in problems[:MAX_FINDINGS_PER_RULE]:
        location, text = _evidence(document, problem.span)
        findings.append(Finding(
            rule=rule.id, code=problem.code, severity=rule.level_for(problem.code),
            message=problem.message or rule.message, location=location, quote=text,
            hint=rule.hint, basis=rule.basis, fix=problem.fix,
        ))
    if len(problems) > MAX_FINDINGS_PER_RULE or verdict.unlisted:
        findings.append(_more_findings(rule, problems[MAX_FINDINGS_PER_RULE:], verdict.unlisted))
    return RuleResult(rule, status, verdict.credit, evidence, findings, verdict.note)


# The problem code of the one finding that stands for a rule's findings past MAX_FINDINGS_PER_RULE.
MORE_FINDINGS = "more-findings"


def _more_findings(rule: Rule, rest: Sequence[Problem], unlisted: Mapping[str, int]) -> Finding:
    """One finding for the problems not listed: how many, at the highest severity among them (so the
    report fails exactly as it would with all of them listed), carrying their fixes for --fix."""
    codes = {p.code for p in rest} | {code for code, n in unlisted.items() if n}
    severity = max((rule.level_for(code) for code in codes), key=lambda level: SEVERITY_RANK.get(level, 0))
    count = len(rest) + sum(unlisted.values())
    return Finding(
        rule=rule.id, code=MORE_FINDINGS, severity=severity,
        message=f"本规则在本报告中另有 {count} 处问题未逐一列出（每条规则每份报告最多列出 {MAX_FINDINGS_PER_RULE} 处）",
        location=None, quote="",
        hint=f"先修改已列出的问题后重新检查；{rule.hint}", basis=rule.basis,
        fix=tuple(edit for p in rest for edit in p.fix),
    )


def run(document: Document, ruleset: RuleSet, previous: Document | None = None) -> Iterator[RuleResult]:
    """Yield one result per enabled rule, in rule-set order. ``previous`` is last year's report.

    Each rule's regular expressions share a time budget for the document, and the rule a wall-clock
    deadline (validator.timeouts); a rule that reaches either is reported as a rule error
    (``rule_error``) and the next rule runs.
    """
    chars = sum(len(p.text) for p in document.paragraphs)
    seconds, wall = timeouts.rule_budget(chars), timeouts.rule_deadline(chars)
    contexts: dict[frozenset[str] | None, CheckContext] = {}  # rules of one scope share its joined text
    for rule in ruleset.rules:
        if not rule.enabled:
            continue
        context = contexts.get(rule.scope)
        if context is None:
            context = CheckContext(document, document.paragraphs_of(rule.scope), ruleset.classifier, previous)
            contexts[rule.scope] = context
        check = CHECK_TYPES[rule.check]
        try:
            with timeouts.budget(seconds, wall):
                verdict = check.run(context, rule.params)
        except TimeoutError as exc:
            yield rule_error(rule, str(exc))
            continue
        yield stamp(rule, verdict, document)


# The problem code of a rule that could not run to the end on a report; its findings are warnings
# unless the rule's ``levels`` say otherwise, so --fail-on warning (not the default) fails on them.
RULE_ERROR = "rule-error"
RULE_ERROR_SEVERITY = "warning"


def rule_error(rule: Rule, why: str) -> RuleResult:
    """The result of a rule that ran out of time (``why``: which limit): status "error", no credit
    (left out of the score like a rule that does not apply), and a finding that says so."""
    finding = Finding(
        rule=rule.id, code=RULE_ERROR, severity=rule.levels.get(RULE_ERROR, RULE_ERROR_SEVERITY),
        message=f"规则运行超时：在本报告上{why}，已跳过本规则（其余规则照常检查）",
        location=None, quote="",
        hint=f"检查规则文件 {rule.source} 中该规则的正则表达式：避免嵌套重复（如 (a+)+、(.*a){{12}}），"
             "写得更具体（用 [^，。]* 代替 .*）；条目过多时拆分规则，或缩小 scope",
        basis=rule.basis,
    )
    return RuleResult(rule, "error", None, findings=[finding], note="规则运行超时，已跳过")
