"""Writing a province's own rules: every problem of a rule file in one run, in Chinese, at its line; defaults."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import CliRun
from validator.checks import CHECK_TYPES
from validator.errors import ConfigError
from validator.regex_limits import MAX_RULESET_PATTERN_SIZE
from validator.ruleset import MAX_PROBLEMS_SHOWN, RULE_DEFAULTS, load_ruleset


def write(tmp_path: Path, text: str, name: str = "本省规则.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path | list[Path]) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_ruleset(path if isinstance(path, list) else [path])
    return info.value.lines()


# A province's first try: a misspelt check type, section kinds and claims topic, a key spelt wrong, keys
# missing, a bad severity, a bad regular expression in the third item, a date the check type refuses.
MISSPELT = """\
    version: 1
    rules:
      - id: local.inspection
        title: 法治督察
        check: phrse
        params:
          patterns: [法治督察]
        scope: [measurez]
        basis: 本省要求
        hnit: 写明法治督察工作
      - id: local.coordination
        title: 行政执法协调监督
        check: checklist
        severity: fatal
        params:
          items:
            - name: 协调
              patterns: [协调]
            - name: 监督
              patterns: [监督]
            - name: 案卷评查
              patterns: ['案卷(评查']
        scope: [measures, problms]
        basis: 本省要求
        hint: 写明行政执法协调监督工作
      - id: local.period
        title: 征求意见期限
        check: period
        params:
          topic: coment-period
          minimum: 30
        hint: 写明期限
      - id: local.deadline
        title: 报送时限
        check: deadline
        params:
          signed_by: 3月1日
        basis: 本省规定
        hint: 按时报送
    """


def test_a_misspelt_incomplete_rule_file_shows_every_problem_in_one_run(
        tmp_path: Path, cli_run: CliRun) -> None:
    path = write(tmp_path, MISSPELT)
    code, out, err = cli_run("rules", "--rules", str(path))
    assert code == 2 and out == ""
    at = f"fazhi-lint: 错误：{path}"
    rule = "==> At key: rules ==> At index"
    regex_line = f"{at}:22: {rule} 1 ==> At key: params ==> At key: items ==> At index 2 ==> At key: patterns ==> At index 0: "
    lines = err.splitlines()
    assert lines[6].startswith(regex_line + "无效的正则表达式 '案卷(评查'（")  # then the regex module's own words
    lines[6] = regex_line
    assert lines == [
        # what the schema finds, in the order of the file
        f"{at}:3: {rule} 0: 缺少必填项：hint",
        f"{at}:5: {rule} 0 ==> At key: check: 'phrse' 不是可选值（是否要找：phrase；可选：{'、'.join(CHECK_TYPES)}）",
        f"{at}:10: {rule} 0 ==> At key: hnit: 未知的键 'hnit'（是否要找：hint；可用：basis、check、enabled、examples、hint、id、"
        "levels、message、params、scope、severity、title、weight、why）",
        f"{at}:14: {rule} 1 ==> At key: severity: 'fatal' 不是可选值（可选：error、warning、info）",
        f"{at}:26: {rule} 2: 缺少必填项：basis",
        # then what compiling the rules finds, each at the line of the value
        f"{at}:8: {rule} 0 ==> At key: scope ==> At index 0: 未知的部分类型 'measurez'（是否要找：measures；"
        "已定义：first-responsible、measures、other、plan、preamble、problems）",
        regex_line,
        f"{at}:23: {rule} 1 ==> At key: scope ==> At index 1: 未知的部分类型 'problms'（是否要找：problems；"
        "已定义：first-responsible、measures、other、plan、preamble、problems）",
        f"{at}:30: {rule} 2 ==> At key: params ==> At key: topic: 未知的主张事项 'coment-period'（是否要找：comment-period；"
        "claims 中已定义：comment-period、legality-review、directory）",
        f"{at}:37: {rule} 3 ==> At key: params ==> At key: signed_by: 应为“月-日”格式，例如 03-01，而不是 '3月1日'",
    ]


def test_a_bad_pattern_in_the_third_item_is_reported_at_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        rules:
          - id: local.debris
            title: 本地残留
            check: pattern
            params:
              items:
                - name: 甲
                  pattern: 甲
                - name: 乙
                  pattern: 乙
                - name: 丙
                  unless: [丁]
                  pattern: '丙(('
            basis: 本省规定
            hint: 删除
        """)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:14: ==> At key: rules ==> At index 0 ==> At key: params ==> At key: items "
                              "==> At index 2 ==> At key: pattern: 无效的正则表达式 '丙(('")


