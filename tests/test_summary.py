"""``fazhi-lint summary``: one table worst first, pass rates, counts; html/markdown/csv/xlsx/json; 审查意见."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, SEEDS, CliRun, needs_shared
from validator.pipeline import check_path
from validator.ruleset import RuleSet
from validator.summary import plan_outputs
from validator.summary.model import UNPAIRED, Row, build_summary
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
    # failing elements by severity, errors first: what makes the report 未通过 is read first
    assert deficient.missing.startswith("错误：第一责任人职责履行情况（部分）、")
    assert "；警告：不足的原因、安排年度、" in deficient.missing
    assert [sev for sev, _ in deficient.missing_groups()] == ["error", "warning"]
    # none of them has last year's report in the batch: the summary says so rather than scoring silently
    assert summary.rows[2].missing == f"警告：不足的原因；{UNPAIRED}"
    assert summary.rows[2].notes == (UNPAIRED,) and summary.rows[0].notes == ()  # unreadable: no note
    rates = {r.rule: r for r in summary.rates}
    causes = rates["report.problem-causes"]
    assert (causes.passed, causes.failed, causes.applicable, causes.rate) == (1, 2, 3, 1 / 3)
    assert rates["report.measures"].rate == 1.0
    assert (summary.count("pass"), summary.count("fail"), summary.count("error")) == (2, 1, 1)


def test_markdown_is_the_default(batch: Path, cli_run: CliRun, deficient_score: float) -> None:
    code, out, err = cli_run("summary", str(batch))
    assert code == 3 and "d-broken.txt" in err  # unreadable input: reported, the rest summarised
    assert out.startswith("# 法治政府建设年度报告审查汇总")
    assert "共 4 份：通过 2，未通过 1，无法读取 1" in out
    table = [line for line in out.splitlines() if re.match(r"\| [0-9] \|", line)]
    assert len(table) == 4
    assert table[1].startswith(f"| 2 | 青山县交通运输局关于2024年度法治政府建设情况的报告 | 青山县交通运输局 | 2024 | 部门 | "
                               f"2025年3月15日 | — | {deficient_score} | "
                               "未通过（错误：第一责任人职责履行情况、报送和公开时限、公开征求意见期限） | 错误：")
    assert " | 通过（没有错误级问题） | " in table[2] and " | 通过（没有错误级问题） | " in table[3]
    assert "| 不足的原因 | `report.problem-causes` | 1 | 0 | 2 | 0 | 33% |" in out  # Chinese names first


def test_csv_has_a_bom_and_one_column_per_rule(batch: Path, cli_run: CliRun, deficient_score: float) -> None:
    target = batch.parent / "汇总.csv"
    assert cli_run("summary", str(batch), "-o", str(target))[0] == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head = rows[0]
    assert head[:12] == ["序号", "报告", "标题", "发文机关", "年度", "类型", "成文日期", "发布日期", "得分", "状态",
                         "通过与否的原因", "缺失或未通过的要素"]
    assert "第一责任人职责履行情况（report.first-responsible）" in head
    deficient = dict(zip(head, rows[2]))
    assert deficient["得分"] == str(deficient_score) and deficient["状态"] == "未通过"
    assert (deficient["成文日期"], deficient["发布日期"]) == ("2025-03-15", "")
    assert deficient["通过与否的原因"] == "错误：第一责任人职责履行情况、报送和公开时限、公开征求意见期限"
    assert deficient["第一责任人职责履行情况（report.first-responsible）"] == "部分通过"


def test_xlsx_opens_with_the_reviewers_sheets(batch: Path, cli_run: CliRun, deficient_score: float) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = batch.parent / "汇总.xlsx"
    cli_run("summary", str(batch), "--output", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["汇总", "规则通过率", "问题明细"]
    sheet = book["汇总"]
    head = [c.value for c in sheet[3]]  # under the title row and the byline
    row = dict(zip(head, [c.value for c in sheet[5]]))
    assert row["发文机关"] == "青山县交通运输局" and row["得分"] == deficient_score and row["年度"] == 2024
    assert row["报告"] == "青山县交通运输局关于2024年度法治政府建设情况的报告"  # the title, not the path
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    issues = list(book["问题明细"].iter_rows(min_row=4, values_only=True))
    issue_head = [c.value for c in book["问题明细"][3]]
    short = dict(zip(issue_head, next(r for r in issues if r[issue_head.index("规则")] == "decision.comment-period")))
    assert "15日" in short["原文"] and "第十五条" in short["依据"] and short["发文机关"] == "青山县交通运输局"


def test_xlsx_is_not_written_to_a_terminal() -> None:
    from validator.errors import UsageError

    with pytest.raises(UsageError, match="--output"):
        plan_outputs("xlsx", None, None, None, stdout_is_terminal=True)


def test_json_matches_its_schema(batch: Path, cli_run: CliRun, deficient_score: float) -> None:
    _, out, _ = cli_run("summary", str(batch), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, SUMMARY_SCHEMA)
    assert data["counts"] == {"files": 4, "passed": 2, "failed": 1, "errors": 1, "suppressed": 0, "not_reports": 0,
                              "average_score": round((100 + deficient_score + data["reports"][2]["score"]) / 3, 1)}
    assert data["title"] == "法治政府建设年度报告审查汇总" and data["unit"] is None
    assert data["reports"][1]["signed"] == "2025-03-15"
    assert {m["severity"] for m in data["reports"][1]["missing"]} == {"error", "warning"}
    assert [m["rule"] for m in data["reports"][2]["missing"]] == ["report.problem-causes"]


def test_html_is_one_self_contained_file(batch: Path, cli_run: CliRun) -> None:
    _, page, _ = cli_run("summary", str(batch), "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from anywhere
    assert not re.search(r"@import|url\(", page)
    assert page.count('<tbody class="report"') == 4
    assert "@media print" in page and "Noto Sans CJK SC" in page
    assert "<blockquote>全年作出重大行政决策2项，均向社会公开征求意见15日，并经局党组会议集体讨论决定。</blockquote>" in page


def deficient_row(ruleset: RuleSet, tmp_path: Path, text: str = DEFICIENT) -> Row:
    """The deficient example with the drafter's suppression of decision.directory, as the summary sees it."""
    from validator import suppress

    path = tmp_path / "deficient.txt"
    path.write_text("<!-- fazhi-lint-disable decision.directory -- 本局不承担重大行政决策职能 -->\n" + text, encoding="utf-8")
    report = suppress.apply(check_path(str(path), ruleset), suppress.Policy(), frozenset(r.id for r in ruleset.rules))
    (row,) = build_summary([report], ruleset).rows
    return row


