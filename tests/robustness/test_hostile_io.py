"""Hostile file system, names, streams and signals (issue 13): what fazhi-lint writes, reads, prints and survives.

Each test states one promise of README 限制与安全 and fails on the code before the issue was fixed:
outputs never replace a device, a FIFO or an input; ``--fix`` keeps owner, group, mode and hard links;
the cache never runs code and is keyed on content; whatever came from outside is escaped in every
stream; a walk stays inside its tree; encodings, names that are not UTF-8, locked directories, few file
descriptors, signals and broken pipes end with a documented exit code, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.robustness.hostile import EXAMPLES, ROOT
from validator.results import RunStats
from validator import batch, cache, cli, fileio

DEFICIENT = EXAMPLES / "deficient.txt"  # fails (exit 1)
COMPLIANT = EXAMPLES / "compliant.txt"  # passes (exit 0)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
GBK_NAME = "报告".encode("gbk")  # a file name from a Windows zip: not UTF-8


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def run_process(*argv: str | bytes, cwd: Path | None = None, timeout: float = 120,
                **extra: str) -> subprocess.CompletedProcess[bytes]:
    """The command line in a fresh interpreter; output as bytes (to see exactly what was written)."""
    return subprocess.run([sys.executable, "-m", "validator", *argv], capture_output=True, env=env(**extra),
                          cwd=cwd, timeout=timeout)


def no_traceback(err: str | bytes) -> bool:
    text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
    return "Traceback" not in text and "内部错误" not in text


def report_copy(directory: Path, name: str | bytes = "r.txt", source: Path = DEFICIENT) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = Path(os.fsdecode(os.path.join(os.fsencode(directory), os.fsencode(name))))
    shutil.copy(source, target)
    return target


# =========================================================================== outputs: devices, FIFOs, inputs


def test_output_onto_a_fifo_nobody_reads_is_refused_and_the_fifo_kept(tmp_path: Path,
                                                                       cli_run: CliRun) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    code, _, err = cli_run("check", str(DEFICIENT), "--format", "json", "--output", str(fifo))
    assert code == 2 and "没有读取方的管道" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_into_a_fifo_with_a_reader_is_written_into_it(tmp_path: Path,
                                                             cli_run: CliRun) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader)
    thread.start()
    deadline = time.monotonic() + 10
    code = 2
    while code == 2 and time.monotonic() < deadline:  # until the reader has opened its end
        code, _, _ = cli_run("check", str(DEFICIENT), "--format", "json", "--output", str(fifo))
    thread.join(10)
    assert code == 1 and json.loads(received[0])["summary"]["files"] == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def make_device(path: Path, minor: int) -> Path:
    """A character device node of the memory driver (major 1): 3 is null, 5 is zero."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("needs permission to create device nodes (root)")
    return path


def test_output_onto_the_null_device_writes_into_it_and_never_replaces_it(tmp_path: Path,
                                                                          cli_run: CliRun) -> None:
    null = make_device(tmp_path / "null", 3)  # a null device of our own: the real /dev/null is not risked
    for argv in (["check", str(DEFICIENT), "--format", "json"], ["summary", str(DEFICIENT), "--format", "csv"],
                 ["check", "--dump-text", str(DEFICIENT)]):
        code, _, err = cli_run(*argv, "--output", str(null))
        assert code in (0, 1) and no_traceback(err), (argv, err)
        assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary file left beside it


def test_output_onto_another_device_is_refused(tmp_path: Path, cli_run: CliRun) -> None:
    zero = make_device(tmp_path / "zero", 5)
    code, _, err = cli_run("check", str(DEFICIENT), "--output", str(zero))
    assert code == 2 and "设备" in err and stat.S_ISCHR(os.lstat(zero).st_mode)


def test_output_onto_a_directory_is_refused_before_checking(tmp_path: Path,
                                                             cli_run: CliRun) -> None:
    code, out, err = cli_run("check", str(DEFICIENT), "--output", str(tmp_path))
    assert code == 2 and "是目录" in err and out == ""


