"""Escaping what came from outside (file names, report text, rule files) for the medium it is written to.

File names and report text may carry newlines, terminal escape sequences, GitHub workflow commands
(``::error ...::`` at the start of a line), bidirectional overrides and bytes that are not UTF-8 (a name
from a Windows zip decodes to lone surrogates, Python's ``surrogateescape``). Written as they are, they
forge lines in a log, recolour or rewrite a terminal, inject annotations into a CI run, or crash the
encoder of a UTF-8 stream. Each medium has its escape here:

- ``visible``: text for people — the terminal and text reports, stderr, Markdown, HTML, CSV and XLSX
  cells. Control characters become visible escapes (``\\n``, ``\\x1b``), so one line stays one line and
  nothing reaches the terminal as a command; a byte that was not UTF-8 shows as ``\\xNN``.
- ``json_text``: a JSON document written with ``ensure_ascii=False``. JSON escapes control characters
  itself; a lone surrogate becomes the JSON escape ``\\udcNN``, so the text stays valid UTF-8 and a
  Python consumer gets the original name back.
- ``spreadsheet_cell``: ``visible`` plus a leading apostrophe before ``= + - @`` (and tab or carriage
  return), so CSV and XLSX consumers never evaluate a cell as a formula.
- ``STREAM_ERRORS``: the error handler every output stream uses, so a terminal that cannot encode "✓" or
  Chinese (``PYTHONIOENCODING=ascii``, a GBK console) gets a fallback mark or "?" instead of a crash.
"""

from __future__ import annotations

import codecs
import re

# C0 controls except tab, DEL, C1 controls, the Unicode line and paragraph separators, the bidirectional
# embeddings, overrides and isolates ("Trojan Source"), every surrogate (only ever a lone one in a str), and
# the two non-characters XML does not allow (U+FFFE, U+FFFF: an .xlsx or .docx could not hold them).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for the start of a formula


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character, separator and lone surrogate written as a visible escape."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape_char, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(dumped: str) -> str:
    """Text from ``json.dumps(..., ensure_ascii=False)`` with lone surrogates as JSON ``\\uXXXX`` escapes.

    A raw surrogate can only stand inside a JSON string, where the escape means the same code point.
    """
    if _SURROGATE.search(dumped) is None:
        return dumped
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def spreadsheet_cell(text: str) -> str:
    """A cell for CSV or XLSX: visible, and never read as a formula by the spreadsheet."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def ascii_only(stream: object) -> bool:
    """Must JSON written to ``stream`` escape all but ASCII (a console that cannot encode Chinese)? Then the
    JSON stays valid and lossless instead of degrading to "?"."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "法✓".encode(encoding)
    except (UnicodeError, LookupError):
        return True
    return False


_NON_ASCII = re.compile("[^\x00-\x7f]")


def json_ascii(dumped: str) -> str:
    """JSON text with every non-ASCII character as a ``\\uXXXX`` escape (a pair for astral ones)."""
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x10000:
            return f"\\u{code:04x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return _NON_ASCII.sub(escape, dumped)


# --------------------------------------------------------------------------- output streams

STREAM_ERRORS = "fazhi-lint-fallback"
# Marks with no place in a legacy code page, and what to write instead (the first the stream can encode).
FALLBACK_MARKS = {
    "✓": ("√", "v"), "✗": ("×", "x"), "◐": ("~",), "–": ("-",), "—": ("-",), "“": ('"',), "”": ('"',),
    "▸": (">",), "▾": ("v",), "…": ("...",), "·": (".",), "→": ("->",), "←": ("<-",),
}


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        out.append(_substitute(char, exc.encoding))
    return "".join(out), exc.end


def _substitute(char: str, encoding: str) -> str:
    for candidate in FALLBACK_MARKS.get(char, ()):
        try:
            candidate.encode(encoding)
        except (UnicodeError, LookupError):
            continue
        return candidate
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return "?"


codecs.register_error(STREAM_ERRORS, _fallback)
