"""``fazhi-lint summary``: the reviewer's view of a batch of reports.

One table model (``model.build_summary``) is built from the checked reports; each format is a
renderer named in an explicit registry and imported on use (openpyxl only loads for xlsx, python-docx
for docx). The format of ``--output`` follows its extension. Per report, ``opinion.draft`` writes a
审查意见 letter (a Word 公文, or Markdown) and the reviewer's note beside it. Every file written is
named on stderr, so the reviewer knows where to look.
"""

from __future__ import annotations

import os

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from validator import registry
from validator.errors import UsageError
from validator.results import FileReport
from validator.ruleset import RuleSet
from validator.summary.model import NOT_REPORT, Heading, Row, Summary, build_summary

if TYPE_CHECKING:
    from validator.summary.opinion import Letter, Note

Renderer = Callable[[Summary], "str | bytes"]
Say = Callable[[str], None]

# format -> "module:function"; a function returns text (written as UTF-8) or bytes
RENDERERS: dict[str, str] = {
    "html": "validator.summary.html:render_html",
    "markdown": "validator.summary.markdown:render_markdown",
    "csv": "validator.summary.csv_format:render_csv",
    "xlsx": "validator.summary.xlsx:render_xlsx",
    "docx": "validator.summary.docx_format:render_docx",
    "pdf": "validator.summary.pdf:render_pdf",
    "json": "validator.summary.json_format:render_json",
}
BINARY = frozenset({"xlsx", "docx", "pdf"})
SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "markdown", ".csv": "csv",
            ".xlsx": "xlsx", ".docx": "docx", ".pdf": "pdf", ".json": "json"}
# --output-dir writes these in this order: the PDF, which needs LibreOffice and takes seconds, last
FILE_NAMES = {"html": "summary.html", "markdown": "summary.md", "csv": "summary.csv", "xlsx": "summary.xlsx",
              "docx": "summary.docx", "json": "summary.json", "pdf": "summary.pdf"}
DEFAULT_FORMAT = "markdown"
OPINIONS_DIR = "审查意见"
OPINION_FORMATS = {"docx": ".docx", "markdown": ".md"}


@dataclass(frozen=True)
class SummaryPlan:
    """What to write: (format, file or None for stdout) pairs, and where opinion drafts go."""

    outputs: tuple[tuple[str, str | None], ...]
    opinions: str | None = None
    made_dirs: tuple[str, ...] = field(default_factory=tuple)
    chosen: bool = False  # the output file names are fazhi-lint's own (--output-dir), not the user's
    opinion_format: str = "docx"
    heading: Heading = field(default_factory=Heading)
    skipped: tuple[str, ...] = ()  # what --output-dir leaves out, and why (a PDF without LibreOffice)


def get_renderer(fmt: str) -> Renderer:
    target = RENDERERS.get(fmt)
    if target is None:
        raise UsageError(f"未知的汇总格式 {fmt!r}（可选：{', '.join(RENDERERS)}）")
    renderer: Renderer = registry.load(target)
    return renderer


def plan_outputs(fmt: str | None, output: str | None, output_dir: str | None, opinions: str | None,
                 stdout_is_terminal: bool, opinion_format: str = "docx", heading: Heading | None = None) -> SummaryPlan:
    """Decide the outputs from the flags; every mistake is a usage error before anything is checked."""
    from validator.summary.pdf import MISSING, available

    heading = heading or Heading()
    if opinion_format not in OPINION_FORMATS:
        raise UsageError(f"未知的审查意见格式 {opinion_format!r}（可选：{', '.join(OPINION_FORMATS)}）")
    if output_dir is not None:
        if fmt is not None or output is not None:
            raise UsageError("--output-dir 写出全部格式，不能与 --format 或 --output 同时使用")
        pdf = available()
        outputs = tuple((f, str(Path(output_dir) / name)) for f, name in FILE_NAMES.items() if f != "pdf" or pdf)
        skipped = () if pdf else (f"未写 summary.pdf：{MISSING}",)
        return SummaryPlan(outputs, opinions or str(Path(output_dir) / OPINIONS_DIR), (output_dir,), chosen=True,
                           opinion_format=opinion_format, heading=heading, skipped=skipped)
    if fmt is None:
        fmt = _format_of(output) if output else DEFAULT_FORMAT
    if fmt not in RENDERERS:
        raise UsageError(f"未知的汇总格式 {fmt!r}（可选：{', '.join(RENDERERS)}）")
    if fmt in BINARY and output is None and stdout_is_terminal:
        raise UsageError(f"{fmt} 是二进制文件，请用 --output 文件名.{fmt} 写入文件")
    if fmt == "pdf" and not available():
        raise UsageError(MISSING)
    return SummaryPlan(((fmt, output),), opinions, opinion_format=opinion_format, heading=heading)


def _format_of(output: str) -> str:
    """The format an output file's extension names; an unknown extension is a usage error, not Markdown
    written into a file called .pdf."""
    suffix = Path(output).suffix.lower()
    if not suffix:
        return DEFAULT_FORMAT
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        raise UsageError(f"--output {output}: 不知道按什么格式写 {suffix} 文件（可用的扩展名："
                         f"{'、'.join(SUFFIXES)}；或用 --format 指定格式）")
    return fmt


