"""The claims stage: topic, instrument, modality and quantities read from sentences (validator/claims.py)."""

from __future__ import annotations

import pytest

from tests.conftest import source_of
from validator import claims
from validator.claims import Claim, Quantity
from validator.pipeline import analyse
from validator.ruleset import RuleSet


def claims_of(ruleset: RuleSet, text: str) -> claims.Claims:
    return claims.extract(analyse(source_of(text), ruleset.classifier), ruleset.claim_vocabulary)


def only(ruleset: RuleSet, text: str, topic: str) -> Claim:
    (claim,) = claims_of(ruleset, text).of(topic)
    return claim


MEASURES = "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n"


# --------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(("sentence", "low", "high", "base", "comparator"), [
    ("重大行政决策草案公开征求意见不少于30日。", 30, 30, "days", "at_least"),
    ("重大行政决策草案公开征求意见超过 30 日。", 30, 30, "days", "more_than"),
    ("重大行政决策草案公开征求意见三十日。", 30, 30, "days", "exact"),
    ("重大行政决策草案公开征求意见一个月。", 30, 30, "days", "exact"),
    ("重大行政决策草案公开征求意见半个月。", 15, 15, "days", "exact"),
    ("重大行政决策草案公开征求意见两周。", 14, 14, "days", "exact"),
    ("重大行政决策草案公开征求意见时间为一百二十日。", 120, 120, "days", "exact"),
    ("重大行政决策草案公开征求意见时间为一百零五日。", 105, 105, "days", "exact"),
    ("重大行政决策草案公开征求意见仅为15天。", 15, 15, "days", "exact"),
    ("重大行政决策草案公开征求意见时间不足30日。", 30, 30, "days", "less_than"),
    ("重大行政决策草案于6月1日至6月30日公开征求意见。", 29, 30, "days", "exact"),
    ("重大行政决策草案征求意见期为8月12日至9月10日。", 29, 30, "days", "exact"),
    ("重大行政决策草案征求意见自2024年12月20日至2025年1月18日。", 29, 30, "days", "exact"),
    # the end's year left to the reader: "次年" is the year after the start's
    ("重大行政决策草案于2024年12月16日至次年1月15日公开征求意见。", 30, 31, "days", "exact"),
    ("重大行政决策草案于12月16日至翌年1月14日公开征求意见。", 29, 30, "days", "exact"),
    # a weekday after each date
    ("重大行政决策草案自8月5日（星期一）起至9月4日（星期三）止公开征求意见。", 30, 31, "days", "exact"),
    ("重大行政决策草案于10月14日(周一)至11月12日(周二)公开征求意见。", 29, 30, "days", "exact"),
])
def test_comment_period_quantities(ruleset: RuleSet, sentence: str, low: float, high: float, base: str,
                                   comparator: str) -> None:
    (q,) = only(ruleset, MEASURES + sentence, "comment-period").quantities
    assert (q.low, q.high, q.base, q.comparator) == (low, high, base, comparator)


def test_decimal_working_days_and_differences(ruleset: RuleSet) -> None:
    (q,) = only(ruleset, MEASURES + "重大行政决策草案合法性审查平均用时4.5个工作日。", "legality-review").quantities
    assert (q.low, q.base) == (4.5, "workdays")
    (diff, period) = only(ruleset, MEASURES + "重大行政决策草案合法性审查时间较上年压缩2个工作日，均不少于7个工作日。",
                          "legality-review").quantities
    assert diff.comparator == "difference" and not diff.below(7, "workdays") and not diff.meets(7, "workdays")
    assert period.meets(7, "workdays")
    (shortened,) = only(ruleset, MEASURES + "重大行政决策草案征求意见期限缩短为20日。", "comment-period").quantities
    assert (shortened.low, shortened.comparator) == (20, "exact")


