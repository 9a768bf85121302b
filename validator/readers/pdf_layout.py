"""PDF page geometry → lines of text: grouping glyphs into lines, dropping page furniture, wraps.

Pure geometry on glyph boxes (PDF points, y upwards), no PDF library, so every rule here is
tested on made-up pages. What it decides:

- glyphs on one baseline form a line, read left to right (content-stream order is not reading
  order: LibreOffice, for one, writes the curly quotes of a line after the line's other text);
- page numbers ("- 4 -", "第 4 页", "4/12", a lone number) at the top or bottom of a page, and
  running heads and footers (repeated on several pages, or in small print at the page edge) are
  not report text;
- a line is *wrapped* into the next when it runs to the right margin and the next line carries
  on at the left margin at the usual line spacing (or on the next page), not indented as a new
  paragraph. Lines that end short are left to the text heuristics of ``normalize``, which also
  know sentences broken by a hard return.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from validator.lazyre import lazy_regex


class Glyph(NamedTuple):  # a tuple, not a dataclass: a page may hold a hundred thousand of them
    char: str
    left: float
    right: float
    baseline: float
    size: float  # font size, the em


@dataclass
class Line:
    page: int
    glyphs: list[Glyph]
    number: int = 0  # 1-based line on its page, furniture included
    text: str = ""
    wrapped: bool = False  # the next body line continues this one

    @property
    def left(self) -> float:
        return self.glyphs[0].left

    @property
    def right(self) -> float:
        return self.glyphs[-1].right

    @property
    def baseline(self) -> float:
        return statistics.median(g.baseline for g in self.glyphs)

    @property
    def em(self) -> float:
        return statistics.median(g.size for g in self.glyphs)


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)


# A gap wider than this share of the em between two glyphs is a space.
SPACE_GAP = 0.2
# Glyphs whose baselines differ by less than this share of the em sit on one line.
SAME_LINE = 0.35
# A line ending within this many ems of the right margin runs to it (CJK line breaking and a
# number or Latin word that did not fit leave up to about this much) — in a narrow column,
# within this share of the column's width.
FULL_LINE_SLACK = 2.5
FULL_LINE_SLACK_SHARE = 0.08
# A line starting more than this many ems right of the left margin is indented: a new paragraph.
INDENT = 1.0
# Lines further apart than this share of the usual line spacing are separate paragraphs.
PARAGRAPH_GAP = 1.35
# Furniture is looked for in this share of the page height at the top and at the bottom.
MARGIN_BAND = 0.15
# A line at the page edge in a font this much smaller than the body's is a running head or footer.
SMALL_PRINT = 0.85
SENTENCE_END = set("。！？!?；;：:")

_PAGE_NUMBER = lazy_regex(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–－\s]*$"
    r"|^[-—–－\s]*(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[-—–－\s]*$"
    r"|^第\s*\d{1,4}\s*页\s*[，,]?\s*共\s*\d{1,4}\s*页$",
    regex.IGNORECASE,
)


def group_lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs of one page into lines, top to bottom, each read left to right."""
    ordered = sorted(glyphs, key=lambda g: -g.baseline)
    lines: list[list[Glyph]] = []
    for glyph in ordered:
        if lines and abs(lines[-1][0].baseline - glyph.baseline) <= SAME_LINE * max(glyph.size, lines[-1][0].size):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    out = []
    for number, members in enumerate(lines, 1):
        members.sort(key=lambda g: g.left)
        line = Line(page, members, number)
        line.text = line_text(members)
        out.append(line)
    return out


def line_text(glyphs: list[Glyph]) -> str:
    parts: list[str] = []
    for previous, glyph in zip([None, *glyphs], glyphs):
        if previous is not None and glyph.left - previous.right > SPACE_GAP * glyph.size:
            parts.append(" ")
        parts.append(glyph.char)
    return "".join(parts)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _in_band(line: Line, page: Page, top: bool) -> bool:
    if page.height <= 0:
        return True
    share = (page.height - line.baseline) / page.height if top else line.baseline / page.height
    return share <= MARGIN_BAND


