"""The pre-commit hook, run by the real pre-commit tool from a repository built from this checkout.

pre-commit clones the hook repository and pip-installs it into its own environment (PyPI must be
reachable; this takes a while, once per test session). A temporary drafting repository then runs
the hook on a deficient report (the hook fails) and on a compliant one (it passes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

pytest.importorskip("pre_commit")

SKIP = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache", ".hypothesis"}
GIT_ID = ["-c", "user.name=fazhi-lint tests", "-c", "user.email=tests@fazhi-lint.invalid", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def test_hook_definition_names_the_report_types() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "fazhi-lint" and hook["language"] == "python"
    assert hook["entry"] == "fazhi-lint check"
    import re

    files = re.compile(hook["files"])
    assert all(files.search(f"报告{s}") for s in (".txt", ".md", ".docx", ".pdf", ".html", ".TXT"))
    assert not files.search("报告.xlsx") and not files.search("notes.txt.bak")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's files (as they are now, committed or not) as a git repository at one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo") / "fazhi-lint"
    shutil.copytree(ROOT, repo, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot for the pre-commit test")
    return repo, git(repo, "rev-parse", "HEAD")


def run_hook(drafts: Path, cache: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_ACTIONS"))}
    env.update(PRE_COMMIT_HOME=str(cache), PRE_COMMIT_COLOR="never")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                          cwd=drafts, capture_output=True, text=True, env=env)


def test_hook_fails_on_a_deficient_report_and_passes_on_a_compliant_one(
        hook_repo: tuple[Path, str], tmp_path: Path) -> None:
    repo, rev = hook_repo
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    git(drafts, "init", "-q")
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": "fazhi-lint"}]}]}
    (drafts / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copy(EXAMPLES / "deficient.txt", drafts / "交通运输局报告.txt")
    shutil.copy(EXAMPLES / "compliant.txt", drafts / "县政府报告.txt")
    git(drafts, "add", "-A")
    cache = tmp_path / "pre-commit-cache"

    bad = run_hook(drafts, cache, "交通运输局报告.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "fazhi-lint" in bad.stdout and "Failed" in bad.stdout
    assert "report.first-responsible" in bad.stdout and "未通过" in bad.stdout

    good = run_hook(drafts, cache, "县政府报告.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
