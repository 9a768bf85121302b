from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, CliRun

COMPLIANT = str(EXAMPLES / "compliant.txt")
DEFICIENT = str(EXAMPLES / "deficient.txt")
OUTPUT_SCHEMA = json.loads((ROOT / "validator" / "schemas" / "output.schema.json").read_text(encoding="utf-8"))


def run_json(cli_run: CliRun, *argv: str) -> tuple[int, dict, str]:
    code, out, err = cli_run("check", *argv, "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    return code, data, err


def test_compliant_example_passes(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", COMPLIANT)
    assert code == 0
    assert "通过" in out and "100.0/100" in out


def test_deficient_example_fails_with_exit_1(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", DEFICIENT)
    assert code == 1
    assert "未通过" in out and "report.first-responsible" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["--fail-on", "never"], 0),
    (["--fail-on", "error"], 1),
])
def test_fail_on(cli_run: CliRun, argv: list[str], expected: int) -> None:
    assert cli_run("check", DEFICIENT, *argv)[0] == expected


def test_fail_on_warning_and_fail_under(cli_run: CliRun, tmp_path: Path) -> None:
    text = Path(COMPLIANT).read_text(encoding="utf-8").replace("究其原因，主要是", "主要是").replace("原因在于", "问题在于")
    text = text.replace("存在的不足和原因", "存在的不足")
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    assert cli_run("check", str(report))[0] == 0
    assert cli_run("check", str(report), "--fail-on", "warning")[0] == 1
    assert cli_run("check", COMPLIANT, "--fail-under", "99")[0] == 0
    assert cli_run("check", str(report), "--fail-under", "99")[0] == 1


def test_json_is_one_object_matching_the_schema(cli_run: CliRun) -> None:
    code, data, _ = run_json(cli_run, COMPLIANT, DEFICIENT)
    assert code == 1
    assert [Path(f["path"]).name for f in data["files"]] == ["compliant.txt", "deficient.txt"]
    assert data["summary"] == {"files": 2, "passed": 1, "failed": 1, "errors": 0, "suppressed": 0}


