"""``fazhi-lint summary``: the reviewer's view of a batch of reports.

One table model (``model.build_summary``) is built from the checked reports; each format is a
renderer named in an explicit registry and imported on use (openpyxl only loads for xlsx). Per
report, ``opinion.render_opinion`` drafts a 审查意见 in Markdown.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from validator.errors import UsageError
from validator.pipeline import FileReport
from validator.ruleset import RuleSet
from validator.summary.model import Row, Summary, build_summary

Renderer = Callable[[Summary], "str | bytes"]

# format -> "module:function"; a function returns text (written as UTF-8) or bytes
RENDERERS: dict[str, str] = {
    "html": "validator.summary.html:render_html",
    "markdown": "validator.summary.markdown:render_markdown",
    "csv": "validator.summary.csv_format:render_csv",
    "xlsx": "validator.summary.xlsx:render_xlsx",
    "json": "validator.summary.json_format:render_json",
}
SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".csv": "csv",
            ".xlsx": "xlsx", ".json": "json"}
FILE_NAMES = {"html": "summary.html", "markdown": "summary.md", "csv": "summary.csv", "xlsx": "summary.xlsx",
              "json": "summary.json"}
DEFAULT_FORMAT = "markdown"
OPINIONS_DIR = "审查意见"


@dataclass(frozen=True)
class SummaryPlan:
    """What to write: (format, file or None for stdout) pairs, and where opinion drafts go."""

    outputs: tuple[tuple[str, str | None], ...]
    opinions: str | None = None
    made_dirs: tuple[str, ...] = field(default_factory=tuple)
    chosen: bool = False  # the output file names are fazhi-lint's own (--output-dir), not the user's


def get_renderer(fmt: str) -> Renderer:
    target = RENDERERS.get(fmt)
    if target is None:
        raise UsageError(f"未知的汇总格式 {fmt!r}（可选：{', '.join(RENDERERS)}）")
    module_name, func_name = target.split(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), func_name)
    return renderer


def plan_outputs(fmt: str | None, output: str | None, output_dir: str | None, opinions: str | None,
                 stdout_is_terminal: bool) -> SummaryPlan:
    """Decide the outputs from the flags; every mistake is a usage error before anything is checked."""
    if output_dir is not None:
        if fmt is not None or output is not None:
            raise UsageError("--output-dir 写出全部格式，不能与 --format 或 --output 同时使用")
        outputs = tuple((f, str(Path(output_dir) / name)) for f, name in FILE_NAMES.items())
        return SummaryPlan(outputs, opinions or str(Path(output_dir) / OPINIONS_DIR), (output_dir,), chosen=True)
    if fmt is None:
        fmt = SUFFIXES.get(Path(output).suffix.lower(), DEFAULT_FORMAT) if output else DEFAULT_FORMAT
    if fmt not in RENDERERS:
        raise UsageError(f"未知的汇总格式 {fmt!r}（可选：{', '.join(RENDERERS)}）")
    if fmt == "xlsx" and output is None and stdout_is_terminal:
        raise UsageError("xlsx 是二进制文件，请用 --output 文件名.xlsx 写入文件")
    return SummaryPlan(((fmt, output),), opinions)


def opinion_file_name(row: Row, taken: set[str], directory: str | None = None) -> str:
    """A file name for a report's opinion draft: the report's own name, made unique — and never the name
    of a file this run reads (a ``*.审查意见.md`` in the opinions directory may itself be a report)."""
    from validator.fileio import is_protected

    stem = re.sub(r"[\\/:*?\"<>|\s\x00-\x1f\x7f]+", "_", Path(row.path).stem) or "report"
    name, n = f"{stem}.审查意见.md", 1
    while name in taken or (directory is not None and is_protected(str(Path(directory) / name))):
        n += 1
        name = f"{stem}-{n}.审查意见.md"
    taken.add(name)
    return name


def write_outputs(reports: Sequence[FileReport], ruleset: RuleSet, plan: SummaryPlan) -> None:
    import sys

    from validator.escape import ascii_only, json_ascii
    from validator.fileio import write_atomically

    summary = build_summary(reports, ruleset)
    for directory in plan.made_dirs:
        _make_dir(directory)
    for fmt, target in plan.outputs:
        content = get_renderer(fmt)(summary)
        if target is None:
            if isinstance(content, bytes):
                sys.stdout.buffer.write(content)
            else:
                if fmt == "json" and ascii_only(sys.stdout):  # valid, lossless JSON on any console
                    content = json_ascii(content)
                sys.stdout.write(content)
            continue
        try:
            write_atomically(target, content, newline="", chosen=plan.chosen)
        except OSError as exc:
            raise UsageError(f"{target}: 无法写入输出文件（{exc.strerror or exc}）") from None
    if plan.opinions is not None:
        write_opinions(summary, plan.opinions)


def write_opinions(summary: Summary, directory: str) -> None:
    from validator.fileio import atomic_writer
    from validator.summary.opinion import render_opinion

    _make_dir(directory)
    taken: set[str] = set()
    for row in summary.rows:
        target = Path(directory) / opinion_file_name(row, taken, directory)
        try:
            with atomic_writer(str(target), chosen=True) as fh:
                fh.write(render_opinion(row))
        except OSError as exc:
            raise UsageError(f"{target}: 无法写入审查意见（{exc.strerror or exc}）") from None


def _make_dir(directory: str) -> None:
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{directory}: 无法创建目录（{exc.strerror or exc}）") from None
