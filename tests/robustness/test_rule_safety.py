"""Rule and configuration files from many hands.

Refused at load with a one-line error (exit 2): alias bombs, deep nesting, non-YAML, wrong types,
non-finite numbers, oversized files. Bounded at run time: a catastrophic regular expression in a
custom rule is a rule error — a warning finding under the rule's id, a line on stderr, the rule left
out of the score — and every other rule still runs. Whether a pattern backtracks catastrophically
depends on the text it meets, so it is not guessed at load time.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRun
from tests.robustness.hostile import EXAMPLES, ROOT
from tests.robustness.strategies import default_rules, examples
from validator import timeouts
from validator.config import CommandLine, resolve
from validator.errors import ConfigError
from validator.pipeline import check_source
from validator.readers import read_path
from validator.ruleset import MAX_RULE_FILE_BYTES, MAX_YAML_DEPTH, load_ruleset

COMPLIANT = str(EXAMPLES / "compliant.txt")
CATASTROPHIC = "(x+x+)+y"  # exponential on a long run of "x" with no "y"


def custom_rule(rule_id: str, pattern: str) -> dict[str, Any]:
    return {"id": rule_id, "title": "本地规则", "check": "pattern",
            "params": {"items": [{"name": "示例", "pattern": pattern}]},
            "severity": "warning", "weight": 5, "basis": "本省规定", "message": "示例", "hint": "示例"}


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def hostile_report(tmp_path: Path) -> Path:
    """The compliant example with a line of x's, on which the catastrophic pattern runs away."""
    path = tmp_path / "report.txt"
    path.write_text(Path(COMPLIANT).read_text(encoding="utf-8") + "\n附：" + "x" * 3000 + "\n", encoding="utf-8")
    return path


@pytest.fixture
def quick_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeouts, "RULE_BUDGET", 0.3)


# --------------------------------------------------------------------------- bounded at run time


@pytest.mark.usefixtures("quick_budget")
def test_a_catastrophic_custom_rule_is_a_rule_error_and_the_others_run(
        tmp_path: Path, hostile_report: Path, cli_run: CliRun) -> None:
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [
        custom_rule("local.runaway", CATASTROPHIC), custom_rule("local.sound", "附：")]})
    code, out, err = cli_run("check", str(hostile_report), "--rules", str(rules), "--format", "json")
    assert code == 0  # a rule error is a warning: it fails the run only with --fail-on warning
    (line,) = [line for line in err.splitlines() if "local.runaway" in line]
    assert line.startswith(f"fazhi-lint: 警告：{hostile_report}: local.runaway：规则运行超时")
    jsonschema.validate(json.loads(out), json.loads((ROOT / "validator" / "schemas" / "output.schema.json").read_text()))
    (report,) = json.loads(out)["files"]
    checklist = {item["rule"]: item for item in report["checklist"]}
    assert checklist["local.runaway"]["status"] == "error" and checklist["local.runaway"]["credit"] is None
    assert checklist["local.sound"]["status"] == "partial"  # it ran, and found its one hit
    assert all(item["status"] != "error" for rule, item in checklist.items() if rule != "local.runaway")
    (finding,) = [f for f in report["findings"] if f["rule"] == "local.runaway"]
    assert (finding["code"], finding["severity"]) == ("rule-error", "warning")
    assert str(rules) in finding["hint"]
    # the score leaves the rule out, as a rule that does not apply: the same as without the rule
    sound = write_yaml(tmp_path / "sound.yaml", {"version": 1, "rules": [custom_rule("local.sound", "附：")]})
    _, without, _ = cli_run("check", str(hostile_report), "--rules", str(sound), "--format", "json")
    assert report["score"] == json.loads(without)["files"][0]["score"]
    assert cli_run("check", str(hostile_report), "--rules", str(rules), "--fail-on", "warning")[0] == 1


@pytest.mark.usefixtures("quick_budget")
def test_rule_errors_show_in_sarif_and_terminal(tmp_path: Path, hostile_report: Path,
                                                cli_run: CliRun) -> None:
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [custom_rule("local.runaway", CATASTROPHIC)]})
    _, out, _ = cli_run("check", str(hostile_report), "--rules", str(rules), "--format", "sarif")
    run_log = json.loads(out)["runs"][0]
    assert [r["properties"]["code"] for r in run_log["results"] if r["ruleId"] == "local.runaway"] == ["rule-error"]
    (notification,) = run_log["invocations"][0]["toolExecutionNotifications"]
    assert notification["associatedRule"]["id"] == "local.runaway" and notification["level"] == "warning"
    _, out, _ = cli_run("check", str(hostile_report), "--rules", str(rules), "--format", "terminal")
    assert "规则运行超时" in out


