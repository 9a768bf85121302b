"""The rule sets ship inside the wheel, so a plain (non-editable) install loads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"wheel build failed: {proc.stderr[-2000:]}")
    (path,) = out.glob("fazhi_lint-*.whl")
    return path


def test_wheel_carries_rules_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = {Path(n).name for n in names if n.startswith("validator/_rules/")}
    assert shipped_rules == {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert "validator/schemas/rules.schema.json" in names
    assert "validator/schemas/output.schema.json" in names
    for data in ("validator/schemas/config.schema.json", "validator/schemas/summary.schema.json",
                 "validator/profiles.yaml", "validator/data/citations.tsv", "validator/serve/static/index.html",
                 "validator/serve/static/app.js", "validator/serve/static/app.css"):
        assert data in names


def test_installed_wheel_checks_an_example(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    # run from elsewhere so the source checkout is not importable
    proc = subprocess.run([sys.executable, "-m", "validator", "check", str(EXAMPLES / "compliant.txt"), "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert all("_rules" in r["source"] for r in data["rules"])
    assert data["files"][0]["score"] == 100.0


def test_pdf_excel_and_word_libraries_are_ordinary_dependencies(wheel: Path) -> None:
    """A plain `pip install` brings what reviewers need: PDF input, XLSX and DOCX output."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode("utf-8")
    required = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    unconditional = {r.split(">=")[0].split(";")[0].strip().lower() for r in required if "extra ==" not in r}
    assert {"pypdfium2", "openpyxl", "python-docx"} <= unconditional


def test_installed_wheel_writes_every_summary_output(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "汇总"
    proc = subprocess.run([sys.executable, "-m", "validator", "summary", str(EXAMPLES / "compliant.txt"),
                           str(EXAMPLES / "deficient.txt"), "--output-dir", str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in out.iterdir())
    assert {"summary.html", "summary.md", "summary.csv", "summary.xlsx", "summary.docx", "summary.json",
            "审查意见"} <= set(written)
    for name in written:  # and stderr says where each one went
        assert str(out / name) in proc.stderr, name
    assert len(list((out / "审查意见").glob("*.docx"))) == 4


def test_checking_one_text_file_loads_no_heavy_library() -> None:
    """pypdfium2, openpyxl and python-docx are dependencies, imported only by the code that needs them."""
    script = ("import sys, io, contextlib\n"
              "from validator import cli\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    code = cli.main(['check', {str(EXAMPLES / 'compliant.txt')!r}, '--format', 'json'])\n"
              "heavy = {'pypdfium2', 'openpyxl', 'docx', 'lxml', 'PIL'}\n"
              "print(code, sorted({m.split('.')[0] for m in sys.modules} & heavy))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "0 []", proc.stderr