def test_output_to_dev_stdout_writes_into_the_descriptor_the_shell_opened(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n", encoding="utf-8")
    with open(log, "ab") as appended:  # `fazhi-lint … -o /dev/stdout >> log.txt`
        proc = subprocess.run([sys.executable, "-m", "validator", "check", str(DEFICIENT), "--format", "json",
                               "--output", "/dev/stdout"], stdout=appended, stderr=subprocess.PIPE, env=env(),
                              timeout=120)
    assert proc.returncode == 1, proc.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier lines\n{") and json.loads(text.split("\n", 1)[1])["summary"]["files"] == 1


@pytest.mark.parametrize("victim", ["rules", "config", "previous", "hard link"])
def test_output_onto_any_input_of_the_run_is_refused(victim: str, tmp_path: Path,
                                                     cli_run: CliRun) -> None:
    report = report_copy(tmp_path)
    rules = tmp_path / "local.yaml"
    rules.write_text("version: 1\nrules: []\n", encoding="utf-8")
    config = tmp_path / "cfg.yaml"
    config.write_text("fail-on: error\n", encoding="utf-8")
    previous = report_copy(tmp_path, "prev.txt", COMPLIANT)
    link = tmp_path / "link.txt"
    os.link(report, link)
    target = {"rules": rules, "config": config, "previous": previous, "hard link": link}[victim]
    before = {p: p.read_bytes() for p in (rules, config, previous, report)}
    argv = ["check", str(report), "--rules", str(rules), "--config", str(config), "--format", "json",
            "--output", str(target)]
    if victim == "previous":
        argv += ["--previous", str(previous)]
    code, _, err = cli_run(*argv)
    assert code == 2 and "输出文件就是输入文件" in err
    assert {p: p.read_bytes() for p in before} == before


def test_summary_outputs_never_overwrite_a_rule_file_or_the_configuration(tmp_path: Path,
                                                                           cli_run: CliRun) -> None:
    rules = tmp_path / "rules.md"  # an output name summary would take for Markdown
    rules.write_text("version: 1\nrules: []\n", encoding="utf-8")
    renamed = tmp_path / "local.yaml"
    os.link(rules, renamed)
    code, _, err = cli_run("summary", str(DEFICIENT), "--rules", str(renamed), "--output", str(rules))
    assert code == 2 and "输出文件就是输入文件" in err and rules.read_text(encoding="utf-8").startswith("version")


def test_opinions_never_overwrite_a_report_in_their_directory(tmp_path: Path,
                                                              cli_run: CliRun) -> None:
    reports = tmp_path / "reports"
    report_copy(reports, "a.txt")
    planted = report_copy(reports, "a.审查意见.md", COMPLIANT)  # read as a report, and a.txt's draft's name
    before = planted.read_bytes()
    code, _, err = cli_run("summary", str(reports), "--opinions", str(reports), "--format", "json",
                       "--opinion-format", "markdown")
    assert code == 0 and no_traceback(err)
    assert planted.read_bytes() == before
    assert "青山县交通运输局" in (reports / "a-2.审查意见.md").read_text(encoding="utf-8")
    assert (reports / "a-2.审查人备注.md").is_file()  # the letter's note takes the same name


@pytest.mark.parametrize("planted", ["symlink", "fifo"])
def test_output_dir_never_writes_through_a_planted_link_or_into_a_fifo(planted: str, tmp_path: Path,
                                                                       cli_run: CliRun) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("别人的文件\n", encoding="utf-8")
    if planted == "symlink":
        (out / "summary.html").symlink_to(victim)
    else:
        os.mkfifo(out / "summary.csv")
    code, _, err = cli_run("summary", str(DEFICIENT), "--output-dir", str(out))
    assert code == 2 and "拒绝写入" in err
    assert victim.read_text(encoding="utf-8") == "别人的文件\n"
    assert not (out / "summary.md").exists()  # refused before anything was checked or written


def test_opinions_never_write_through_a_planted_link(tmp_path: Path, cli_run: CliRun) -> None:
    opinions = tmp_path / "opinions"
    opinions.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("别人的文件\n", encoding="utf-8")
    for kind in ("审查意见", "审查人备注"):
        (opinions / f"deficient.{kind}.docx").symlink_to(victim)
        code, _, err = cli_run("summary", str(DEFICIENT), "--opinions", str(opinions), "--format", "json")
        assert code == 2 and "符号链接" in err and victim.read_text(encoding="utf-8") == "别人的文件\n"
        (opinions / f"deficient.{kind}.docx").unlink()


# =========================================================================== --fix: owner, group, mode, links


@pytest.mark.skipif(not IS_ROOT, reason="changing a file's owner needs root")
def test_fix_keeps_the_owner_group_and_mode(tmp_path: Path, cli_run: CliRun) -> None:
    report = report_copy(tmp_path)
    os.chown(report, 65534, 65534)
    os.chmod(report, 0o640)
    code, _, err = cli_run("check", "--fix", str(report))
    assert "已修改" in err
    info = os.stat(report)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


def test_fix_refuses_a_file_whose_owner_it_cannot_keep(tmp_path: Path, cli_run: CliRun,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    report = report_copy(tmp_path)
    before = report.read_bytes()
    real_stat = os.stat

    def foreign(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) == str(report):  # type: ignore[arg-type]
            fields = list(info)
            fields[4] = info.st_uid + 1  # owned by someone else
            return os.stat_result(fields)
        return info

    def refuse(path: object, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(fileio.os, "stat", foreign)
    monkeypatch.setattr(fileio.os, "chown", refuse)
    code, _, err = cli_run("check", "--fix", str(report))
    assert "无法保持文件原有的所有者和属组" in err and "已修改" not in err
    assert report.read_bytes() == before and list(tmp_path.iterdir()) == [report]


def test_fix_refuses_a_hard_linked_file_and_leaves_both_names_alike(tmp_path: Path,
                                                                     cli_run: CliRun) -> None:
    report = report_copy(tmp_path)
    other = tmp_path / "other-name.txt"
    os.link(report, other)
    before = report.read_bytes()
    code, _, err = cli_run("check", "--fix", str(report))
    assert code == 1 and "硬链接" in err and "已修改" not in err
    assert report.read_bytes() == other.read_bytes() == before
    assert os.stat(report).st_ino == os.stat(other).st_ino


# =========================================================================== the cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("FAZHI_LINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("FAZHI_LINT_NO_CACHE", raising=False)
    return directory


class _Payload:
    """What an attacker plants: unpickling it creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_entry_never_runs_code(cache_dir: Path, tmp_path: Path) -> None:
    from validator.ruleset import load_ruleset

    expected = [r.id for r in load_ruleset().rules]
    entries = list(cache_dir.iterdir())
    assert entries
    marker = tmp_path / "pwned"
    for entry in entries:  # whatever the entries are called, each now holds code to run
        entry.write_bytes(pickle.dumps((cache.key_for("ruleset", []), _Payload(marker))))
    assert [r.id for r in load_ruleset().rules] == expected
    assert not marker.exists()


def test_a_cache_entry_naming_a_foreign_type_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    from validator.ruleset import default_rule_files, load_ruleset

    expected = [r.id for r in load_ruleset().rules]
    (entry,) = cache_dir.glob("ruleset-*")
    key = cache.key_for("ruleset", default_rule_files())
    marker = tmp_path / "pwned"
    forged = {"N": "subprocess:run", "v": [["touch", str(marker)]]}
    entry.write_text("\n".join((f"fazhi-lint-cache {cache._FORMAT}", json.dumps(key), json.dumps(forged))),
                     encoding="ascii")
    assert [r.id for r in load_ruleset().rules] == expected and not marker.exists()
    forged = {"N": "os:system", "v": [f"touch {marker}"]}
    entry.write_text("\n".join((f"fazhi-lint-cache {cache._FORMAT}", json.dumps(key), json.dumps(forged))),
                     encoding="ascii")
    assert [r.id for r in load_ruleset().rules] == expected and not marker.exists()


RULE = """\
version: 1
rules:
  - id: local.adviser
    title: {title}
    check: phrase
    params: {{patterns: [法律顾问]}}
    severity: info
    weight: 1
    basis: 示例依据
    message: 未写明法律顾问
    hint: 写明法律顾问工作
"""


def test_a_rule_file_replaced_with_the_same_size_and_time_is_loaded_afresh(cache_dir: Path, tmp_path: Path) -> None:
    from validator.ruleset import load_ruleset

    rules = tmp_path / "local.yaml"
    rules.write_text(RULE.format(title="法律顾问甲"), encoding="utf-8")
    times = (1_700_000_000, 1_700_000_000)
    os.utime(rules, times)
    assert load_ruleset([rules]).get("local.adviser").title == "法律顾问甲"  # type: ignore[union-attr]
    rules.write_text(RULE.format(title="法律顾问乙"), encoding="utf-8")  # same size in UTF-8
    os.utime(rules, times)
    assert load_ruleset([rules]).get("local.adviser").title == "法律顾问乙"  # type: ignore[union-attr]


def test_a_fifo_planted_in_the_cache_never_blocks(cache_dir: Path) -> None:
    proc = run_process("rules", "--format", "json", FAZHI_LINT_CACHE_DIR=str(cache_dir))
    assert proc.returncode == 0
    for entry in list(cache_dir.iterdir()):
        entry.unlink()
        os.mkfifo(entry)
    proc = run_process("rules", "--format", "json", FAZHI_LINT_CACHE_DIR=str(cache_dir), timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout)


def test_a_cache_entry_others_may_write_is_not_trusted(cache_dir: Path) -> None:
    from validator.ruleset import load_ruleset

    load_ruleset()
    (entry,) = cache_dir.glob("ruleset-*")
    entry.write_text(entry.read_text(encoding="ascii").replace("\\u4e3b\\u8981\\u4e3e\\u63aa", "\\u4e8c"),
                     encoding="ascii")  # 主要举措 → 二, in the stored titles
    entry.chmod(0o666)
    assert all("二和成效" not in r.title for r in load_ruleset().rules)


# =========================================================================== output hygiene

HOSTILE_NAME = "x\n::error file=a.txt,line=1::pwned\x1b[31m\u202e=cmd.txt"


def hostile_copy(tmp_path: Path) -> Path:
    return report_copy(tmp_path / "in", HOSTILE_NAME)


def raw_injection(text: str) -> bool:
    """Did an injected workflow command or escape sequence reach the output as such?"""
    return any(line.startswith("::error file=a.txt") for line in text.splitlines()) or "\x1b" in text \
        or "\u202e" in text


@pytest.mark.parametrize("fmt", ["text", "terminal", "parsable", "github"])
def test_a_hostile_file_name_is_escaped_in_every_line_format_and_on_stderr(fmt: str, tmp_path: Path,
                                                                           cli_run: CliRun,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    report = hostile_copy(tmp_path)
    monkeypatch.chdir(report.parent)  # short names: the terminal report fits a title in 100 columns
    code, out, err = cli_run("check", report.name, "gone\n::warning::injected.txt", "--format", fmt)
    assert code == 3
    assert not raw_injection(out) and not raw_injection(err)
    assert not any(line.startswith("::warning::injected") for line in (out + err).splitlines())
    assert "pwned\\x1b[31m\\u202e" in out  # shown, escaped
    assert "gone\\n::warning::injected.txt" in err


def test_github_annotations_stay_one_line_each(tmp_path: Path, cli_run: CliRun) -> None:
    report = hostile_copy(tmp_path)
    code, out, _ = cli_run("check", str(report), "--format", "github")
    lines = out.splitlines()
    assert code == 1 and all(line.startswith(("::error file=", "::warning file=", "::notice file="))
                             for line in lines[:-1])
    assert all("x\\n%3A%3Aerror file=a.txt%2Cline=1%3A%3Apwned" in line for line in lines[:-1])
    assert lines[-1].startswith("fazhi-lint：")


def test_report_text_with_escape_sequences_is_escaped_for_people(tmp_path: Path,
                                                                 cli_run: CliRun) -> None:
    # inside the sentence a finding quotes (法制政府), and a line separator elsewhere
    text = DEFICIENT.read_text(encoding="utf-8").replace("强化法制政府", "强化\x1b[2J\x1b]0;pwned\x07法制政府", 1)
    text = text.replace("（三）", "\u2028（三）", 1)
    report = tmp_path / "esc.txt"
    report.write_text(text, encoding="utf-8")
    for argv in (["--format", "text"], ["--format", "terminal"], ["--format", "github"], ["--dump-text"]):
        code, out, err = cli_run("check", str(report), *argv)
        assert "\x1b" not in out and "\u2028" not in out and "\x07" not in out, argv
        assert "pwned\\x07" in out, argv  # what normalisation left of the sequence, shown as text


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_outputs_carry_hostile_names_exactly(fmt: str, tmp_path: Path, cli_run: CliRun) -> None:
    report = hostile_copy(tmp_path)
    code, out, _ = cli_run("check", str(report), "--format", fmt)
    data = json.loads(out)
    assert code == 1 and "\x1b" not in out
    if fmt == "json":
        assert data["files"][0]["path"] == str(report)


def test_summary_cells_are_never_formulas_and_never_break_lines(tmp_path: Path, cli_run: CliRun,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("openpyxl")
    import csv

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from validator.escape import visible

    report_copy(tmp_path / "in", "=HYPERLINK(1).txt")
    report_copy(tmp_path / "in", "@SUM(A1).txt")
    report = hostile_copy(tmp_path)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path / "in")  # names are shown relative to the working directory
    code, _, err = cli_run("summary", "=HYPERLINK(1).txt", "@SUM(A1).txt", report.name, "--output-dir", str(out))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == sorted(["'@SUM(A1).txt", "'=HYPERLINK(1).txt", visible(report.name)])
    book = load_workbook(out / "summary.xlsx")
    sheet = book["汇总"]
    head = [c.value for c in sheet[3]]
    names = {c.value: c for c in sheet[get_column_letter(head.index("文件") + 1)][3:]}
    assert names["=HYPERLINK(1).txt"].data_type == "s" and names["=HYPERLINK(1).txt"].quotePrefix
    assert names["@SUM(A1).txt"].quotePrefix and visible(report.name) in names
    for page in ("summary.html", "summary.md"):
        assert not raw_injection((out / page).read_text(encoding="utf-8")), page
    from docx import Document

    for document in [out / "summary.docx", *(out / "审查意见").iterdir()]:
        shown = "\n".join(p.text for p in Document(str(document)).paragraphs)
        shown += "\n".join(c.text for t in Document(str(document)).tables for r in t.rows for c in r.cells)
        assert not raw_injection(shown), document.name


def test_escapes() -> None:
    from validator.escape import json_text, spreadsheet_cell, visible

    assert visible("a\nb\r\x1b[1m\x7f\x85\u2028\u202e\udcb1\t") == "a\\nb\\r\\x1b[1m\\x7f\\x85\\u2028\\u202e\\xb1\t"
    assert visible("法治政府") == "法治政府"
    assert json.loads(json_text(json.dumps({"p": "a\udcb1"}, ensure_ascii=False))) == {"p": "a\udcb1"}
    assert [spreadsheet_cell(c) for c in ("=1+1", "+1", "-1", "@x", "\tx", "ok")] == \
        ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "ok"]


def test_rules_and_explain_show_a_rule_file_as_text(tmp_path: Path, cli_run: CliRun) -> None:
    rules = tmp_path / "local.yaml"
    rules.write_text(RULE.format(title='"[/bold] 法律顾问\\x1b[31m"'), encoding="utf-8")
    code, out, err = cli_run("rules", "--rules", str(rules))
    assert code == 0 and no_traceback(err) and "[/bold] 法律顾问\\x1b[31m" in out.replace("\n", "")
    code, out, err = cli_run("explain", "local.adviser", "--rules", str(rules))
    assert code == 0 and "\x1b" not in out and "[/bold] 法律顾问\\x1b[31m" in out


def test_a_progress_bar_shows_file_names_as_text(tmp_path: Path, ruleset: object, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws the bar as on a terminal
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    names = [report_copy(tmp_path, "[red]x.txt"), report_copy(tmp_path, "[bold]y.txt")]
    reports = list(batch.run_batch([str(p) for p in names], ruleset, progress=True, jobs=1))  # type: ignore[arg-type]
    assert [r.path for r in reports] == [str(p) for p in names]
    assert "[bold]y.txt" in capsys.readouterr().err  # the last file's name, as written: not rich markup


# =========================================================================== directory walks


def test_a_walk_never_follows_a_link_out_of_its_tree(tmp_path: Path, cli_run: CliRun) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("关于2024年度法治政府建设情况的报告\n\n机密内容不得出现在输出中。\n", encoding="utf-8")
    tree = tmp_path / "tree"
    report_copy(tree, "a.txt")
    (tree / "leak.txt").symlink_to(secret)
    (tree / "sub").mkdir()
    (tree / "sub" / "inner.txt").symlink_to(tree / "a.txt")  # inside the tree: followed
    (tree / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # a directory link: never walked
    code, out, err = cli_run("check", str(tree), "--format", "sarif")
    assert "机密" not in out and "secret" not in out
    assert "leak.txt: 是指向检查目录之外的符号链接，已跳过" in err
    code, out, err = cli_run("check", str(tree), "--format", "json")
    assert sorted(f["path"] for f in json.loads(out)["files"]) == [str(tree / "a.txt"), str(tree / "sub" / "inner.txt")]


def locked(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """``directory`` cannot be listed, as if its mode were 000 (root would list it anyway)."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(directory):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(directory))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_locked_subdirectory_is_reported_and_exits_3(tmp_path: Path, cli_run: CliRun,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    report_copy(tree, "a.txt", COMPLIANT)
    report_copy(tree / "locked", "b.txt")
    locked(monkeypatch, tree / "locked")
    code, out, err = cli_run("check", str(tree), "--format", "json", "--jobs", "1")
    data = json.loads(out)
    assert code == 3 and f"{tree / 'locked'}: 无法读取目录（没有权限），其中的报告未检查" in err
    assert [(f["path"], f["status"]) for f in data["files"]] == [(str(tree / "a.txt"), "pass"),
                                                                 (str(tree / "locked"), "error")]


def test_a_directory_without_the_execute_bit_is_an_input_error(tmp_path: Path, cli_run: CliRun,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    report_copy(tree, "a.txt", COMPLIANT)
    inside = report_copy(tree / "noexec", "b.txt")
    real = os.stat

    def stat_(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path).startswith(str(tree / "noexec") + os.sep):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat_)
    code, _, err = cli_run("check", str(tree), "--format", "json", "--jobs", "1")
    assert code == 3 and f"{inside}: 没有读取权限" in err and no_traceback(err)


@pytest.mark.skipif(IS_ROOT, reason="root reads any directory whatever its mode")
def test_real_directories_without_permissions(tmp_path: Path, cli_run: CliRun) -> None:
    tree = tmp_path / "tree"
    report_copy(tree, "a.txt", COMPLIANT)
    report_copy(tree / "locked", "b.txt")
    report_copy(tree / "noexec", "c.txt")
    (tree / "locked").chmod(0)
    (tree / "noexec").chmod(0o644)
    try:
        code, out, err = cli_run("check", str(tree), "--format", "json", "--jobs", "1")
    finally:
        (tree / "locked").chmod(0o755)
        (tree / "noexec").chmod(0o755)
    assert code == 3 and "locked: 无法读取目录" in err and no_traceback(err)
    assert json.loads(out)["summary"]["passed"] == 1


def test_an_empty_directory_in_a_batch_is_noted_and_the_rest_checked(tmp_path: Path,
                                                                      cli_run: CliRun) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = cli_run("check", str(empty), str(DEFICIENT), "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["files"] == 1
    assert f"{empty}: 目录中没有可检查的文件" in err
    code, out, err = cli_run("check", str(empty))
    assert code == 2 and "目录中没有可检查的文件" in err


def test_ignore_is_anchored_to_the_configuration_directory(tmp_path: Path,
                                                           cli_run: CliRun) -> None:
    project = tmp_path / "project"
    config = project / ".fazhi-lint.yaml"
    project.mkdir()
    config.write_text("ignore:\n  - path: a.txt\n    rules: [report.deadline]\n    reason: 经批准延后\n",
                      encoding="utf-8")
    here, nested, outside = project / "a.txt", project / "sub" / "a.txt", tmp_path / "other" / "a.txt"
    for path in (here, nested, outside):
        report_copy(path.parent, "a.txt")
    code, out, _ = cli_run("check", str(here), str(nested), str(outside), "--config", str(config),
                       "--format", "json", "--no-pair")
    suppressed = {f["path"]: [s["rule"] for s in f["suppressed"]] for f in json.loads(out)["files"]}
    assert suppressed == {str(here): ["report.deadline"], str(nested): [], str(outside): []}


# =========================================================================== FIFOs and devices as reports


def test_a_fifo_given_as_a_report_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    proc = run_process("check", str(fifo), str(DEFICIENT), "--format", "json", "--jobs", "1", timeout=60)
    assert proc.returncode == 3
    assert "report.txt: 不是普通文件（管道），不予读取" in proc.stderr.decode()
    assert json.loads(proc.stdout)["summary"] == {"files": 2, "passed": 0, "failed": 1, "errors": 1, "suppressed": 0}
    for argv in (["check", str(DEFICIENT), "--previous", str(fifo)], ["check", "--fix", str(fifo)],
                 ["check", "--diff", str(fifo)], ["check", "--dump-text", str(fifo)]):
        proc = run_process(*argv, timeout=60)
        assert proc.returncode == 3 and "不予读取" in proc.stderr.decode(), argv


def test_a_device_given_as_a_report_is_refused_without_reading(tmp_path: Path,
                                                               cli_run: CliRun) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")
    code, _, err = cli_run("check", str(link))
    assert code == 3 and "不是普通文件（设备），不予读取" in err


# =========================================================================== exit codes


@pytest.mark.parametrize("value", ["nan", "-5", "150", "inf", "-0.1"])
def test_fail_under_outside_0_to_100_is_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", str(COMPLIANT), f"--fail-under={value}"])
    assert exit_.value.code == 2 and "应为 0 到 100 之间的数" in capsys.readouterr().err


def test_fail_under_bounds_are_accepted(cli_run: CliRun) -> None:
    assert cli_run("check", str(COMPLIANT), "--fail-under", "0", "--format", "json")[0] == 0
    assert cli_run("check", str(COMPLIANT), "--fail-under", "100", "--format", "json")[0] == 0


@pytest.mark.parametrize(("report", "expected"), [(DEFICIENT, 1), (COMPLIANT, 0)])
def test_a_broken_pipe_keeps_the_exit_code(report: Path, expected: int) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "validator", "check", str(report), str(report), "--format", "text",
                             "--no-pair"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)  # `| head -c 10`
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(120) == expected and no_traceback(err) and b"Broken pipe" not in err


# =========================================================================== encodings and names


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "gbk"])
def test_a_console_that_cannot_encode_marks_or_chinese_degrades(encoding: str, tmp_path: Path) -> None:
    report = report_copy(tmp_path, "报告.txt")
    for argv in (["check", str(report), "--format", "text"], ["check", str(report), "--format", "terminal",
                                                              "--color", "always"],
                 ["check", str(report), "--format", "parsable"], ["check", str(report), "--format", "json"],
                 ["summary", str(report)], ["rules"], ["explain", "report.measures"],
                 ["check", "--print-config"], ["check", "missing.txt"]):
        proc = run_process(*argv, PYTHONIOENCODING=encoding)
        assert proc.returncode in (0, 1, 3), (argv, proc.stderr)
        assert no_traceback(proc.stderr), argv
        proc.stdout.decode(encoding)  # what was written is text in the console's encoding
    for argv in (["check", str(report), "--format", "json"], ["check", str(report), "--format", "sarif"],
                 ["summary", str(report), "--format", "json"], ["rules", "--format", "json"]):
        proc = run_process(*argv, PYTHONIOENCODING=encoding)
        shown = json.dumps(json.loads(proc.stdout.decode(encoding)), ensure_ascii=False)
        assert "法治" in shown and "?" * 3 not in shown, argv  # JSON stays valid and lossless
    proc = run_process("check", str(report), "--format", "text", PYTHONIOENCODING="gbk")
    assert "未通过".encode("gbk") in proc.stdout and "×".encode("gbk") in proc.stdout  # ✗ has no GBK code


@pytest.fixture
def gbk_tree(tmp_path: Path) -> Path:
    directory = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"dir-" + GBK_NAME)))
    report_copy(directory, GBK_NAME + b".txt")
    report_copy(directory, GBK_NAME + b"-2023.txt", COMPLIANT)
    return directory