def test_a_rule_made_slow_by_its_size_stops_at_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            cli_run: CliRun) -> None:
    """No slow pattern, only very many: a checklist of 5,000 items is 5,000 searches of every paragraph."""
    monkeypatch.setattr(timeouts, "RULE_DEADLINE", 0.05)
    monkeypatch.setattr(timeouts, "RULE_DEADLINE_PER_MILLION_CHARS", 0.0)
    rule = custom_rule("local.huge", "x") | {"check": "checklist", "params": {"items": [
        {"name": f"事项{i}", "patterns": [f"没有的词{i}"]} for i in range(5_000)]}}
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [rule]})
    code, out, err = cli_run("check", COMPLIANT, "--rules", str(rules), "--format", "json")
    assert code == 0
    assert f"fazhi-lint: 警告：{COMPLIANT}: local.huge：规则运行超时：在本报告上运行时间超过 0.05 秒" in err
    (report,) = json.loads(out)["files"]
    assert report["status"] == "pass" and report["score"] == 100.0  # every shipped rule ran and passed


@pytest.mark.usefixtures("quick_budget")
def test_a_rule_error_is_for_the_reviewer_not_the_opinion(tmp_path: Path, hostile_report: Path,
                                                          cli_run: CliRun) -> None:
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [custom_rule("local.runaway", CATASTROPHIC)]})
    opinions = tmp_path / "opinions"
    code, out, err = cli_run("summary", str(hostile_report), "--rules", str(rules), "--opinions", str(opinions),
                         "--opinion-format", "markdown")
    assert code == 0 and "local.runaway：规则运行超时" in err
    assert "| ! 出错 | 本地规则 | — | 规则运行超时：" in out  # the reviewer's table marks the check
    (letter,) = opinions.glob("*.审查意见.md")
    (note,) = opinions.glob("*.审查人备注.md")
    text = letter.read_text(encoding="utf-8")
    assert "规则运行超时" not in text and "local.runaway" not in text  # not a problem the office is asked to fix
    assert "本地规则（local.runaway）：规则运行超时" in note.read_text(encoding="utf-8")  # the reviewer's to check


@pytest.mark.usefixtures("quick_budget")
def test_a_rule_error_can_be_made_an_error_by_its_levels(tmp_path: Path, hostile_report: Path,
                                                          cli_run: CliRun) -> None:
    rule = custom_rule("local.runaway", CATASTROPHIC) | {"levels": {"rule-error": "error"}}
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [rule]})
    code, out, _ = cli_run("check", str(hostile_report), "--rules", str(rules), "--format", "json")
    assert code == 1 and json.loads(out)["files"][0]["status"] == "fail"


@pytest.mark.usefixtures("quick_budget")
def test_a_catastrophic_heading_pattern_counts_as_not_matching(tmp_path: Path,
                                                              cli_run: CliRun) -> None:
    # a kind of its own, tried after the shipped ones; headings are short, so the pattern must be
    # exponential on fifty characters
    rules = write_yaml(tmp_path / "sections.yaml", {"version": 1, "sections": [
        {"kind": "annex", "name": "附件", "headings": ["(a|aa)+b"]}]})
    report = tmp_path / "report.txt"
    text = Path(COMPLIANT).read_text(encoding="utf-8")
    signature = text.rindex("青山县人民政府\n\n2025")
    report.write_text(text[:signature] + "六、附件说明" + "a" * 54 + "！\n\n附件略。\n\n" + text[signature:],
                      encoding="utf-8")
    code, out, err = cli_run("check", str(report), "--rules", str(rules), "--format", "json")
    assert code == 0
    assert "fazhi-lint.sections：部分分类“附件”（annex）的标题模式 '(a|aa)+b' 在本报告上运行超时" in err
    (result,) = json.loads(out)["files"]
    (notice,) = [f for f in result["findings"] if f["rule"] == "fazhi-lint.sections"]
    assert notice["code"] == "rule-error" and "已视为不匹配" in notice["message"]
    assert [s["kind"] for s in result["sections"] if s["depth"] == 0] == [
        "preamble", "measures", "first-responsible", "problems", "plan", "other", "other"]