@pytest.mark.parametrize(("q", "meets", "below"), [
    (Quantity(29, 30, "days", "exact", "", None), True, False),  # a range meets 30 when either count does
    (Quantity(19, 20, "days", "exact", "", None), False, True),  # and falls short only when both do
    (Quantity(30, 30, "days", "less_than", "", None), False, True),  # 不足30日
    (Quantity(30, 30, "days", "at_most", "", None), False, False),  # 30日内: no minimum stated
    (Quantity(15, 15, "days", "at_least", "", None), False, True),  # 不少于15日 sets a practice below 30
])
def test_meets_and_below_thirty_days(q: Quantity, meets: bool, below: bool) -> None:
    assert (q.meets(30, "days"), q.below(30, "days")) == (meets, below)


def test_seven_calendar_days_hold_at_most_five_working_days() -> None:
    seven = Quantity(7, 7, "days", "exact", "7日", None)
    assert seven.below(7, "workdays") and not seven.meets(7, "workdays")


# --------------------------------------------------------------------------- instrument


def test_the_sentence_names_the_instrument(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "全年审核行政规范性文件18件，合法性审核时间均不少于5个工作日。", "legality-review")
    assert (claim.instrument, claim.instrument_from) == ("normative-document", "sentence")


def test_the_paragraph_and_then_the_heading_supply_it(ruleset: RuleSet) -> None:
    text = MEASURES + "（二）规范重大行政决策\n编制决策事项目录。草案经合法性审查，审查时间不少于7个工作日。\n"
    claim = only(ruleset, text, "legality-review")
    assert (claim.instrument, claim.instrument_from) == ("major-decision", "paragraph")
    text = MEASURES + "（三）加强行政规范性文件审核\n严格落实合法性审核制度，审核时间一般为5个工作日。\n"
    found = claims_of(ruleset, text).of("legality-review")  # the review, then its 审核时间
    assert [(c.instrument, c.instrument_from) for c in found] == [("normative-document", "heading")] * 2
    assert [q.low for c in found for q in c.quantities] == [5]


def test_an_enumerated_item_starts_afresh(ruleset: RuleSet) -> None:
    text = MEASURES + "一是规范重大行政决策，制定决策程序规定。二是加强合法性审查，全年审查合同14份。\n"
    claim = only(ruleset, text, "legality-review")
    assert claim.instrument == "contract"


def test_the_topic_names_its_own_instrument_even_inside_a_title(ruleset: RuleSet) -> None:
    text = MEASURES + "（三）加强行政规范性文件管理\n制定《某某市2022年度重大行政决策事项目录》并向社会公布。\n"
    claim = only(ruleset, text, "directory")
    assert (claim.instrument, claim.instrument_from, claim.modality) == ("major-decision", "sentence", "done")


def test_a_heading_naming_two_instruments_supplies_neither(ruleset: RuleSet) -> None:
    text = MEASURES + "（三）提高行政决策和规范性文件质量\n《某某专项规划》草案征求意见自3月15日至4月15日。\n"
    claim = only(ruleset, text, "comment-period")
    assert claim.instrument is None and claim.about("major-decision")


def test_a_period_named_by_its_review_after_the_review(ruleset: RuleSet) -> None:
    text = MEASURES + "市司法局对6项决策草案进行合法性审查，其中1项草案的审查于4月18日开始，其余草案审查时间均不少于7个工作日。"
    first, then = claims_of(ruleset, text).of("legality-review")
    assert first.quantities == () and then.instrument == "major-decision"
    assert [q.low for q in then.quantities] == [7]
    (one,) = claims_of(ruleset, MEASURES + "决策草案合法性审查时间不少于7个工作日。").of("legality-review")
    assert [q.low for q in one.quantities] == [7]  # "合法性审查时间" is one mention, not two
    assert claims_of(ruleset, MEASURES + "决策草案公平竞争审查时间为5个工作日。").of("legality-review") == []


def test_a_date_range_binds_to_its_clause_action_past_a_long_where(ruleset: RuleSet) -> None:
    text = MEASURES + "该决策草案于2月10日至3月10日在县政府门户网站镇专栏和各村村务公开栏公开征求意见，收到意见38条。"
    (q,) = only(ruleset, text, "comment-period").quantities
    assert (q.low, q.high) == (29, 30)  # 2024 is a leap year
    far = MEASURES + "3月1日至3月20日，在县政府门户网站、镇政府公告栏、各村村务公开栏和微信公众号同步公布并公开征求意见。"
    assert only(ruleset, far, "comment-period").quantities == ()  # more than 40 characters apart


