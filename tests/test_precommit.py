"""The pre-commit hook, run by the real pre-commit tool with the README's configurations, word for word.

The hook repository is this checkout's files (as they are now, committed or not) as a git repository at
one commit, tagged as the README's release steps say. pre-commit clones it and pip-installs it into its
own environment (PyPI must be reachable; this takes a while, once per test session). A drafting repository
then commits a deficient report (the hook fails and says why) and a compliant one (it passes) under 报告/,
once with the README's remote configuration (only the placeholder address replaced by the tagged
repository's path) and once with its ``repo: local`` configuration (the fazhi-lint of this environment).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT
from validator import __version__

pytest.importorskip("pre_commit")

SKIP = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache", ".hypothesis"}
GIT_ID = ["-c", "user.name=fazhi-lint tests", "-c", "user.email=tests@fazhi-lint.invalid", "-c", "commit.gpgsign=false"]
PLACEHOLDER = "https://example.invalid/fazhi-lint"


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def readme_configs() -> list[str]:
    """The .pre-commit-config.yaml snippets of the README's pre-commit section, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit 与 CI\n", 1)[1].split("\n## ", 1)[0]
    return [block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "repos:" in block]


def test_hook_definition_names_the_report_types() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "fazhi-lint" and hook["language"] == "python"
    assert hook["entry"] == "fazhi-lint check"
    files = re.compile(hook["files"])
    assert all(files.search(f"报告{s}") for s in (".txt", ".md", ".docx", ".pdf", ".html", ".TXT"))
    assert not files.search("报告.xlsx") and not files.search("notes.txt.bak")


def test_the_readme_rev_is_the_tag_of_this_version() -> None:
    """`rev: v0.1.0` resolves once the release is tagged as the README says: the version everywhere agrees."""
    remote, local = (yaml.safe_load(block) for block in readme_configs())
    (repo,) = remote["repos"]
    assert repo["repo"] == PLACEHOLDER and repo["rev"] == f"v{__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(__version__)}"$', pyproject, re.MULTILINE)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"git tag v{__version__}" in readme
    (hook,) = local["repos"][0]["hooks"]
    assert local["repos"][0]["repo"] == "local" and hook["entry"] == "fazhi-lint check"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as a git repository at one commit, tagged v<version> (the README's release step 2)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo") / "fazhi-lint"
    shutil.copytree(ROOT, repo, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot for the pre-commit test")
    git(repo, "tag", f"v{__version__}")
    return repo


def drafts_repo(tmp_path: Path, config: str) -> Path:
    drafts = tmp_path / "drafts"
    (drafts / "报告").mkdir(parents=True)
    git(drafts, "init", "-q")
    (drafts / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copy(EXAMPLES / "deficient.txt", drafts / "报告" / "交通运输局报告.txt")
    shutil.copy(EXAMPLES / "compliant.txt", drafts / "报告" / "县政府报告.txt")
    (drafts / "说明.md").write_text("# 说明\n本仓库存放年度报告草稿。\n", encoding="utf-8")  # outside 报告/: not checked
    (drafts / "报告" / "附件.xlsx").write_bytes(b"PK\x03\x04")  # not a report type: not checked
    git(drafts, "add", "-A")
    return drafts


def run_hook(drafts: Path, cache: Path, *files: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env: dict[str, Any] = {k: v for k, v in os.environ.items()
                           if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_ACTIONS"))}
    env.update(PRE_COMMIT_HOME=str(cache), PRE_COMMIT_COLOR="never")
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                          cwd=drafts, capture_output=True, text=True, env=env)


def assert_hook_judges(drafts: Path, cache: Path, path: str | None = None) -> None:
    bad = run_hook(drafts, cache, "报告/交通运输局报告.txt", path=path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "fazhi-lint" in bad.stdout and "Failed" in bad.stdout
    assert "✗ 未通过" in bad.stdout and "未通过的原因：错误：第一责任人职责履行情况" in bad.stdout
    assert "[错误] ◐ 第一责任人职责履行情况" in bad.stdout  # the grouped report, errors first

    good = run_hook(drafts, cache, "报告/县政府报告.txt", path=path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    for other in ("说明.md", "报告/附件.xlsx"):  # the README's `files:` keeps them out
        outside = run_hook(drafts, cache, other, path=path)
        assert outside.returncode == 0 and "no files to check" in outside.stdout.lower(), outside.stdout


def test_the_readme_configuration_with_the_release_tag(hook_repo: Path, tmp_path: Path) -> None:
    remote = readme_configs()[0]
    assert remote.count(PLACEHOLDER) == 1
    drafts = drafts_repo(tmp_path, remote.replace(PLACEHOLDER, str(hook_repo)))
    assert_hook_judges(drafts, tmp_path / "pre-commit-cache")


def test_the_readme_local_configuration(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    local = readme_configs()[1]
    drafts = drafts_repo(tmp_path, local)  # word for word
    here = str(Path(sys.executable).parent)  # where this environment's fazhi-lint is installed
    assert (Path(here) / "fazhi-lint").exists()
    assert_hook_judges(drafts, tmp_path / "pre-commit-cache", path=f"{here}{os.pathsep}{os.environ.get('PATH', '')}")


def test_the_hook_reads_a_pdf_without_extra_dependencies(hook_repo: Path, tmp_path: Path) -> None:
    """PDF text through PDFium needs nothing in `additional_dependencies` once pypdfium2 is a dependency."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    if "pypdfium2" not in dependencies:
        pytest.skip("pypdfium2 is not (yet) an ordinary dependency")
    from tests.readers.pdfgen import Run, make_pdf

    drafts = drafts_repo(tmp_path, readme_configs()[0].replace(PLACEHOLDER, str(hook_repo)))
    (drafts / "报告" / "扫描前.pdf").write_bytes(make_pdf([[
        Run(72, 760, "某某区司法局关于2024年度法治政府建设情况的报告"), Run(72, 730, "一、主要举措和成效"),
        Run(72, 700, "强化法制政府建设。")]]))
    git(drafts, "add", "-A")
    result = run_hook(drafts, tmp_path / "pre-commit-cache", "报告/扫描前.pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "得分" in result.stdout and "“法制政府”应为“法治政府”" in result.stdout
    assert "pip install" not in result.stdout + result.stderr