def test_a_catastrophic_heading_pattern_does_not_break_batch_pairing(tmp_path: Path,
                                                                    cli_run: CliRun) -> None:
    # pairing takes each report's metadata from its check in a worker process; a heading in the title
    # block that a custom pattern chokes on must count as not matching there too
    rules = write_yaml(tmp_path / "sections.yaml", {"version": 1, "sections": [
        {"kind": "annex", "name": "附件", "headings": ["(a|aa)+b"]}]})
    text = Path(COMPLIANT).read_text(encoding="utf-8")
    lines = text.split("\n")
    # the hostile heading in the title block
    text = "\n".join([*lines[:4], "六、附件说明" + "a" * 54 + "！", "", *lines[4:]]) + "\n" * 20
    names = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    code, out, err = cli_run("check", *names, "--rules", str(rules), "--format", "json", "--jobs", "2")
    assert code == 0
    assert [f["path"] for f in json.loads(out)["files"]] == names
    assert "标题模式 '(a|aa)+b' 在本报告上运行超时" in err


def test_thousands_of_heading_patterns_stop_at_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            cli_run: CliRun) -> None:
    monkeypatch.setattr(timeouts, "RULE_DEADLINE", 0.05)
    monkeypatch.setattr(timeouts, "RULE_DEADLINE_PER_MILLION_CHARS", 0.0)
    rules = write_yaml(tmp_path / "sections.yaml", {"version": 1, "sections": [
        {"kind": "annex", "headings": [f"没有的标题{i}" for i in range(5_000)]}]})
    report = tmp_path / "report.txt"  # 300 short lines: each is tried as a heading whose numeral was lost
    report.write_text(Path(COMPLIANT).read_text(encoding="utf-8") + "".join(f"\n附表{i}\n" for i in range(300)),
                      encoding="utf-8")
    code, out, err = cli_run("check", str(report), "--rules", str(rules), "--format", "json")
    assert "fazhi-lint.sections：部分分类的标题模式在本报告上合计运行超过 0.05 秒，其余标题未作分类" in err
    assert json.loads(out)["files"][0]["error"] is None


