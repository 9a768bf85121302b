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
