"""Year over year: item extraction, similarity, pairing, and the verdict on every labelled item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, source_of
from validator import engine, yoy
from validator.model import Document, Metadata
from validator.pipeline import analyse, load_document
from validator.ruleset import RuleSet

PAIRS_DIR = EXAMPLES / "yoy"
LABELS = yaml.safe_load((PAIRS_DIR / "labels.yaml").read_text(encoding="utf-8"))["pairs"]


def doc(ruleset: RuleSet, text: str) -> Document:
    return analyse(source_of(text), ruleset.classifier)


def plan_items(ruleset: RuleSet, text: str) -> list[tuple[str, str]]:
    return [(i.label, i.title) for i in yoy.items_of(doc(ruleset, text), "plan")]


# --------------------------------------------------------------------------- item extraction


def test_items_from_sub_headings_with_the_body_under_them(ruleset: RuleSet) -> None:
    text = """\
    一、主要举措和成效
    全年组织集体学法10次。
    二、2024年工作安排
    （一）规范城市管理执法
    推行城市管理“721”工作法。
    （二）推进物业管理条例实施。指导小区成立业主委员会。
    某某县住房和城乡建设局
    2024年2月2日
    """
    items = yoy.items_of(doc(ruleset, text), "plan")
    assert [(i.label, i.title, i.line) for i in items] == [
        ("（一）", "规范城市管理执法", 4),
        ("（二）", "推进物业管理条例实施", 6),
    ]
    assert items[0].text == "规范城市管理执法。推行城市管理“721”工作法。"
    assert items[1].text == "推进物业管理条例实施。指导小区成立业主委员会。"  # signature lines left out
    assert items[0].section == "二、2024年工作安排"


def test_inline_enumeration_in_one_paragraph_after_a_lead_in(ruleset: RuleSet) -> None:
    text = """\
    一、2024年工作安排
    2024年，我局将重点做好以下工作：一是深化“双随机、一公开”监管，推进跨部门联合抽查。二是推行包容审慎监管；制定不予处罚清单。三是加强执法队伍建设。
    """
    assert plan_items(ruleset, text) == [
        ("一是", "深化“双随机、一公开”监管，推进跨部门联合抽查"),
        ("二是", "推行包容审慎监管"),
        ("三是", "加强执法队伍建设"),
    ]


def test_inline_enumeration_across_paragraphs_and_a_stray_marker(ruleset: RuleSet) -> None:
    text = """\
    一、2025年主要工作安排
    2025年，区政府办将推进法治政府建设取得更大成效。
    一是法治建设责任再压实。压紧压实工作责任，做到一是一、二是二。
    二是学法普法实效再提升。加大学法、普法工作力度。
    """
    items = yoy.items_of(doc(ruleset, text), "plan")
    assert [i.title for i in items] == ["法治建设责任再压实", "学法普法实效再提升"]
    assert items[0].text == "法治建设责任再压实。压紧压实工作责任，做到一是一、二是二。"
    assert [i.line for i in items] == [3, 4]


def test_plain_paragraphs_are_items_but_a_lead_in_is_not(ruleset: RuleSet) -> None:
    text = """\
    一、2025年工作安排
    2025年，市生态环境局将重点做好以下工作：
    推行非现场执法，运用在线监控、无人机巡查等手段开展执法检查。
    建立企业环境信用评价制度，对评价结果实施分级分类监管。
    长河市生态环境局
    """
    assert plan_items(ruleset, text) == [
        ("", "推行非现场执法，运用在线监控、无人机巡查等手段开展执法检查"),
        ("", "建立企业环境信用评价制度，对评价结果实施分级分类监管"),
    ]


def test_long_titles_are_shortened_and_items_numbered_through(ruleset: RuleSet) -> None:
    text = """\
    一、2025年工作安排
    一是进一步加强法治合法性审核，不断提升规范性文件和重大行政决策工作规范化水平。二是加强学习。
    """
    items = yoy.items_of(doc(ruleset, text), "plan")
    assert items[0].title == "进一步加强法治合法性审核，不断提升规范性文件和重大行政决策工…"
    assert len(items[0].title) == yoy.TITLE_LIMIT + 1
    assert [i.ordinal for i in items] == [1, 2]


# --------------------------------------------------------------------------- features


def test_stock_phrases_and_digits_carry_no_content() -> None:
    assert yoy.content_runs("进一步加强行政执法监督工作，全年评查案卷180卷") == ["行政执法监督", "评查案卷", "卷"]
    assert yoy.grams("全面推进依法行政工作") == frozenset()


def test_similarity_of_a_copy_a_light_edit_and_a_rewrite() -> None:
    last = "一是基层执法人员专业能力不足，执法文书制作不规范。原因在于业务培训覆盖不够。"
    assert yoy.similarity(last, last) == 1.0
    assert yoy.similarity(last, last.replace("能力不足", "能力仍然不足")) >= yoy.REPEAT_THRESHOLD
    rewrite = "一是数字法治建设起步较晚，执法、复议数据分散在不同系统。原因在于信息化投入有限。"
    assert yoy.similarity(last, rewrite) < 0.15
    assert yoy.similarity("", last) == 0.0


# --------------------------------------------------------------------------- pairing


def _with_meta(ruleset: RuleSet, issuer: str, year: int) -> Metadata:
    document = doc(ruleset, "一、主要举措和成效\n全年组织集体学法10次。\n")
    return document.metadata._replace(issuer=issuer, report_year=year)


def test_pairing_by_issuer_and_consecutive_years(ruleset: RuleSet) -> None:
    docs = {
        "a/2024.txt": _with_meta(ruleset, "云溪县人民政府", 2024),
        "b/2023.txt": _with_meta(ruleset, "云溪县 人民政府", 2023),  # spaces from conversion
        "c/2022.txt": _with_meta(ruleset, "云溪县人民政府", 2022),
        "d/2024.txt": _with_meta(ruleset, "云溪县教育局", 2024),
        "e/2022.txt": _with_meta(ruleset, "云溪县教育局", 2022),  # two years earlier: no pair
    }
    assert yoy.pair_documents(docs) == {"a/2024.txt": "b/2023.txt", "b/2023.txt": "c/2022.txt"}


def test_two_candidates_for_last_year_pair_nothing(ruleset: RuleSet) -> None:
    docs = {
        "2024.txt": _with_meta(ruleset, "云溪县人民政府", 2024),
        "2023.txt": _with_meta(ruleset, "云溪县人民政府", 2023),
        "2023-draft.txt": _with_meta(ruleset, "云溪县人民政府", 2023),
        "unknown.txt": _with_meta(ruleset, "", 2023),
    }
    assert yoy.pair_documents(docs) == {}


def test_pairing_mismatch_names_issuer_and_year(ruleset: RuleSet) -> None:
    this = _with_meta(ruleset, "云溪县人民政府", 2024)
    assert yoy.pairing_mismatch(this, _with_meta(ruleset, "云溪县人民政府", 2023)) is None
    problem = yoy.pairing_mismatch(this, _with_meta(ruleset, "青石区司法局", 2022))
    assert problem is not None and "青石区司法局" in problem and "2022年度" in problem


# --------------------------------------------------------------------------- the labelled pairs


def _result(ruleset: RuleSet, rule_id: str, current: Document, previous: Document) -> engine.RuleResult:
    rule = ruleset.get(rule_id)
    assert rule is not None
    (result,) = engine.run(current, ruleset._replace(rules=(rule,)), previous)
    return result


def _pair(ruleset: RuleSet, pair: dict[str, Any]) -> tuple[Document, Document]:
    return (load_document(str(PAIRS_DIR / pair["current"]), ruleset),
            load_document(str(PAIRS_DIR / pair["previous"]), ruleset))


@pytest.mark.parametrize("pair", LABELS, ids=[p["name"] for p in LABELS])
def test_every_plan_item_gets_its_labelled_verdict(ruleset: RuleSet, pair: dict[str, Any]) -> None:
    current, previous = _pair(ruleset, pair)
    items = yoy.items_of(previous, "plan")
    assert len(items) == len(pair["plan"])
    assert all(i.title.startswith(lab["item"]) for i, lab in zip(items, pair["plan"]))  # labels give first words
    result = _result(ruleset, "report.plan-followthrough", current, previous)
    delivered = {e.note for e in result.evidence}
    not_found = {f.message for f in result.findings}

    def verdict(item: yoy.Item) -> str:
        if f"已落实：{item.name}" in delivered:
            return "delivered"
        if any(m.startswith(f"上年安排“{item.name}”未见落实情况（") and f"第{item.ordinal}项" in m for m in not_found):
            return "not_found"
        return "?"

    got = [verdict(i) for i in items]
    assert got == [lab["verdict"] for lab in pair["plan"]]
    want_credit = sum(lab["verdict"] == "delivered" for lab in pair["plan"]) / len(items)
    assert result.credit == pytest.approx(want_credit)
    assert all(f.code == "plan-item-not-found" and f.severity == "warning" and f.location is None
               for f in result.findings)


@pytest.mark.parametrize("pair", LABELS, ids=[p["name"] for p in LABELS])
def test_exactly_the_copied_items_are_flagged(ruleset: RuleSet, pair: dict[str, Any]) -> None:
    current, previous = _pair(ruleset, pair)
    result = _result(ruleset, "report.repeated-problems", current, previous)
    got = sorted((f.code, f.location.line if f.location else None) for f in result.findings)
    want = sorted((r["code"], r["line"]) for r in pair["repeated"])
    assert got == want
    assert result.status == ("fail" if want else "pass")


def test_a_delivered_item_quotes_this_years_sentence(ruleset: RuleSet) -> None:
    current, previous = _pair(ruleset, LABELS[0])
    result = _result(ruleset, "report.plan-followthrough", current, previous)
    by_note = {e.note: e for e in result.evidence}
    evidence = by_note["已落实：（二）持续优化营商环境"]
    assert evidence.location is not None and evidence.location.line == 15
    assert evidence.quote.startswith("推行涉企行政检查“扫码入企”")
    assert result.note == "上年安排 6 项，已见落实 4 项"


def test_a_copied_problem_names_last_years_place_and_words(ruleset: RuleSet) -> None:
    current, previous = _pair(ruleset, LABELS[0])
    (finding,) = _result(ruleset, "report.repeated-problems", current, previous).findings
    assert finding.message.startswith("与上年「三、存在的不足和原因」第2项相似度")
    assert "上年第33行：“基层法治建设存在短板。" in finding.message
    assert finding.quote.startswith("二是基层法治建设存在短板。")


def test_without_last_years_report_both_rules_are_not_applicable(ruleset: RuleSet) -> None:
    current, _ = _pair(ruleset, LABELS[0])
    for rule_id in ("report.plan-followthrough", "report.repeated-problems"):
        rule = ruleset.get(rule_id)
        assert rule is not None
        (result,) = engine.run(current, ruleset._replace(rules=(rule,)))
        assert result.status == "not_applicable" and result.credit is None and "上年报告" in result.note


def test_the_labels_cover_every_pair_file() -> None:
    named = {p[k] for p in LABELS for k in ("previous", "current")}
    assert named == {p.name for p in Path(PAIRS_DIR).glob("*.txt")}