# a file name's limit: 255 bytes on Linux and macOS file systems (NTFS counts 255 UTF-16 units, which 255
# bytes of UTF-8 never exceed)
NAME_MAX_BYTES = 255


def _cut(name: str, room: int) -> str:
    """``name`` in at most ``room`` bytes of the file system's encoding, cut between characters; a name that
    is not UTF-8 (GBK bytes from an old archive, kept as surrogate escapes) is cut between bytes."""
    raw = os.fsencode(name)
    if len(raw) <= room:
        return name
    raw = raw[:room]
    # names are UTF-8 on the systems this runs on (os.fsencode gives the bytes back that were not)
    for back in range(4):  # a UTF-8 character is at most 4 bytes
        try:
            return raw[:len(raw) - back].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return os.fsdecode(raw)


def opinion_stem(row: Row, taken: set[str], directory: str | None = None, suffix: str = ".docx") -> str:
    """A file name stem for a report's letter and note: the report's own name, made unique — and never
    the name of a file this run reads (a ``*.审查意见.md`` in the opinions directory may itself be a report)."""
    from validator.fileio import is_protected
    from validator.summary.opinion import LETTER, NOTE

    base = re.sub(r"[\\/:*?\"<>|\s\x00-\x1f\x7f]+", "_", Path(row.path).stem) or "report"
    # a file name holds 255 bytes: a report's long name leaves room for ".审查人备注.docx" and a "-2"
    room = NAME_MAX_BYTES - max(len(f".{kind}{suffix}".encode()) for kind in (LETTER, NOTE)) - len("-9999")
    base = _cut(base, room) or "report"
    stem, n = base, 1

    def clashes(candidate: str) -> bool:
        names = [f"{candidate}.{LETTER}{suffix}", f"{candidate}.{NOTE}{suffix}"]
        return candidate in taken or (directory is not None and any(
            is_protected(str(Path(directory) / name)) for name in names))

    while clashes(stem):
        n += 1
        stem = f"{base}-{n}"
    taken.add(stem)
    return stem


def write_outputs(reports: Sequence[FileReport], ruleset: RuleSet, plan: SummaryPlan,
                  say: Say = lambda message: None) -> None:
    import sys

    from validator.escape import ascii_only, json_ascii
    from validator.fileio import write_atomically

    summary = build_summary(reports, ruleset, plan.heading)
    for note in summary.notes:
        say(f"注意：{note}")
    for directory in plan.made_dirs:
        _make_dir(directory)
    failed: list[UsageError] = []
    for fmt, target in plan.outputs:
        try:
            content = get_renderer(fmt)(summary)
        except UsageError as exc:
            if not plan.chosen:
                raise
            # --output-dir: one format that cannot be made (LibreOffice failing on the PDF) stops no other
            say(f"错误：{exc}")
            failed.append(exc)
            continue
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
        say(f"已写入{_FORMAT_NAMES.get(fmt, fmt)}：{target}")
    for skipped in plan.skipped:
        say(f"注意：{skipped}")
    if plan.opinions is not None:
        write_opinions(summary, plan.opinions, plan.opinion_format, say)
    if failed:
        raise UsageError(f"有 {len(failed)} 种格式未能写出（见上），其余已写出")


_FORMAT_NAMES = {"html": "网页汇总", "markdown": "Markdown 汇总", "csv": "CSV 汇总", "xlsx": "Excel 汇总",
                 "docx": "Word 汇总", "pdf": "PDF 汇总", "json": "JSON 汇总"}


def write_opinions(summary: Summary, directory: str, fmt: str = "docx", say: Say = lambda message: None) -> None:
    """For each report: the letter (``X.审查意见.docx``) and the reviewer's note (``X.审查人备注.docx``)."""
    from validator.fileio import write_atomically
    from validator.summary.opinion import LETTER, NOTE, draft

    _make_dir(directory)
    suffix = OPINION_FORMATS[fmt]
    taken: set[str] = set()
    written = 0
    for row in summary.rows:
        if row.status == NOT_REPORT:
            say(f"注意：{row.name} 不是年度报告，未写{LETTER}")
            continue
        letter, note = draft(row, summary.heading.unit)
        stem = opinion_stem(row, taken, directory, suffix)
        for kind, content in ((LETTER, _render_letter(letter, fmt)), (NOTE, _render_note(note, fmt))):
            target = Path(directory) / f"{stem}.{kind}{suffix}"
            try:
                write_atomically(str(target), content, chosen=True)
            except OSError as exc:
                raise UsageError(f"{target}: 无法写入{kind}（{exc.strerror or exc}）") from None
        written += 1
    if written:
        say(f"已写入 {written} 份{LETTER}草稿（*.{LETTER}{suffix}）和审查人备注（*.{NOTE}{suffix}）：{directory}")


def _render_letter(letter: Letter, fmt: str) -> str | bytes:
    from validator.summary.opinion import letter_markdown

    if fmt == "markdown":
        return letter_markdown(letter)
    from validator.summary.opinion_docx import letter_docx

    return letter_docx(letter)


def _render_note(note: Note, fmt: str) -> str | bytes:
    from validator.summary.opinion import note_markdown

    if fmt == "markdown":
        return note_markdown(note)
    from validator.summary.opinion_docx import note_docx

    return note_docx(note)


def _make_dir(directory: str) -> None:
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{directory}: 无法创建目录（{exc.strerror or exc}）") from None
