"""``check --fix`` and ``check --diff``: apply the safe, mechanical fixes to a plain-text report.

Only problems that carry edits are fixed: half-width punctuation, conversion debris (field codes,
page numbers, Markdown markers, web chrome, sentences split by a blank line) and preferred terms
with one right form. Everything else needs a person and is only reported.

Edits are made on the original text as it was read — encoding, byte-order mark and line endings
are kept — and the result is checked again (a few passes, since one fix can reveal another).
Only .txt/.md files are ever written, atomically, keeping the file's owner, group and permission
bits (validator.fileio.replace_input); a file with several hard links, or whose owner this process
cannot keep, is reported and left alone. .docx/.pdf/.html are reported, never touched.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from typing import NamedTuple

from validator import pipeline, readers
from validator.errors import InputError
from validator.escape import visible
from validator.fileio import ReplaceRefused, read_input, replace_input
from validator.lazyre import lazy_regex
from validator.model import SourceDocument, SourceEdit
from validator.readers import can_fix
from validator.readers.text import LINE_BREAK
from validator.results import FileReport
from validator.ruleset import RuleSet

MAX_PASSES = 3
_LINE_BREAK = lazy_regex(LINE_BREAK)  # exactly how the text reader splits lines


class FixOutcome(NamedTuple):
    path: str
    report: FileReport  # the check of the text as it is now (fixed, or untouched)
    original: str = ""
    fixed: str = ""
    applied: int = 0  # edits made
    refused: str | None = None  # why the file was left alone although it has fixable problems

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


# --------------------------------------------------------------------------- edits


def line_starts(text: str) -> list[int]:
    """Offset of the start of each line, plus the end of the text (so (last line + 1, 0) is valid)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text)), len(text)]


def _offset(starts: list[int], position: tuple[int, int]) -> int:
    line, column = position
    return min(starts[line] + column, starts[-1])


def apply_edits(text: str, edits: Iterable[SourceEdit]) -> tuple[str, int]:
    """Apply non-overlapping edits; where two overlap, the one starting first (or the larger) wins."""
    starts = line_starts(text)
    spans = sorted({(_offset(starts, e.start), _offset(starts, e.end), e.text) for e in edits},
                   key=lambda s: (s[0], -s[1]))
    chosen: list[tuple[int, int, str]] = []
    for start, end, new in spans:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, new))
    # one join: replacing edit by edit would copy the whole text once per edit (a report of a million
    # half-width commas would take half an hour)
    parts: list[str] = []
    position = 0
    for start, end, new in chosen:
        parts += [text[position:start], new]
        position = end
    parts.append(text[position:])
    return "".join(parts), len(chosen)


def _matches_source(text: str, source: SourceDocument) -> bool:
    """The edits' positions are line/column of the reader's lines: the raw text must split into exactly them."""
    parts: list[str] = _LINE_BREAK.split(text)
    return parts == [line.text for line in source.lines]


# --------------------------------------------------------------------------- files


# A UTF-16/UTF-32 report's byte-order mark: the reader names the codec of its byte order and
# decodes after the mark, so the mark is taken off here and put back when the fix is written.
# (UTF-8's is handled by the "utf-8-sig" codec itself.)
_BOMS: dict[str, bytes] = {
    "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
}


class _Encoding(NamedTuple):
    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def _read(path: str) -> tuple[SourceDocument, str, _Encoding]:
    """The report read once: what the checker reads, the file's text exactly as written, and how to write
    it back (same codec, same BOM). The same bytes serve both, so they cannot differ."""
    from validator.limits import MAX_INPUT_BYTES

    data = read_input(path, MAX_INPUT_BYTES)
    source = readers.read_bytes(data, path)
    return (source, *_decode(path, data, source))


def _decode(path: str, data: bytes, source: SourceDocument) -> tuple[str, _Encoding]:
    if source.encoding is None:
        raise InputError(f"{path}: 无法确定文件编码，未作修改")
    try:
        bom = _BOMS.get(source.encoding, b"")
        encoding = _Encoding(source.encoding, bom if bom and data.startswith(bom) else b"")
        return data[len(encoding.bom):].decode(encoding.codec), encoding
    except (LookupError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: 无法重新读取文件（{exc}），未作修改") from None


def _fix_text(path: str, text: str, source: SourceDocument, ruleset: RuleSet,
              encoding: _Encoding) -> tuple[str, int, FileReport]:
    report = pipeline.check_source(source, ruleset)
    applied = 0
    for _ in range(MAX_PASSES):
        edits = [edit for finding in report.findings for edit in finding.fix]
        if not edits or not _matches_source(text, source):
            break
        text, made = apply_edits(text, edits)
        applied += made
        source = readers.read_bytes(encoding.encode(text), path)
        report = pipeline.check_source(source, ruleset)
    return text, applied, report


def fix_path(path: str, ruleset: RuleSet, write: bool = True) -> FixOutcome:
    """Fix one file (or only compute the fix when ``write`` is false). Never raises for a bad input."""
    if not can_fix(path):
        report = pipeline.check_path(path, ruleset)
        fixable = sum(f.fixable for f in report.findings)
        reason = (f"{path}: 只能自动修改 .txt/.md 文本文件，{fixable} 处可机械修改的问题未作修改，请在原文件中修改"
                  if fixable and report.error is None else None)
        return FixOutcome(path, report, refused=reason)
    try:
        source, original, encoding = _read(path)
    except InputError as exc:
        return FixOutcome(path, FileReport(path, error=str(exc)))
    if not _matches_source(original, source):
        report = pipeline.check_source(source, ruleset)
        return FixOutcome(path, report, original, original, refused=f"{path}: 读取的文本与文件内容不一致，未作修改")
    fixed, applied, report = _fix_text(path, original, source, ruleset, encoding)
    outcome = FixOutcome(path, report, original, fixed, applied)
    if write and outcome.changed:
        try:
            # the BOM, written as a character in the file's own codec, keeps the byte order as it was
            replace_input(path, ("\ufeff" if encoding.bom else "") + fixed, encoding=encoding.codec, newline="")
        except ReplaceRefused as exc:
            return FixOutcome(path, pipeline.check_source(source, ruleset), original, original,
                              refused=f"{path}: {exc.strerror}，{applied} 处可机械修改的问题未作修改")
        except OSError as exc:
            failed = FileReport(path, error=f"{path}: 无法写回修改（{exc.strerror or exc}），文件未改动")
            return FixOutcome(path, failed, original, original)
    return outcome


def unified_diff(outcome: FixOutcome) -> str:
    """The fix as a unified diff (what --diff prints)."""
    import difflib  # only for --diff

    name = visible(outcome.path)
    lines = difflib.unified_diff(outcome.original.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True),
                                 fromfile=name, tofile=name)
    return "".join(_shown(line) for line in lines)


def _shown(line: str) -> str:
    """One diff line for people: its text visible (no escape sequence reaches the terminal), its end kept."""
    body = line.splitlines()[0] if line else ""
    ending = line[len(body):]
    if ending in ("\n", "\r\n", "\r"):
        return visible(body) + ending
    if ending:  # a form feed, NEL or U+2028 that splitlines() took for a line end: shown, then a newline
        return visible(line) + "\n"
    return visible(body) + "\n\\ No newline at end of file\n"
