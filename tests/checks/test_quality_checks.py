"""Unit behaviour of the quality check types beyond the per-rule cases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import source_of
from validator import engine
from validator.checks.numbering import label_for
from validator.checks.punctuation import half_width_marks, unmatched_marks
from validator.engine import RuleResult
from validator.errors import ConfigError
from validator.fix import apply_edits
from validator.numerals import int_to_cn
from validator.pipeline import analyse
from validator.ruleset import RuleSet, load_ruleset


def run(ruleset: RuleSet, rule_id: str, text: str, name: str = "t.txt") -> RuleResult:
    rule = ruleset.get(rule_id)
    assert rule is not None
    document = analyse(source_of(text, name), ruleset.classifier)
    (result,) = engine.run(document, ruleset._replace(rules=(rule,)))
    return result


def fixed(ruleset: RuleSet, rule_id: str, text: str) -> str:
    text = textwrap.dedent(text)
    result = run(ruleset, rule_id, text)
    return apply_edits(text, [e for f in result.findings for e in f.fix])[0]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(("text", "marks"), [
    ("2024年,铁岭", ","),
    ("时间:2025-03-01", ":"),
    ("(一)提高政治站位", "()"),
    ("“十四五”,“十五五”", ","),
    ("发文1,250件", ""),
    ("于8:30开始", ""),
    ("网址https://x.gov.cn/a?b=1,2。", ""),
    ("“Hello, World!”开放日", ""),
    ("支持互联网协议第6版(IPv6)访问", ""),
    ("Law and Order, 2024", ""),
])
def test_half_width_marks(text: str, marks: str) -> None:
    assert "".join(text[i] for i in half_width_marks(text)) == marks


def test_unmatched_marks() -> None:
    assert unmatched_marks("聚焦“防范宣传，制作展板。") == [(2, "“")]
    assert unmatched_marks("《纲要（2021—2025年)》") == []
    assert unmatched_marks("1)完善规则。") == []


# --------------------------------------------------------------------------- debris


def test_markdown_markers_are_debris_only_outside_markdown(ruleset: RuleSet) -> None:
    text = "一、主要举措和成效\n**一是加强学习。**全年组织学法12次。\n"
    assert run(ruleset, "format.conversion-debris", text, "t.txt").status == "partial"
    assert run(ruleset, "format.conversion-debris", text, "t.md").status == "pass"


def test_a_break_that_may_be_a_missing_full_stop_is_reported_not_joined(ruleset: RuleSet) -> None:
    text = "一、主要举措和成效\n三是有效提升办文办会质量。精雕细琢文字材料，高质量\n\n起草区政府工作汇报200余份。\n"
    (finding,) = run(ruleset, "format.conversion-debris", text).findings
    assert finding.code == "split-sentence" and not finding.fixable
    assert "漏了句号" in finding.message


def test_a_latin_word_is_reported_but_not_fixed(ruleset: RuleSet) -> None:
    result = run(ruleset, "format.conversion-debris", "二、存在的问题和不足\n仍存在一些问题 and 不足。\n")
    (finding,) = result.findings
    assert finding.code == "latin-word" and not finding.fixable


# --------------------------------------------------------------------------- terms


def test_a_term_without_a_single_right_form_is_not_fixable(ruleset: RuleSet) -> None:
    result = run(ruleset, "terms.preferred", "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全面贯彻党的十九大精神。\n")
    assert [f.fixable for f in result.findings] == [False]


def test_a_province_adds_its_own_terms(tmp_path: Path) -> None:
    local = write(tmp_path, """\
        version: 1
        rules:
          - id: local.terms
            title: 本省规范表述
            check: preferred-form
            params:
              terms:
                - wrong: 放管服
                  right: “放管服”
                  unless: ['“放管服”']
                - pattern: 营商环境(?:优化)?年
                  right: 营商环境建设年
                  years: [2024, 2024]
            severity: info
            weight: 1
            basis: 本省规定
            message: 本省规范表述
            hint: 按本省规范表述修改
        """)
    ruleset = load_ruleset([local])
    result = run(ruleset, "local.terms", "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n深化放管服改革，开展营商环境年活动。\n")
    assert [f.message for f in result.findings] == ["“放管服”应为““放管服””", "“营商环境年”应为“营商环境建设年”"]
    result = run(ruleset, "local.terms", "关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n开展营商环境年活动。\n")
    assert result.findings == []


def test_term_years_out_of_order_are_a_config_error(tmp_path: Path) -> None:
    local = write(tmp_path, """\
        version: 1
        rules:
          - id: local.terms
            title: 本省规范表述
            check: preferred-form
            params:
              terms:
                - {wrong: 甲, right: 乙, years: [2025, 2020]}
            severity: info
            weight: 1
            basis: 本省规定
            message: 本省规范表述
            hint: 按本省规范表述修改
        """)
    with pytest.raises(ConfigError, match="起始年份 2025 晚于结束年份 2020"):
        load_ruleset([local])


# --------------------------------------------------------------------------- the generic pattern check


PATTERN_RULE = """\
    version: 1
    rules:
      - id: local.patterns
        title: 省略号
        check: pattern
        params:
          items:
            - name: 英文省略号
              code: latin-ellipsis
              pattern: '(\\p{Han})\\.{3,6}'
              message: 中文里的省略号应为“……”：“{match}”
              fix: replace
              replacement: '\\1……'
        severity: info
        weight: 1
        basis: GB/T 15834-2011《标点符号用法》：省略号写作“……”
        message: 中文里的省略号应为“……”
        hint: 把“...”改为“……”
    """


def test_a_pattern_rule_with_a_replacement_template(tmp_path: Path) -> None:
    ruleset = load_ruleset([write(tmp_path, PATTERN_RULE)])
    text = "一、主要举措和成效\n开展学法、普法、用法...取得实效。Loading... 完成。\n"
    result = run(ruleset, "local.patterns", text)
    assert [(f.code, f.message, f.fixable) for f in result.findings] == [
        ("latin-ellipsis", "中文里的省略号应为“……”：“法...”", True)]
    assert fixed(ruleset, "local.patterns", text) == "一、主要举措和成效\n开展学法、普法、用法……取得实效。Loading... 完成。\n"


def test_a_replacement_naming_a_missing_group_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="不存在的分组"):
        load_ruleset([write(tmp_path, PATTERN_RULE.replace("'\\1……'", "'\\2……'"))])


def test_a_replace_fix_needs_its_replacement(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="replacement"):
        load_ruleset([write(tmp_path, PATTERN_RULE.replace("replacement: '\\1……'", "region: anywhere"))])


# --------------------------------------------------------------------------- numerals


@pytest.mark.parametrize(("n", "cn"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五"), (110, "一百一十")])
def test_int_to_cn(n: int, cn: str) -> None:
    assert int_to_cn(n) == cn


def test_labels_in_each_style() -> None:
    assert [label_for(s, 3) for s in ("cn", "paren-cn", "arabic", "paren-arabic", "circled", "part")] == [
        "三、", "（三）", "3.", "（3）", "③", "第三部分"]