def test_a_review_body_is_not_the_enforcement_procedure(ruleset: RuleSet) -> None:
    text = MEASURES + "（二）依法决策\n方案草案送局法制审核机构进行合法性审查，历时9个工作日。\n"
    assert only(ruleset, text, "legality-review").instrument != "enforcement"
    text = MEASURES + "重大执法决定法制审核和合法性审查时间均不少于5个工作日。"
    assert only(ruleset, text, "legality-review").instrument == "enforcement"


def test_a_topic_is_not_read_across_a_full_stop(ruleset: RuleSet) -> None:
    text = MEASURES + "方案草案自6月5日起通过公开栏向社会征求意见。意见征集于7月10日截止，共收到意见27条。"
    document = analyse(source_of(text), ruleset.classifier)
    found = claims.extract(document, ruleset.claim_vocabulary).of("comment-period")
    words = [document.paragraphs[c.span.paragraph].text[c.span.start:c.span.end] for c in found]
    assert words == ["征求意见", "意见征集"]  # not "征求意见。意见" across the two sentences


def test_a_lower_bound_is_no_shortfall(ruleset: RuleSet) -> None:
    for sentence in ("重大行政决策草案征求意见期限均不少于30日。", "重大行政决策草案征求意见期限不得少于30日。"):
        assert not only(ruleset, MEASURES + sentence, "comment-period").shortfall
    assert only(ruleset, MEASURES + "重大行政决策草案征求意见期限少于30日。", "comment-period").shortfall


def test_nothing_names_it(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "合法性审查时间为5日。", "legality-review")
    assert claim.instrument is None and claim.about("major-decision")


# --------------------------------------------------------------------------- modality


@pytest.mark.parametrize(("text", "modality"), [
    (MEASURES + "制定并公开《2024年度某某区人民政府重大行政决策事项目录》，纳入事项4项。", "done"),
    (MEASURES + "制定并公布重大行政决策事项目录，将停车设施规划等6项事项纳入目录管理。", "done"),
    (MEASURES + "下一步将编制重大行政决策事项目录。", "planned"),
    (MEASURES + "至今未编制部门重大行政决策事项目录。", "negated"),
    (MEASURES + "县政府重大行政决策事项目录尚未编制公布。", "negated"),
    (MEASURES + "组织党组理论学习中心组学习《某某省重大行政决策事项目录管理办法》。", "studied"),
    (MEASURES + "制定重大行政决策事项目录编制工作指引。", "studied"),
    (MEASURES + "全年组织学法12次。\n二、存在的不足\n重大行政决策事项目录编制不够规范。", "admitted"),
    (MEASURES + "全年组织学法12次。\n二、2025年工作安排\n制定并公布重大行政决策事项目录。", "planned"),
    (MEASURES + "局年度重大行政决策事项目录正在编制，已梳理拟纳入事项5项。", "planned"),
    (MEASURES + "局年度重大行政决策事项目录已完成初稿，拟于2025年出台。", "planned"),
    (MEASURES + "正在编制重大行政决策事项目录。", "planned"),
    (MEASURES + "对照区政府公布的重大行政决策事项目录和标准逐项研判。", "studied"),
    # started, or nearly finished, is not made and published
    (MEASURES + "县重大行政决策事项目录编制工作已基本完成，拟于2025年一季度公布。", "planned"),
    (MEASURES + "局重大行政决策事项目录编制工作已经启动，完成年度事项梳理。", "planned"),
    (MEASURES + "县政府已启动重大行政决策事项目录编制工作，完成部门事项申报。", "planned"),
])
def test_directory_modality(ruleset: RuleSet, text: str, modality: str) -> None:
    assert only(ruleset, text, "directory").modality == modality


def test_a_condition_is_not_a_claim_of_practice(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "未经合法性审查的决策草案，一律不得提交会议讨论。", "legality-review")
    assert claim.modality == "conditional"


