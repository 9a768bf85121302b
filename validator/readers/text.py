"""Plain text and Markdown, in any encoding a Chinese office saves (see ``encoding``).

Markdown markup is blanked out with spaces rather than deleted, so every character keeps its
column and findings still point at the right place in the file. A ``#`` heading's level becomes
the line's ``outline_level``, as a Word heading style's does.
"""

from __future__ import annotations

import regex

from validator.lazyre import lazy_regex
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import decode_text

__all__ = ["decode_text", "read_markdown", "read_plain_text", "split_lines"]


def split_lines(text: str) -> list[SourceLine]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(line) for line in text.split("\n")]


def read_plain_text(data: bytes, name: str) -> SourceDocument:
    decoded = decode_text(data, name)
    return SourceDocument(path=name, format="txt", lines=split_lines(decoded.text), encoding=decoded.encoding,
                          notes=[decoded.note] if decoded.note else [])


def read_markdown(data: bytes, name: str) -> SourceDocument:
    decoded = decode_text(data, name)
    return SourceDocument(path=name, format="md", lines=markdown_lines(decoded.text), encoding=decoded.encoding,
                          notes=[decoded.note] if decoded.note else [])


# --------------------------------------------------------------------------- Markdown

_ATX = lazy_regex(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_FENCE = lazy_regex(r"^\s{0,3}(```|~~~)")
_RULE = lazy_regex(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = lazy_regex(r"^\s{0,3}(=+|-+)\s*$")
_TABLE_DELIMITER = lazy_regex(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = lazy_regex(r"^\s*\|.*\|\s*$")
_BLOCK_PREFIX = lazy_regex(r"^(\s*>)+\s?|^\s*[-*+]\s+(\[[ xX]\]\s+)?")
# inline markup to blank: images, the link syntax around link text, emphasis and code marks,
# HTML tags; a "*" between digits is multiplication and stays
_IMAGE = lazy_regex(r"!\[[^\]]*\]\([^)]*\)")
_LINK = lazy_regex(r"\[(?P<text>[^\]]*)\](?P<target>\([^)]*\))")
_INLINE = lazy_regex(r"\*\*|__|~~|`+|(?<!\d\s*)\*(?!\s*\d)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")


def markdown_lines(text: str) -> list[SourceLine]:
    """Source lines of a Markdown file with the markup blanked out (same length, same columns)."""
    raw = [line.text for line in split_lines(text)]
    out: list[SourceLine] = []
    in_fence = False
    for index, line in enumerate(raw):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(SourceLine(_blank(line)))
            continue
        if in_fence:
            out.append(SourceLine(line))
            continue
        out.append(_markdown_line(line, raw[index + 1] if index + 1 < len(raw) else ""))
    _drop_front_matter(raw, out)
    return out


def _markdown_line(line: str, following: str) -> SourceLine:
    if _TABLE_DELIMITER.match(line) and "-" in line and ("|" in line or ":" in line):
        return SourceLine(_blank(line))
    if _RULE.match(line) or (_SETEXT.match(line) and line.strip()):
        return SourceLine(_blank(line))
    if _TABLE_ROW.match(line):
        # each row is one block: never joined onto the next row
        return SourceLine(_inline(line).replace("|", " "), ends_paragraph=True)
    atx = _ATX.match(line)
    if atx is not None:
        # the level becomes the container's heading signal; the hashes are blanked like other markup
        start, end = atx.span("text")
        return SourceLine(_blank(line[:start]) + _inline(line[start:end]) + _blank(line[end:]),
                          outline_level=len(atx["hashes"]))
    level = _setext_level(line, following)
    cleaned = _inline(_BLOCK_PREFIX.sub(lambda m: _blank(m.group(0)), line, count=1))
    return SourceLine(cleaned, outline_level=level)


def _setext_level(line: str, following: str) -> int | None:
    """A line underlined with === or --- is a level 1 or 2 heading."""
    if not line.strip() or not _SETEXT.match(following) or not following.strip():
        return None
    return 1 if following.strip().startswith("=") else 2


def _inline(line: str) -> str:
    line = _IMAGE.sub(lambda m: _blank(m.group(0)), line)
    line = _LINK.sub(_blank_link_syntax, line)
    blanked: str = _INLINE.sub(lambda m: _blank(m.group(0)), line)
    return blanked


def _blank_link_syntax(m: regex.Match[str]) -> str:
    text: str = m["text"]
    return " " + text + _blank("]" + m["target"])


def _blank(text: str) -> str:
    return " " * len(text)


def _drop_front_matter(raw: list[str], out: list[SourceLine]) -> None:
    """A YAML front-matter block (--- … --- at the very top) is metadata, not report text."""
    if not raw or raw[0].strip() != "---":
        return
    for end in range(1, len(raw)):
        if raw[end].strip() in ("---", "..."):
            for i in range(end + 1):
                out[i] = SourceLine(_blank(raw[i]))
            return