@pytest.mark.parametrize("fmt", ["text", "terminal", "json", "sarif", "github", "parsable"])
def test_names_that_are_not_utf8_in_every_format(fmt: str, gbk_tree: Path) -> None:
    proc = run_process("check", os.fsencode(gbk_tree.name), "--format", fmt, cwd=gbk_tree.parent,
                       PYTHONIOENCODING="utf-8")
    assert proc.returncode == 1 and no_traceback(proc.stderr), proc.stderr
    out = proc.stdout.decode("utf-8")  # valid UTF-8, the undecodable bytes escaped
    if fmt == "json":
        paths = [f["path"] for f in json.loads(out)["files"]]
        assert len(paths) == 2 and all(os.fsencode(p).startswith(b"dir-" + GBK_NAME + b"/" + GBK_NAME)
                                       for p in paths)  # the exact name, back from the JSON escape
    elif fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(out)["runs"][0]["results"]}
        assert all("%B1%A8%B8%E6" in uri for uri in uris)
    else:
        assert "\\xb1\\xa8\\xb8\\xe6" in out


def test_names_that_are_not_utf8_in_summary_and_configuration(gbk_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_process("summary", os.fsencode(gbk_tree), "--output-dir", str(out), PYTHONIOENCODING="utf-8")
    assert proc.returncode == 0 and no_traceback(proc.stderr), proc.stderr
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"]["files"] == 2
    for name in ("summary.html", "summary.md", "summary.csv"):
        assert "\\xb1\\xa8" in (out / name).read_text(encoding="utf-8-sig")
    assert sorted(os.fsencode(p.name) for p in (out / "审查意见").iterdir()) == \
        sorted([GBK_NAME + f"{year}.{kind}.docx".encode() for year in ("-2023", "") for kind in ("审查意见", "审查人备注")])
    for fmt in ("markdown", "html", "csv", "json"):
        proc = run_process("summary", os.fsencode(gbk_tree), "--format", fmt, PYTHONIOENCODING="utf-8")
        assert proc.returncode == 0 and no_traceback(proc.stderr), (fmt, proc.stderr)
        proc.stdout.decode("utf-8")
    rules = os.path.join(os.fsencode(tmp_path), GBK_NAME + b".yaml")
    with open(rules, "w", encoding="utf-8") as fh:
        fh.write(RULE.format(title="法律顾问"))
    config = os.path.join(os.fsencode(tmp_path), GBK_NAME + b".fazhi-lint.yaml")
    with open(config, "w", encoding="utf-8") as fh:
        fh.write("fail-on: warning\n")
    for argv, shown in ((["check", "--print-config", "--rules", rules, "--config", config], "\\xb1\\xa8"),
                        (["rules", "--rules", rules], "local.adviser"),
                        (["rules", "--format", "json", "--rules", rules], "\\udcb1\\udca8"),
                        (["explain", "local.adviser", "--rules", rules], "\\xb1\\xa8"),
                        (["check", os.path.join(os.fsencode(gbk_tree), b"missing.txt"), "--config", config],
                         "\\xb1\\xa8")):
        proc = run_process(*argv, PYTHONIOENCODING="utf-8")
        assert proc.returncode in (0, 3) and no_traceback(proc.stderr), (argv, proc.stderr)
        assert shown in proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8"), argv


# =========================================================================== processes and signals


def test_many_jobs_with_few_file_descriptors(tmp_path: Path) -> None:
    for i in range(40):  # a pool of 40 workers would need more than 64 descriptors
        report_copy(tmp_path / "batch", f"r{i}.txt")

    def few_descriptors() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    proc = subprocess.run([sys.executable, "-m", "validator", "check", str(tmp_path / "batch"), "-j", "1000",
                           "--format", "json"], capture_output=True, env=env(), preexec_fn=few_descriptors,
                          timeout=300)
    assert proc.returncode == 1 and no_traceback(proc.stderr), proc.stderr
    assert json.loads(proc.stdout)["summary"]["files"] == 40


def test_worker_count_is_bounded() -> None:
    assert batch.worker_count(1000, 3) == 3
    assert batch.worker_count(1000, 10_000) <= max(batch.MIN_JOBS_CAP, batch.MAX_JOBS_PER_CPU * (os.cpu_count() or 1))
    assert batch.worker_count(1, 100) == 1


SLOW_RULE = r"""version: 1
rules:
  - id: local.slow
    title: 慢规则
    check: pattern
    params:
      items:
        - name: 回溯
          code: slow
          pattern: '(a|aa)+$'
          message: 回溯
    severity: info
    weight: 1
    basis: 测试
    message: 测试
    hint: 测试
"""


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture
def slow_batch(tmp_path: Path) -> Iterator[list[str]]:
    """A batch whose every report keeps a worker busy for seconds (a rule backtracking up to its budget)."""
    if not Path("/proc").is_dir() or shutil.which("pgrep") is None:
        pytest.skip("needs /proc and pgrep to see the worker processes")
    rules = tmp_path / "slow.yaml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    text = COMPLIANT.read_text(encoding="utf-8") + "\n" + "a" * 40 + "b\n"
    for i in range(8):
        (tmp_path / f"r{i}.txt").write_text(text, encoding="utf-8")
    yield ["check", *(str(tmp_path / f"r{i}.txt") for i in range(8)), "--rules", str(rules), "-j", "2",
           "--format", "json", "--no-pair"]


@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_interrupting_a_parallel_batch(signum: int, expected: int, slow_batch: list[str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "validator", *slow_batch], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env(), start_new_session=True)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = children(proc.pid)
    assert len(workers) >= 2
    time.sleep(1)  # the workers are inside a report
    if signum == signal.SIGTERM:
        os.kill(proc.pid, signum)  # `kill PID`: the parent alone
    else:
        os.killpg(proc.pid, signum)  # Ctrl-C, or the terminal closing: the whole process group
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert proc.wait(60) == expected
    assert no_traceback(err) and b"KeyboardInterrupt" not in err, err.decode()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(w) for w in workers)


