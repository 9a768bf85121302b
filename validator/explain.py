"""``fazhi-lint explain RULE``: what a rule checks, why (with its legal basis), how to fix, examples."""

from __future__ import annotations

from validator.escape import visible
from validator.model import SEVERITY_NAME
from validator.ruleset import Rule, RuleSet


def render_rule(rule: Rule, ruleset: RuleSet) -> str:
    scope = "全文" if rule.scope is None else "、".join(ruleset.classifier.name_of(k) for k in sorted(rule.scope))
    out = [
        f"{rule.id} — {rule.title}",
        "",
        f"级别：{SEVERITY_NAME.get(rule.severity, rule.severity)}    权重：{rule.weight:g}    "
        f"检查类型：{rule.check}    范围：{scope}",
        "",
        "检查什么",
        f"  未通过时提示：{rule.message}",
        "",
        "为什么",
        f"  {rule.why}" if rule.why else "  （未写明）",
        "",
        "依据",
        f"  {rule.basis}",
        "",
        "怎么改",
        f"  {rule.hint}",
    ]
    for key, title in (("pass", "合格示例"), ("fail", "不合格示例")):
        for example in rule.examples.get(key, ()):
            out += ["", title]
            out += [f"  | {line}" for line in example.text.rstrip("\n").splitlines()]
            if example.fixed is not None:
                out += ["", "自动修改（--fix）后"]
                out += [f"  | {line}" for line in example.fixed.rstrip("\n").splitlines()]
    out += ["", f"（规则定义：{rule.source}）"]
    # a rule file's text is shown as text: no escape sequence or stray line reaches the terminal
    return "\n".join(visible(line) for line in out) + "\n"
