"""Pairing a batch: same issuer by name, by a name the report states it had or the configuration gives, by
a place prefix; what stays unpaired; and the predecessors a report's opening states."""

from __future__ import annotations

import pytest

from tests.conftest import source_of
from validator.metadata import expand_name
from validator.model import Metadata
from validator.pairing import pair_documents, pairing_mismatch, shorter_names
from validator.pipeline import analyse
from validator.ruleset import RuleSet


def meta(issuer: str, year: int, predecessors: tuple[str, ...] = ()) -> Metadata:
    return Metadata(issuer=issuer, report_year=year, predecessors=predecessors)


def test_pairing_by_issuer_and_consecutive_years() -> None:
    docs = {
        "a/2024.txt": meta("云溪县人民政府", 2024),
        "b/2023.txt": meta("云溪县 人民政府", 2023),  # spaces from conversion
        "c/2022.txt": meta("云溪县人民政府", 2022),
        "d/2024.txt": meta("云溪县教育局", 2024),
        "e/2022.txt": meta("云溪县教育局", 2022),  # two years earlier: no pair
    }
    assert pair_documents(docs) == {"a/2024.txt": "b/2023.txt", "b/2023.txt": "c/2022.txt"}


def test_two_candidates_for_last_year_pair_nothing() -> None:
    docs = {
        "2024.txt": meta("云溪县人民政府", 2024),
        "2023.txt": meta("云溪县人民政府", 2023),
        "2023-draft.txt": meta("云溪县人民政府", 2023),
        "unknown.txt": meta("", 2023),
    }
    assert pair_documents(docs) == {}


def test_two_reports_this_year_for_one_last_year_pair_nothing() -> None:
    docs = {"2024.txt": meta("云溪县人民政府", 2024), "2024-draft.txt": meta("云溪县人民政府", 2024),
            "2023.txt": meta("云溪县人民政府", 2023)}
    assert pair_documents(docs) == {}


def test_a_renamed_issuer_pairs_by_the_name_its_report_states() -> None:
    docs = {"2025.txt": meta("青岚区城市管理和综合执法局", 2025, ("青岚区城市管理局",)),
            "2024.txt": meta("青岚区城市管理局", 2024),
            "other.txt": meta("青岚区市场监督管理局", 2024)}
    assert pair_documents(docs) == {"2025.txt": "2024.txt"}
    # without the statement the names are two bodies
    assert pair_documents({**docs, "2025.txt": meta("青岚区城市管理和综合执法局", 2025)}) == {}


def test_the_configuration_names_an_issuer_alias() -> None:
    docs = {"2025.txt": meta("石门市水务局", 2025), "2024.txt": meta("石门市水利局", 2024)}
    assert pair_documents(docs) == {}
    assert pair_documents(docs, [("石门市水务局", "石门市水利局")]) == {"2025.txt": "2024.txt"}
    assert pair_documents(docs, [("石门市水利局", "石门 市水务局")]) == {"2025.txt": "2024.txt"}  # either order, spaces


def test_a_place_prefix_added_or_dropped() -> None:
    added = {"2025.txt": meta("鹤汀县栖云镇人民政府", 2025), "2024.txt": meta("栖云镇人民政府", 2024)}
    assert pair_documents(added) == {"2025.txt": "2024.txt"}
    dropped = {"2024.txt": meta("望川街道办事处", 2024), "2023.txt": meta("澄江区望川街道办事处", 2023)}
    assert pair_documents(dropped) == {"2024.txt": "2023.txt"}
    # two towns of the same name in two counties are two issuers
    assert pair_documents({"2025.txt": meta("鹤汀县栖云镇人民政府", 2025),
                           "2024.txt": meta("白鹭县栖云镇人民政府", 2024)}) == {}
    # a name without its own place (教育局) is too common to pair on
    assert pair_documents({"2025.txt": meta("云溪县教育局", 2025), "2024.txt": meta("教育局", 2024)}) == {}


def test_an_exact_name_wins_over_a_prefixed_one() -> None:
    docs = {"2025.txt": meta("栖云镇人民政府", 2025), "2025b.txt": meta("鹤汀县栖云镇人民政府", 2025),
            "2024.txt": meta("栖云镇人民政府", 2024)}
    assert pair_documents(docs) == {"2025.txt": "2024.txt"}


def test_shorter_names_stop_where_no_place_is_left() -> None:
    assert shorter_names("白鹭湾市青岚区城市管理局") == ["青岚区城市管理局"]
    assert shorter_names("鹤汀县栖云镇人民政府") == ["栖云镇人民政府"]
    assert shorter_names("云溪县教育局") == []


def test_mismatch_names_issuer_and_year_but_not_a_stated_rename() -> None:
    this = meta("云溪县人民政府", 2024)
    assert pairing_mismatch(this, meta("云溪县人民政府", 2023)) is None
    problem = pairing_mismatch(this, meta("青石区司法局", 2022))
    assert problem is not None and "青石区司法局" in problem and "2022年度" in problem
    renamed = meta("石门市水务局", 2025, ("石门市水利局",))
    assert pairing_mismatch(renamed, meta("石门市水利局", 2024)) is None


# --------------------------------------------------------------------------- predecessors stated in the opening


@pytest.mark.parametrize(("opening", "issuer", "want"), [
    ("2025年3月，根据《机构改革实施方案》，区城市管理局更名为区城市管理和综合执法局，原区城市管理局的全部职责由我局承接。",
     "青岚区城市管理和综合执法局", ("青岚区城市管理局",)),
    ("2025年2月，市水利局与市城市供水管理中心整合组建市水务局。", "石门市水务局", ("石门市水利局", "石门市城市供水管理中心")),
    ("原县劳动和社会保障局的职责划入我局。", "云溪县人力资源和社会保障局", ("云溪县劳动和社会保障局",)),
])
def test_a_report_states_its_issuers_earlier_names(ruleset: RuleSet, opening: str, issuer: str,
                                                    want: tuple[str, ...]) -> None:
    text = f"{issuer}关于2025年度法治政府建设情况的报告\n{opening}现将有关情况报告如下。\n一、主要举措和成效\n全年组织集体学法10次。\n"
    assert analyse(source_of(text), ruleset.classifier).metadata.predecessors == want


def test_another_bodys_rename_is_not_the_issuers(ruleset: RuleSet) -> None:
    text = ("青岚区城市管理局关于2025年度法治政府建设情况的报告\n"
            "2025年，全区社区城管工作站更名为城管社区工作室。现将有关情况报告如下。\n一、主要举措和成效\n全年组织集体学法10次。\n")
    assert analyse(source_of(text), ruleset.classifier).metadata.predecessors == ()


def test_a_shortened_name_takes_the_issuers_place() -> None:
    assert expand_name("区城市管理局", "青岚区城市管理和综合执法局") == "青岚区城市管理局"
    assert expand_name("市水利局", "石门市水务局") == "石门市水利局"
    assert expand_name("青岚区城市管理局", "青岚区城市管理和综合执法局") == "青岚区城市管理局"
    assert expand_name("城市管理局", "青岚区城市管理和综合执法局") == "城市管理局"
