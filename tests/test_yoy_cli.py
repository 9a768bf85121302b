"""``check --previous``, automatic pairing in a batch, and how the comparison reads to a reviewer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, SEEDS, CliRun, needs_shared

PAIRS = EXAMPLES / "yoy"
COUNTY_2023 = str(PAIRS / "yunxi-county-2023.txt")
COUNTY_2024 = str(PAIRS / "yunxi-county-2024.txt")
OUTPUT_SCHEMA = json.loads((ROOT / "validator" / "schemas" / "output.schema.json").read_text(encoding="utf-8"))


def run_json(cli_run: CliRun, *argv: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = cli_run("check", *argv, "--format", "json", "--fail-on", "never")
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    return code, data, err


def unwrapped(terminal: str) -> str:
    """The terminal report with panel borders and line wrapping taken out, for phrase checks."""
    return "".join(line.strip().strip("│╭╮╰╯─").strip() for line in terminal.splitlines())


def checklist(entry: dict[str, Any], rule: str) -> dict[str, Any]:
    item: dict[str, Any] = next(c for c in entry["checklist"] if c["rule"] == rule)
    return item


def test_realistic_pair_reads_as_a_reviewers_note(cli_run: CliRun) -> None:
    code, out, err = cli_run("check", COUNTY_2024, "--previous", COUNTY_2023)
    assert code == 0 and err == ""  # both rules are warnings
    text = unwrapped(out)
    assert f"上年报告：{COUNTY_2023}" in text
    assert "上年安排落实情况：上年安排 6 项：已落实 4 项，未见落实 2 项" in text
    # every one of last year's six items, with its verdict and its evidence or its place last year
    for delivered, line in (("（一）健全重大行政决策机制", 11), ("（二）持续优化营商环境", 15),
                            ("（四）加强行政复议和应诉工作", 23), ("（六）落实普法责任制", 27)):
        assert f"✓ 已落实：{delivered}（第{line}行" in text
    assert "推行涉企行政检查“扫码入企”，全年扫码检查1260次" in text
    assert ("✗ 上年安排“（三）强化行政执法监督”未见落实情况"
            "（2023年度报告「四、2024年推进法治政府建设的主要安排」第3项，第43行）") in text
    assert "✗ 上年安排“（五）完善公共法律服务体系”未见落实情况（2023年度报告「四、2024年推进法治政府建设的主要安排」第5项，第47行）" in text
    assert "不足和安排未照抄上年：与上年对应部分的最高相似度92%（阈值35%）" in text
    assert "✗ 与上年「三、存在的不足和原因」第2项相似度92%（上年第33行：“基层法治建设存在短板。" in text
    assert "6.7/10" in text  # credit shown rounded


def test_previous_in_json_output(cli_run: CliRun) -> None:
    _, data, _ = run_json(cli_run, COUNTY_2024, "--previous", COUNTY_2023)
    (entry,) = data["files"]
    assert entry["previous"] == COUNTY_2023
    follow = checklist(entry, "report.plan-followthrough")
    assert follow["status"] == "partial" and follow["credit"] == pytest.approx(4 / 6)
    assert [e["note"] for e in follow["evidence"]][:2] == ["已落实：（一）健全重大行政决策机制", "已落实：（二）持续优化营商环境"]
    assert follow["note"] == "上年安排 6 项：已落实 4 项，未见落实 2 项"
    assert checklist(entry, "report.repeated-problems")["status"] == "fail"
    codes = sorted(f["code"] for f in entry["findings"] if f["rule"].startswith("report.") and f["severity"] == "warning")
    assert codes.count("plan-item-not-found") == 2 and codes.count("problem-repeated") == 1


def test_a_batch_pairs_reports_by_issuer_and_year(cli_run: CliRun) -> None:
    _, data, _ = run_json(cli_run, str(PAIRS))
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert len(by_name) == 26
    followed = {name: checklist(f, "report.plan-followthrough")["status"] for name, f in by_name.items()}
    earlier = {"yunxi-county-2023.txt", "yunxi-market-2023.txt", "baisha-town-2023.txt", "qingshi-justice-2024.txt",
               "yunxi-education-2023.txt", "changhe-ecology-2024.txt", "yunxi-housing-2023.txt",
               "songling-emergency-2024.txt", "chengjiang-medinsure-2023.txt", "shimen-water-2024.txt",
               "wangchuan-street-2023.txt", "linxi-transport-2024.txt", "baishi-town-2023.txt"}
    assert {n for n, s in followed.items() if s == "not_applicable"} == earlier
    # renamed in 机构改革 (stated in the opening), and a district prefix dropped: paired all the same
    assert Path(by_name["shimen-water-2025.txt"]["previous"]).name == "shimen-water-2024.txt"
    assert Path(by_name["wangchuan-street-2024.txt"]["previous"]).name == "wangchuan-street-2023.txt"
    assert checklist(by_name["yunxi-county-2024.txt"], "report.plan-followthrough")["credit"] == pytest.approx(4 / 6)
    assert Path(by_name["yunxi-county-2024.txt"]["previous"]).name == "yunxi-county-2023.txt"
    assert by_name["yunxi-county-2023.txt"]["previous"] is None


def test_no_pair_checks_each_report_alone(cli_run: CliRun) -> None:
    _, data, _ = run_json(cli_run, COUNTY_2023, COUNTY_2024, "--no-pair")
    assert {checklist(f, "report.plan-followthrough")["status"] for f in data["files"]} == {"not_applicable"}


def test_an_unreadable_report_in_a_paired_batch_does_not_stop_the_rest(cli_run: CliRun,
                                                                        tmp_path: Path) -> None:
    code, data, err = run_json(cli_run, COUNTY_2023, str(tmp_path / "missing.txt"), COUNTY_2024)
    assert code == 3 and "missing.txt" in err
    assert [f["status"] for f in data["files"]][1] == "error"
    assert checklist(data["files"][2], "report.plan-followthrough")["status"] == "partial"


def test_previous_needs_exactly_one_report(cli_run: CliRun) -> None:
    code, out, err = cli_run("check", COUNTY_2024, COUNTY_2023, "--previous", COUNTY_2023)
    assert code == 2 and out == ""
    assert "--previous 只能与一份本年报告一起使用（收到 2 份）" in err


def test_an_unreadable_previous_report_is_an_input_error(cli_run: CliRun, tmp_path: Path) -> None:
    code, out, err = cli_run("check", COUNTY_2024, "--previous", str(tmp_path / "2023.txt"))
    assert code == 3 and out == ""
    assert err.strip() == f"fazhi-lint: 错误：上年报告 {tmp_path / '2023.txt'}: 文件不存在"
    assert "Traceback" not in err


def test_previous_from_stdin_is_a_usage_error(cli_run: CliRun) -> None:
    code, _, err = cli_run("check", COUNTY_2024, "--previous", "-")
    assert code == 2 and "标准输入" in err


def test_a_previous_report_from_another_issuer_is_compared_with_a_warning(cli_run: CliRun) -> None:
    code, _, err = cli_run("check", COUNTY_2024, "--previous", str(PAIRS / "yunxi-market-2023.txt"),
                       "--format", "json")
    assert code == 0
    assert "注意：上年报告" in err and "云溪县市场监督管理局" in err and "仍按其对照" in err


def test_inputs_are_never_modified(cli_run: CliRun, tmp_path: Path) -> None:
    for name in ("yunxi-county-2023.txt", "yunxi-county-2024.txt"):
        shutil.copy(PAIRS / name, tmp_path / name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    cli_run("check", str(tmp_path))
    cli_run("check", str(tmp_path / "yunxi-county-2024.txt"), "--previous", str(tmp_path / "yunxi-county-2023.txt"))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@needs_shared
def test_real_reports_compared_across_issuers_run_cleanly(cli_run: CliRun) -> None:
    # Same district, consecutive years, but the 2024 report is the government office's and the
    # 2025 one the government's: compared only on request, with a warning. Last year's five
    # 一是…五是 plan items are all listed, and the decision-procedure item is found delivered.
    (last,) = SEEDS.glob("000_*.txt")
    (this,) = SEEDS.glob("003_*.txt")
    code, data, err = run_json(cli_run, str(this), "--previous", str(last))
    assert "发文机关" in err
    follow = checklist(data["files"][0], "report.plan-followthrough")
    assert follow["note"].startswith("上年安排 5 项")
    assert "已落实：重大行政决策再加强" in [e["note"] for e in follow["evidence"]]


def test_postponed_and_partly_items_read_as_a_reviewers_note(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", str(PAIRS / "songling-emergency-2025.txt"), "--previous",
                       str(PAIRS / "songling-emergency-2024.txt"), "--format", "text")
    assert code == 0
    text = unwrapped(out)
    # a postponement stated among the problems, quoted where it stands this year
    assert ("✗ 上年安排“3.修订《松岭县生产安全事故应急预案》”推迟或取消，不算落实：本年报告称“县生产安全事故应急预案"
            "修订工作因省应急预案管理办法尚在修订") in text
    assert "（2024年度报告「四、2025年工作安排」第3项，第39行）（本年第37行" in text
    # a cancelled one
    assert "✗ 上年安排“6.建设县级应急指挥信息平台”推迟或取消，不算落实" in text
    # partly: what was done, and what is still pending
    assert "✓ 部分落实：4.推行“互联网+执法”（第19行" in text
    assert "部分落实，尚未见：“做到执法全过程可回溯”，本年报告称“新采购执法记录仪已完成招标" in text
    # the synonym that linked a delivery
    assert "同义词“行政执法与刑事司法衔接”＝“行刑衔接”（2.建立安全生产行政执法与刑事司法衔接机制）（第15行" in text


def test_dump_text_shows_each_items_candidates(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", "--dump-text", str(PAIRS / "shimen-water-2025.txt"), "--previous",
                       str(PAIRS / "shimen-water-2024.txt"))
    assert code == 0
    follow = out[out.index("上年安排逐项对照"):]
    assert follow.startswith(f"上年安排逐项对照（上年报告：{PAIRS / 'shimen-water-2024.txt'}；阈值：占该项 0.15、标题句 0.1，或占该项 0.3）")
    lines = follow.splitlines()
    second = lines.index(next(line for line in lines if line.startswith("  2. ")))
    assert lines[second] == "  2. 制定《石门市节约用水管理办法》，明确计划用水、用水定额管理和… → 推迟或取消"
    assert any(line.startswith("     推迟或取消的说法（“延期”）") and "第17行" in line for line in lines[second:second + 6])
    assert sum(line.startswith("     候选") for line in lines) >= 7  # every item shows its best windows
    assert all(line.count("（标题句 ") == 1 for line in lines if line.startswith("     候选"))


def test_dump_text_pairs_a_batch(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", "--dump-text", str(PAIRS / "wangchuan-street-2023.txt"),
                       str(PAIRS / "wangchuan-street-2024.txt"))
    assert code == 0
    assert out.count("上年安排逐项对照") == 1
    assert f"上年报告：{PAIRS / 'wangchuan-street-2023.txt'}" in out
    code, out, _ = cli_run("check", "--dump-text", "--no-pair", str(PAIRS / "wangchuan-street-2023.txt"),
                       str(PAIRS / "wangchuan-street-2024.txt"))
    assert "上年安排逐项对照" not in out


def test_the_summary_says_when_a_report_had_no_predecessor(cli_run: CliRun, tmp_path: Path) -> None:
    for name in ("shimen-water-2024.txt", "shimen-water-2025.txt", "songling-emergency-2025.txt"):
        shutil.copy(PAIRS / name, tmp_path / name)
    code, out, _ = cli_run("summary", str(tmp_path), "--format", "json")
    assert code == 0
    reports = {Path(r["path"]).name: r for r in json.loads(out)["reports"]}
    note = "发文机关变更或未提供上年报告，未与上年报告对照（上年安排落实等不计分）"
    assert reports["shimen-water-2025.txt"]["notes"] == []
    assert Path(reports["shimen-water-2025.txt"]["previous"]).name == "shimen-water-2024.txt"
    assert reports["songling-emergency-2025.txt"]["notes"] == [note]
    assert reports["shimen-water-2024.txt"]["notes"] == [note]
    code, out, _ = cli_run("summary", str(tmp_path), "--format", "markdown")
    row = next(line for line in out.splitlines() if "松岭县应急管理局关于2025年度" in line and line.startswith("|"))
    assert row.endswith(f"；{note} |")
