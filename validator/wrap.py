"""Line breaking for Chinese text in a terminal: by display width, between any two Chinese characters,
never inside a Latin word, a number or a standard's number ("GB/T 9704-2012", "report.signing-date",
"67.3/100", "15:237"), never before a closing mark (，。）》”…) or after an opening one (（《“).

Python's textwrap and rich break only at spaces and count characters, not columns: a Chinese line is
one unbreakable "word" twice as wide as they think, folded wherever the edge falls — "GB/T" on one line
and "9704-2012" on the next. Standard library only (the plain-text report and argparse's help use it).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# What must stay on one line: a standard's code and number, Latin words and numbers with their inner
# punctuation; one Chinese character (or any other character) otherwise.
_ATOM = regex.compile(
    r"(?:GB|GA|DB|JR|YY)(?:/[TZ])?\s?\d+(?:[.\-]\d+)*(?:[-—]\d{4})?"  # GB/T 9704-2012, DB11/T 1234-2020
    r"|(?:--?|\.)?[A-Za-z0-9][A-Za-z0-9._/:%+#@~\-]*(?<=[A-Za-z0-9%])"  # report.signing-date, 67.3/100, --fix, .txt
    r"|\s+"
    r"|.",
    regex.DOTALL,
)
# No line starts with these (they cling to what is before) or ends with those (they cling to what follows).
_CLOSING = frozenset("，。、；：？！）》〉」』】〕”’…—,.;:?!)]}%")
_OPENING = frozenset("（《〈「『【〔“‘([{")


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _pieces(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_space) of the unbreakable pieces of ``text``, marks joined to their neighbours."""
    pieces: list[tuple[int, int, bool]] = []
    glue_next = False
    for m in _ATOM.finditer(text):
        start, end = m.span()
        space = text[start].isspace()
        if pieces and not space and (glue_next or text[start] in _CLOSING) and not pieces[-1][2]:
            pieces[-1] = (pieces[-1][0], end, False)
        else:
            pieces.append((start, end, space))
        glue_next = not space and text[end - 1] in _OPENING
    return pieces


def breaks(text: str, first: int, rest: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` broken to ``first`` columns (``rest`` for the lines after
    the first; default the same). Spaces at a break are dropped; a piece wider than a whole line is cut."""
    rest = max(1, first if rest is None else rest)
    limit = max(1, first)
    lines: list[tuple[int, int]] = []
    start = end = -1  # the current line, -1: none yet
    for p0, p1, space in _pieces(text):
        if space:
            continue  # a space stays only between two pieces of the same line
        if start >= 0 and width(text[start:p1]) <= limit:
            end = p1
            continue
        if start >= 0:
            lines.append((start, end))
            limit, start = rest, -1
        if width(text[p0:p1]) <= limit:
            start, end = p0, p1
            continue
        cuts = _cut(text, p0, p1, limit, rest)  # one piece wider than a line
        lines.extend(cuts[:-1])
        limit = rest
        start, end = cuts[-1]
    if start >= 0:
        lines.append((start, end))
    return lines or [(0, 0)]


def _cut(text: str, p0: int, p1: int, room: int, line: int) -> list[tuple[int, int]]:
    """Cut text[p0:p1] into runs of at most ``room`` columns, then ``line`` columns."""
    out = []
    i = p0
    budget = max(1, room)
    while i < p1:
        j, used = i, 0
        while j < p1 and (used + _char_width(text[j]) <= budget or j == i):
            used += _char_width(text[j])
            j += 1
        out.append((i, j))
        i, budget = j, line
    return out


def wrap(text: str, first: int, rest: int | None = None) -> list[str]:
    """``text`` as lines of at most ``first`` (then ``rest``) columns."""
    return [text[a:b] for a, b in breaks(text, first, rest)]
