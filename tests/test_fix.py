"""``check --fix`` / ``--diff``: only the safe mechanical edits, on the original text, atomically."""

from __future__ import annotations

import difflib
import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEEDS, CliRun, needs_shared
from validator.fix import apply_edits, fix_path, line_starts
from validator.model import SourceEdit
from validator.pipeline import check_path
from validator.ruleset import RuleSet

FIXABLE_RULES = {"format.punctuation-width", "format.conversion-debris", "terms.preferred"}
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
SEED_002 = SEEDS / "002_f660ad6afd465363.txt"
COMPLIANT_TEXT = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")

DRAFT = (
    "某某县司法局\r\n\r\n关于2024年度法治政府建设情况的报告\r\n\r\n"
    "一、主要举措和成效\r\n\r\n(一)强化学习。全年组织学法12次,推进法制政府建设。\r\n\r\n"
    "二、存在的不足和原因\r\n\r\n学法形式单一，原因是制度执行不严。\r\n\r\nPAGE\r\n"
)


# --------------------------------------------------------------------------- applying edits


def test_edits_apply_on_the_original_text_and_overlaps_keep_the_larger() -> None:
    text = "甲,乙\r\n点击量: 来源:某网\r\n丙"
    edits = [
        SourceEdit((0, 1), (0, 2), "，"),
        SourceEdit((1, 0), (2, 0), ""),  # delete the whole line, break included
        SourceEdit((1, 3), (1, 4), "："),  # inside the deleted line: dropped
        SourceEdit((0, 1), (0, 2), "，"),  # the same edit twice counts once
    ]
    fixed, applied = apply_edits(text, edits)
    assert fixed == "甲，乙\r\n丙"
    assert applied == 2


def test_line_starts_follow_the_readers_line_breaks() -> None:
    assert line_starts("a\r\nb\rc\n") == [0, 3, 5, 7, 7]


# --------------------------------------------------------------------------- files


def test_fix_keeps_encoding_line_endings_and_everything_else(tmp_path: Path, ruleset: RuleSet) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DRAFT.encode("utf-8"))
    outcome = fix_path(str(path), ruleset)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text == (
        "某某县司法局\r\n\r\n关于2024年度法治政府建设情况的报告\r\n\r\n"
        "一、主要举措和成效\r\n\r\n（一）强化学习。全年组织学法12次，推进法治政府建设。\r\n\r\n"
        "二、存在的不足和原因\r\n\r\n学法形式单一，原因是制度执行不严。\r\n\r\n"
    )
    assert outcome.applied == 5
    assert not [f for f in outcome.report.findings if f.fixable]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]  # no temporary file left


def test_a_file_without_fixable_problems_is_not_rewritten(tmp_path: Path, ruleset: RuleSet) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(COMPLIANT_TEXT, encoding="utf-8")
    before = path.stat().st_mtime_ns
    outcome = fix_path(str(path), ruleset)
    assert not outcome.changed and outcome.applied == 0
    assert path.stat().st_mtime_ns == before


@needs_shared
def test_fix_on_seed_002_removes_the_fixable_findings_and_changes_nothing_else(tmp_path: Path,
                                                                            ruleset: RuleSet) -> None:
    copy = tmp_path / SEED_002.name
    shutil.copyfile(SEED_002, copy)
    before = check_path(str(copy), ruleset)
    assert FIXABLE_RULES <= {f.rule for f in before.findings}
    old = copy.read_text(encoding="utf-8")

    fix_path(str(copy), ruleset)

    new = copy.read_text(encoding="utf-8")
    after = check_path(str(copy), ruleset)
    assert not {f.rule for f in after.findings} & FIXABLE_RULES
    # the findings no fix can touch are still there, where they were
    assert {(f.rule, f.code) for f in after.findings if f.rule.startswith("format.")} == {
        ("format.heading-sequence", "heading-numeral-lost"), ("format.paired-marks", "unmatched-mark")}
    assert_only_safe_changes(old, new)


