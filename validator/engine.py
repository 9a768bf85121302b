"""Run the rules of a rule set over one document. No I/O: a generator of results.

Checks report what they see (credit, evidence, problems); the engine, not the check, stamps
each problem with the rule's id, severity, hint and basis, and resolves positions to locations
and quotes in the original text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from validator import claims, timeouts
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
    Verdict,
    status_of,
)
# the result record and its pseudo-codes are declared in validator.results; still importable from here
from validator.results import MORE_FINDINGS as MORE_FINDINGS
from validator.results import RULE_ERROR as RULE_ERROR
from validator.results import RULE_ERROR_SEVERITY as RULE_ERROR_SEVERITY
from validator.results import RuleResult as RuleResult
from validator.ruleset import Rule, RuleSet

QUOTE_LIMIT = 120


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
            hint=rule.hint, basis=problem.basis or rule.basis, fix=problem.fix,
            match=matched_text(document, problem.span) if problem.span is not None else "",
        ))
    if len(problems) > MAX_FINDINGS_PER_RULE or verdict.unlisted:
        findings.append(_more_findings(rule, problems[MAX_FINDINGS_PER_RULE:], verdict.unlisted))
    return RuleResult(rule, status, verdict.credit, evidence, findings, verdict.note)


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
    enabled = [rule for rule in ruleset.rules if rule.enabled]
    found, claims_failed = _claims(document, ruleset, enabled, seconds, wall)
    contexts: dict[frozenset[str] | None, CheckContext] = {}  # rules of one scope share its joined text
    outcomes: list[tuple[Rule, Verdict | RuleResult]] = []  # a check's verdict, or the rule's error
    for rule in enabled:
        context = contexts.get(rule.scope)
        if context is None:
            context = CheckContext(document, document.paragraphs_of(rule.scope), ruleset.classifier, previous,
                                   ruleset.vocabulary, found, ruleset.claim_vocabulary)
            contexts[rule.scope] = context
        check = CHECK_TYPES[rule.check]
        if check.uses_claims and claims_failed:
            outcomes.append((rule, rule_error(rule, claims_failed)))
            continue
        try:
            with timeouts.budget(seconds, wall):
                outcomes.append((rule, check.run(context, rule.params)))
        except TimeoutError as exc:
            outcomes.append((rule, rule_error(rule, str(exc))))
    # Every rule has run before any is quoted: what one rule masks (an ID number) no rule may quote.
    shown = masked(document, [span for _, outcome in outcomes if isinstance(outcome, Verdict)
                              for problem in outcome.problems for span in problem.mask])
    for rule, outcome in outcomes:
        yield stamp(rule, outcome, shown) if isinstance(outcome, Verdict) else outcome


MASK_CHAR = "*"


def masked(document: Document, spans: Sequence[Span]) -> Document:
    """The document with the original text under ``spans`` blanked character by character, for quoting.

    Lengths stay the same, so every position (locations, fixes) still means the same place.
    """
    if not spans:
        return document
    hidden: dict[int, set[int]] = {}
    for span in spans:
        para = document.paragraphs[span.paragraph]
        for offset in range(span.start, min(span.end, len(para.text))):
            line, column = para.source_position(offset)
            hidden.setdefault(line, set()).add(column)
    lines = list(document.source.lines)
    for index, columns in hidden.items():
        text = lines[index].text
        lines[index] = lines[index]._replace(text="".join(
            MASK_CHAR if i in columns and not c.isspace() else c for i, c in enumerate(text)))
    return document._replace(source=document.source.with_lines(lines))


def _claims(document: Document, ruleset: RuleSet, enabled: Sequence[Rule], seconds: float,
            wall: float) -> tuple[claims.Claims, str]:
    """The document's claims, extracted once for all rules that judge them, under the budget those rules
    would have had between them (the cue words come from rule files); on a timeout, why (and those rules
    become rule errors)."""
    users = sum(CHECK_TYPES[rule.check].uses_claims for rule in enabled)
    if not users:
        return claims.EMPTY, ""
    try:
        with timeouts.budget(seconds * users, wall * users):
            return claims.extract(document, ruleset.claim_vocabulary), ""
    except TimeoutError as exc:
        return claims.EMPTY, f"提取语句主张时{exc}"


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
