"""cite.*: the shipped reference titles, near misses measured against the data itself, the corpora (the fix of
a near miss is a case with ``fixed`` in tests/rules/cases/cite.title.yaml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, SEEDS, SHARED, needs_shared
from validator.checks.base import ParamReader
from validator.checks.citations import CITATION_TITLE, _prepare_title
from validator.citedata import NearMissRule, _is_near, _normalized, core, normalize, shipped
from validator.pipeline import check_path
from validator.ruleset import RuleSet

DEV = SHARED / "corpus" / "dev"
YOY = SHARED / "corpus" / "yoy"
FAMILIES = ("cite.", "publish.")


def shipped_rule(ruleset: RuleSet) -> NearMissRule:
    rule = ruleset.get("cite.title")
    assert rule is not None
    params: NearMissRule = rule.params
    return params


def test_the_shipped_table_knows_full_and_short_forms() -> None:
    index = shipped()
    assert len(index) > 3000
    for cited in ("中华人民共和国行政复议法", "行政复议法", "政府信息公开条例", "中华人民共和国政府信息公开条例",
                  "党政主要负责人履行推进法治建设第一责任人职责规定", "法治政府建设实施纲要(2021-2025)",
                  "法治政府建设实施纲要（2021－2025年）", "中华人民共和国行政复议法（2023年修订）"):
        assert index.lookup(cited) is not None, cited
    assert index.lookup("某某县行政执法监督办法") is None
    record = index.lookup("法治政府建设实施纲要（2015—2020年）")
    assert record is not None and record.stale_from == 2021 and record.replaced_by.endswith("（2021—2025年）")
    assert index.lookup("重大行政决策程序暂行条例") == index.lookup("中华人民共和国重大行政决策程序暂行条例")
    assert getattr(index.lookup("重大行政决策程序暂行条例"), "articles", None) == 44


def test_normal_form() -> None:
    assert normalize("《法治政府建设实施纲要 (2021-2025)》") == "《法治政府建设实施纲要（2021—2025年）》"
    assert core(normalize("最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释")) == "最高人民法院关于适用《行政诉讼法》的解释"


def test_the_shortcut_for_titles_already_normal_changes_no_result() -> None:
    """normalize() returns a title unchanged when no step would change it; every step still applies to the
    others: whitespace of every kind, full-width forms, runs of dashes, periods and revision notes."""
    titles = [t.title for t in shipped().cores.values()]
    crafted = ["行政复议法\u3000", "行政复议法\u2028", "法治政府建设实施纲要（2021——2025）", "ＡＢＣ条例",
               "某条例（2023年修订）", "规划(2021~2025年)", "某办法〈试行〉", "行政\t复议法", "ﬁ条例"]
    for title in [*titles, *crafted]:
        assert normalize(title) == _normalized(title), title
    assert normalize("法治政府建设实施纲要（2021——2025）") == "法治政府建设实施纲要（2021—2025年）"
    assert normalize("行政\u3000复议法") == "行政复议法"


def test_near_misses_follow_the_rule(ruleset: RuleSet) -> None:
    rule = shipped_rule(ruleset)
    index = shipped()

    def miss(cited: str) -> str | None:
        record = index.near_miss(cited, rule)
        return record.title if record else None

    assert miss("党政主要负责人履行推进法治政府建设第一责任人职责规定") == "党政主要负责人履行推进法治建设第一责任人职责规定"
    assert miss("重大行政决策程序条例") == "重大行政决策程序暂行条例"
    assert miss("法治政府建设与责任落实督查工作规定") == "法治政府建设与责任落实督察工作规定"
    assert miss("信访条例") is None  # known (and superseded: cite.current's business)
    assert miss("保密法") is None  # an accepted abbreviation shares too little with 保守国家秘密法
    assert miss("浙江省土地管理条例") is None  # known local regulation
    assert miss("澜江省土地管理条例") is None  # another province's: local regulations are never corrected towards


def test_no_known_title_is_a_near_miss_of_another(ruleset: RuleSet) -> None:
    """Precision measured on the data: were any title missing from it, would the rule "correct" it into
    another real title? With the shipped parameters, for none of the titles (a report citing a real
    document the data lacks is then not reported either, as far as the data can tell)."""
    rule = shipped_rule(ruleset)
    index = shipped()
    collisions = []
    for form, record in index.cores.items():
        for known in index.by_first.get(form[:1], ()):
            target = index.cores[known]
            if known == form or target.kind in rule.exclude_kinds or len(known) < rule.min_length:
                continue
            if abs(len(known) - len(form)) <= rule.max_insert and _is_near(form, known, rule):
                collisions.append((record.title, target.title))
    assert collisions == []


def test_the_measure_finds_collisions_under_a_looser_rule(ruleset: RuleSet) -> None:
    loose = _prepare_title(ParamReader({"max_ratio": 0.5, "confusables": ["刑民"]}, "test", CITATION_TITLE.params))
    pairs = [("互联网药品信息服务管理办法", "互联网信息服务管理办法"),  # two real rules: 药品 is 2/11 of the title
             ("最高人民法院关于适用《刑事诉讼法》的解释", "最高人民法院关于适用《民事诉讼法》的解释")]
    for cited, known in pairs:
        assert _is_near(cited, known, loose)
        assert not _is_near(cited, known, shipped_rule(ruleset))


@needs_shared
def test_the_shipped_table_is_what_the_generator_makes() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_citation_data.py"), str(SHARED / "data"),
                           "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _findings(path: Path, ruleset: RuleSet) -> list[tuple[str, str]]:
    report = check_path(str(path), ruleset)
    assert report.error is None, report.error
    return [(f.rule, f.message) for f in report.findings if f.rule.startswith(FAMILIES)]


@needs_shared
def test_seed_004_misnames_the_regulation_once_and_nothing_else_is_reported(ruleset: RuleSet) -> None:
    found: dict[str, Any] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        found[path.name] = _findings(path, ruleset)
        terms = [f for f in check_path(str(path), ruleset).findings
                 if f.rule == "terms.preferred" and "第一责任人" in f.message]
        assert terms == [], path.name
    assert found.pop("004_c58d531426816b9d.txt") == [(
        "cite.title",
        "《党政主要负责人履行推进法治政府建设第一责任人职责规定》应为《党政主要负责人履行推进法治建设第一责任人职责规定》",
    )]
    assert all(v == [] for v in found.values()), found


@needs_shared
def test_nothing_on_the_dev_and_yoy_corpora(ruleset: RuleSet) -> None:
    paths = [p for p in sorted(DEV.iterdir()) if p.suffix in (".txt", ".md", ".html", ".docx")]
    paths += sorted(YOY.glob("*.txt"))
    assert len(paths) >= 30
    assert {p.name: f for p in paths if (f := _findings(p, ruleset))} == {}
