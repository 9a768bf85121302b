"""Batches: ``--jobs`` gives the same output as one process; unreadable files never stop the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliRun
from validator import cli
from validator.model import SourceLine
from validator.ruleset import RuleSet


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.txt").write_bytes(b"\x00\xff\xfe\x00" * 10)
    return folder


def test_parallel_output_is_identical_to_one_process(batch: Path, cli_run: CliRun) -> None:
    serial = cli_run("check", str(batch), "--format", "json", "--jobs", "1")
    parallel = cli_run("check", str(batch), "--format", "json", "--jobs", "3")
    assert serial == parallel
    code, out, err = parallel
    data = json.loads(out)
    assert code == 3 and "broken.txt" in err
    assert data["summary"]["errors"] == 1 and data["summary"]["files"] == len(data["files"]) > 10
    # last year's reports in the batch were paired in the workers as well
    assert any(f["previous"] for f in data["files"])


def test_parallel_terminal_and_summary(batch: Path, cli_run: CliRun) -> None:
    assert cli_run("check", str(batch), "--jobs", "2") == cli_run("check", str(batch), "--jobs", "1")
    assert cli_run("summary", str(batch), "--jobs", "2") == cli_run("summary", str(batch), "--jobs", "1")


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["check", str(EXAMPLES / "compliant.txt"), "--jobs", "0"])
    assert info.value.code == 2
    assert "正整数" in capsys.readouterr().err


def test_json_streams_one_object_even_for_no_readable_file(tmp_path: Path, cli_run: CliRun) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02" * 20)
    code, out, _ = cli_run("check", str(broken), "--format", "json")
    data = json.loads(out)
    assert code == 3 and data["summary"]["errors"] == 1 and len(data["files"]) == 1


def test_each_file_is_read_once(monkeypatch: pytest.MonkeyPatch, cli_run: CliRun) -> None:
    from validator import pipeline

    reads: list[str] = []
    read = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda path: reads.append(path) or read(path))
    yoy = sorted(str(p) for p in (EXAMPLES / "yoy").glob("*.txt"))
    code, out, _ = cli_run("check", *yoy, "--format", "json", "--jobs", "1")
    assert sorted(reads) == yoy  # pairs included: the reports read for pairing are the ones checked
    assert sum(1 for f in json.loads(out)["files"] if f["previous"]) == len(yoy) // 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_too_long_to_wait_in_memory_gives_the_same_output(jobs: str, monkeypatch: pytest.MonkeyPatch,
                                                                  cli_run: CliRun) -> None:
    from validator import batch

    yoy = str(EXAMPLES / "yoy")
    in_memory = cli_run("check", yoy, "--format", "json", "--jobs", jobs)
    monkeypatch.setattr(batch, "_KEEP_DOCUMENTS", 1)  # every report but the first waits on disk
    assert cli_run("check", yoy, "--format", "json", "--jobs", jobs) == in_memory
    assert cli_run("summary", yoy, "--format", "json", "--jobs", jobs)[1] == \
        cli_run("summary", yoy, "--format", "json", "--jobs", "1")[1]
