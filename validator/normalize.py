"""Normalise source lines into logical paragraphs for matching, keeping a map back to the source.

What changes, and why:
- full-width digits and letters become ASCII (“２０２４” and “2024” must match the same rule);
- ideographic and non-breaking spaces count as spaces; zero-width characters go;
- spaces between Chinese characters and digits go (“超过 30 日” is “超过30日”), spaces around
  Latin words stay (“问题 and 不足” is evidence of conversion debris, not something to hide);
- a line broken mid-sentence, by a page break or hard wrap, joins the next one (a container that
  knows where its paragraphs end, like a PDF's geometry or a table cell, says so on the line).
Punctuation is kept as written: the format rules need to see it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from validator.headings import ITEM_START, parse_label
from validator.model import Paragraph, SourceDocument, SourceLine
from validator.suppress import is_directive

Piece = tuple[int, int, int]  # (offset in paragraph text, source line index, source column)

_TRANSLATE: dict[int, int | str] = {c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)}
_TRANSLATE.update({c: c - 0xFEE0 for c in range(ord("Ａ"), ord("Ｚ") + 1)})
_TRANSLATE.update({c: c - 0xFEE0 for c in range(ord("ａ"), ord("ｚ") + 1)})
_TRANSLATE.update({ord("\u3000"): " ", ord("\xa0"): " ", ord("\t"): " ", ord("％"): "%"})

_TIGHT = r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—·%0-9]"
_DROP = regex.compile(
    rf"[\u200b-\u200d\u2060\ufeff]+|^\s+|\s+$|(?<={_TIGHT})\s+(?={_TIGHT})"
)

_SENTENCE_END = set("。！？!?；;：:")
_CLOSERS = set("”’」』)）】")
_OPEN_END = set("，、,（(《“‘【—")
_BODY_MARKS = set("，。；、,;")

# Extra character-level conversions (for example traditional → simplified) that keep lengths.
CharMap = Callable[[str], str]


def clean_line(text: str, line_index: int, char_map: CharMap | None = None) -> tuple[str, list[Piece]]:
    """Normalise one line; returns its text and the pieces mapping it back to the source line."""
    translated = text.translate(_TRANSLATE)
    if char_map is not None:
        translated = char_map(translated)
    drops = [(m.start(), m.end()) for m in _DROP.finditer(translated)
             if not _is_digit_gap(translated, m.start(), m.end())]
    drops.append((len(translated), len(translated)))
    out: list[str] = []
    pieces: list[Piece] = []
    pos = length = 0
    for start, end in drops:
        if start > pos:
            pieces.append((length, line_index, pos))
            out.append(translated[pos:start])
            length += start - pos
        pos = end
    return "".join(out), pieces


def _is_digit_gap(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def looks_like_heading(text: str, line: SourceLine) -> bool:
    return line.outline_level is not None or parse_label(text) is not None


def continues(prev: str, prev_line: SourceLine, nxt: str, nxt_line: SourceLine) -> bool:
    """Does ``nxt`` carry on the sentence ``prev`` left unfinished (a page break or a hard wrap)?"""
    if not prev or not nxt or prev_line.ends_paragraph:
        return False
    if prev_line.ends_paragraph is False:
        # the container wrapped the line; only a heading after a finished sentence starts afresh
        return not (looks_like_heading(nxt, nxt_line) and prev[-1] in _SENTENCE_END)
    if looks_like_heading(prev, prev_line) or looks_like_heading(nxt, nxt_line):
        return False
    if ITEM_START.match(nxt):
        return False
    last = prev[-1]
    if last in _SENTENCE_END or (last in _CLOSERS and len(prev) > 1 and prev[-2] in _SENTENCE_END):
        return False
    if last in _OPEN_END or prev.count("《") > prev.count("》") or prev.count("（") > prev.count("）"):
        return True
    # Only body text is joined: a title or a signature line has no commas and stays on its own.
    return len(prev) >= 20 and any(c in _BODY_MARKS for c in prev)


def build_paragraphs(source: SourceDocument, char_map: CharMap | None = None) -> list[Paragraph]:
    """Turn source lines into normalised paragraphs (blank lines separate; broken sentences join)."""
    paragraphs: list[Paragraph] = []
    text = ""
    pieces: list[Piece] = []
    last_line: SourceLine | None = None

    def flush() -> None:
        nonlocal text, pieces
        if text:
            paragraphs.append(Paragraph(len(paragraphs), text, tuple(pieces)))
        text, pieces = "", []

    for index, line in enumerate(source.lines):
        if is_directive(line.text):
            continue  # a suppression comment (validator/suppress.py) is not report text
        cleaned, line_pieces = clean_line(line.text, index, char_map)
        if not cleaned:
            continue
        if text and not (last_line is not None and continues(text, last_line, cleaned, line)):
            flush()
        offset = len(text)
        pieces.extend((offset + start, li, col) for start, li, col in line_pieces)
        text += cleaned
        last_line = line
    flush()
    return paragraphs


def plain_text(paragraphs: Iterable[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)
