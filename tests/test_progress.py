"""A progress bar on stderr for long batches when stderr is a terminal; nothing when it is not."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from validator import cli


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    text = (EXAMPLES / "compliant.txt").read_text(encoding="utf-8")
    # three counties' reports: the same report three times would be said on stderr (a duplicate)
    for i, county in enumerate(("青山县", "白水县", "红石县")):
        (tmp_path / f"r{i}.txt").write_text(text.replace("青山县", county), encoding="utf-8")
    return tmp_path


def test_no_progress_when_stderr_is_not_a_terminal(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", str(batch), "--format", "json"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(batch: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    out = tmp_path / "s.json"
    assert cli.main(["summary", str(batch), "--output", str(out)]) == 0
    shown = err.getvalue()
    assert "检查" in shown and "3/3" in shown
    assert out.read_text(encoding="utf-8").startswith("{")


def test_no_bar_for_one_file(batch: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert cli.main(["check", str(batch / "r0.txt"), "-f", "json", "-o", str(tmp_path / "o.json")]) == 0
    assert err.getvalue() == ""


def test_no_bar_when_the_report_streams_to_the_same_terminal(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    err, out = FakeTerminal(), FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    assert cli.main(["check", str(batch), "--format", "terminal", "--color", "never"]) == 0
    assert err.getvalue() == "" and "通过" in out.getvalue()