def test_every_rule_file_pattern_runs_under_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issuer patterns of the deadline rule ran without a timeout; now every search is charged."""
    searched: list[str] = []
    real = timeouts.search

    def spy(pattern: Any, text: str, *args: Any) -> Any:
        searched.append(pattern.pattern)
        return real(pattern, text, *args)

    import validator.checks.dates as dates

    monkeypatch.setattr(dates, "search", spy)
    check_source(read_path(COMPLIANT), default_rules())
    provincial = default_rules().get("report.deadline").params.provincial  # type: ignore[union-attr]
    assert {p.pattern for p in provincial} <= set(searched)


# --------------------------------------------------------------------------- refused at load


def config_error(cli_run: CliRun, *argv: str) -> str:
    code, out, err = cli_run(*argv)
    assert code == 2 and out == "", err
    assert len(err.strip().splitlines()) == 1 and err.startswith("fazhi-lint: 错误："), err
    return err


ALIAS_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                       + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
                       + ["ignore: *a8"]) + "\n"


@pytest.mark.parametrize(("content", "expected"), [
    (ALIAS_BOMB, "别名炸弹"),
    ("\x00\x01\x02garbage", "YAML 错误"),
    ("[" * 100 + "]" * 100, f"嵌套超过 {MAX_YAML_DEPTH} 层"),
    ("rules: 5\n", "5 的类型不对，应为列表"),
    ("weight:\n  report.measures: '1'\n", "'1' 的类型不对，应为数"),
    ("weight:\n  report.measures: .inf\n", "inf 不是有限的数"),
    ("fail-under: .nan\n", "nan 不是有限的数"),
    ("weight:\n  report.measures: 1.0e+999\n", "inf 不是有限的数"),
    ("ignore: [1]\n", "1 的类型不对，应为映射"),
    ("- a list\n- not a mapping\n", "列表 的类型不对，应为映射"),
])
def test_hostile_configuration_files_are_refused(tmp_path: Path, cli_run: CliRun,
                                                 content: str, expected: str) -> None:
    config = tmp_path / ".fazhi-lint.yaml"
    config.write_text(content, encoding="utf-8")
    assert expected in config_error(cli_run, "check", COMPLIANT, "--config", str(config))


def test_binary_configuration_is_refused(tmp_path: Path, cli_run: CliRun) -> None:
    config = tmp_path / ".fazhi-lint.yaml"
    config.write_bytes(bytes(range(256)) * 4)
    assert "不是 UTF-8 文本" in config_error(cli_run, "check", COMPLIANT, "--config", str(config))


@pytest.mark.parametrize(("table", "expected"), [
    ("rules = " + "[" * 50_000 + "]" * 50_000, "TOML 嵌套过深"),
    ('weight = {"report.measures" = nan}', "nan 不是有限的数"),
    ('fail-under = inf', "inf 不是有限的数"),
])
def test_hostile_pyproject_tables_are_refused(tmp_path: Path, cli_run: CliRun,
                                              table: str, expected: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(f"[tool.fazhi-lint]\n{table}\n", encoding="utf-8")
    assert expected in config_error(cli_run, "check", COMPLIANT, "--config", str(config))


RULE = custom_rule("local.example", "示例")


@pytest.mark.parametrize(("data", "expected"), [
    ({"version": 1, "rules": [[RULE]]}, "列表 的类型不对，应为映射"),  # a rule that is a list
    ({"version": 1, "rules": [RULE | {"params": "items"}]}, "'items' 的类型不对，应为映射"),
    ({"version": 1, "rules": [RULE | {"params": {"items": [{"name": "x", "pattern": 5}]}}]}, "5 的类型不对，应为文字"),
    ({"version": 1, "rules": [RULE | {"weight": "5"}]}, "'5' 的类型不对，应为数"),
    ({"version": 1, "rules": [RULE | {"weight": 1e300}]}, "太大（不大于 1000000）"),
    ({"version": 1, "rules": {"local.example": RULE}}, "映射 的类型不对，应为列表"),
    ({"version": 1, "sections": "plan"}, "'plan' 的类型不对，应为列表"),
    ({"version": 1, "rules": [RULE | {"params": {"items": [{"name": "x", "pattern": "(unclosed"}]}}]},
     "无效的正则表达式"),
    # text copied into every finding or fix: a megabyte of it would multiply by the number of hits
    ({"version": 1, "rules": [RULE | {"hint": "改" * 3000}]}, "过长（3000 个字符，上限 2000）"),
    ({"version": 1, "rules": [RULE | {"params": {"items": [{"name": "x", "pattern": "x", "fix": "replace",
                                                           "replacement": r"\g<0>" * 1000}]}}]}, "过长（5000 个字符，上限 500）"),
])
def test_rule_files_with_wrong_types_are_refused(tmp_path: Path, cli_run: CliRun,
                                                 data: Any, expected: str) -> None:
    rules = write_yaml(tmp_path / "local.yaml", data)
    assert expected in config_error(cli_run, "rules", "--rules", str(rules))


@pytest.mark.parametrize(("pattern", "expected"), [
    ("a{99999999}", "展开后过大"),  # the regex module unrolls it: it would never finish compiling
    ("(?:a{1000}){1000}", "展开后过大"),  # 270 MB
    ("[\\w\\W]{4000000000}", "展开后过大"),  # killed for memory
    ("(" * 500 + "a" + ")" * 500, "分组嵌套超过"),  # RecursionError in the regex parser
])
def test_patterns_too_costly_to_compile_are_refused_at_load(tmp_path: Path, cli_run: CliRun,
                                                            pattern: str, expected: str) -> None:
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [custom_rule("local.example", pattern)]})
    assert expected in config_error(cli_run, "rules", "--rules", str(rules))


def test_counted_repetitions_of_ordinary_size_load(tmp_path: Path) -> None:
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [
        custom_rule("local.example", r"(?:19|20)\d{2}年\d{1,2}月(?:[^。]{0,200}){1,3}"),
        custom_rule("local.long", "a{40000}")]})
    assert len(load_ruleset([rules], include_defaults=False).rules) == 2


regex_text = st.lists(st.sampled_from(list("()[]{}|*+?.^$\\-,:=!<>#PpNgx") + ["{2}", "{1000}", "{,3}", "{3,}", "(?:", "(?P<n>",
                                                                                "(?<=", "(?i)", "\\p{Han}", "a", "1", "9"]),
                      max_size=30).map("".join)


@settings(max_examples=examples(300))
@given(pattern=regex_text)
def test_any_pattern_text_compiles_or_is_refused(pattern: str) -> None:
    from validator.checks.base import ParamReader

    try:
        ParamReader({}, "fuzz.yaml").pattern("pattern", pattern)
    except ConfigError as exc:
        assert "\n" not in str(exc)


def test_non_finite_numbers_in_rule_files_are_refused(tmp_path: Path, cli_run: CliRun) -> None:
    rule = {"id": "local.period", "title": "期限", "check": "duration",
            "params": {"subject": ["征求意见"], "minimum": float("inf")}, "severity": "warning", "weight": 1,
            "basis": "b", "message": "m", "hint": "h"}
    rules = write_yaml(tmp_path / "local.yaml", {"version": 1, "rules": [rule]})
    assert "inf 不是有限的数" in config_error(cli_run, "rules", "--rules", str(rules))


def test_an_oversized_rule_file_is_refused_unread(tmp_path: Path, cli_run: CliRun) -> None:
    rules = tmp_path / "huge.yaml"
    with open(rules, "wb") as fh:
        fh.truncate(MAX_RULE_FILE_BYTES + 1)
    assert "规则文件过大" in config_error(cli_run, "rules", "--rules", str(rules))


def _nested(style: str, depth: int) -> str:
    if style == "flow":
        return "[" * depth + "]" * depth + "\n"
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "b\n"


@pytest.mark.parametrize("name", ["rules.yaml", ".fazhi-lint.yaml"])
@pytest.mark.parametrize(("style", "depth"), [("flow", 70), ("flow", 2_000), ("flow", 100_000),
                                              ("block", 70), ("block", 2_000)])
def test_deeply_nested_yaml_gets_our_message_whatever_the_parser(tmp_path: Path, name: str, style: str,
                                                                    depth: int) -> None:
    """Our 64-level limit, in our words, before any nesting limit of the installed libyaml (PyYAML 6.0.4
    stops flow nesting at 1000 while scanning ahead) and before libyaml's recursive composer could crash."""
    path = tmp_path / name
    path.write_text(_nested(style, depth), encoding="utf-8")
    flag = "--rules" if name == "rules.yaml" else "--config"
    done = subprocess.run([sys.executable, "-m", "validator", "rules", flag, str(path)], capture_output=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 2, done.stderr.decode()
    line = done.stderr.decode().strip()
    assert line.count("\n") == 0 and str(path) in line
    assert f"YAML 嵌套超过 {MAX_YAML_DEPTH} 层" in line


def test_deep_nesting_in_pyproject_is_refused(tmp_path: Path, cli_run: CliRun) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.fazhi-lint]\nx = " + "[" * 70 + "]" * 70 + "\n", encoding="utf-8")
    assert f"嵌套超过 {MAX_YAML_DEPTH} 层" in config_error(cli_run, "rules", "--config", str(pyproject))


