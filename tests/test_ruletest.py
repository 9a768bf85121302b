"""``fazhi-lint rules --test``: each rule's examples run like tests (pass, fail, and the expected fix)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, CliRun
from validator.checks import CHECK_TYPES
from validator.ruleset import load_ruleset


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_shipped_rules_pass_their_own_examples(cli_run: CliRun) -> None:
    code, out, err = cli_run("rules", "--test", str(ROOT / "rules"))
    assert (code, err) == (0, "")
    rules = load_ruleset().rules
    layout = sum(CHECK_TYPES[r.check].reads_layout for r in rules)
    examples = sum(len(r.examples.get("pass", ())) + len(r.examples.get("fail", ()))
                   for r in rules if not CHECK_TYPES[r.check].reads_layout)
    assert out.splitlines()[-1] == (f"全部通过：共 {len(rules)} 条规则，{len(rules) - layout} 条通过，0 条未通过，"
                                    f"{layout} 条未运行；运行示例 {examples} 个")
    assert "  ✓ format.punctuation-width（示例 2 个）" in out.splitlines()
    assert "  - layout.page-size：检查 .docx 版式，示例是文字说明，未运行" in out.splitlines()
    assert "✗" not in out


def test_the_readmes_province_pack_passes(cli_run: CliRun) -> None:
    code, out, _ = cli_run("rules", "--test", str(EXAMPLES / "province"))
    assert code == 0
    assert out.splitlines() == [
        f"{EXAMPLES / 'province' / 'rules.yaml'}（5 条规则）",
        "  ✓ province.inspection（示例 3 个）",
        "  ✓ province.enforcement-supervision（示例 2 个）",
        "  ✓ province.normative-review-period（示例 2 个）",
        "  ✓ province.fair-competition（示例 2 个）",
        "  ✓ province.terms（示例 2 个）",
        "",
        "全部通过：共 5 条规则，5 条通过，0 条未通过；运行示例 11 个",
    ]


BROKEN = """\
    version: 1
    rules:
      - id: local.sound
        title: 未写明法律顾问工作
        check: phrase
        params: {patterns: [法律顾问]}
        basis: 本省规定
        hint: 写明法律顾问工作
        examples:
          pass: ["一、主要举措和成效\\n法律顾问审核合同46份。\\n"]
          fail: ["一、主要举措和成效\\n全年组织学法12次。\\n"]
      - id: local.broken
        title: 未写明法治督察
        check: phrase
        params: {patterns: [法治督察], unless: [将]}
        basis: 本省规定
        hint: 写明法治督察
        examples:
          pass:
            - "一、主要举措和成效\\n全年组织学法12次。\\n"
          fail:
            - "一、主要举措和成效\\n开展法治督察2次。\\n"
            - "一、主要举措和成效\\n将开展法治督察。\\n"
      - id: local.fix
        title: 规范表述
        check: preferred-form
        params:
          terms: [{wrong: 法治政府建设督查, right: 法治政府建设督察}, {wrong: 督察组, note: 请核对}]
        basis: 本省规定
        hint: 改为规范表述
        examples:
          pass: ["一、主要举措和成效\\n开展法治政府建设督察。\\n"]
          fail:
            - text: "一、主要举措和成效\\n开展法治政府建设督查。\\n"
              fixed: "一、主要举措和成效\\n开展法治政府建设督查。\\n"
            - text: "一、主要举措和成效\\n派出督察组。\\n"
              fixed: "一、主要举措和成效\\n派出检查组。\\n"
      - id: local.bare
        title: 没有示例
        check: phrase
        params: {patterns: [x]}
        basis: 本省规定
        hint: h
    """


def test_a_broken_example_fails_with_the_reason(tmp_path: Path, cli_run: CliRun) -> None:
    path = write(tmp_path, "本省规则.yaml", BROKEN)
    code, out, err = cli_run("rules", "--test", str(path))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{path}（4 条规则）",
        "  ✓ local.sound（示例 2 个）",
        "  ✗ local.broken",
        "      合格示例 1 未通过（fail）：未写明法治督察",
        "      不合格示例 1 没有发现问题（pass）",
        "  ✗ local.fix",
        "      不合格示例 1 自动修改后与 fixed 不同：第 2 行修改后为“开展法治政府建设督察。”，fixed 为“开展法治政府建设督查。”",
        "      不合格示例 2 写了 fixed，但规则没有给出自动修改",
        "  ✗ local.bare",
        "      缺少合格示例（examples.pass）",
        "      缺少不合格示例（examples.fail）",
        "",
        "未通过：共 4 条规则，1 条通过，3 条未通过；运行示例 8 个",
    ]


def test_a_directory_tests_its_files_in_order_with_the_shipped_kinds_and_topics(
        tmp_path: Path, cli_run: CliRun) -> None:
    pack = tmp_path / "本省规则包"
    write(pack, "a.yaml", """\
        version: 1
        sections:
          - kind: measures
            headings: ['重点工作推进情况']
        """)
    write(pack, "b.yaml", """\
        version: 1
        rules:
          - id: local.directory
            title: 未写明规范性文件目录
            check: statement
            params: {topic: directory}
            scope: [measures]
            basis: 本省规定
            hint: 写明目录
            examples:
              pass: ["一、重点工作推进情况\\n制定并公布重大行政决策事项目录。\\n"]
              fail: ["一、重点工作推进情况\\n将制定重大行政决策事项目录。\\n"]
        """)
    code, out, _ = cli_run("rules", "--test", str(pack))
    assert code == 0
    assert out.splitlines()[:3] == [f"{pack / 'a.yaml'}（0 条规则）", f"{pack / 'b.yaml'}（1 条规则）",
                                    "  ✓ local.directory（示例 2 个）"]


def test_a_bad_rule_file_exits_2_with_every_problem(tmp_path: Path, cli_run: CliRun) -> None:
    path = write(tmp_path, "本省规则.yaml", """\
        version: 1
        rules:
          - id: local.x
            title: x
            check: phrase
            params: {patterns: [x]}
            severity: fatal
            basis: b
            examples: {pass: [x], fial: [y]}
        """)
    code, out, err = cli_run("rules", "--test", str(path))
    assert (code, out) == (2, "")
    rule = f"fazhi-lint: 错误：{path}:3: ==> At key: rules ==> At index 0"
    assert err.splitlines() == [
        f"{rule}: 缺少必填项：hint",
        f"fazhi-lint: 错误：{path}:7: ==> At key: rules ==> At index 0 ==> At key: severity: 'fatal' 不是可选值"
        "（可选：error、warning、info）",
        f"fazhi-lint: 错误：{path}:9: ==> At key: rules ==> At index 0 ==> At key: examples ==> At key: fial: "
        "未知的键 'fial'（是否要找：fail；可用：fail、pass）",
    ]


def test_a_missing_file_is_a_usage_error(tmp_path: Path, cli_run: CliRun) -> None:
    code, _, err = cli_run("rules", "--test", str(tmp_path / "none.yaml"))
    assert code == 2 and err == f"fazhi-lint: 错误：{tmp_path / 'none.yaml'}: 规则文件或目录不存在\n"


def test_a_yoy_rules_examples_carry_last_years_report(tmp_path: Path, cli_run: CliRun) -> None:
    path = write(tmp_path, "yoy.yaml", """\
        version: 1
        rules:
          - id: local.repeated
            title: 不足照抄上年
            check: repeated-problems
            params: {compare: [{kind: problems, code: copied}]}
            scope: [problems]
            basis: 本省规定
            hint: 不要照抄上年
            examples:
              pass:
                - |
                  【上年报告】
                  二、存在的不足和原因
                  一是执法监督手段较为单一，对执法全过程的动态监督不足。
                  【本年报告】
                  二、存在的不足和原因
                  一是基层法治队伍力量薄弱，专职法制审核人员不足三人。
              fail:
                - |
                  【上年报告】
                  二、存在的不足和原因
                  一是执法监督手段较为单一，对执法全过程的动态监督不足。
                  【本年报告】
                  二、存在的不足和原因
                  一是执法监督手段较为单一，对执法全过程的动态监督仍然不足。
        """)
    code, out, _ = cli_run("rules", "--test", str(path))
    assert code == 0, out
    assert "  ✓ local.repeated（示例 2 个）" in out.splitlines()
