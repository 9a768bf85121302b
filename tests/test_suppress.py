"""Suppression with a reason: in-source comments for text/Markdown, the configuration's ignore list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from validator import cli
from validator.model import SourceDocument
from validator.readers.text import split_lines
from validator.suppress import parse_directives

DEFICIENT = (EXAMPLES / "deficient.txt").read_text(encoding="utf-8")
COMPLIANT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
ERROR_RULES = ("report.first-responsible", "report.deadline", "decision.comment-period")
REASON = "本局主要负责人履职情况已另行专题报告"


def write(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = cli.main(["check", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["files"][0]


def directives(text: str, name: str = "r.txt") -> tuple[list, list]:
    source = SourceDocument(name, name.rsplit(".", 1)[-1], split_lines(text))
    return parse_directives(source)


def test_directive_moves_findings_aside_with_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, before = check_json(capsys, str(write(tmp_path, DEFICIENT, "plain.txt")))
    text = f"<!-- fazhi-lint-disable report.first-responsible -- {REASON} -->\n" + DEFICIENT
    code, after = check_json(capsys, str(write(tmp_path, text)))
    assert code == 1  # the other error findings still fail the report
    assert "report.first-responsible" not in {f["rule"] for f in after["findings"]}
    (item,) = after["suppressed"]
    assert item["rule"] == "report.first-responsible" and item["reason"] == REASON
    assert item["suppressed_by"].endswith("report.txt:1")
    # the score is what the text earned; line numbers still point at the original lines
    assert after["score"] == before["score"]
    moved = {f["rule"]: f["line"] for f in before["findings"]}
    assert {f["rule"]: f["line"] - 1 for f in after["findings"] if f["line"]} == \
        {r: line for r, line in moved.items() if line and r != "report.first-responsible"}


def test_a_suppressed_error_is_a_claim_until_a_reviewer_accepts_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, plain = check_json(capsys, str(write(tmp_path, DEFICIENT, "plain.txt")))
    text = f"<!-- fazhi-lint-disable {','.join(ERROR_RULES)} -- 已与审查人确认 -->\n" + DEFICIENT
    path = str(write(tmp_path, text))
    code, data = check_json(capsys, path)
    # no error finding is left, but the drafter's claim is not a pass: status, exit code and reason say so
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    assert code == 1 and data["status"] == "fail"
    assert data["failing_rules"] == [] and data["pending_rules"] == list(ERROR_RULES)
    assert data["status_reason"] == "单位说明不适用（待核实）：第一责任人职责履行情况、报送和公开时限、公开征求意见期限"
    assert [s["accepted"] for s in data["suppressed"]] == [False] * 3
    # accepted by the reviewer on the command line: the status and exit code follow what is left
    code, data = check_json(capsys, path, "--accept-suppressions")
    assert code == 0 and data["status"] == "pass" and data["pending_rules"] == []
    assert data["status_reason"] == "没有错误级问题；单位说明不适用（已认可）：第一责任人职责履行情况、报送和公开时限、公开征求意见期限"
    assert data["score"] == plain["score"]
    assert {s["rule"] for s in data["suppressed"]} == set(ERROR_RULES) and all(s["accepted"] for s in data["suppressed"])
    # ... or in the configuration
    (tmp_path / ".fazhi-lint.yaml").write_text("accept-suppressions: true\n", encoding="utf-8")
    code, data = check_json(capsys, path)
    assert code == 0 and data["status"] == "pass"
    assert cli.main(["check", "--print-config"]) == 0
    assert f"accept-suppressions: true  # {tmp_path / '.fazhi-lint.yaml'}" in capsys.readouterr().out
    # --fail-on never still never fails
    (tmp_path / ".fazhi-lint.yaml").unlink()
    code, data = check_json(capsys, path, "--fail-on", "never")
    assert code == 0 and data["status"] == "fail"


def test_a_suppressed_warning_does_not_keep_a_report_from_passing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "<!-- fazhi-lint-disable report.plan-year -- 安排写明了年份之外的期间 -->\n" + COMPLIANT.replace(
        "2025年", "2024年", 1)
    code, data = check_json(capsys, str(write(tmp_path, text)))
    assert data["status"] == "pass" and data["pending_rules"] == []
    assert data["status_reason"] == "没有错误级问题"


def test_no_suppress_shows_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, f"<!-- fazhi-lint-disable {','.join(ERROR_RULES)} -- 已与审查人确认 -->\n" + DEFICIENT)
    code, data = check_json(capsys, str(path), "--no-suppress")
    assert code == 1 and data["suppressed"] == []
    assert set(ERROR_RULES) <= {f["rule"] for f in data["findings"]}


def test_directive_without_reason_suppresses_nothing_and_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "<!-- fazhi-lint-disable report.first-responsible -->\n" + DEFICIENT
    _, data = check_json(capsys, str(write(tmp_path, text)))
    assert data["suppressed"] == []
    rules = [f["rule"] for f in data["findings"]]
    assert "report.first-responsible" in rules
    (notice,) = [f for f in data["findings"] if f["rule"] == "fazhi-lint.suppression"]
    assert notice["code"] == "no-reason" and notice["line"] == 1 and notice["severity"] == "warning"


def test_directive_naming_an_unknown_rule_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = COMPLIANT + "\n<!-- fazhi-lint-disable report.measure -- 笔误 -->\n"
    code, data = check_json(capsys, str(write(tmp_path, text)), "--fail-on", "warning")
    assert code == 1
    (notice,) = data["findings"]
    assert notice["code"] == "unknown-rule" and "report.measure" in notice["message"]


def test_the_comment_is_not_report_text(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A reason that mentions 原因 must not satisfy report.problem-causes, nor shift anything else."""
    monkeypatch.chdir(tmp_path)
    marker = "存在的问题和不足\n"
    head, tail = DEFICIENT.split(marker, 1)
    text = head + marker + "<!-- fazhi-lint-disable decision.directory -- 原因是本局不承担重大行政决策职能 -->\n" + tail
    _, data = check_json(capsys, str(write(tmp_path, text)))
    assert "report.problem-causes" in {f["rule"] for f in data["findings"]}
    code = cli.main(["check", "--dump-text", str(tmp_path / "report.txt")])
    assert code == 0 and "fazhi-lint-disable" not in capsys.readouterr().out


