"""What the quality checks (numbers, years, format, terms) share: graded credit and fix edits.

A quality rule finds zero or more independent defects. Its credit falls with their number, so a
report with one stray comma loses little and one full of them loses the rule's whole (small) weight.
Fixes are edits of the ORIGINAL source text, built here from spans of the normalised text.
"""

from __future__ import annotations

from collections.abc import Mapping

from validator.model import Document, Paragraph, Problem, SourceEdit, Span, Verdict
from validator.zh import CJK_PUNCTUATION, HAN, MARKS_OUTSIDE_BLOCKS

# Each problem costs this share of the rule's credit: 1 problem → 0.75, 4 or more → 0.
PENALTY_PER_PROBLEM = 0.25

# Characters that sit naturally next to Chinese text: Han, CJK and full-width punctuation. Unlike
# normalisation's "tight" class, only the punctuation of the full-width block: a full-width digit or
# letter (０, Ａ) and the half-width forms past U+FF65 are no Chinese context.
CJK_CONTEXT = rf"[{HAN}{CJK_PUNCTUATION}\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65{MARKS_OUTSIDE_BLOCKS}]"


def graded_credit(problems: int) -> float:
    return max(0.0, 1.0 - PENALTY_PER_PROBLEM * problems)


def graded(problems: list[Problem], note: str = "", unlisted: Mapping[str, int] | None = None) -> Verdict:
    """The verdict of a rule that counts defects: full credit when there are none. ``unlisted``: how
    many more were found and not built, by problem code (see Verdict)."""
    more = dict(unlisted or {})
    return Verdict(graded_credit(len(problems) + sum(more.values())), problems=problems, note=note, unlisted=more)


def source_range(paragraph: Paragraph, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Source (line, column) range of paragraph text [start, end), when it lies on one source line."""
    if end <= start:
        return None
    first = paragraph.source_position(start)
    last_line, last_col = paragraph.source_position(end - 1)
    if first[0] != last_line:
        return None  # a fix across a joined line break would also remove the break: not mechanical
    return first, (last_line, last_col + 1)


def replace_edit(document: Document, span: Span, text: str) -> tuple[SourceEdit, ...]:
    """The edit replacing the original text under ``span`` with ``text`` (none when it spans lines)."""
    found = source_range(document.paragraphs[span.paragraph], span.start, span.end)
    if found is None:
        return ()
    return (SourceEdit(found[0], found[1], text),)


def delete_paragraph_edit(document: Document, paragraph: Paragraph) -> tuple[SourceEdit, ...]:
    """The edit deleting every source line of a paragraph, line breaks included.

    When a blank line stands before it, the blank lines after it go too, so removing a line
    between two paragraphs does not leave a double gap.
    """
    lines = sorted({line for _, line, _ in paragraph.pieces})
    if not lines:
        return ()
    source = document.source.lines
    first, end = lines[0], lines[-1] + 1
    if first == 0 or not source[first - 1].text.strip():
        while end < len(source) - 1 and not source[end].text.strip():
            end += 1
    if end >= len(source):
        return (SourceEdit((first, 0), (lines[-1], len(source[lines[-1]].text)), ""),)
    return (SourceEdit((first, 0), (end, 0), ""),)


def whole_span(paragraph: Paragraph) -> Span:
    return Span(paragraph.index, 0, len(paragraph.text))