def test_a_minimal_rule_needs_five_keys_and_gets_the_documented_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        rules:
          - id: local.inspection
            title: 未写明法治督察工作
            check: phrase
            params: {patterns: [法治督察]}
            basis: 本省法治政府建设考核办法
            hint: 在主要举措中写明开展法治督察的情况
        """)
    rule = load_ruleset([path]).get("local.inspection")
    assert rule is not None
    assert (rule.severity, rule.weight, rule.scope, rule.why, rule.enabled) == ("warning", 1.0, None, "", True)
    assert rule.message == "未写明法治督察工作"  # the title
    assert dict(RULE_DEFAULTS) == {"severity": "warning", "weight": 1, "scope": "whole", "why": "", "enabled": True}


def test_basis_and_hint_stay_required(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        rules:
          - id: local.inspection
            title: 法治督察
            check: phrase
            params: {patterns: [法治督察]}
        """)
    assert problems(path) == [f"{path}:3: ==> At key: rules ==> At index 0: 缺少必填项：basis、hint"]


def test_values_a_check_type_refuses_are_collected_rule_by_rule(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        rules:
          - id: local.spacing
            title: 行距
            check: line-spacing
            params: {min_pt: 30, max_pt: 20}
            basis: 本省公文格式
            hint: 调整行距
          - id: local.terms
            title: 本省规范表述
            check: preferred-form
            params:
              terms:
                - {wrong: 甲, right: 乙, years: [2025, 2020]}
                - {pattern: '(丙', right: 丁}
            basis: 本省规定
            hint: 按本省规范表述修改
          - id: local.ellipsis
            title: 省略号
            check: pattern
            params:
              items:
                - {name: 省略号, pattern: '(\\p{Han})\\.{3}', fix: replace, replacement: '\\2……'}
            basis: GB/T 15834
            hint: 改为“……”
          - id: local.both
            title: 两种写法
            check: preferred-form
            params:
              terms:
                - {wrong: 戊, pattern: 己}
                - {right: 庚}
            basis: 本省规定
            hint: 按本省规范表述修改
        """)
    rule = "==> At key: rules ==> At index"
    found = problems(path)
    assert found[:2] == [
        f"{path}:31: {rule} 3 ==> At key: params ==> At key: terms ==> At index 0: wrong、pattern 只能写一个",
        f"{path}:32: {rule} 3 ==> At key: params ==> At key: terms ==> At index 1: 需要 wrong 或 pattern（写一个）",
    ]
    compiled = found[2:]  # compiling's problems follow, each at its line
    assert compiled[:2] == [
        f"{path}:6: {rule} 0 ==> At key: params ==> At key: min_pt: min_pt 30 大于 max_pt 20",
        f"{path}:14: {rule} 1 ==> At key: params ==> At key: terms ==> At index 0 ==> At key: years: "
        "起始年份 2025 晚于结束年份 2020",
    ]
    assert compiled[2].startswith(f"{path}:15: {rule} 1 ==> At key: params ==> At key: terms ==> At index 1 ==> "
                                  "At key: pattern: 无效的正则表达式 '(丙'")
    assert compiled[3:] == [f"{path}:23: {rule} 2 ==> At key: params ==> At key: items ==> At index 0 ==> At key: "
                         "replacement: 替换模板引用了不存在的分组 '\\\\2'"]


def test_unknown_instrument_and_misspelt_kinds_in_params_are_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        version: 1
        rules:
          - id: local.directory
            title: 规范性文件目录
            check: statement
            params: {topic: directory, instrument: normative-documnet}
            basis: 本省规定
            hint: 写明目录
          - id: local.plan-year
            title: 安排年度
            check: plan-year
            params: {kind: plna}
            basis: 本省规定
            hint: 写明年份
        """)
    assert problems(path) == [
        f"{path}:6: ==> At key: rules ==> At index 0 ==> At key: params ==> At key: instrument: 未知的制度 "
        "'normative-documnet'（是否要找：normative-document；claims 中已定义：major-decision、normative-document、"
        "legislation、licensing、reconsideration、disclosure、hotline、enforcement、contract）",
        f"{path}:12: ==> At key: rules ==> At index 1 ==> At key: params ==> At key: kind: 未知的部分类型 'plna'（是否要找："
        "plan；已定义：first-responsible、measures、other、plan、preamble、problems）",
    ]