def drop_furniture(pages: list[Page]) -> list[Line]:
    """Body lines of all pages in order: page numbers and repeated heads/footers removed."""
    repeated = _repeated_edges(pages, top=True) | _repeated_edges(pages, top=False)
    ems = [g.size for page in pages for line in page.lines for g in line.glyphs]
    small = SMALL_PRINT * statistics.median(ems) if ems else 0.0
    body: list[Line] = []
    for page in pages:
        edges = _edge(page, top=True) + _edge(page, top=False)
        for line in page.lines:
            if line in edges and (is_page_number(line.text) or _furniture_key(line) in repeated or line.em < small):
                continue
            body.append(line)
    return body


def _edge(page: Page, top: bool) -> list[Line]:
    """The lines where a running head (top) or footer (bottom) can stand: two at most, in the margin band."""
    lines = page.lines[:2] if top else page.lines[-2:]
    return [line for line in lines if _in_band(line, page, top)]


def _furniture_key(line: Line) -> tuple[str, int]:
    """Running heads repeat the same text (page numbers aside) at the same height on every page."""
    text: str = regex.sub(r"\s+", "", regex.sub(r"\d+", "#", line.text))
    return text, round(line.baseline)


def _repeated_edges(pages: list[Page], top: bool) -> set[tuple[str, int]]:
    """Lines repeated at the same edge of several pages, a middle page among them.

    The middle page matters: the issuer's name heads the first page and may sign at the top of
    the last one, at the same height, without being a running head.
    """
    seen: dict[tuple[str, int], set[int]] = {}
    for page in pages:
        for line in _edge(page, top):
            seen.setdefault(_furniture_key(line), set()).add(page.number)
    need = max(2, (len(pages) + 1) // 2)
    ends = {pages[0].number, pages[-1].number} if pages else set()
    return {key for key, where in seen.items() if key[0] and len(where) >= need and where - ends}


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    pitch: float  # usual distance between the baselines of two lines of a paragraph


def measure(lines: list[Line]) -> Margins | None:
    if not lines:
        return None
    lefts = sorted(line.left for line in lines)
    long_lines = [line for line in lines if len(line.glyphs) >= 8] or lines
    rights = sorted(line.right for line in long_lines)
    steps = [a.baseline - b.baseline for a, b in zip(lines, lines[1:])
             if a.page == b.page and a.baseline - b.baseline > 0]
    pitch = min(steps, default=0.0)
    # the most common small step is the line spacing inside paragraphs
    if steps:
        close = [s for s in steps if s <= pitch * 1.25]
        pitch = statistics.median(close)
    return Margins(left=lefts[len(lefts) // 10], right=rights[(len(rights) * 9) // 10], pitch=pitch)


def mark_wraps(lines: list[Line]) -> None:
    """Set ``wrapped`` on every body line whose paragraph goes on in the next line."""
    margins = measure(lines)
    if margins is None:
        return
    for line, following in zip(lines, lines[1:]):
        line.wrapped = _wraps(line, following, margins)


def _wraps(line: Line, following: Line, margins: Margins) -> bool:
    em = line.em
    slack = min(FULL_LINE_SLACK * em, FULL_LINE_SLACK_SHARE * (margins.right - margins.left))
    if line.right < margins.right - slack:
        return False  # ends short: the end of a paragraph, a heading, a title
    if following.left > margins.left + INDENT * em:
        return False  # the next line is indented: a new paragraph
    if following.page != line.page:
        # no line spacing to go by across a page break: a finished sentence is left to the text
        return line.text.rstrip()[-1:] not in SENTENCE_END
    step = line.baseline - following.baseline
    return 0 < step <= margins.pitch * PARAGRAPH_GAP if margins.pitch > 0 else False
