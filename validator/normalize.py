"""Normalise source lines into logical paragraphs for matching, keeping a map back to the source.

What changes, and why:
- full-width digits and letters become ASCII (“２０２４” and “2024” must match the same rule), and a
  full-width point between digits a decimal point (“１２３．５％” is 123.5%);
- ideographic and non-breaking spaces count as spaces; zero-width characters go;
- spaces between Chinese characters and digits go (“超过 30 日” is “超过30日”), spaces around
  Latin words stay (“问题 and 不足” is evidence of conversion debris, not something to hide);
- a line broken mid-sentence, by a page break or hard wrap, joins the next one (a container that
  knows where its paragraphs end, like a PDF's geometry or a table cell, says so on the line).
Punctuation is kept as written: the format rules need to see it.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from validator.headings import ITEM_START, parse_label
from validator.model import Paragraph, SourceDocument, SourceLine
from validator.zh import CJK_PUNCTUATION, FULLWIDTH_FORMS, HAN, LINE_END, MARKS_OUTSIDE_BLOCKS, OPEN_END
from validator.directives import is_directive

Piece = tuple[int, int, int]  # (offset in paragraph text, source line index, source column)

_TRANSLATE: dict[int, int | str] = {c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)}
_TRANSLATE.update({c: c - 0xFEE0 for c in range(ord("Ａ"), ord("Ｚ") + 1)})
_TRANSLATE.update({c: c - 0xFEE0 for c in range(ord("ａ"), ord("ｚ") + 1)})
_TRANSLATE.update({ord("\u3000"): " ", ord("\xa0"): " ", ord("\t"): " ", ord("％"): "%"})

# Chinese text, its punctuation and digits: the spaces between two of these are conversion debris
_TIGHT = rf"[{HAN}{CJK_PUNCTUATION}{FULLWIDTH_FORMS}{MARKS_OUTSIDE_BLOCKS}%0-9]"
# Each whitespace alternative can only start where a run of whitespace starts (at the start of the
# line, after a non-space, after a tight character), so a line with a long run of spaces is scanned
# once, not once per space.
_DROP = regex.compile(
    rf"[\u200b-\u200d\u2060\ufeff]+|^\s+|(?<!\s)\s++$|(?<={_TIGHT})\s+(?={_TIGHT})"
)

_WIDE_DECIMAL = regex.compile(r"(?<=\d)．(?=\d)")

_SENTENCE_END = set(LINE_END)  # a colon too: a lead-in line ("如下：") ends its paragraph
_CLOSERS = set("”’」』)）】")
_OPEN_END = set(OPEN_END)
_BODY_MARKS = set("，。；、,;")

# Extra character-level conversions (for example traditional → simplified) that keep lengths.
CharMap = Callable[[str], str]


def clean_line(text: str, line_index: int, char_map: CharMap | None = None) -> tuple[str, list[Piece]]:
    """Normalise one line; returns its text and the pieces mapping it back to the source line."""
    translated = text.translate(_TRANSLATE)
    if "．" in translated:  # a full-width point between digits is a decimal point ("１２３．５％")
        translated = _WIDE_DECIMAL.sub(".", translated)
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
    return line.outline_level is not None or parse_label(text[:LABEL_WINDOW]) is not None


# A heading label stands at the start of a paragraph: only this much of it is looked at, so asking
# about a paragraph that has grown by thousands of joined lines costs the same as about one line.
LABEL_WINDOW = 256


class _Paragraph:
    """The paragraph being built, with what ``continues`` asks of it kept up to date line by line.

    Everything ``continues`` needs — the last two characters, the length, whether a 《 or （ is
    still open, whether there is a comma — is counted as lines are added, never by rescanning the
    text so far, so a paragraph joined from a hundred thousand lines is built in linear time.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.head = ""  # the first LABEL_WINDOW characters
        self.tail = ""  # the last two characters
        self.open_titles = 0  # 《 minus 》
        self.open_parens = 0  # （ minus ）
        self.body_mark = False

    def add(self, text: str, pieces: list[Piece]) -> None:
        self.pieces.extend((self.length + start, line, col) for start, line, col in pieces)
        self.parts.append(text)
        self.length += len(text)
        if len(self.head) < LABEL_WINDOW:
            self.head = (self.head + text)[:LABEL_WINDOW]
        self.tail = (self.tail + text)[-2:]
        self.open_titles += text.count("《") - text.count("》")
        self.open_parens += text.count("（") - text.count("）")
        self.body_mark = self.body_mark or any(c in _BODY_MARKS for c in text)

    def text(self) -> str:
        return "".join(self.parts)


def continues(prev: _Paragraph, prev_line: SourceLine, nxt: str, nxt_line: SourceLine) -> bool:
    """Does ``nxt`` carry on the sentence ``prev`` left unfinished (a page break or a hard wrap)?"""
    if not prev.length or not nxt or prev_line.ends_paragraph:
        return False
    last = prev.tail[-1]
    if prev_line.ends_paragraph is False:
        # the container wrapped the line; only a heading after a finished sentence starts afresh
        return not (looks_like_heading(nxt, nxt_line) and last in _SENTENCE_END)
    if looks_like_heading(prev.head, prev_line) or looks_like_heading(nxt, nxt_line):
        return False
    if ITEM_START.match(nxt):
        return False
    if last in _SENTENCE_END or (last in _CLOSERS and len(prev.tail) > 1 and prev.tail[0] in _SENTENCE_END):
        return False
    if last in _OPEN_END or prev.open_titles > 0 or prev.open_parens > 0:
        return True
    # Only body text is joined: a title or a signature line has no commas and stays on its own.
    return prev.length >= 20 and prev.body_mark


def _set_off(prev: _Paragraph, nxt: str, blank_between: bool, stands_alone: Callable[[str], bool] | None) -> bool:
    """A blank line separates a one-line paragraph or the next line that is an unnumbered heading."""
    if stands_alone is None or not blank_between:
        return False
    return (len(prev.parts) == 1 and stands_alone(prev.parts[0])) or stands_alone(nxt)


def build_paragraphs(source: SourceDocument, char_map: CharMap | None = None,
                     stands_alone: Callable[[str], bool] | None = None) -> list[Paragraph]:
    """Turn source lines into normalised paragraphs (blank lines separate; broken sentences join).

    ``stands_alone`` says whether a line is a heading without a numeral ("存在的问题和原因"): set off by a
    blank line, such a line is never joined to its neighbour as a sentence broken by a page break.
    """
    paragraphs: list[Paragraph] = []
    current = _Paragraph()
    last_line: SourceLine | None = None
    last_index = -1

    def flush() -> None:
        nonlocal current
        if current.length:
            paragraphs.append(Paragraph(len(paragraphs), current.text(), tuple(current.pieces)))
        current = _Paragraph()

    for index, line in enumerate(source.lines):
        if is_directive(line.text):
            continue  # a suppression comment (validator/directives.py) is not report text
        cleaned, line_pieces = clean_line(line.text, index, char_map)
        if not cleaned:
            continue
        if current.length and not (last_line is not None and continues(current, last_line, cleaned, line)
                                   and not _set_off(current, cleaned, index - last_index > 1, stands_alone)):
            flush()
        current.add(cleaned, line_pieces)
        last_line, last_index = line, index
    flush()
    return paragraphs