def test_problems_of_several_files_are_listed_file_by_file(tmp_path: Path) -> None:
    broken = write(tmp_path, "rules:\n  - id: [unclosed\n", "a.yaml")
    second = write(tmp_path, """\
        version: 1
        rules:
          - id: report.measures
            title: 重复
            check: phrase
            params: {patterns: [x]}
            basis: b
            hint: h
          - id: local.one
            title: 一
            check: phrase
            params: {patterns: [x], unless: 5}
            basis: b
            hint: h
        """, "b.yaml")
    found = problems([broken, second])
    assert len(found) == 3
    assert found[0].startswith(f"{broken}:3:") and "YAML 语法错误" in found[0]
    # a file that cannot be read may define section kinds: names are then not checked at all
    assert found[1:] == [
        f"{second}:12: ==> At key: rules ==> At index 1 ==> At key: params ==> At key: unless: 5 的类型不对，应为列表",
        f"{second}:3: ==> At key: rules ==> At index 0 ==> At key: id: 规则 report.measures 已在 "
        f"{Path(load_ruleset().get('report.measures').source)} 中定义",  # type: ignore[union-attr]
    ]


def test_a_rule_file_of_thousands_of_problems_shows_the_first_hundred(tmp_path: Path) -> None:
    items = "\n".join(f"      - {{name: x{i}, pattern: '(x{i}'}}" for i in range(300))
    path = write(tmp_path, "version: 1\nrules:\n  - id: local.many\n    title: 多\n    check: pattern\n"
                 f"    params:\n      items:\n{items}\n    basis: b\n    hint: h\n")
    found = problems(path)
    assert len(found) == MAX_PROBLEMS_SHOWN + 1
    assert found[-1] == f"……另有 {300 - MAX_PROBLEMS_SHOWN} 处问题未列出"


def test_patterns_past_the_rule_sets_budget_stop_the_loading_at_once(tmp_path: Path) -> None:
    pattern = "a{40000}"  # each under the per-pattern limit; a handful exhaust the rule set's
    items = "\n".join(f"      - {{name: x{i}, pattern: '{pattern}'}}" for i in range(20))
    path = write(tmp_path, "version: 1\nrules:\n  - id: local.costly\n    title: 贵\n    check: pattern\n"
                 f"    params:\n      items:\n{items}\n    basis: b\n    hint: h\n")
    (problem,) = problems(path)
    assert f"合计超过 {MAX_RULESET_PATTERN_SIZE}" in problem


def test_a_configuration_file_shows_every_problem_in_one_run(tmp_path: Path, cli_run: CliRun) -> None:
    config = write(tmp_path, """\
        fail-onn: warning
        severity:
          report.measures: fatal
        weight:
          report.problems: many
        """, ".fazhi-lint.yaml")
    code, _, err = cli_run("rules", "--config", str(config))
    assert code == 2
    at = f"fazhi-lint: 错误：{config}"
    assert err.splitlines() == [
        f"{at}:1: ==> At key: fail-onn: 未知的配置项 'fail-onn'（是否要找：fail-on；可用：accept-suppressions、disable、enable、fail-on、"
        "fail-under、ignore、profile、rules、severity、weight）",
        f"{at}:3: ==> At key: severity ==> At key: report.measures: 'fatal' 不是可选值（可选：error、warning、info）",
        f"{at}:5: ==> At key: weight ==> At key: report.problems: 'many' 的类型不对，应为数",
    ]


def test_unknown_rule_ids_in_a_configuration_are_listed_together(tmp_path: Path,
                                                                 cli_run: CliRun) -> None:
    config = write(tmp_path, "disable:\n  - report.measurez\nseverity:\n  decision.directry: info\n", ".fazhi-lint.yaml")
    code, _, err = cli_run("rules", "--config", str(config))
    assert code == 2
    assert err.splitlines() == [
        f"fazhi-lint: 错误：{config}:2: ==> At key: disable ==> At index 0: 未知的规则 'report.measurez'；"
        "是否要找：report.measures",
        f"fazhi-lint: 错误：{config}:4: ==> At key: severity ==> At key: decision.directry: 未知的规则 "
        "'decision.directry'；是否要找：decision.directory",
    ]