def test_opinion_letter_lists_fixes_with_basis_and_no_tool_jargon(ruleset: RuleSet, tmp_path: Path) -> None:
    row = deficient_row(ruleset, tmp_path)
    assert "重大行政决策事项目录（单位说明不适用，待核实）" in row.missing  # the reviewer still sees what is missing
    text = render_opinion(row, unit="某县司法局")
    assert text.startswith("# 关于《青山县交通运输局关于2024年度法治政府建设情况的报告》的审查意见")
    assert "青山县交通运输局：" in text and "存在需要修改后重新报送的问题" in text
    must, rest = text.split("## 二、建议完善的内容")
    assert "## 一、需要修改的问题" in must
    for title in ("第一责任人职责履行情况", "报送和公开时限", "公开征求意见期限"):
        assert f"）{title}。**" in must
    # one paragraph per rule: the problem, the quote and where it is in words, the basis, the fix
    (period,) = [line for line in must.splitlines() if "公开征求意见期限。**" in line]
    assert ("原文：“全年作出重大行政决策2项，均向社会公开征求意见15日，并经局党组会议集体讨论决定。”"
            "（“（二）规范重大行政决策”部分）。") in period  # a text file's lines mean nothing in Word: the part
    assert "依据：《重大行政决策程序暂行条例》第十五条" in period and "修改建议：" in period
    assert "）不足的原因" in rest and "）安排年度" in rest
    assert "于　　年　　月　　日前重新报送" in rest and rest.rstrip().endswith("某县司法局  \n　　年　　月　　日")
    # nothing of the tool: no file name, no line:column, no command line, no score, no suppression
    for jargon in ("deficient.txt", "第16行", "列）", "fazhi-lint", "--", "得分", "本局不承担重大行政决策职能"):
        assert jargon not in text, jargon


def test_reviewer_note_holds_what_the_letter_leaves_out(ruleset: RuleSet, tmp_path: Path) -> None:
    from validator.summary.opinion import draft, note_markdown

    row = deficient_row(ruleset, tmp_path)
    _, note = draft(row)
    sections = dict(note.sections)
    assert any("得分" in item for item in sections["报告"]) and any("deficient.txt" in item for item in sections["报告"])
    (suppressed,) = sections["报送单位说明不适用的事项（请核实）"]
    assert "重大行政决策事项目录（decision.directory" in suppressed and "本局不承担重大行政决策职能" in suppressed
    assert any("第16行第24列" in item for item in sections["各问题在文件中的位置（供核对）"])
    assert note_markdown(note).startswith("# 审查人备注：《青山县交通运输局")


