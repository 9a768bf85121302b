"""Plain text and Markdown, in any encoding a Chinese office saves (see ``encoding``).

Markdown markup is blanked out with spaces rather than deleted, so every character keeps its
column and findings still point at the right place in the file. A ``#`` heading's level becomes
the line's ``outline_level``, as a Word heading style's does.
"""

from __future__ import annotations

import regex

from validator.lazyre import lazy_regex
from validator.limits import check_extracted
from validator.model import SourceDocument, SourceLine
from validator.readers.encoding import decode_text

__all__ = ["decode_text", "read_markdown", "read_plain_text", "split_lines"]


def split_lines(text: str) -> list[SourceLine]:
    return [SourceLine(line) for line in _unix_newlines(text).split("\n")]


# Unicode's other line ends (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR) break lines as \n does: some
# editors and converters write them, and a report whose lines they end is otherwise one long line.
# validator.fix splits the original text at exactly these (LINE_BREAK).
LINE_BREAK = r"\r\n|\r|\n|\x85|\u2028|\u2029"
_OTHER_LINE_ENDS = ("\r", "\x85", "\u2028", "\u2029")


def _unix_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n")
    for end in _OTHER_LINE_ENDS:
        if end in text:
            text = text.replace(end, "\n")
    return text


def _decode_within_limits(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """The decoded text (newlines unified), its encoding and notes; refused before any line
    object is made when it holds more lines or characters than a report can (validator.limits)."""
    decoded = decode_text(data, name)
    text = _unix_newlines(decoded.text)
    check_extracted(name, text.count("\n") + 1, len(text))
    return text, decoded.encoding, [decoded.note] if decoded.note else []


def read_plain_text(data: bytes, name: str) -> SourceDocument:
    text, encoding, notes = _decode_within_limits(data, name)
    return SourceDocument(path=name, format="txt", lines=split_lines(text), encoding=encoding, notes=notes)


def read_markdown(data: bytes, name: str) -> SourceDocument:
    text, encoding, notes = _decode_within_limits(data, name)
    return SourceDocument(path=name, format="md", lines=markdown_lines(text), encoding=encoding, notes=notes)


# --------------------------------------------------------------------------- Markdown

# the heading text runs to the end of the line; its closing hashes are cut off in code (_atx_text_end),
# because a lazy ".*?" before optional trailing spaces and hashes backtracks quadratically on long lines
_ATX = lazy_regex(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*)$")
_FENCE = lazy_regex(r"^\s{0,3}(```|~~~)")
_RULE = lazy_regex(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = lazy_regex(r"^\s{0,3}(=+|-+)\s*$")
# possessive (*+, {3,}+): with two "\s*" side by side a long run of spaces could be split between them
# in every way before the match fails, quadratic in the run's length
_TABLE_DELIMITER = lazy_regex(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")
_TABLE_ROW = lazy_regex(r"^\s*\|.*\|\s*$")
_BLOCK_PREFIX = lazy_regex(r"^(\s*>)+\s?|^\s*[-*+]\s+(\[[ xX]\]\s+)?")
# inline markup to blank: images, the link syntax around link text, emphasis and code marks,
# HTML tags; a "*" between digits is multiplication and stays
# No bracket inside the brackets and no parenthesis inside the target: each attempt then stops at the
# next bracket, so a line of ten thousand "[" costs linear time, not quadratic.
_IMAGE = lazy_regex(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = lazy_regex(r"\[(?P<text>[^\[\]]*)\](?P<target>\([^()]*\))")
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
        start = atx.start("text")
        end = start + _atx_text_end(atx["text"])
        return SourceLine(_blank(line[:start]) + _inline(line[start:end]) + _blank(line[end:]),
                          outline_level=len(atx["hashes"]))
    level = _setext_level(line, following)
    cleaned = _inline(_BLOCK_PREFIX.sub(lambda m: _blank(m.group(0)), line, count=1))
    return SourceLine(cleaned, outline_level=level)


def _atx_text_end(text: str) -> int:
    """Length of a heading's text without trailing spaces and a closing run of hashes ("## 标题 ##").

    The closing hashes count only after a space ("# C#" keeps its "#"); a heading of hashes alone
    keeps them.
    """
    kept = text.rstrip()
    body = kept.rstrip("#")
    if len(body) < len(kept) and body and body[-1].isspace():
        kept = body.rstrip()
    return len(kept)


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
