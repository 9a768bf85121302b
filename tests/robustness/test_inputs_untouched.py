"""Inputs are never modified (``--fix`` aside, which writes atomically), and every output is atomic."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import FORMATS, SEEDS
from tests.readers.pdfgen import Run, make_pdf
from tests.robustness import hostile
from tests.robustness.hostile import EXAMPLES
from validator.results import RunStats
from validator import cli, fileio

FORMATS_TO_PRINT = ["terminal", "json", "sarif", "github", "parsable"]


def fingerprint(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, modification time (ns) and permission bits."""
    out = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            info = path.stat()
            out[str(path.relative_to(directory))] = (path.read_bytes(), info.st_mtime_ns, stat.S_IMODE(info.st_mode))
    return out


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Copies of every example report, last year's reports, and the corpus in every format when present."""
    directory = tmp_path / "inputs"
    directory.mkdir()
    for source in [*EXAMPLES.glob("*.txt"), *(EXAMPLES / "yoy").glob("*.txt")]:
        shutil.copy2(source, directory / source.name)
    for corpus in (FORMATS, SEEDS):
        if corpus.is_dir():
            for source in corpus.iterdir():
                if source.suffix in (".txt", ".docx", ".pdf", ".html"):
                    shutil.copy2(source, directory / f"corpus-{source.name}")
    (directory / "notes.md").write_text("# 关于2024年度法治政府建设情况的报告\n\n一、主要举措和成效\n\n全年办理案件20件,纠错率150%。\n",
                                        encoding="utf-8")
    # every container, also without the shared corpus
    (directory / "made.docx").write_bytes(hostile.small_docx())
    (directory / "made.pdf").write_bytes(make_pdf([[Run(90, 700, "一、主要举措和成效"), Run(90, 680, "全年办理案件20件。")]]))
    (directory / "made.html").write_text(f"<html><body><article><h1>关于2024年度法治政府建设情况的报告</h1><p>"
                                         f"{'全年办理行政复议案件四十件，纠错六件。' * 3}</p></article></body></html>",
                                         encoding="utf-8")
    for path in directory.iterdir():
        os.chmod(path, 0o640)  # unusual bits, to see that nothing rewrites them
    return directory


def test_no_command_modifies_an_input(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(inputs)
    files = sorted(str(p) for p in inputs.iterdir())
    texts = [f for f in files if f.endswith((".txt", ".md"))]
    others = [f for f in files if not f.endswith((".txt", ".md"))]
    out = tmp_path / "out"
    commands = [
        *(["check", str(inputs), "--format", fmt] for fmt in FORMATS_TO_PRINT),
        ["check", *files, "--format", "json", "--output", str(tmp_path / "result.json")],
        ["check", str(inputs / "yunxi-county-2024.txt"), "--previous", str(inputs / "yunxi-county-2023.txt")],
        ["check", "--dump-text", *files],
        ["check", "--diff", *texts],
        ["check", "--fix", *others],  # only .txt/.md are ever fixed: these are reported, not touched
        ["summary", str(inputs), "--output-dir", str(out / "all")],
        ["summary", *files, "--opinions", str(out / "opinions"), "--format", "csv", "--output", str(out / "s.csv")],
        ["summary", *files, "--format", "xlsx", "--output", str(out / "s.xlsx")],
        ["rules"],
        ["rules", "--format", "json"],
        ["explain", "report.measures"],
    ]
    for argv in commands:
        code = cli.main(argv)
        _, err = capsys.readouterr()
        assert code in (0, 1, 3), (argv, err)
        assert "Traceback" not in err and "内部错误" not in err, (argv, err)
    assert fingerprint(inputs) == before
    assert (out / "all" / "summary.xlsx").is_file() and any((out / "opinions").iterdir())


def test_an_output_that_is_an_input_is_refused(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(inputs)
    report = inputs / "deficient.txt"
    for argv in (["check", str(report), "--format", "json", "--output", str(report)],
                 ["check", str(inputs), "--dump-text", "--output", str(report)],
                 ["summary", str(report), "--output", str(report)]):
        code = cli.main(argv)
        _, err = capsys.readouterr()
        assert code == 2 and "输出文件就是输入文件" in err
    assert fingerprint(inputs) == before


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{fileio.TEMP_PREFIX}*{fileio.TEMP_SUFFIX}"))


def test_fix_that_fails_to_replace_leaves_the_original(inputs: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprint(inputs)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", refuse)
    code = cli.main(["check", "--fix", str(inputs / "deficient.txt"), str(inputs / "notes.md")])
    _, err = capsys.readouterr()
    assert code == 3
    assert f"fazhi-lint: {inputs / 'deficient.txt'}: 无法写回修改（No space left on device），文件未改动" in err
    assert fingerprint(inputs) == before and temp_files(inputs) == []


@pytest.mark.parametrize("failure", [OSError(5, "Input/output error"), KeyboardInterrupt()])
def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        failure: BaseException) -> None:
    target = tmp_path / "report.txt"
    target.write_text("原文\n", encoding="utf-8")

    def broken(fd: int) -> None:
        raise failure

    monkeypatch.setattr(fileio.os, "fsync", broken)
    with pytest.raises(type(failure)):
        fileio.write_atomically(str(target), "修改后的文字\n")
    with pytest.raises(type(failure)):
        fileio.write_atomically(str(target), b"\x00binary")
    assert target.read_text(encoding="utf-8") == "原文\n" and temp_files(tmp_path) == []


def test_output_file_is_replaced_only_when_complete(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "result.json"
    target.write_text("上次的结果\n", encoding="utf-8")
    from validator.formatters.json_format import JsonFormatter

    def crash(self: JsonFormatter, stats: RunStats) -> None:
        self.out.write('{"half": ')
        raise RuntimeError("formatter bug")

    monkeypatch.setattr(JsonFormatter, "finish", crash)
    code = cli.main(["check", str(EXAMPLES / "compliant.txt"), "--format", "json", "--output", str(target)])
    assert code == 4 and "内部错误" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "上次的结果\n" and temp_files(tmp_path) == []


def test_writing_through_a_symlink_keeps_the_link_and_the_permissions(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("旧\n", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fileio.write_atomically(str(link), "新\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "新\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        fileio.write_atomically(str(tmp_path / "new.xlsx"), b"PK")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.xlsx").stat().st_mode) == 0o640