@pytest.mark.parametrize(("text", "expected"), [
    ("? [a, b]\n: 1\n", "rules.yaml:1: YAML 的键只能是文字"),
    ("a: &a [1, 2]\nb: {*a : 1}\n", "YAML 的键只能是文字"),
    ("x: " + "9" * 5_000 + "\n", "rules.yaml:1: 数字有 5000 位"),
    ("x: 2024-13-45\n", "rules.yaml: YAML 中有无法转换的值"),
])
def test_yaml_values_python_cannot_build_are_config_errors(tmp_path: Path, cli_run: CliRun,
                                                           text: str, expected: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert expected in config_error(cli_run, "rules", "--rules", str(path))


def test_huge_integer_in_pyproject_is_a_config_error(tmp_path: Path, cli_run: CliRun) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.fazhi-lint]\nfail-under = " + "9" * 5_000 + "\n", encoding="utf-8")
    assert "TOML 中有无法转换的值" in config_error(cli_run, "rules", "--config", str(pyproject))


# --------------------------------------------------------------------------- property: load or refuse

SHIPPED = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "rules").glob("*.yaml"))]
RULES = [rule for data in SHIPPED for rule in data.get("rules", [])]
ODD_STRINGS = ["", "(a+)+$", "(?P<x>a)", r"\g<x>", r"\1", r"\g<0>", "02-30", "13-01", "whole", "plan", "bogus",
               "replace", "delete-paragraph", "preamble", ".*", "(?<=a+)b", "\\", "{match}"]
leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                 st.text(max_size=8), st.sampled_from(ODD_STRINGS))
anything = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                        max_leaves=6)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


@st.composite
def mutated_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A shipped rule with one value replaced: usually by one of the same type (so the schema lets it
    through to the check's own parameter reading), sometimes by anything at all."""
    rule = copy.deepcopy(draw(st.sampled_from(RULES)))
    rule["id"] = "fuzz.rule"
    rule.pop("examples", None)
    path = draw(st.sampled_from(_paths(rule)[1:]))
    parent = rule
    for key in path[:-1]:
        parent = parent[key]
    old = parent[path[-1]]
    if old is None or isinstance(old, bool) or draw(st.integers(0, 4)) == 0:
        new = draw(anything)
    elif isinstance(old, (int, float)):
        new = draw(st.one_of(st.floats(allow_nan=True), st.integers(-10**30, 10**30), st.sampled_from([0, -1, 1e308])))
    elif isinstance(old, str):
        new = draw(st.one_of(st.text(max_size=10), st.sampled_from(ODD_STRINGS)))
    elif isinstance(old, list):
        new = draw(st.sampled_from([[], old * 2, old[:1], old[::-1], [None], [old]]))
    else:
        new = {k: v for k, v in old.items() if k != draw(st.sampled_from(sorted(old) or [None]))}
    parent[path[-1]] = new
    return rule


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow])
@given(rule=mutated_rules())
def test_a_mutated_rule_is_loaded_and_runs_or_is_refused(rule: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = write_yaml(Path(directory) / "fuzz.yaml", {"version": 1, "rules": [rule]})
        try:
            ruleset = load_ruleset([path])
        except ConfigError as exc:  # every problem of the file, each one line naming the file
            assert exc.lines() and all("\n" not in line and line.startswith(str(path)) for line in exc.lines())
            return
    for example in ("compliant.txt", "deficient.txt"):
        report = check_source(read_path(str(EXAMPLES / example)), ruleset)
        assert report.score is not None
        assert report.score.value is None or 0 <= report.score.value <= 100


config_values = st.fixed_dictionaries({}, optional={
    "profile": st.one_of(st.sampled_from(["government", "department", "strict", "bogus"]), anything),
    "rules": st.one_of(st.lists(st.sampled_from(["rules", "missing.yaml", ""])), anything),
    "enable": st.one_of(st.lists(st.sampled_from(["report.deadline", "report.measure", "x"])), anything),
    "disable": st.one_of(st.lists(st.sampled_from(["report.deadline", "decision.directory"])), anything),
    "severity": st.one_of(st.dictionaries(st.sampled_from(["report.deadline", "nope"]),
                                          st.sampled_from(["error", "warning", "info", "fatal"])), anything),
    "weight": st.one_of(st.dictionaries(st.sampled_from(["report.deadline"]), st.one_of(leaf, st.floats())), anything),
    "fail-on": st.one_of(st.sampled_from(["error", "warning", "info", "never"]), anything),
    "fail-under": st.one_of(st.floats(), anything),
    "ignore": st.one_of(st.lists(st.fixed_dictionaries({"path": st.sampled_from(["*.pdf", "**", "[", ""])},
                                                       optional={"rules": st.lists(st.sampled_from(["report.deadline"])),
                                                                 "reason": st.text(max_size=5)})), anything),
    "unknown-key": anything,
})


@settings(max_examples=examples(150))
@given(data=config_values)
def test_a_generated_configuration_is_resolved_or_refused(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        config = write_yaml(Path(directory) / ".fazhi-lint.yaml", data)
        try:
            settings_ = resolve(CommandLine(config=str(config)), cwd=Path(directory))
            settings_.build_ruleset()
            settings_.policy(no_suppress=False)
        except ConfigError as exc:  # every problem of the file, each one line
            assert exc.lines() and all("\n" not in line for line in exc.lines())