@pytest.mark.parametrize(("sentence", "low", "high"), [
    # sent Wednesday 27 September 2023, answered Monday 9 October: the 中秋国庆 week was off, its weekend worked
    ("草案于2023年9月27日（星期三）送委法规处合法性审查，法规处于10月9日出具审查意见。", 4, 5),
    ("草案于2023年11月14日送厅法规处审查，11月16日形成合法性审查意见。", 2, 3),
])
def test_a_review_told_by_its_dates_counts_working_days(ruleset: RuleSet, sentence: str, low: float,
                                                         high: float) -> None:
    (q,) = only(ruleset, MEASURES + "重大行政决策" + sentence, "legality-review").quantities
    assert (q.low, q.high, q.base) == (low, high, "workdays")
    assert q.below(7, "workdays")


def test_a_review_in_a_year_without_a_known_calendar_states_no_period(ruleset: RuleSet) -> None:
    text = MEASURES + "重大行政决策草案于2018年9月27日送司法局合法性审查，10月9日出具审查意见。"
    assert only(ruleset, text, "legality-review").quantities == ()


def test_a_period_opened_in_one_sentence_and_closed_in_the_next(ruleset: RuleSet) -> None:
    text = (MEASURES + "重大行政决策方案草案自6月5日起，通过镇政务公开栏和县政府门户网站向社会征求意见。"
            "意见征集于7月10日截止，共收到意见27条。")
    (q,) = claims_of(ruleset, text).of("comment-period")[0].quantities
    assert (q.low, q.high) == (35, 36)
    # the next sentence must close the same matter: an end date of something else is no end of the period
    other = (MEASURES + "重大行政决策方案草案自6月5日起，通过门户网站向社会征求意见。"
             "配套工程于7月10日截止招标。")
    assert claims_of(ruleset, other).of("comment-period")[0].quantities == ()


def test_a_disclosure_platform_is_where_something_is_published_not_the_procedure(ruleset: RuleSet) -> None:
    text = (MEASURES + "目录同步挂在县政府信息公开平台的镇级栏目。方案草案通过镇政务公开栏向社会征求意见，"
            "期限为30日。")
    assert claims_of(ruleset, text).of("comment-period")[0].instrument != "disclosure"


def test_a_rule_said_to_hold_in_principle_is_not_practice(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "修订本局重大行政决策程序实施细则，明确决策草案公开征求意见期限原则上不少于30日。",
                 "comment-period")
    assert claim.modality == "conditional"


def test_a_list_of_periods_by_number_of_items_binds_every_period(ruleset: RuleSet) -> None:
    text = MEASURES + "3项重大行政决策草案均公开征求意见，其中2项征求意见期为30日、1项为20日。"
    (_, claim) = claims_of(ruleset, text).of("comment-period")
    assert [q.low for q in claim.quantities] == [30, 20]
    # ... but a second period of something else still stands in the way
    claim = only(ruleset, MEASURES + "重大行政决策草案公开征求意见30日、听证公告期为10日。", "comment-period")
    assert [q.low for q in claim.quantities] == [30]


def test_legislation_is_its_own_instrument(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "当年制定的市政府规章《某某市城市绿线管理办法》草案公开征求意见20日。",
                 "comment-period")
    assert claim.instrument == "legislation"
    # the legal-affairs office reviewing a decision is no legislation
    claim = only(ruleset, MEASURES + "重大行政决策草案送委法规处合法性审查，审查时间为10个工作日。", "legality-review")
    assert claim.instrument == "major-decision"


def test_jiang_that_disposes_of_the_period_is_no_plan(ruleset: RuleSet) -> None:
    text = MEASURES + "重大行政决策草案因资金申报时间紧迫，将征求意见期确定为15日，并在公告中说明了缩短期限的理由。"
    claim = only(ruleset, text, "comment-period")
    assert claim.modality == "done" and claim.urgent
    assert only(ruleset, MEASURES + "重大行政决策草案将于下月公开征求意见30日。", "comment-period").modality == "planned"


