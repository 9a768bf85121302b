"""Traditional characters: matched in simplified form, quoted and located in the original."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES
from tests.readers.helpers import check_data, finding_codes, verdicts
from validator import hanzi, readers
from validator.pipeline import analyse
from validator.ruleset import RuleSet

FIXTURES = Path(__file__).parent / "fixtures"
TRADITIONAL = (FIXTURES / "compliant.traditional.txt").read_text(encoding="utf-8")
SIMPLIFIED = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")


def test_conversion_keeps_every_length() -> None:
    assert hanzi.to_simplified("關於2024年度法治政府建設情況的報告") == "关于2024年度法治政府建设情况的报告"
    assert hanzi.to_simplified("「徵求意見」") == "“征求意见”"
    for text in (TRADITIONAL, SIMPLIFIED):
        assert len(hanzi.to_simplified(text)) == len(text)


def test_the_traditional_report_reads_like_the_simplified_one() -> None:
    assert hanzi.to_simplified(TRADITIONAL).replace("“", "").replace("”", "") == \
        SIMPLIFIED.replace("“", "").replace("”", "")


def test_traditional_report_gives_the_verdicts_of_the_simplified_one(ruleset: RuleSet) -> None:
    traditional = check_data(TRADITIONAL.encode("utf-8"), "r.txt", ruleset)
    simplified = check_data(SIMPLIFIED.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(traditional) == verdicts(simplified)
    assert traditional.score is not None and traditional.score.value == 100.0


def test_traditional_deficient_report_finds_the_same_defects_in_utf16(ruleset: RuleSet) -> None:
    text = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
    traditional_text = "".join(_to_traditional.get(c, c) for c in text)
    assert traditional_text != text
    traditional = check_data(traditional_text.encode("utf-16"), "r.txt", ruleset)
    plain = check_data(text.encode("utf-8"), "r.txt", ruleset)
    assert verdicts(traditional) == verdicts(plain)
    assert finding_codes(traditional) == finding_codes(plain)


def test_evidence_quotes_the_original_traditional_text_at_its_place(ruleset: RuleSet) -> None:
    report = check_data(TRADITIONAL.encode("utf-8"), "r.txt", ruleset)
    lines = TRADITIONAL.split("\n")
    comment = next(r for r in report.results if r.rule.id == "decision.comment-period")
    (evidence, *_) = comment.evidence
    assert "徵求意見" in evidence.quote and "征求意见" not in evidence.quote
    assert evidence.location is not None
    line = lines[evidence.location.line - 1]
    assert line[evidence.location.column - 1:].startswith(evidence.match)


def test_a_simplified_report_with_a_stray_traditional_name_keeps_its_ambiguous_characters(ruleset: RuleSet) -> None:
    text = SIMPLIFIED.replace("城区供水管网改造", "乾元路（臺灣同胞投资区）供水管网改造")
    document = analyse(readers.read_bytes(text.encode("utf-8"), "r.txt"), ruleset.classifier)
    joined = "\n".join(p.text for p in document.paragraphs)
    assert "乾元路（台湾同胞投资区）" in joined  # 臺灣 only exist in traditional script; 乾 is simplified too
    assert not hanzi.is_traditional(text)


# simplified → traditional for the characters of the deficient example, written out by hand
_to_traditional = dict(zip("关于报告设区县运输局书记负责决策规范执学习组织干职责见议会讨论问题达开进发现时间审查长务业",
                           "關於報告設區縣運輸局書記負責決策規範執學習組織幹職責見議會討論問題達開進發現時間審查長務業"))


def test_traditional_characters_outside_the_counted_han_ranges_only() -> None:
    # "𠁞" (Extension B) is in the conversion table but not in the Han ranges counted for the share:
    # a text of nothing else is not a traditional report, and must not divide by zero
    assert "𠁞" in hanzi.TRADITIONAL
    assert hanzi.char_map_for("𠁞") is hanzi.stray_to_simplified
