"""Hostile inputs found in a third round of attacks: each was an internal error or a wrong result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, CliRun

COMPLIANT = EXAMPLES / "compliant.txt"
NON_CHARACTERS = "\ufffe\uffff"  # legal in a str, illegal in the XML of .xlsx and .docx


def test_non_characters_in_text_and_names_do_not_break_the_spreadsheet(tmp_path: Path, cli_run: CliRun) -> None:
    from openpyxl import load_workbook

    report = tmp_path / f"报告{NON_CHARACTERS}.txt"
    report.write_text(COMPLIANT.read_text(encoding="utf-8").replace("法治政府建设", "法制政府建设\ufffe", 1),
                      encoding="utf-8")
    out = tmp_path / "s.xlsx"
    code, _, err = cli_run("summary", str(report), "-o", str(out), "--title", f"汇总{NON_CHARACTERS}")
    assert code == 0, err
    cells = [str(c.value) for row in load_workbook(out).worksheets[0].iter_rows() for c in row if c.value]
    assert any("\\ufffe\\uffff" in c for c in cells) and not any(ch in c for c in cells for ch in NON_CHARACTERS)


def test_every_output_of_output_dir_is_written_despite_non_characters(tmp_path: Path, cli_run: CliRun) -> None:
    report = tmp_path / "r.txt"
    report.write_text(COMPLIANT.read_text(encoding="utf-8") + f"\n附：{NON_CHARACTERS}\n", encoding="utf-8")
    code, _, err = cli_run("summary", str(report), "--output-dir", str(tmp_path / "out"))
    assert code == 0, err
    assert {p.suffix for p in (tmp_path / "out").iterdir()} >= {".xlsx", ".docx", ".html", ".csv", ".md"}


@pytest.mark.parametrize("author", ["a\x01b", "a\x1b[31mb", f"a{NON_CHARACTERS}b"])
def test_an_annotation_author_with_characters_xml_cannot_hold(tmp_path: Path, cli_run: CliRun, author: str) -> None:
    import docx

    out = tmp_path / "a.docx"
    code, _, err = cli_run("check", str(COMPLIANT), "--annotate", str(out), "--annotate-author", author)
    assert code == 0, err
    authors = {c.author for c in docx.Document(str(out)).comments}
    assert authors == {author.replace("\x01", "\ufffd").replace("\x1b", "\ufffd")
                       .replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")}


def test_a_huge_columns_variable_is_clamped(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "99999999999", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "--color", "always",
                           str(EXAMPLES / "deficient.txt")], capture_output=True, env=env, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    longest = max(len(line) for line in proc.stdout.decode("utf-8").splitlines())
    assert longest < 4 * 400  # at most MAX_COLUMNS characters, with colour codes


def test_fix_leaves_a_read_only_file_alone(tmp_path: Path, cli_run: CliRun) -> None:
    report = tmp_path / "r.txt"
    report.write_text(COMPLIANT.read_text(encoding="utf-8").replace("纠错率15%", "纠错率15%,"), encoding="utf-8")
    report.chmod(0o444)
    before = report.read_bytes()
    code, _, err = cli_run("check", "--fix", str(report))
    assert "只读" in err and "已修改" not in err
    assert report.read_bytes() == before and list(tmp_path.iterdir()) == [report]


def test_a_report_pasted_into_pre_keeps_its_paragraphs(tmp_path: Path, cli_run: CliRun) -> None:
    page = tmp_path / "r.html"
    page.write_text('<html><head><meta charset="utf-8"></head><body><pre>'
                    + COMPLIANT.read_text(encoding="utf-8") + "</pre></body></html>", encoding="utf-8")
    code, out, err = cli_run("check", str(page), "--format", "json")
    assert code == 0, out + err


def test_a_comment_closed_as_browsers_close_it(tmp_path: Path, cli_run: CliRun) -> None:
    body = "".join(f"<p>{line}</p>" for line in COMPLIANT.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "r.html"
    page.write_text(f'<html><head><meta charset="utf-8"></head><body><!-- 编辑 --!>{body}<!-- end --></body></html>',
                    encoding="utf-8")
    code, out, err = cli_run("check", str(page), "--format", "json")
    assert code == 0, out + err


@pytest.mark.parametrize(("name", "text", "line"), [
    (".fazhi-lint.yaml", "fail-on: warning\nfail-on: never\n", 2),
    ("rules.yaml", "version: 1\nrules:\n  - id: report.measures\n    severity: info\n    severity: error\n", 5),
])
def test_a_key_written_twice_is_a_configuration_error(tmp_path: Path, cli_run: CliRun, name: str, text: str,
                                                      line: int) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    option = "--config" if name.startswith(".") else "--rules"
    code, _, err = cli_run("check", str(COMPLIANT), option, str(path), "--format", "json")
    assert code == 2 and f"{path}:{line}: 键“" in err and "重复" in err


def test_rules_test_on_a_directory_without_rule_files_is_a_usage_mistake(tmp_path: Path, cli_run: CliRun) -> None:
    code, out, err = cli_run("rules", "--test", str(tmp_path))
    assert code == 2 and "没有规则文件" in err and "全部通过" not in out


def test_a_toml_configuration_given_with_config_and_a_byte_order_mark(tmp_path: Path, cli_run: CliRun) -> None:
    deficient = EXAMPLES / "deficient.txt"
    config = tmp_path / "本单位.toml"
    config.write_bytes('\ufeff[tool.fazhi-lint]\nfail-on = "never"\n'.encode("utf-8"))
    assert cli_run("check", str(deficient), "--config", str(config), "--format", "json")[0] == 0
    config.write_text("fail-on: never\n", encoding="utf-8")  # YAML in a .toml file: said plainly
    code, _, err = cli_run("check", str(deficient), "--config", str(config), "--format", "json")
    assert code == 2 and "没有 [tool.fazhi-lint] 配置" in err
