"""``fazhi-lint rules --test FILE…``: run every rule's own examples, and report like a test runner.

What a provincial author runs before sharing a rule pack. For each rule defined in the given files:
every ``examples.pass`` text must pass the rule; every ``examples.fail`` text must fail it (or pass in
part) with at least one finding; a failing example written as ``{text: …, fixed: …}`` must become
exactly ``fixed`` when the rule's own fixes are applied, as ``check --fix`` would. The rules run with
the shipped rule sets (and those of the configuration) loaded, so a province's rules may use the
shipped section kinds and claims topics.

An example that needs last year's report holds both, each under its marker line (PREVIOUS_MARK, then
CURRENT_MARK). Rules that read a .docx's layout describe their examples in words; they are not run.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, TextIO

from validator import engine
from validator.checks import CHECK_TYPES
from validator.escape import visible
from validator.model import Document, SourceDocument
from validator.results import RuleResult
from validator.ruleset import Example, Rule, RuleSet, build_ruleset, default_rule_files, expand_rule_paths

# An example that needs last year's report holds both, each under its marker line.
PREVIOUS_MARK = "【上年报告】"
CURRENT_MARK = "【本年报告】"
SHOWN_CHARS = 60  # of a finding's message or a differing line, in a reason


def split_example(text: str) -> tuple[str, str | None]:
    """(this year's text, last year's text or None) of a rule example."""
    text = textwrap.dedent(text)
    if CURRENT_MARK not in text:
        return text, None
    before, after = text.split(CURRENT_MARK, 1)
    return after.lstrip("\n"), before.replace(PREVIOUS_MARK, "", 1).strip("\n") + "\n"


def source_of(text: str, name: str = "example.txt") -> SourceDocument:
    """A plain-text report of ``text`` (dedented), as the text reader would produce it."""
    from validator.readers.text import split_lines

    return SourceDocument(path=name, format=name.rsplit(".", 1)[-1], lines=split_lines(textwrap.dedent(text)))


def run_rule(ruleset: RuleSet, rule: Rule, text: str, previous: str | None = None) -> RuleResult:
    """The result of one rule (enabled or not) on a report's text, with last year's text if given."""
    from validator.pipeline import analyse

    last_year = analyse(source_of(previous, "previous.txt"), ruleset.classifier) if previous is not None else None
    return run_rule_on(ruleset, rule, source_of(text), last_year)


def run_rule_on(ruleset: RuleSet, rule: Rule, source: SourceDocument, previous: Document | None = None) -> RuleResult:
    from validator.pipeline import analyse

    only = ruleset._replace(rules=(rule._replace(enabled=True),))
    (result,) = engine.run(analyse(source, ruleset.classifier), only, previous)
    return result


def fixed_text(ruleset: RuleSet, rule: Rule, text: str, previous: str | None = None) -> tuple[str, int]:
    """``text`` (dedented) after applying the rule's own fixes, checked again as ``--fix`` does; and how
    many edits were made."""
    from validator.fix import MAX_PASSES, apply_edits

    text = textwrap.dedent(text)
    applied = 0
    for _ in range(MAX_PASSES):
        result = run_rule(ruleset, rule, text, previous)
        edits = [edit for finding in result.findings for edit in finding.fix]
        if not edits:
            break
        text, made = apply_edits(text, edits)
        applied += made
    return text, applied


# --------------------------------------------------------------------------- one rule


class Outcome(NamedTuple):
    rule: Rule
    examples: int  # examples run
    failures: tuple[str, ...] = ()  # why, one line each
    skipped: str = ""  # why the examples were not run

    @property
    def passed(self) -> bool:
        return not self.failures and not self.skipped


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _first_difference(got: str, wanted: str) -> str:
    got_lines, wanted_lines = got.splitlines(), wanted.splitlines()
    for i in range(max(len(got_lines), len(wanted_lines))):
        a = got_lines[i] if i < len(got_lines) else "（无）"
        b = wanted_lines[i] if i < len(wanted_lines) else "（无）"
        if a != b:
            return f"第 {i + 1} 行修改后为“{_short(a)}”，fixed 为“{_short(b)}”"
    return "行尾或换行不同"


def _passing(ruleset: RuleSet, rule: Rule, n: int, example: Example) -> str | None:
    current, previous = split_example(example.text)
    result = run_rule(ruleset, rule, current, previous)
    if result.status == "pass":
        return None
    said = next((f.message for f in result.findings), "") or result.note
    return f"合格示例 {n} 未通过（{result.status}）" + (f"：{_short(said)}" if said else "")


def _failing(ruleset: RuleSet, rule: Rule, n: int, example: Example) -> str | None:
    current, previous = split_example(example.text)
    result = run_rule(ruleset, rule, current, previous)
    if result.status not in ("fail", "partial") or not result.findings:
        return f"不合格示例 {n} 没有发现问题（{result.status}）" + (f"：{_short(result.note)}" if result.note else "")
    if example.fixed is None:
        return None
    got, applied = fixed_text(ruleset, rule, current, previous)
    if not applied:
        return f"不合格示例 {n} 写了 fixed，但规则没有给出自动修改"
    if got != textwrap.dedent(example.fixed):
        return f"不合格示例 {n} 自动修改后与 fixed 不同：{_first_difference(got, textwrap.dedent(example.fixed))}"
    return None


def check_rule(ruleset: RuleSet, rule: Rule) -> Outcome:
    """Run one rule's examples."""
    if CHECK_TYPES[rule.check].reads_layout:
        return Outcome(rule, 0, skipped="检查 .docx 版式，示例是文字说明，未运行")
    passing, failing = rule.examples.get("pass", ()), rule.examples.get("fail", ())
    failures = [f"缺少{what}（examples.{key}）" for key, what, given in (("pass", "合格示例", passing),
                                                                       ("fail", "不合格示例", failing)) if not given]
    failures += [why for n, e in enumerate(passing, 1) if (why := _passing(ruleset, rule, n, e))]
    failures += [why for n, e in enumerate(failing, 1) if (why := _failing(ruleset, rule, n, e))]
    return Outcome(rule, len(passing) + len(failing), tuple(failures))