def assert_only_safe_changes(old: str, new: str) -> None:
    """Every difference is a punctuation mark made full-width, a removed web-chrome line, or 法制→法治."""
    old_lines = old.splitlines()
    removed: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i0:i1], new[j0:j1]
        if tag == "replace" and len(before) == len(after):
            for a, b in zip(before, after):
                assert HALF_TO_FULL.get(a) == b or (a, b) == ("制", "治"), (before, after)
                if (a, b) == ("制", "治"):
                    assert old[i0 - 1:i1 + 2] == "法制政府"
            continue
        assert tag == "delete", (tag, before, after)
        removed.append(before)
    chrome = [line for line in old_lines
              if line.endswith("TIELING.GOV.CN") or line == "政府信息公开" or line.startswith("点击量: 来源:")]
    assert len(chrome) == 3
    # what went is exactly those three lines (and the blank lines after them)
    assert "".join("".join(removed).split()) == "".join("".join(chrome).split())


@needs_shared
def test_diff_previews_without_writing(cli_run: CliRun, tmp_path: Path) -> None:
    copy = tmp_path / SEED_002.name
    shutil.copyfile(SEED_002, copy)
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    code, out, _ = cli_run("check", "--diff", str(copy))
    assert code == 1
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
    assert "-铁岭市人民政府 TIELING.GOV.CN" in out
    assert "+中共铁岭市委法治建设委员会：" in out
    assert "强化法治政府学习" in out


def test_cli_fix_writes_then_reports_the_fixed_file(cli_run: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    code, out, err = cli_run("check", "--fix", str(path), "--format", "json", "--fail-on", "never")
    assert code == 0
    assert "已修改" in err and "5 处" in err
    assert "法治政府建设" in path.read_text(encoding="utf-8")
    assert '"fixable": true' not in out


def test_cli_diff_is_empty_and_exits_0_when_nothing_to_fix(cli_run: CliRun,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(COMPLIANT_TEXT, encoding="utf-8")
    assert cli_run("check", "--diff", str(path)) == (0, "", "")


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_other_formats_are_reported_never_edited(cli_run: CliRun, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    from validator import readers

    # stand in for the readers being written on another branch: read the bytes as plain text
    monkeypatch.setitem(readers.READERS, suffix, "validator.readers.text:read_plain_text")
    path = tmp_path / f"draft{suffix}"
    path.write_text(DRAFT, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = cli_run("check", "--fix", str(path), "--format", "json", "--fail-on", "never")
    assert code == 0 and "只能自动修改 .txt/.md" in err
    assert '"fixable": true' in out  # reported instead
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_fix_refuses_stdin_and_dump_text(cli_run: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    code, _, err = cli_run("check", "--fix", "-")
    assert code == 2 and "标准输入" in err
    code, _, err = cli_run("check", "--fix", "--dump-text", str(path))
    assert code == 2 and "--dump-text" in err


def test_fix_of_a_missing_file_exits_3(cli_run: CliRun, tmp_path: Path) -> None:
    code, _, err = cli_run("check", "--fix", str(tmp_path / "missing.txt"), "--format", "json")
    assert code == 3 and "不存在" in err


def test_the_terminal_report_points_to_fix(cli_run: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("utf-8"))
    code, out, err = cli_run("check", str(path), "--color", "never")
    assert "法制政府" in out
    assert "有 3 个问题可以自动修改" in err and "--fix" in err
    assert path.read_bytes() == DRAFT.encode("utf-8")


def test_fix_reads_the_file_once(tmp_path: Path, ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator import fix

    report = tmp_path / "r.txt"
    report.write_text((EXAMPLES / "compliant.txt").read_text(encoding="utf-8").replace("纠错率15%", "纠错率15%,"),
                      encoding="utf-8")
    reads: list[str] = []
    read = fix.read_input
    monkeypatch.setattr(fix, "read_input", lambda path, limit: reads.append(path) or read(path, limit))
    outcome = fix_path(str(report), ruleset)
    assert outcome.applied == 1 and reads == [str(report)]
