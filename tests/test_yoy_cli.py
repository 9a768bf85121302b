"""``check --previous``, automatic pairing in a batch, and how the comparison reads to a reviewer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, SEEDS, needs_shared
from validator import cli

PAIRS = EXAMPLES / "yoy"
COUNTY_2023 = str(PAIRS / "yunxi-county-2023.txt")
COUNTY_2024 = str(PAIRS / "yunxi-county-2024.txt")
OUTPUT_SCHEMA = json.loads((ROOT / "validator" / "schemas" / "output.schema.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(capsys, "check", *argv, "--format", "json", "--fail-on", "never")
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    return code, data, err


def unwrapped(terminal: str) -> str:
    """The terminal report with panel borders and line wrapping taken out, for phrase checks."""
    return "".join(line.strip().strip("│╭╮╰╯─").strip() for line in terminal.splitlines())


def checklist(entry: dict[str, Any], rule: str) -> dict[str, Any]:
    item: dict[str, Any] = next(c for c in entry["checklist"] if c["rule"] == rule)
    return item


def test_realistic_pair_reads_as_a_reviewers_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", COUNTY_2024, "--previous", COUNTY_2023)
    assert code == 0 and err == ""  # both rules are warnings
    text = unwrapped(out)
    assert f"上年报告：{COUNTY_2023}" in text
    assert "上年安排落实情况：上年安排 6 项，已见落实 4 项" in text
    # every one of last year's six items, with its verdict and its evidence or its place last year
    for delivered, line in (("（一）健全重大行政决策机制", 11), ("（二）持续优化营商环境", 15),
                            ("（四）加强行政复议和应诉工作", 23), ("（六）落实普法责任制", 27)):
        assert f"✓ 已落实：{delivered}（第{line}行" in text
    assert "“推行涉企行政检查“扫码入企”，全年扫码检查1260次" in text
    assert ("✗ 上年安排“（三）强化行政执法监督”未见落实情况"
            "（2023年度报告「四、2024年推进法治政府建设的主要安排」第3项，第43行）") in text
    assert "✗ 上年安排“（五）完善公共法律服务体系”未见落实情况（2023年度报告「四、2024年推进法治政府建设的主要安排」第5项，第47行）" in text
    assert "不足和安排未照抄上年：与上年对应部分的最高相似度92%（阈值35%）" in text
    assert "✗ 与上年「三、存在的不足和原因」第2项相似度92%（上年第33行：“基层法治建设存在短板。" in text
    assert "6.7/10" in text  # credit shown rounded


def test_previous_in_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, COUNTY_2024, "--previous", COUNTY_2023)
    (entry,) = data["files"]
    assert entry["previous"] == COUNTY_2023
    follow = checklist(entry, "report.plan-followthrough")
    assert follow["status"] == "partial" and follow["credit"] == pytest.approx(4 / 6)
    assert [e["note"] for e in follow["evidence"]][:2] == ["已落实：（一）健全重大行政决策机制", "已落实：（二）持续优化营商环境"]
    assert checklist(entry, "report.repeated-problems")["status"] == "fail"
    codes = sorted(f["code"] for f in entry["findings"] if f["rule"].startswith("report.") and f["severity"] == "warning")
    assert codes.count("plan-item-not-found") == 2 and codes.count("problem-repeated") == 1


def test_a_batch_pairs_reports_by_issuer_and_year(capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, str(PAIRS))
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert len(by_name) == 14
    followed = {name: checklist(f, "report.plan-followthrough")["status"] for name, f in by_name.items()}
    earlier = {"yunxi-county-2023.txt", "yunxi-market-2023.txt", "baisha-town-2023.txt", "qingshi-justice-2024.txt",
               "yunxi-education-2023.txt", "changhe-ecology-2024.txt", "yunxi-housing-2023.txt"}
    assert {n for n, s in followed.items() if s == "not_applicable"} == earlier
    assert checklist(by_name["yunxi-county-2024.txt"], "report.plan-followthrough")["credit"] == pytest.approx(4 / 6)
    assert Path(by_name["yunxi-county-2024.txt"]["previous"]).name == "yunxi-county-2023.txt"
    assert by_name["yunxi-county-2023.txt"]["previous"] is None


def test_no_pair_checks_each_report_alone(capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, COUNTY_2023, COUNTY_2024, "--no-pair")
    assert {checklist(f, "report.plan-followthrough")["status"] for f in data["files"]} == {"not_applicable"}


def test_an_unreadable_report_in_a_paired_batch_does_not_stop_the_rest(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path) -> None:
    code, data, err = run_json(capsys, COUNTY_2023, str(tmp_path / "missing.txt"), COUNTY_2024)
    assert code == 3 and "missing.txt" in err
    assert [f["status"] for f in data["files"]][1] == "error"
    assert checklist(data["files"][2], "report.plan-followthrough")["status"] == "partial"


def test_previous_needs_exactly_one_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", COUNTY_2024, COUNTY_2023, "--previous", COUNTY_2023)
    assert code == 2 and out == ""
    assert "--previous 只能与一份本年报告一起使用（收到 2 份）" in err


def test_an_unreadable_previous_report_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", COUNTY_2024, "--previous", str(tmp_path / "2023.txt"))
    assert code == 3 and out == ""
    assert err.strip() == f"fazhi-lint: 错误：上年报告 {tmp_path / '2023.txt'}: 文件不存在"
    assert "Traceback" not in err


def test_previous_from_stdin_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", COUNTY_2024, "--previous", "-")
    assert code == 2 and "标准输入" in err


def test_a_previous_report_from_another_issuer_is_compared_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", COUNTY_2024, "--previous", str(PAIRS / "yunxi-market-2023.txt"),
                       "--format", "json")
    assert code == 0
    assert "注意：上年报告" in err and "云溪县市场监督管理局" in err and "仍按其对照" in err


def test_inputs_are_never_modified(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ("yunxi-county-2023.txt", "yunxi-county-2024.txt"):
        shutil.copy(PAIRS / name, tmp_path / name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run(capsys, "check", str(tmp_path))
    run(capsys, "check", str(tmp_path / "yunxi-county-2024.txt"), "--previous", str(tmp_path / "yunxi-county-2023.txt"))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@needs_shared
def test_real_reports_compared_across_issuers_run_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    # Same district, consecutive years, but the 2024 report is the government office's and the
    # 2025 one the government's: compared only on request, with a warning. Last year's five
    # 一是…五是 plan items are all listed, and the decision-procedure item is found delivered.
    (last,) = SEEDS.glob("000_*.txt")
    (this,) = SEEDS.glob("003_*.txt")
    code, data, err = run_json(capsys, str(this), "--previous", str(last))
    assert "发文机关" in err
    follow = checklist(data["files"][0], "report.plan-followthrough")
    assert follow["note"].startswith("上年安排 5 项")
    assert "已落实：重大行政决策再加强" in [e["note"] for e in follow["evidence"]]
