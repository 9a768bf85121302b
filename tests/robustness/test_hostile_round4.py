"""Hostile inputs found in a fourth round of attacks: each was a hang, an internal error or a wrong result."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, CliRun

COMPLIANT = EXAMPLES / "compliant.txt"
DEFICIENT = EXAMPLES / "deficient.txt"


def rule_file(tmp_path: Path, pattern: str, extra: str = "") -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text("version: 1\nrules:\n  - id: t.x\n    title: 测试\n    check: pattern\n    params:\n"
                    f"      items:\n        - name: 测试\n          pattern: {pattern!r}\n{extra}"
                    "    basis: 测试\n    hint: 测试\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", [
    "(?x)a{9 9 9 9 9 9 9 9}",  # verbose mode: a{99999999}, which never finishes compiling
    "(?x)(?:a{2000}#)\n){2000}",  # a comment hides a ")" from the size count
    "(?ix:a{9 9 9})",
])
def test_verbose_mode_is_refused_when_the_rule_file_loads(tmp_path: Path, cli_run: CliRun, pattern: str) -> None:
    code, _, err = cli_run("check", str(COMPLIANT), "--rules", str(rule_file(tmp_path, pattern)))
    assert code == 2 and "详细模式" in err


@pytest.mark.parametrize("pattern", ["(?V1)法治", "(?au)法治"])
def test_clashing_inline_flags_are_a_rule_file_error(tmp_path: Path, cli_run: CliRun, pattern: str) -> None:
    code, _, err = cli_run("check", str(COMPLIANT), "--rules", str(rule_file(tmp_path, pattern)))
    assert code == 2 and "无效的正则表达式" in err and "内部错误" not in err


@pytest.mark.parametrize("template", ["\\z", "\\u12", "\\N{NOPE}", "\\g<1", "a\\"])
def test_a_bad_replacement_template_is_refused_when_loaded(tmp_path: Path, cli_run: CliRun, template: str) -> None:
    extra = f"          fix: replace\n          replacement: '{template}'\n"
    rules = str(rule_file(tmp_path, "(法治)", extra))
    for argv in (["rules", "--rules", rules], ["check", str(COMPLIANT), str(DEFICIENT), "--rules", rules]):
        code, _, err = cli_run(*argv)
        assert code == 2 and "替换模板" in err and "内部错误" not in err


def test_a_good_replacement_template_still_loads(tmp_path: Path, cli_run: CliRun) -> None:
    extra = "          fix: replace\n          replacement: '\\1（\\g<1>）\\n'\n"
    code, _, err = cli_run("rules", "--rules", str(rule_file(tmp_path, "(法治)", extra)))
    assert code == 0, err


def test_opinions_for_a_report_with_a_very_long_name(tmp_path: Path, cli_run: CliRun) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    long_name = "关于二〇二四年度法治政府建设情况的报告" * 4 + "青山县.txt"  # 241 bytes: legal, but no room for more
    shutil.copy(DEFICIENT, folder / long_name)
    shutil.copy(COMPLIANT, folder / "z.txt")
    out = tmp_path / "op"
    code, _, err = cli_run("summary", str(folder), "--opinions", str(out), "--opinion-format", "markdown",
                           "-o", str(tmp_path / "s.md"))
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and all(len(n.encode()) <= 255 for n in names)
    assert sum(n.startswith("关于二〇二四年度") for n in names) == 2 and "z.审查意见.md" in names


@pytest.mark.parametrize(("part", "junk"), [("word/styles.xml", b"<broken"), ("word/numbering.xml", b"<<<")])
def test_a_docx_with_damaged_styles_or_numbering_is_still_read(tmp_path: Path, cli_run: CliRun, part: str,
                                                                junk: bytes) -> None:
    source = ROOT / "examples" / "heldout2" / "H2_03_anping_shizhengfu_2022.docx"
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, junk if item.filename == part else src.read(item))
    code, _, err = cli_run("check", str(damaged), "--format", "json")
    assert code in (0, 1), err  # read and checked, not refused (exit 3)


def test_shift_jis_text_is_refused_not_read_as_chinese(tmp_path: Path, cli_run: CliRun) -> None:
    report = tmp_path / "sj.txt"
    report.write_bytes(("法治政府の建設について報告します。\n" * 50).encode("shift_jis"))
    code, _, err = cli_run("check", str(report))
    assert code == 3 and "Shift-JIS" in err


def test_utf16_without_bom_is_still_read(tmp_path: Path, cli_run: CliRun) -> None:
    report = tmp_path / "u16.txt"
    report.write_bytes(COMPLIANT.read_text(encoding="utf-8").encode("utf-16-le"))
    code, _, err = cli_run("check", str(report))
    assert code == 0, err


def test_dump_text_refuses_an_empty_file_as_check_does(tmp_path: Path, cli_run: CliRun) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\xef\xbb\xbf")
    assert cli_run("check", str(empty))[0] == 3
    code, _, err = cli_run("check", "--dump-text", str(empty))
    assert code == 3 and "没有可检查的文字" in err


def test_previous_that_is_a_directory_is_named_as_one(tmp_path: Path, cli_run: CliRun) -> None:
    code, _, err = cli_run("check", str(COMPLIANT), "--previous", str(tmp_path))
    assert code == 3 and "是目录" in err


@pytest.mark.parametrize("mode", ["--diff", "--dump-text"])
def test_plain_text_modes_refuse_an_output_named_for_another_format(tmp_path: Path, cli_run: CliRun,
                                                                   mode: str) -> None:
    out = tmp_path / "out.json"
    code, _, err = cli_run("check", str(COMPLIANT), mode, "-o", str(out))
    assert code == 2 and "纯文本" in err and not out.exists()


def test_opinion_names_are_cut_between_characters_and_keep_bytes_that_are_not_utf8() -> None:
    from validator.summary import _cut

    name = "关于二〇二四年度" * 20  # 3 bytes a character
    cut = _cut(name, 100)
    assert len(cut.encode()) <= 100 and name.startswith(cut) and len(cut) == 33
    gbk = os.fsdecode("报告".encode("gbk") * 80)  # not UTF-8: surrogate escapes, cut between bytes
    assert len(os.fsencode(_cut(gbk, 101))) == 101