@pytest.mark.parametrize(("sentence", "urgent"), [
    ("重大行政决策草案征求意见期限缩短为10日，并在征求意见公告中说明了缩短期限的理由。", True),
    ("重大行政决策草案征求意见时间仅为半个月，且未在征求意见时说明缩短期限的理由。", False),
])
def test_the_explanation_the_law_asks_for_is_the_urgency(ruleset: RuleSet, sentence: str, urgent: bool) -> None:
    first = claims_of(ruleset, MEASURES + sentence).of("comment-period")[0]
    assert first.quantities and first.urgent == urgent


def test_urgency_is_read_from_the_sentence(ruleset: RuleSet) -> None:
    claim = only(ruleset, MEASURES + "该决策因整改时限紧迫，征求意见期限缩短为15日，并在公告中说明。", "comment-period")
    assert claim.urgent


# --------------------------------------------------------------------------- no major decisions


@pytest.mark.parametrize("sentence", [
    "经研究，本年度无符合标准的重大行政决策事项。",
    "经梳理，本镇2024年度未作出重大行政决策事项。",
    "本局不承担重大行政决策职责，2024年度未作出重大行政决策事项。",
    "本关作为隶属海关，不具有重大行政决策职权。",
    "经自查，2020年全年没有需要按重大行政决策程序办理的事项。",
    "全年研究议定的事项经逐项甄别，均未达到重大行政决策认定标准。",
    "因此本年度未启动重大行政决策法定程序。",
    "全年也未以本局名义作出重大行政决策，因此未编制年度决策事项目录。",
    "经逐项梳理研判，没有属于本局作出的重大行政决策事项。",
    "全年所办事项均不属于重大行政决策，街道也未以自身名义启动重大行政决策程序。",
])
def test_no_decisions_this_year(ruleset: RuleSet, sentence: str) -> None:
    assert claims_of(ruleset, MEASURES + sentence).no_decisions


@pytest.mark.parametrize("sentence", [
    "至今没有重大行政决策事项目录。",  # a missing directory, not an absence of decisions
    "未经合法性审查的重大行政决策一律不得提交讨论。",
    "全年未发生重大行政决策失误。",
    "无重大行政决策程序违法情形。",
    "个别事项没有按重大行政决策程序办理。",  # an admission, not an absence of decisions
    "1项事项未达到重大行政决策认定标准，按一般事项办理。",  # one matter, not all of the year's
    "个别事项未启动重大行政决策程序即作出决定。",  # an admission
    "上述事项均未纳入重大行政决策事项目录管理。",  # which matters the directory holds, not whether any was made
])
def test_not_a_statement_of_no_decisions(ruleset: RuleSet, sentence: str) -> None:
    assert not claims_of(ruleset, MEASURES + sentence).no_decisions


def test_no_decisions_in_the_plan_does_not_count(ruleset: RuleSet) -> None:
    text = MEASURES + "全年组织学法12次。\n二、2025年工作安排\n本年度无重大行政决策事项的，也要规范决策行为。"
    assert not claims_of(ruleset, text).no_decisions


def test_a_province_extends_the_vocabulary(tmp_path: pytest.TempPathFactory) -> None:
    from validator.ruleset import load_ruleset

    extra = tmp_path / "local.yaml"  # type: ignore[operator]
    extra.write_text("version: 1\nclaims:\n  instruments:\n    - id: normative-document\n      cues: [政策文件]\n",
                     encoding="utf-8")
    ruleset = load_ruleset([extra])
    claim = only(ruleset, MEASURES + "全年审核政策文件18件，合法性审核时间均不少于5个工作日。", "legality-review")
    assert claim.instrument == "normative-document"


def test_a_decision_reported_elsewhere_outweighs_a_denial(ruleset: RuleSet) -> None:
    denial = "经对照县定重大行政决策事项标准，本年度我镇无需履行重大行政决策程序的事项。"
    found = claims_of(ruleset, MEASURES + denial)
    assert found.no_decision_statement() is not None
    made = "《某某镇农贸市场迁建方案》作为我镇年度重大行政决策事项，草案经合法性审查（用时3个工作日）后集体讨论决定。"
    assert claims_of(ruleset, MEASURES + denial + "\n" + made).no_decision_statement() is None
    # a review body named in the denial itself does not report a review done
    screened = "经乡合法性审查小组逐项对照重大行政决策事项标准甄别，均未达到重大行政决策认定标准。"
    assert claims_of(ruleset, MEASURES + screened).no_decision_statement() is not None


