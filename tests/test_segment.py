from __future__ import annotations

from tests.conftest import source_of
from validator.pipeline import analyse
from validator.ruleset import RuleSet


def kinds(ruleset: RuleSet, text: str) -> list[tuple[str, str]]:
    doc = analyse(source_of(text), ruleset.classifier)
    return [(s.kind, s.title) for s in doc.sections]


def test_tree_and_kinds(ruleset: RuleSet) -> None:
    text = """\
    某某区人民政府
    关于2024年度法治政府建设情况的报告
    2024年，我区扎实推进依法行政。
    一、2024年法治政府建设基本情况
    （一）健全制度
    1.完善规则。全年制定制度3项。
    （二）规范执法
    二、存在的不足及整改情况
    学法不够。
    三、党政主要负责人履行推进法治建设第一责任人职责情况
    主要负责人带头学法。
    四、2025年度推进法治政府建设的安排
    一是加强学习。
    五、其他需要报告的情况
    无。
    """
    doc = analyse(source_of(text), ruleset.classifier)
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("preamble", "（正文开头）"),
        ("measures", "一、2024年法治政府建设基本情况"),
        ("problems", "二、存在的不足及整改情况"),
        ("first-responsible", "三、党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("plan", "四、2025年度推进法治政府建设的安排"),
        ("other", "五、其他需要报告的情况"),
    ]
    measures = doc.sections[1]
    assert [c.title for c in measures.children] == ["（一）健全制度", "（二）规范执法"]
    assert [c.title for c in measures.children[0].children] == ["1.完善规则"]
    assert all(s.kind == "measures" for s in measures.walk())


def test_lost_numeral_heading(ruleset: RuleSet) -> None:
    text = "一、主要举措及成效\n全年学法12次。\n二、存在问题\n学法不够。\n、下步工作安排\n2025年继续学法。\n"
    assert [k for k, _ in kinds(ruleset, text)] == ["measures", "problems", "plan"]


def test_markdown_title_heading_stays_in_the_preamble(ruleset: RuleSet) -> None:
    text = "# 某某区关于2024年度法治政府建设情况的报告\n\n## 一、主要举措\n学法12次。\n\n## 二、存在问题\n不足。\n"
    assert kinds(ruleset, text) == [
        ("preamble", "（正文开头）"), ("measures", "一、主要举措"), ("problems", "二、存在问题")]


def test_year_task_report_is_measures_not_plan(ruleset: RuleSet) -> None:
    text = "一、2024年度重点任务完成情况\n学法12次。\n二、2025年重点任务\n继续学法。\n"
    assert [k for k, _ in kinds(ruleset, text)] == ["measures", "plan"]


def test_subsection_rank_below_a_higher_one(ruleset: RuleSet) -> None:
    # a paren-cn heading under a cn heading; an arabic heading closes nothing above it
    text = "一、主要举措\n（一）甲\n1.乙\n（二）丙\n二、存在问题\n不足。\n"
    doc = analyse(source_of(text), ruleset.classifier)
    top = doc.sections[0]
    assert [c.title for c in top.children] == ["（一）甲", "（二）丙"]
    assert doc.sections[1].title == "二、存在问题"


def test_a_report_without_numbered_headings(ruleset: RuleSet) -> None:
    text = ("某某乡人民政府2020年度法治政府建设情况报告\n\n县人民政府：\n\n2020年，我乡扎实推进依法行政，现报告如下。\n\n"
            "主要工作和成效\n\n全年组织集体学法12次，化解矛盾纠纷87件。\n\n"
            "乡党委书记、乡长履行推进法治建设第一责任人职责情况\n\n乡党委书记、乡长亲自部署法治建设重要工作。\n\n"
            "存在的问题和原因\n\n一是执法力量薄弱。主要原因是人员少。\n\n2021年工作打算\n\n一是继续学法。\n")
    assert kinds(ruleset, text) == [
        ("preamble", "（正文开头）"), ("measures", "主要工作和成效"),
        ("first-responsible", "乡党委书记、乡长履行推进法治建设第一责任人职责情况"),
        ("problems", "存在的问题和原因"), ("plan", "2021年工作打算")]


def test_a_hard_wrapped_line_that_names_a_part_still_joins(ruleset: RuleSet) -> None:
    # no blank line: a sentence wrapped after "存在的问题" is one paragraph, not a heading
    text = "一、主要举措和成效\n全年组织执法案卷评查，排查案卷中存在的问题\n共计42个，全部整改到位。\n二、存在的不足\n学法不够。\n"
    doc = analyse(source_of(text), ruleset.classifier)
    assert [p.text for p in doc.paragraphs][1] == "全年组织执法案卷评查，排查案卷中存在的问题共计42个，全部整改到位。"
    apart = text.replace("问题\n共计", "问题\n\n共计")  # ... and so is it across a blank line: it is no heading alone
    assert [p.text for p in analyse(source_of(apart), ruleset.classifier).paragraphs][1] == \
        "全年组织执法案卷评查，排查案卷中存在的问题共计42个，全部整改到位。"


def test_a_merged_gaps_and_directions_part(ruleset: RuleSet) -> None:
    text = ("一、2022年法治建设主要工作\n全年学法12次。\n三、差距不足与下一步努力方向\n（一）差距不足\n执法力量薄弱。\n"
            "（二）2023年努力方向\n一是继续学法。\n")
    doc = analyse(source_of(text), ruleset.classifier)
    merged = doc.sections[1]
    assert [c.kind for c in merged.children] == ["problems", "plan"]
