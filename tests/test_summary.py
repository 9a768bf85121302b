"""``fazhi-lint summary``: one table worst first, pass rates, counts; html/markdown/csv/xlsx/json; 审查意见."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, SEEDS, needs_shared
from validator import cli
from validator.pipeline import check_path
from validator.ruleset import RuleSet
from validator.summary import plan_outputs
from validator.summary.model import UNPAIRED, build_summary
from validator.summary.opinion import render_opinion

SUMMARY_SCHEMA = json.loads((ROOT / "validator" / "schemas" / "summary.schema.json").read_text(encoding="utf-8"))
DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def deficient_score(ruleset: RuleSet) -> float:
    """What the checker scores the deficient example; the summary must carry it through unchanged."""
    report = check_path(str(EXAMPLES / "deficient.txt"), ruleset)
    assert report.score is not None and report.score.value is not None
    return report.score.value


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three departments' reports: one compliant, one deficient, one missing its causes; plus an unreadable one."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "a-compliant.txt").write_text(COMPLIANT, encoding="utf-8")
    (folder / "b-deficient.txt").write_text(DEFICIENT, encoding="utf-8")
    no_causes = COMPLIANT.replace("究其原因，", "").replace("原因在于", "在于").replace("存在的不足和原因", "存在的不足")
    (folder / "c-no-causes.txt").write_text(no_causes, encoding="utf-8")
    (folder / "d-broken.txt").write_bytes(b"\xff\xfe\x00\xff")
    return folder


def test_table_is_sorted_worst_first_with_rates_and_counts(batch: Path, ruleset: RuleSet, deficient_score: float) -> None:
    reports = [check_path(str(p), ruleset) for p in sorted(batch.iterdir())]
    summary = build_summary(reports, ruleset)
    assert [Path(r.path).name for r in summary.rows] == ["d-broken.txt", "b-deficient.txt", "c-no-causes.txt",
                                                        "a-compliant.txt"]
    assert [r.status for r in summary.rows] == ["error", "fail", "pass", "pass"]
    deficient = summary.rows[1]
    assert (deficient.issuer, deficient.year, deficient.kind, deficient.score) == ("青山县交通运输局", 2024, "部门", deficient_score)
    assert deficient.missing.startswith("不足的原因、第一责任人职责履行情况（部分）、安排年度")
    # none of them has last year's report in the batch: the summary says so rather than scoring silently
    assert summary.rows[2].missing == f"不足的原因；{UNPAIRED}"
    assert summary.rows[2].notes == (UNPAIRED,) and summary.rows[0].notes == ()  # unreadable: no note
    rates = {r.rule: r for r in summary.rates}
    causes = rates["report.problem-causes"]
    assert (causes.passed, causes.failed, causes.applicable, causes.rate) == (1, 2, 3, 1 / 3)
    assert rates["report.measures"].rate == 1.0
    assert (summary.count("pass"), summary.count("fail"), summary.count("error")) == (2, 1, 1)


def test_markdown_is_the_default(batch: Path, capsys: pytest.CaptureFixture[str], deficient_score: float) -> None:
    code, out, err = run(capsys, "summary", str(batch))
    assert code == 3 and "d-broken.txt" in err  # unreadable input: reported, the rest summarised
    assert out.startswith("# 法治政府建设年度报告审查汇总")
    assert "共 4 份：通过 2，未通过 1，无法读取 1" in out
    table = [line for line in out.splitlines() if re.match(r"\| [0-9] \|", line)]
    assert len(table) == 4
    # the status says why, beside the score: the failed error-level items
    assert table[1].startswith(f"| 2 | 青山县交通运输局关于2024年度法治政府建设情况的报告 | 青山县交通运输局 | 2024 | 部门 | {deficient_score} | "
                               "未通过（错误：第一责任人职责履行情况、报送和公开时限、公开征求意见期限） |")
    assert " | 通过（没有错误级问题） | " in table[2] and " | 通过（没有错误级问题） | " in table[3]
    assert "| `report.problem-causes` | 不足的原因 | 1 | 0 | 2 | 0 | 33% |" in out


def test_csv_has_a_bom_and_one_column_per_rule(batch: Path, capsys: pytest.CaptureFixture[str], deficient_score: float) -> None:
    target = batch.parent / "汇总.csv"
    assert run(capsys, "summary", str(batch), "-o", str(target))[0] == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head = rows[0]
    assert head[:10] == ["序号", "报告", "标题", "发文机关", "年度", "类型", "得分", "状态", "通过与否的原因", "缺失或未通过的要素"]
    assert "第一责任人职责履行情况（report.first-responsible）" in head
    deficient = dict(zip(head, rows[2]))
    assert deficient["得分"] == str(deficient_score) and deficient["状态"] == "未通过"
    assert deficient["通过与否的原因"] == "错误：第一责任人职责履行情况、报送和公开时限、公开征求意见期限"
    assert deficient["第一责任人职责履行情况（report.first-responsible）"] == "部分通过"


def test_xlsx_opens_with_the_reviewers_sheets(batch: Path, capsys: pytest.CaptureFixture[str], deficient_score: float) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = batch.parent / "汇总.xlsx"
    run(capsys, "summary", str(batch), "--output", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["汇总", "规则通过率", "问题明细"]
    sheet = book["汇总"]
    head = [c.value for c in sheet[1]]
    row = dict(zip(head, [c.value for c in sheet[3]]))
    assert row["发文机关"] == "青山县交通运输局" and row["得分"] == deficient_score and row["年度"] == 2024
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    issues = list(book["问题明细"].iter_rows(values_only=True))
    short = next(r for r in issues if r[2] == "decision.comment-period")
    assert "15日" in short[7] and "第十五条" in short[8]


def test_xlsx_is_not_written_to_a_terminal() -> None:
    from validator.errors import UsageError

    with pytest.raises(UsageError, match="--output"):
        plan_outputs("xlsx", None, None, None, stdout_is_terminal=True)


def test_json_matches_its_schema(batch: Path, capsys: pytest.CaptureFixture[str], deficient_score: float) -> None:
    _, out, _ = run(capsys, "summary", str(batch), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, SUMMARY_SCHEMA)
    assert data["counts"] == {"files": 4, "passed": 2, "failed": 1, "errors": 1, "suppressed": 0,
                              "average_score": round((100 + deficient_score + data["reports"][2]["score"]) / 3, 1)}
    assert [m["rule"] for m in data["reports"][2]["missing"]] == ["report.problem-causes"]
    assert data["reports"][2]["status_reason"] == "没有错误级问题"


def test_html_is_one_self_contained_file(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page, _ = run(capsys, "summary", str(batch), "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from anywhere
    assert not re.search(r"@import|url\(", page)
    assert page.count('<tbody class="report"') == 4
    assert "@media print" in page and "Noto Sans CJK SC" in page
    assert "<blockquote>全年作出重大行政决策2项，均向社会公开征求意见15日，并经局党组会议集体讨论决定。</blockquote>" in page


def test_opinion_draft_lists_fixes_with_basis(ruleset: RuleSet, tmp_path: Path, deficient_score: float) -> None:
    path = tmp_path / "deficient.txt"
    path.write_text("<!-- fazhi-lint-disable decision.directory -- 本局不承担重大行政决策职能 -->\n" + DEFICIENT,
                    encoding="utf-8")
    from validator import suppress

    report = suppress.apply(check_path(str(path), ruleset), suppress.Policy(), frozenset(r.id for r in ruleset.rules))
    (row,) = build_summary([report], ruleset).rows
    assert "重大行政决策事项目录（单位说明不适用，待核实）" in row.missing  # the reviewer still sees what is missing
    text = render_opinion(row)
    assert text.startswith("# 关于《青山县交通运输局关于2024年度法治政府建设情况的报告》的审查意见（草稿）")
    assert "青山县交通运输局：" in text and f"报告得分 {deficient_score}（满分 100），存在需要修改后重新报送的问题" in text
    must, rest = text.split("## 二、建议完善的内容")
    assert "## 一、需要修改的问题" in must
    for title in ("第一责任人职责履行情况", "报送和公开时限", "公开征求意见期限"):
        assert f"）{title}" in must
    assert "**依据**：《重大行政决策程序暂行条例》第十五条" in must
    assert "（原文：“全年作出重大行政决策2项，均向社会公开征求意见15日，并经局党组会议集体讨论决定。”，第16行第24列）" in must
    assert "）不足的原因" in rest and "）安排年度" in rest
    assert "重新报送" in rest
    # the drafter's claim is for the reviewer to verify, in the note deleted before the letter goes out
    head, letter = text.split("青山县交通运输局：", 1)
    assert "本局不承担重大行政决策职能" not in letter and "不适用" not in letter
    assert "> - 单位说明不适用（待核实）：重大行政决策事项目录（decision.directory）：" in head
    assert "报送单位理由：本局不承担重大行政决策职能" in head
    (note,) = row.reviewer_notes
    assert (note.rule, note.reason, note.state, note.blocks) == \
        ("decision.directory", "本局不承担重大行政决策职能", "单位说明不适用（待核实）", False)


def test_opinion_for_a_clean_report_and_an_unreadable_one(batch: Path, ruleset: RuleSet) -> None:
    rows = build_summary([check_path(str(batch / n), ruleset) for n in ("a-compliant.txt", "d-broken.txt")],
                         ruleset).rows
    broken, clean = rows
    assert "未发现需要修改的问题" in render_opinion(clean)
    assert "无法读取" in render_opinion(broken)


def test_output_dir_writes_every_format_and_the_opinions(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = batch.parent / "汇总"
    code, out, _ = run(capsys, "summary", str(batch), "--output-dir", str(out_dir))
    assert code == 3 and out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        ["summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.json", "审查意见"])
    assert sorted(p.name for p in (out_dir / "审查意见").iterdir()) == [
        f"{n}.审查意见.md" for n in ("a-compliant", "b-deficient", "c-no-causes", "d-broken")]


def test_format_mistakes_are_usage_errors(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "summary", str(batch), "--format", "pdf")
    assert code == 2 and "未知的汇总格式" in err
    code, _, err = run(capsys, "summary", str(batch), "--format", "csv", "--output-dir", "x")
    assert code == 2 and "--output-dir" in err


@needs_shared
def test_summary_of_the_seed_reports_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "summary", str(SEEDS), "--output-dir", str(tmp_path))
    assert code == 0, err
    data = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SUMMARY_SCHEMA)
    assert data["counts"]["files"] == len(list(SEEDS.glob("*.txt")))
    scores = [(r["status"] != "fail", r["score"]) for r in data["reports"]]
    assert scores == sorted(scores)
    issuers = {r["issuer"] for r in data["reports"]}
    assert "四平市铁西区人民政府办公室" in issuers
    html = (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert all(i in html for i in issuers)
    assert (tmp_path / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(list((tmp_path / "审查意见").glob("*.md"))) == data["counts"]["files"]
