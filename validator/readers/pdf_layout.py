"""PDF page geometry → lines of text: grouping glyphs into lines, dropping page furniture, wraps.

Pure geometry on glyph boxes (PDF points, y upwards), no PDF library, so every rule here is
tested on made-up pages. What it decides:

- glyphs on one baseline form a line, read left to right (content-stream order is not reading
  order: LibreOffice, for one, writes the curly quotes of a line after the line's other text);
- a page set in two columns is read column by column: the gutter is found from the glyph
  positions (a vertical strip in the middle that almost no line crosses, with full lines of text
  on both sides), and lines that cross it (a title over both columns) stay whole, between the
  column blocks they separate;
- page numbers ("- 4 -", "第 4 页", "4/12", a lone number) at the top or bottom of a page, and
  running heads and footers (repeated on several pages, or in small print at the page edge) are
  not report text;
- a line is *wrapped* into the next when it runs to the right margin and the next line carries
  on at the left margin at the usual line spacing (or on the next page), not indented as a new
  paragraph. Lines that end short are left to the text heuristics of ``normalize``, which also
  know sentences broken by a hard return.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from validator.lazyre import lazy_regex
from validator.zh import LINE_END


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
    column: int = 0  # 0 across the page, 1 the left and 2 the right column of a two-column page

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
SENTENCE_END = set(LINE_END)  # as normalisation: a line ending in a colon ends its paragraph
# Two columns: the gutter lies within this middle share of the text's width, is at least this many
# ems wide, and at most this share of the lines (or one line) cross it; each column holds at least
# this many lines, most of them full (their median width at least this share of the column's).
GUTTER_MIDDLE = (0.3, 0.7)
GUTTER_EMS = 0.8
GUTTER_CROSSING = 0.1
COLUMN_LINES = 3
COLUMN_FULL = 0.6
GUTTER_SHARE = 0.5  # the gap between the columns is at most this share of the narrower column

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


def group_columns(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs of one page into lines in reading order: column by column on a two-column page."""
    lines = group_lines(glyphs, page)
    gutter = find_gutter(lines)
    if gutter is None:
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    middle = (gutter[0] + gutter[1]) / 2
    for line in lines:
        # across both columns (a title, a page number): no gap as wide as a gutter at the middle
        if any(a <= middle <= b for a, b in _covered(line, GUTTER_EMS)):
            ordered.extend(left + right)
            left, right = [], []
            ordered.append(line)
            continue
        for side, members in ((left, [g for g in line.glyphs if g.left + g.right < 2 * middle]),
                              (right, [g for g in line.glyphs if g.left + g.right >= 2 * middle])):
            if members:
                side.append(Line(page, members, column=1 if side is left else 2, text=line_text(members)))
    ordered.extend(left + right)
    for number, line in enumerate(ordered, 1):
        line.number = number
    return ordered


def find_gutter(lines: list[Line]) -> tuple[float, float] | None:
    """The (left, right) edges of the gap between two columns of text, or None on a one-column page."""
    glyphs = [g for line in lines for g in line.glyphs]
    if len(lines) < 2 * COLUMN_LINES or not glyphs:
        return None
    x0, x1 = min(g.left for g in glyphs), max(g.right for g in glyphs)
    em = statistics.median(g.size for g in glyphs)
    if not (math.isfinite(x1 - x0) and math.isfinite(em)) or em <= 0 or x1 - x0 < 8 * em:
        return None
    # how many lines cover each point across the middle (a difference array: linear in the glyphs)
    lo, hi = x0 + GUTTER_MIDDLE[0] * (x1 - x0), x0 + GUTTER_MIDDLE[1] * (x1 - x0)
    step = max(em / 10, (hi - lo) / 400)
    count = int((hi - lo) / step) + 1
    change = [0] * (count + 1)
    for line in lines:
        for a, b in _covered(line):
            first, last = max(0, math.ceil((a - lo) / step)), min(count - 1, math.floor((b - lo) / step))
            if first <= last:
                change[first] += 1
                change[last + 1] -= 1
    allowed = max(1.0, GUTTER_CROSSING * len(lines))
    best: tuple[int, int] | None = None
    start: int | None = None
    covering = 0
    for i in range(count + 1):
        covering += change[i] if i < count else 0
        open_here = i < count and covering <= allowed
        if open_here and start is None:
            start = i
        elif not open_here and start is not None:
            if best is None or i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    if best is None or (best[1] - best[0]) * step < GUTTER_EMS * em:
        return None
    gutter = (lo + best[0] * step, lo + best[1] * step)
    return gutter if _both_columns_full(lines, gutter) else None