# --------------------------------------------------------------------------- from the review of the change


def test_a_review_by_dates_without_any_year_is_not_counted(ruleset: RuleSet) -> None:
    text = "报告\n一、主要举措和成效\n重大行政决策草案9月28日送司法局合法性审查，10月8日出具审查意见。"
    assert only(ruleset, text, "legality-review").quantities == ()


def test_a_consultation_finished_is_no_answer_of_the_review(ruleset: RuleSet) -> None:
    text = MEASURES + "重大行政决策草案9月23日送司法局合法性审查，9月25日完成公开征求意见。"
    assert claims_of(ruleset, text).of("legality-review")[0].quantities == ()


@pytest.mark.parametrize(("sentence", "urgent"), [
    ("重大行政决策草案征求意见期限为20日，对缩短期限的原因未在公告中说明。", False),
    ("重大行政决策草案征求意见期限未满30日的，均在公告中说明了缩短期限的理由。", True),
])
def test_urgency_negated_after_it_or_an_unrelated_negation_before(ruleset: RuleSet, sentence: str,
                                                                  urgent: bool) -> None:
    assert claims_of(ruleset, MEASURES + sentence).of("comment-period")[0].urgent == urgent


@pytest.mark.parametrize("sentence", [
    "县政府于2月启动并完成重大行政决策事项目录编制工作，3月在门户网站公布。",
    "重大行政决策事项目录编制工作已基本完成并于3月公布。",
    "重大行政决策事项目录于2月正式启动实施。",
])
def test_a_directory_finished_or_in_force_is_made(ruleset: RuleSet, sentence: str) -> None:
    assert only(ruleset, MEASURES + sentence, "directory").modality == "done"


def test_next_year_is_the_year_after_the_start(ruleset: RuleSet) -> None:
    (q,) = only(ruleset, MEASURES + "重大行政决策草案于2024年1月10日至次年1月15日公开征求意见。",
                "comment-period").quantities
    assert (q.low, q.high) == (371, 372)


@pytest.mark.parametrize(("sentence", "denies"), [
    ("本年度未启动重大行政决策程序，全年没有作出决定。", True),
    ("本年度未启动重大行政决策程序，即全年无需要决策的事项。", True),
    ("个别事项未启动重大行政决策程序即作出决定。", False),
])
def test_not_starting_the_procedure(ruleset: RuleSet, sentence: str, denies: bool) -> None:
    assert bool(claims_of(ruleset, MEASURES + sentence).no_decisions) == denies


# --------------------------------------------------------------------------- hostile dates (round five)


@pytest.mark.parametrize(("sentence", "topic"), [
    # a date in Chinese numerals holds no period: "九月二十七日" is no "十七日", "三月二十五日" no "十五日"
    ("重大行政决策草案二〇二四年九月二十七日送县司法局合法性审查，十月九日出具审查意见。", "legality-review"),
    ("重大行政决策草案向社会公开征求意见时间为二〇二四年三月二十五日，", "comment-period"),
    # a year the reader cannot place is not replaced by the report's
    ("重大行政决策草案2126年9月27日送县司法局合法性审查，10月2日出具审查意见。", "legality-review"),
    # an end before the start is a slip, not eleven months into the next year
    ("重大行政决策草案10月9日送县司法局合法性审查，9月27日出具审查意见。", "legality-review"),
    ("重大行政决策草案于10月9日至9月27日公开征求意见。", "comment-period"),
])
def test_dates_that_state_no_period(ruleset: RuleSet, sentence: str, topic: str) -> None:
    assert all(not c.quantities for c in claims_of(ruleset, MEASURES + sentence).of(topic))


def test_an_end_without_a_year_still_runs_into_january(ruleset: RuleSet) -> None:
    (q,) = only(ruleset, MEASURES + "重大行政决策草案于2024年12月20日至1月18日公开征求意见。", "comment-period").quantities
    assert (q.low, q.high) == (29, 30)
