"""The reports in examples/ give exactly the JSON recorded beside them.

After an intended change to rules or output, regenerate with:
    python -m tests.test_examples
and review the diff of examples/*.expected.json like any other change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT
from validator import cli

REPORTS = sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".txt", ".md") and p.is_file())


def actual(report: Path, capsys: pytest.CaptureFixture[str] | None = None) -> dict[str, Any]:
    rel = str(report.relative_to(ROOT))
    if capsys is None:
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            cli.main(["check", rel, "--format", "json", "--fail-on", "never"])
        out = buf.getvalue()
    else:
        cli.main(["check", rel, "--format", "json", "--fail-on", "never"])
        out = capsys.readouterr().out
    entry: dict[str, Any] = json.loads(out)["files"][0]
    return entry


def expected_path(report: Path) -> Path:
    return report.with_suffix(".expected.json")


@pytest.mark.parametrize("report", REPORTS, ids=[p.name for p in REPORTS])
def test_example_matches_expected_json(report: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    want = json.loads(expected_path(report).read_text(encoding="utf-8"))
    assert actual(report, capsys) == want


def test_there_is_a_passing_and_a_failing_example() -> None:
    statuses = {json.loads(expected_path(p).read_text(encoding="utf-8"))["status"] for p in REPORTS}
    assert {"pass", "fail"} <= statuses


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    for path in REPORTS:
        expected_path(path).write_text(json.dumps(actual(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {expected_path(path).relative_to(ROOT)}", file=sys.stderr)