def _covered(line: Line, gap: float = 0.5) -> list[tuple[float, float]]:
    """The stretches of x a line's glyphs cover, gaps under ``gap`` ems closed."""
    out: list[tuple[float, float]] = []
    for g in line.glyphs:
        if out and g.left - out[-1][1] < gap * g.size:
            out[-1] = (out[-1][0], max(out[-1][1], g.right))
        else:
            out.append((g.left, g.right))
    return out


def _both_columns_full(lines: list[Line], gutter: tuple[float, float]) -> bool:
    """Text columns, not a table: each side has enough lines, most of them running its full width,
    and the gap between the sides is narrow beside them (a table's short labels leave a wide one)."""
    middle = gutter[0] + gutter[1]  # twice the middle, compared with twice each glyph's centre
    left_parts = [p for p in ([g for g in line.glyphs if g.left + g.right < middle] for line in lines) if p]
    right_parts = [p for p in ([g for g in line.glyphs if g.left + g.right >= middle] for line in lines) if p]
    left, right = _column_extent(left_parts), _column_extent(right_parts)
    if left is None or right is None:
        return False
    gap = right[0] - left[1]
    return gap <= GUTTER_SHARE * min(left[1] - left[0], right[1] - right[0])


def _column_extent(parts: list[list[Glyph]]) -> tuple[float, float] | None:
    """(left, right) of a column whose lines are mostly full, else None."""
    if len(parts) < COLUMN_LINES:
        return None
    left, right = min(p[0].left for p in parts), max(p[-1].right for p in parts)
    if statistics.median(p[-1].right - p[0].left for p in parts) < COLUMN_FULL * (right - left):
        return None
    return left, right


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
    """Set ``wrapped`` on every body line whose paragraph goes on in the next line.

    Each column has margins of its own; on a one-column page every line is in column 0.
    """
    margins = {column: measure([line for line in lines if line.column == column])
               for column in {line.column for line in lines}}
    for line, following in zip(lines, lines[1:]):
        own, next_margins = margins[_column_of(line, margins)], margins[_column_of(following, margins)]
        line.wrapped = own is not None and next_margins is not None and _wraps(line, following, own, next_margins)


def _column_of(line: Line, margins: dict[int, Margins | None]) -> int:
    """The column whose margins a line keeps: its own, or for a line of a page too short to show
    its columns (the end of a two-column report), the column it stands in."""
    if line.column != 0:
        return line.column
    for column in (1, 2):
        m = margins.get(column)
        if m is not None and m.left - line.em <= line.left and line.right <= m.right + line.em:
            return column
    return 0


def _wraps(line: Line, following: Line, margins: Margins, next_margins: Margins | None = None) -> bool:
    em = line.em
    slack = min(FULL_LINE_SLACK * em, FULL_LINE_SLACK_SHARE * (margins.right - margins.left))
    if line.right < margins.right - slack:
        return False  # ends short: the end of a paragraph, a heading, a title
    if following.left > (next_margins or margins).left + INDENT * em:
        return False  # the next line is indented: a new paragraph
    if following.page != line.page or following.column != line.column:
        # no line spacing to go by across a page or column break: a finished sentence is left to the text
        return line.text.rstrip()[-1:] not in SENTENCE_END
    step = line.baseline - following.baseline
    return 0 < step <= margins.pitch * PARAGRAPH_GAP if margins.pitch > 0 else False