# --------------------------------------------------------------------------- files


def load_for_test(paths: Iterable[str], context: Sequence[str] = ()) -> tuple[RuleSet, list[str]]:
    """The rule set to test ``paths`` in: the shipped rules, ``context`` (the configuration's rule files),
    then the files under test, each file once; and the names of the files under test."""
    from validator.cache import cached

    tested = expand_rule_paths(paths)
    files: list[Path] = []
    seen: set[Path] = set()
    for path in [*default_rule_files(), *expand_rule_paths(context), *tested]:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            files.append(path)
    ruleset = cached("ruleset", files, lambda: build_ruleset(files))
    names = {str(p.resolve()) for p in tested}
    return ruleset, [f for f in ruleset.files if str(Path(f).resolve()) in names]


def run_tests(ruleset: RuleSet, files: Sequence[str], out: TextIO) -> bool:
    """Test every rule defined in ``files``, file by file; write the report; True when all passed."""
    outcomes: list[Outcome] = []
    for name in files:
        rules = [r for r in ruleset.rules if r.source == name]
        out.write(f"{visible(name)}（{len(rules)} 条规则）\n")
        for rule in rules:
            outcome = check_rule(ruleset, rule)
            outcomes.append(outcome)
            out.write(_line(outcome))
    out.write(_summary(outcomes))
    return all(o.passed or o.skipped for o in outcomes)


def _line(outcome: Outcome) -> str:
    rule = visible(outcome.rule.id)
    if outcome.skipped:
        return f"  - {rule}：{outcome.skipped}\n"
    if outcome.passed:
        return f"  ✓ {rule}（示例 {outcome.examples} 个）\n"
    return "".join([f"  ✗ {rule}\n", *(f"      {visible(why)}\n" for why in outcome.failures)])


def _summary(outcomes: Sequence[Outcome]) -> str:
    failed = sum(1 for o in outcomes if o.failures)
    skipped = sum(1 for o in outcomes if o.skipped)
    passed = len(outcomes) - failed - skipped
    examples = sum(o.examples for o in outcomes)
    parts = [f"{passed} 条通过", f"{failed} 条未通过"] + ([f"{skipped} 条未运行"] if skipped else [])
    verdict = "未通过" if failed else "全部通过"
    return f"\n{verdict}：共 {len(outcomes)} 条规则，{'，'.join(parts)}；运行示例 {examples} 个\n"