def test_unreadable_input_exits_3_and_the_batch_goes_on(cli_run: CliRun, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\xff\xff")
    code, data, err = run_json(cli_run, str(tmp_path / "missing.txt"), str(bad), COMPLIANT)
    assert code == 3
    assert [f["status"] for f in data["files"]] == ["error", "error", "pass"]
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "missing.txt" in lines[0] and "不存在" in lines[0]
    assert "bad.txt" in lines[1]


def test_unsupported_type_is_an_input_error(cli_run: CliRun, tmp_path: Path) -> None:
    other = tmp_path / "report.xyz"
    other.write_text("x", encoding="utf-8")
    code, _, err = cli_run("check", str(other))
    assert code == 3 and "不支持的文件类型" in err


def test_empty_file_is_an_input_error(cli_run: CliRun, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = cli_run("check", str(empty))
    assert code == 3 and "没有可检查的文字" in err


def test_bad_rule_file_exits_2_naming_it(cli_run: CliRun, tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  - id: x\n", encoding="utf-8")
    code, out, err = cli_run("check", COMPLIANT, "--rules", str(rules))
    assert code == 2 and out == ""
    # every problem of the file, one line each, naming the file, the line and the path
    assert err.splitlines() == [
        f"fazhi-lint: 错误：{rules}:2: ==> At key: rules ==> At index 0: 缺少必填项：title、check、basis、hint",
        f"fazhi-lint: 错误：{rules}:2: ==> At key: rules ==> At index 0 ==> At key: id: 'x' 的写法不对"
        "（应符合 ^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$）",
    ]


def test_unknown_format_is_a_usage_error(cli_run: CliRun) -> None:
    code, _, err = cli_run("check", COMPLIANT, "--format", "yaml")
    assert code == 2 and "未知的输出格式" in err


def test_directory_input(cli_run: CliRun) -> None:
    code, data, _ = run_json(cli_run, str(EXAMPLES))
    names = {Path(f["path"]).name for f in data["files"]}
    assert {"compliant.txt", "deficient.txt"} <= names


def test_output_file_is_written_atomically(cli_run: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = cli_run("check", COMPLIANT, "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["passed"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_inputs_are_never_modified(cli_run: CliRun) -> None:
    before = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in (COMPLIANT, DEFICIENT)}
    cli_run("check", COMPLIANT, DEFICIENT, "--format", "json")
    assert before == {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in before}


def test_stdin(cli_run: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = open(COMPLIANT, "rb")  # noqa: SIM115

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    code, data, _ = run_json(cli_run, "-", "--stdin-filename", "draft.txt")
    FakeStdin.buffer.close()
    assert code == 0 and data["files"][0]["path"] == "draft.txt"


def test_dump_text_shows_sections_and_kinds(cli_run: CliRun) -> None:
    code, out, _ = cli_run("check", "--dump-text", DEFICIENT)
    assert code == 0
    assert "[measures（上一年度推进法治政府建设的主要举措和成效）] 一、主要举措和成效" in out
    assert "[plan" in out and "规范化文本" in out


def test_rules_and_explain(cli_run: CliRun) -> None:
    code, out, _ = cli_run("rules", "--format", "json")
    assert code == 0 and "decision.comment-period" in {r["id"] for r in json.loads(out)}
    code, out, _ = cli_run("explain", "decision.comment-period")
    assert code == 0
    for part in ("第十五条", "为什么", "怎么改", "合格示例", "不合格示例"):
        assert part in out


def test_explain_unknown_rule_suggests(cli_run: CliRun) -> None:
    code, _, err = cli_run("explain", "decision.comment-periods")
    assert code == 2 and "decision.comment-period" in err


def test_internal_errors_become_exit_4_without_traceback(cli_run: CliRun,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from validator import pipeline

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check_document", boom)
    monkeypatch.delenv("FAZHI_LINT_DEBUG", raising=False)
    code, _, err = cli_run("check", COMPLIANT)
    assert code == 4 and "内部错误" in err and "Traceback" not in err


def test_python_dash_m_validator() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "validator", "check", COMPLIANT, "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["status"] == "pass"


@pytest.mark.parametrize(("flags", "mode"), [
    ([], "check"), (["--fix"], "fix"), (["--diff"], "diff"), (["--fix", "--diff"], "diff"),
    (["--dump-text"], "dump-text"), (["--print-config", "--fix"], "print-config"),
])
def test_check_chooses_one_mode_from_its_flags(flags: list[str], mode: str) -> None:
    from validator.cli import build_parser, check_mode

    assert check_mode(build_parser().parse_args(["check", *flags, "r.txt"])) == mode


@pytest.mark.parametrize("flags", [["--dump-text", "--fix"], ["--dump-text", "--diff"],
                                   ["--annotate", "out.docx", "--fix"], ["--annotate", "out.docx", "--dump-text"]])
def test_flags_asking_for_two_modes_are_refused_before_any_file_is_read(cli_run: CliRun, flags: list[str]) -> None:
    # the report does not exist: the usage error comes first, so no input error is printed
    code, _, err = cli_run("check", *flags, "no-such-report.txt")
    assert code == 2
    assert "不能与" in err and "no-such-report" not in err


def test_json_summary_and_text_closing_line_count_the_same_run(cli_run: CliRun, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    argv = [str(EXAMPLES / "compliant.txt"), str(EXAMPLES / "deficient.txt"), str(missing)]
    _, out, _ = cli_run("check", "--format", "json", *argv)
    summary = json.loads(out)["summary"]
    assert summary == {"files": 3, "passed": 1, "failed": 1, "errors": 1, "suppressed": 0}
    _, text, _ = cli_run("check", "--format", "text", *argv)
    assert text.splitlines()[-1] == "共 3 份：通过 1，未通过 1，无法检查 1"
