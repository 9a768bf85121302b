"""The rule-set cache: an unchanged rule set loads without the YAML parser or the schema validator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from validator import cache
from validator.ruleset import load_ruleset

RULE = """\
version: 1
rules:
  - id: local.adviser
    title: 法律顾问
    check: phrase
    params: {patterns: [法律顾问]}
    severity: info
    weight: 1
    basis: 示例依据
    message: 未写明法律顾问
    hint: 写明法律顾问工作
"""

PROBE = """
import json, sys
from validator.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'jsonschema'})
print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)
"""


def run_probe(cache_dir: Path, *argv: str) -> dict:
    env = {**os.environ, "FAZHI_LINT_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, cwd=ROOT)
    result: dict = json.loads(proc.stderr.strip().splitlines()[-1])
    return result


def test_second_run_loads_neither_yaml_nor_jsonschema(tmp_path: Path) -> None:
    config = tmp_path / ".fazhi-lint.yaml"
    config.write_text("profile: strict\nfail-on: error\n", encoding="utf-8")
    argv = ("check", str(EXAMPLES / "compliant.txt"), "--format", "json", "--config", str(config))
    first = run_probe(tmp_path / "cache", *argv)
    second = run_probe(tmp_path / "cache", *argv)
    assert first == {"code": 0, "heavy": ["jsonschema", "yaml"]}
    assert second == {"code": 0, "heavy": []}


def test_an_edited_rule_file_is_loaded_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_LINT_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "local.yaml"
    rules.write_text(RULE, encoding="utf-8")
    assert load_ruleset([rules]).get("local.adviser").title == "法律顾问"  # type: ignore[union-attr]
    rules.write_text(RULE.replace("title: 法律顾问", "title: 政府法律顾问"), encoding="utf-8")
    assert load_ruleset([rules]).get("local.adviser").title == "政府法律顾问"  # type: ignore[union-attr]


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_LINT_CACHE_DIR", str(tmp_path))
    expected = [r.id for r in load_ruleset().rules]
    (entry,) = tmp_path.glob("ruleset-*.json")
    entry.write_bytes(b"not a cache entry")
    assert [r.id for r in load_ruleset().rules] == expected
    assert entry.read_bytes() != b"not a cache entry"


def test_no_cache_and_an_unwritable_cache_still_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_LINT_NO_CACHE", "1")
    monkeypatch.setenv("FAZHI_LINT_CACHE_DIR", str(tmp_path))
    assert load_ruleset().rules and not list(tmp_path.iterdir())
    monkeypatch.delenv("FAZHI_LINT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FAZHI_LINT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert load_ruleset().rules


def test_key_changes_with_the_files(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("x", encoding="utf-8")
    first = cache.key_for("ruleset", [a])
    a.write_text("xy", encoding="utf-8")
    assert cache.key_for("ruleset", [a]) != first