def test_workers_do_not_outlive_a_killed_parent(slow_batch: list[str]) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux-only")
    proc = subprocess.Popen([sys.executable, "-m", "validator", *slow_batch], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env(), start_new_session=True)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = children(proc.pid)
    proc.kill()
    proc.wait(60)
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert workers and not any(alive(w) for w in workers)


def test_sigterm_during_a_write_leaves_no_half_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.formatters.json_format import JsonFormatter
    from validator.streams import Terminated

    target = tmp_path / "result.json"
    target.write_text("上次的结果\n", encoding="utf-8")

    def killed(self: JsonFormatter, stats: RunStats) -> None:
        self.out.write('{"half": ')
        raise Terminated

    monkeypatch.setattr(JsonFormatter, "finish", killed)
    code = cli.main(["check", str(COMPLIANT), "--format", "json", "--output", str(target)])
    assert code == 143 and "已终止" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "上次的结果\n" and list(tmp_path.iterdir()) == [target]


def test_stdout_guard_discards_after_a_broken_pipe() -> None:
    from validator.streams import PipeSafeRaw

    read, write = os.pipe()
    os.close(read)
    raw = PipeSafeRaw(write, own=True)
    stream = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8")
    stream.write("法治" * 10_000)
    stream.flush()
    stream.close()
    assert raw.broken


