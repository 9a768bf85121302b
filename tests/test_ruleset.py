from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.checks import CHECK_TYPES
from validator.errors import ConfigError
from validator.ruleset import SCHEMA_PATH, load_ruleset

GOOD_RULE = """\
version: 1
rules:
  - id: local.example
    title: 示例
    check: phrase
    params:
      patterns: [法律顾问]
    severity: info
    weight: 1
    scope: [measures]
    basis: 示例依据
    message: 未写明法律顾问
    hint: 写明法律顾问工作
"""


def write(tmp_path: Path, text: str, name: str = "custom.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_ruleset([path])
    message = str(info.value)
    assert "\n" not in message
    return message


def test_default_rules_load_with_the_public_ids() -> None:
    ids = {r.id for r in load_ruleset().rules}
    assert {
        "report.measures", "report.problems", "report.problem-causes", "report.first-responsible",
        "report.next-year-plan", "report.plan-year", "report.deadline", "decision.directory",
        "decision.comment-period", "decision.legality-review", "decision.procedures",
    } <= ids


def test_schema_lists_exactly_the_registered_check_types() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["$defs"]["rule"]["properties"]["check"]["enum"]) == set(CHECK_TYPES)


def test_extra_rule_file_adds_a_rule(tmp_path: Path) -> None:
    ruleset = load_ruleset([write(tmp_path, GOOD_RULE)])
    assert ruleset.get("local.example") is not None


def test_bad_severity_names_file_line_and_path(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("severity: info", "severity: fatal"))
    message = load_error(path)
    assert f"{path}:8:" in message
    assert "==> At key: rules ==> At index 0 ==> At key: severity" in message
    assert "'fatal'" in message


def test_unknown_params_key_is_reported_at_its_path(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("      patterns: [法律顾问]", "      patterns: [法律顾问]\n      patterns_typo: [x]"))
    message = load_error(path)
    assert "At key: params" in message and "patterns_typo" in message


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - id: [unclosed\n")
    message = load_error(path)
    assert message.startswith(f"{path}:3:") and "YAML" in message


def test_invalid_regex_names_the_pattern(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("[法律顾问]", "['法律(顾问']"))
    message = load_error(path)
    assert "==> At key: patterns ==> At index 0" in message and "正则" in message


def test_unknown_scope_kind(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, GOOD_RULE.replace("scope: [measures]", "scope: [measurez]")))
    assert "At key: scope" in message and "measurez" in message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, GOOD_RULE.replace("local.example", "report.measures")))
    assert "report.measures" in message and "10-report.yaml" in message


def test_missing_rule_path() -> None:
    with pytest.raises(ConfigError, match="不存在"):
        load_ruleset(["/nonexistent/rules.yaml"])


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("rules: *a8")
    message = load_error(write(tmp_path, "\n".join(lines) + "\n"))
    assert "别名炸弹" in message


def test_a_province_extends_the_section_classifier(tmp_path: Path) -> None:
    extra = write(tmp_path, "version: 1\nsections:\n  - kind: plan\n    headings: ['努力方向']\n")
    ruleset = load_ruleset([extra])
    assert ruleset.classifier.classify("四、今后努力方向") == "plan"
    assert ruleset.classifier.classify("四、努力方向") == "plan"
    assert load_ruleset().classifier.classify("四、努力方向") is None
