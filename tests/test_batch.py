"""Batches: ``--jobs`` gives the same output as one process; unreadable files never stop the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from validator import cli
from validator.model import SourceLine
from validator.ruleset import RuleSet


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.txt").write_bytes(b"\x00\xff\xfe\x00" * 10)
    return folder


def test_parallel_output_is_identical_to_one_process(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serial = run(capsys, "check", str(batch), "--format", "json", "--jobs", "1")
    parallel = run(capsys, "check", str(batch), "--format", "json", "--jobs", "3")
    assert serial == parallel
    code, out, err = parallel
    data = json.loads(out)
    assert code == 3 and "broken.txt" in err
    assert data["summary"]["errors"] == 1 and data["summary"]["files"] == len(data["files"]) > 10
    # last year's reports in the batch were paired in the workers as well
    assert any(f["previous"] for f in data["files"])


def test_parallel_terminal_and_summary(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(batch), "--jobs", "2") == run(capsys, "check", str(batch), "--jobs", "1")
    assert run(capsys, "summary", str(batch), "--jobs", "2") == run(capsys, "summary", str(batch), "--jobs", "1")


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["check", str(EXAMPLES / "compliant.txt"), "--jobs", "0"])
    assert info.value.code == 2
    assert "正整数" in capsys.readouterr().err


def test_json_streams_one_object_even_for_no_readable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02" * 20)
    code, out, _ = run(capsys, "check", str(broken), "--format", "json")
    data = json.loads(out)
    assert code == 3 and data["summary"]["errors"] == 1 and len(data["files"]) == 1


def test_probed_metadata_is_the_full_metadata(ruleset: RuleSet) -> None:
    from tests.conftest import SEEDS
    from validator import readers
    from validator.pipeline import analyse, probe_metadata

    paths = [*EXAMPLES.glob("*.txt"), *EXAMPLES.glob("yoy/*.txt"), *(SEEDS.glob("*.txt") if SEEDS.is_dir() else [])]
    for path in paths:
        source = readers.read_path(str(path))
        # long enough that only the first and last lines are read
        padded = source.with_lines([*source.lines[:-3], *[SourceLine("")] * 200, *source.lines[-3:]])
        full = analyse(padded, ruleset.classifier).metadata
        probe = probe_metadata(padded, ruleset.classifier)
        assert probe.as_dict() == full.as_dict(), path