# =========================================================================== standard streams that cannot be written


def test_a_closed_standard_stream_discards_what_is_written_to_it() -> None:
    for redirect in (">&-", "2>&-"):  # the shell closes the descriptor before the program starts
        proc = subprocess.run(["/bin/sh", "-c", f'exec "$0" -m validator check "$1" {redirect}', sys.executable,
                               str(DEFICIENT)], capture_output=True, env=env(), timeout=120)
        assert proc.returncode == 1 and no_traceback(proc.stderr), (redirect, proc.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["check", str(DEFICIENT), "--format", "json"], ["summary", str(DEFICIENT)],
                                  ["explain", "report.measures"]])
def test_a_standard_output_that_cannot_be_written_is_a_one_line_error(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:  # every write fails: no space left on device
        proc = subprocess.run([sys.executable, "-m", "validator", *argv], stdout=full, stderr=subprocess.PIPE,
                              env=env(), timeout=120)
    assert proc.returncode == 2 and no_traceback(proc.stderr)
    assert "无法写入标准输出" in proc.stderr.decode()


def test_a_standard_output_opened_for_reading_is_a_one_line_error(tmp_path: Path) -> None:
    with open(DEFICIENT, "rb") as read_only:
        proc = subprocess.run([sys.executable, "-m", "validator", "check", str(DEFICIENT)], stdout=read_only,
                              stderr=subprocess.PIPE, env=env(), timeout=120)
    assert proc.returncode == 2 and "无法写入标准输出" in proc.stderr.decode() and no_traceback(proc.stderr)


def test_argument_errors_quote_arguments_visibly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["rules", "\n::error::injected"])
    err = capsys.readouterr().err
    assert "\\n::error::injected" in err and not any(line.startswith("::") for line in err.splitlines())