def test_opinion_for_a_clean_report_and_an_unreadable_one(batch: Path, ruleset: RuleSet) -> None:
    from validator.summary.opinion import draft

    rows = build_summary([check_path(str(batch / n), ruleset) for n in ("a-compliant.txt", "d-broken.txt")],
                         ruleset).rows
    broken, clean = rows
    assert "未发现需要修改的问题" in render_opinion(clean)
    letter = render_opinion(broken)
    assert "无法读取" in letter and "请重新报送可以复制文字的电子文本" in letter
    assert "d-broken.txt" not in letter  # the reason, with the file's name, is the reviewer's
    assert any("d-broken.txt" in item and "无法" in item for item in dict(draft(broken)[1].sections)["报告"])


def test_output_dir_writes_every_format_and_the_opinions(batch: Path, cli_run: CliRun) -> None:
    from validator.readers.legacy import soffice

    out_dir = batch.parent / "汇总"
    code, out, err = cli_run("summary", str(batch), "--output-dir", str(out_dir))
    assert code == 3 and out == ""
    formats = ["summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.docx", "summary.json",
               *(["summary.pdf"] if soffice() else [])]
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([*formats, "审查意见"])
    # each report: a letter and the reviewer's note, both Word documents by default
    assert sorted(p.name for p in (out_dir / "审查意见").iterdir()) == sorted(
        f"{n}.{kind}.docx" for n in ("a-compliant", "b-deficient", "c-no-causes", "d-broken") for kind in ("审查意见", "审查人备注"))
    # and the reviewer is told where each output went
    for name in formats:
        assert f"：{out_dir / name}" in err, name
    assert "已写入 4 份审查意见草稿" in err and str(out_dir / "审查意见") in err


def test_output_dir_without_libreoffice_writes_the_rest_and_says_so(batch: Path, cli_run: CliRun,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import validator.readers.legacy as legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    out_dir = batch.parent / "汇总"
    code, _, err = cli_run("summary", str(batch), "--output-dir", str(out_dir), "--opinion-format", "markdown")
    assert code == 3
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        ["summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.docx", "summary.json", "审查意见"])
    assert "未写 summary.pdf" in err and "LibreOffice" in err
    assert sorted(p.suffix for p in (out_dir / "审查意见").iterdir()) == [".md"] * 8
    # -o x.pdf without LibreOffice: refused before any report is checked
    code, _, err = cli_run("summary", str(batch), "-o", str(batch.parent / "汇总.pdf"))
    assert code == 2 and "LibreOffice" in err and not (batch.parent / "汇总.pdf").exists()


def test_format_mistakes_are_usage_errors(batch: Path, cli_run: CliRun) -> None:
    code, _, err = cli_run("summary", str(batch), "--format", "rtf")
    assert code == 2 and "未知的汇总格式" in err
    code, _, err = cli_run("summary", str(batch), "--format", "csv", "--output-dir", "x")
    assert code == 2 and "--output-dir" in err
    # an extension that names no format is refused, not filled with Markdown
    code, _, err = cli_run("summary", str(batch), "-o", str(batch.parent / "汇总.rtf"))
    assert code == 2 and ".rtf" in err and not (batch.parent / "汇总.rtf").exists()


@needs_shared
def test_summary_of_the_seed_reports_in_every_format(tmp_path: Path, cli_run: CliRun) -> None:
    code, _, err = cli_run("summary", str(SEEDS), "--output-dir", str(tmp_path))
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
    assert len(list((tmp_path / "审查意见").glob("*.审查意见.docx"))) == data["counts"]["files"]


def test_a_pdf_libreoffice_cannot_make_stops_no_other_output(batch: Path, cli_run: CliRun,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import validator.readers.legacy as legacy

    monkeypatch.setattr(legacy, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(legacy, "convert", lambda *args: None)  # LibreOffice ran and wrote nothing
    out_dir = batch.parent / "汇总"
    code, _, err = cli_run("summary", str(batch), "--output-dir", str(out_dir))
    assert code == 2 and "无法生成 PDF：LibreOffice 没有写出 PDF 文件" in err
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        ["summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.docx", "summary.json", "审查意见"])
    assert len(list((out_dir / "审查意见").iterdir())) == 8
    assert "有 1 种格式未能写出（见上），其余已写出" in err