@pytest.mark.parametrize(("line", "rules", "reason"), [
    ("<!-- fazhi-lint-disable a.b -- 理由 -->", ("a.b",), "理由"),
    ("  <!--fazhi-lint-disable a.b, c-d -- 理由 含 -- 破折号 -->  ", ("a.b", "c-d"), "理由 含 -- 破折号"),
    ("<!-- fazhi-lint-disable a.b，c.d -- 理由-->", ("a.b", "c.d"), "理由"),
])
def test_directive_syntax(line: str, rules: tuple[str, ...], reason: str) -> None:
    (d,), problems = directives(f"正文\n{line}\n")
    assert (d.rules, d.reason, d.line, problems) == (rules, reason, 2, [])


def test_directives_only_in_text_formats_and_whole_lines() -> None:
    assert directives("<!-- fazhi-lint-disable a.b -- 理由 -->\n", "r.docx") == ([], [])
    assert directives("正文 <!-- fazhi-lint-disable a.b -- 理由 --> 正文\n") == ([], [])
    _, (problem,) = directives("<!-- fazhi-lint-disable -- 理由 -->\n", "r.md")
    assert problem.code == "no-rule"


def test_config_ignore_list_for_files_without_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reports").mkdir()
    write(tmp_path / "reports", DEFICIENT, "a.txt")
    write(tmp_path / "reports", DEFICIENT, "b.txt")
    (tmp_path / ".fazhi-lint.yaml").write_text(
        "ignore:\n  - path: reports/a.*\n    rules: [report.deadline]\n    reason: 成文日期经批准延后\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "reports", "--format", "json"])
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert code == 1
    assert [s["rule"] for s in files["a.txt"]["suppressed"]] == ["report.deadline"]
    assert files["a.txt"]["suppressed"][0]["suppressed_by"] == str(tmp_path / ".fazhi-lint.yaml")
    assert files["b.txt"]["suppressed"] == []


def test_terminal_lists_suppressed_with_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, f"<!-- fazhi-lint-disable report.first-responsible -- {REASON} -->\n" + DEFICIENT)
    for fmt in ("terminal", "text"):  # (the terminal breaks lines: joined again here)
        cli.main(["check", str(path), "--format", fmt])
        out = re.sub(r"\n\s*", "", capsys.readouterr().out)
        assert "单位说明不适用（待核实）：第一责任人职责履行情况（report.first-responsible），未认可前报告不算通过；" \
               f"理由：{REASON}" in out
        cli.main(["check", str(path), "--format", fmt, "--accept-suppressions"])
        out = re.sub(r"\n\s*", "", capsys.readouterr().out)
        assert f"单位说明不适用（已认可）：第一责任人职责履行情况（report.first-responsible）；理由：{REASON}" in out