def test_a_configuration_that_is_a_fifo_is_refused_by_type(tmp_path: Path, cli_run: CliRun) -> None:
    fifo = tmp_path / "cfg.yaml"
    os.mkfifo(fifo)
    code, _, err = cli_run("check", str(DEFICIENT), "--config", str(fifo))
    assert code == 2 and "不是普通文件" in err


@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_while_the_checker_loads_ends_quietly(signum: int, expected: int) -> None:
    """The signal arrives exactly while ``fazhi-lint`` imports the command line (the console script's path)."""
    script = (
        "import builtins, os, sys\n"
        "import validator.__main__ as entry\n"
        "real = builtins.__import__\n"
        "def hook(name, *args, **kwargs):\n"
        "    if name == 'validator.cli':\n"
        f"        os.kill(os.getpid(), {int(signum)})\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hook\n"
        "sys.argv = ['fazhi-lint', 'check', sys.argv[1]]\n"
        "entry.run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(DEFICIENT)], capture_output=True, env=env(), timeout=120)
    assert proc.returncode == expected and proc.stderr == b"", proc.stderr


def test_a_signal_during_a_finaliser_is_acted_on_at_the_next_report() -> None:
    """Raised inside a ``__del__`` the garbage collector ran, the exception would be printed as "ignored"
    and the run would go on; the signal is kept for the next report instead."""
    from validator import streams

    class Finaliser:
        def __del__(self) -> None:
            streams._on_signal(signal.SIGTERM, sys._getframe())

    streams._pending.clear()
    obj = Finaliser()
    del obj  # no exception escapes the finaliser
    with pytest.raises(streams.Terminated) as stop:
        streams.check_signals()
    assert stop.value.exit_code == 143
    streams.check_signals()  # acted on once
    with pytest.raises(KeyboardInterrupt):
        streams._on_signal(signal.SIGINT, sys._getframe())


# =========================================================================== property: any file name, any format

NAME_PIECES = [b"\x01", b"\x07", b"\x0b", b"\r", b"\n", b"\x1b[31m", b"\x1b]0;t\x07", b"\x7f", b"::error file=a::x",
               b"::warning::", b"%0A", b"%", b",", b":", "\u202e".encode(), "\u2028".encode(), b"\xc2\x85",
               "报告".encode("gbk"), b"\xff", b"\xc3", "法治".encode(), b"-", b"=", b"+", b"@", b"\t", b" ",
               b"[bold]", b"[red]", b"`", b"|", b"<script>", b"&amp;", "😀".encode(), b"'", b'"', b"\\"]


def test_any_file_name_is_escaped_in_every_format() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.robustness.strategies import examples

    @settings(max_examples=examples(25))
    @given(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=6), st.sampled_from([".txt", ".md"]))
    def check(pieces: list[bytes], suffix: str) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as directory:
            name = os.path.join(os.fsencode(directory), b"x" + b"".join(pieces) + suffix.encode())
            shutil.copy(DEFICIENT, name)
            path = os.fsdecode(name)
            for fmt in ("text", "parsable", "github", "json", "sarif"):
                buffer = io.StringIO()
                errors = io.StringIO()
                saved = sys.stdout, sys.stderr
                sys.stdout, sys.stderr = buffer, errors
                try:
                    code = cli.main(["check", path, "--format", fmt])
                finally:
                    sys.stdout, sys.stderr = saved
                out, err = buffer.getvalue(), errors.getvalue()
                assert code == 1 and no_traceback(err), (fmt, err)
                out.encode("utf-8")  # no lone surrogate left
                if fmt in ("json", "sarif"):
                    json.loads(out)
                    continue
                for text in (out, err):
                    assert not any(ord(c) < 32 and c not in "\n\t" or c in "\x7f\u2028\u202e\x85" for c in text), fmt
                    assert all(not line.startswith("::") or line.startswith(("::error file=", "::warning file=",
                                                                            "::notice file="))
                               for line in text.splitlines()), fmt

    check()
