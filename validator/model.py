"""The records that flow through the pipeline: read → normalise → segment → check → score → format.

Everything here is plain data. Stages build these; no stage reaches back into another.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from validator.readers.docx_layout import DocxLayout

Status = Literal["pass", "partial", "fail", "not_applicable"]

SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
# How people are shown severities, checklist statuses and issuer kinds (terminal, text, summaries, explain).
SEVERITY_NAME: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_MARK: dict[str, str] = {"pass": "✓", "partial": "◐", "fail": "✗", "not_applicable": "–", "error": "!"}
KIND_NAME: dict[str, str] = {"government": "政府", "department": "部门"}


# --------------------------------------------------------------------------- source


class SourceLine(NamedTuple):
    """One line of text as a reader extracted it, with where it came from in the container."""

    text: str
    paragraph: int | None = None  # .docx paragraph number, 1-based
    page: int | None = None  # .pdf page number, 1-based
    outline_level: int | None = None  # heading level signalled by the container (Word style, <h2>)
    # Where a paragraph ends, as the container knows it: True — a block ends here (a table cell),
    # never join the next line on; False — the line was wrapped (PDF), the next line continues it;
    # None — the container does not say, the text decides (plain text, Word paragraphs).
    ends_paragraph: bool | None = None
    # 1-based line number in the container's own terms when it differs from the line's place in
    # the extracted text: the line on its .pdf page, the line of the .html file a block starts on.
    line_number: int | None = None


class SourceDocument:
    """What a reader produces: the text lines of one report and facts the container carries."""

    __slots__ = ("path", "format", "lines", "encoding", "published", "notes", "layout", "signed")

    def __init__(self, path: str, format: str, lines: list[SourceLine], encoding: str | None = None,
                 published: dt.date | None = None, notes: list[str] | None = None,
                 layout: DocxLayout | None = None, signed: dt.date | None = None) -> None:
        self.path = path
        self.format = format
        self.lines = lines
        self.encoding = encoding
        self.published = published  # publication date read from the container (web page meta)
        self.notes = [] if notes is None else notes
        # page setup, fonts and spacing of a .docx (validator.readers.docx_layout); None for other formats
        self.layout = layout
        # signing date (成文日期) the container states outside the text: a portal's 信息公开 table
        self.signed = signed

    def with_lines(self, lines: list[SourceLine]) -> SourceDocument:
        """The same document with other lines (a part of it, or none when only its facts travel)."""
        return SourceDocument(self.path, self.format, lines, self.encoding, self.published, self.notes, self.layout,
                              self.signed)

    def line_number(self, index: int) -> int:
        """The 1-based line number users see for source line ``index``."""
        number = self.lines[index].line_number
        return number if number is not None else index + 1

    def slice(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        """Original text between two (line index, column) positions, lines joined without breaks."""
        (l0, c0), (l1, c1) = start, end
        if l0 == l1:
            return self.lines[l0].text[c0:c1]
        parts = [self.lines[l0].text[c0:]]
        parts.extend(line.text for line in self.lines[l0 + 1 : l1])
        parts.append(self.lines[l1].text[:c1])
        return "".join(parts)


class Location(NamedTuple):
    """A place in the original file, in the terms its format uses."""

    line: int  # 1-based line: of the text file, of the .pdf page, of the .html file
    column: int  # 1-based
    paragraph: int | None = None
    page: int | None = None

    def describe(self) -> str:
        if self.page is not None:
            return f"第{self.page}页 第{self.line}行"
        if self.paragraph is not None:
            return f"第{self.paragraph}段"
        return f"第{self.line}行第{self.column}列"


# --------------------------------------------------------------------------- normalised document


class Heading(NamedTuple):
    style: str  # cn | paren-cn | arabic | paren-arabic | circled | part | markdown | lost | bare | container
    rank: int  # smaller is higher in the tree
    label: str  # the numbering as written ("一、", "（二）", "" when lost)
    number: int | None  # the numeral's value, None when there is none
    title: str  # heading text without its label


def _piece_start(piece: tuple[int, int, int]) -> int:
    return piece[0]


class Paragraph:
    """A logical paragraph after normalisation, with a map back to the source lines.

    ``pieces`` holds (offset in ``text``, source line index, source column) triples; within a
    piece the mapping is one character to one character, so the map stays small.
    """

    __slots__ = ("index", "text", "pieces", "heading")

    def __init__(self, index: int, text: str, pieces: tuple[tuple[int, int, int], ...],
                 heading: Heading | None = None) -> None:
        self.index = index
        self.text = text
        self.pieces = pieces
        self.heading = heading  # set by segmentation

    def source_position(self, offset: int) -> tuple[int, int]:
        """(source line index, column) of the character at ``offset`` in ``text``."""
        i = max(0, bisect.bisect_right(self.pieces, offset, key=_piece_start) - 1)
        start, line, col = self.pieces[i]
        return line, col + (offset - start)

    @property
    def first_line(self) -> int:
        return self.pieces[0][1] if self.pieces else 0


class Section:
    """A heading and everything under it, down to the next heading of the same or higher rank."""

    __slots__ = ("heading", "kind", "start", "end", "children", "depth", "line")

    def __init__(self, heading: Paragraph | None, kind: str, start: int, end: int, depth: int = 0) -> None:
        self.heading = heading  # None only for the preamble
        self.kind = kind
        self.start = start  # index of the first paragraph (the heading itself)
        self.end = end  # exclusive
        self.children: list[Section] = []
        self.depth = depth
        self.line = 0  # 1-based line of its first paragraph, in the file's own numbering

    @property
    def title(self) -> str:
        if self.heading is None or self.heading.heading is None:
            return "（正文开头）"
        h = self.heading.heading
        return f"{h.label}{h.title}"

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class Metadata(NamedTuple):
    title: str | None = None
    issuer: str | None = None
    issuer_kind: str | None = None  # government | department
    report_year: int | None = None
    signed: dt.date | None = None
    published: dt.date | None = None
    signed_at: Span | None = None  # where the signing date stands in the text
    published_at: Span | None = None  # None when the container (web page meta) gave the date
    title_year: int | None = None  # the year the title names; report_year is what the body supports
    title_at: Span | None = None  # the title paragraph
    # earlier names of the issuer the report states (renamed or merged in 机构改革), written out in full
    predecessors: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "issuer_kind": self.issuer_kind,
            "report_year": self.report_year,
            "title_year": self.title_year,
            "signed": self.signed.isoformat() if self.signed else None,
            "published": self.published.isoformat() if self.published else None,
        }


class Document(NamedTuple):
    source: SourceDocument
    paragraphs: list[Paragraph]
    sections: list[Section]  # top level, in order; the first may be the preamble
    metadata: Metadata
    notices: Sequence[Finding] = ()  # what went wrong while analysing it (a timed-out pattern)

    def sections_of(self, kinds: frozenset[str] | None) -> list[Section]:
        """The outermost sections of the given kinds (all top-level ones when ``kinds`` is None): top-level
        sections, and the parts of a merged one ("三、存在的问题及下步打算" → "（二）下步打算")."""
        if kinds is None:
            return list(self.sections)
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            if section.kind in kinds:
                out.append(section)
            else:
                stack.extend(reversed(section.children))
        return out

    def paragraphs_of(self, kinds: frozenset[str] | None) -> list[Paragraph]:
        """The paragraphs whose innermost section is of one of the given kinds, in order."""
        if kinds is None:
            return list(self.paragraphs)
        return [self.paragraphs[i] for i, kind in enumerate(self.paragraph_kinds()) if kind in kinds]

    def paragraph_kinds(self) -> list[str]:
        """The kind of the innermost section around each paragraph (the preamble's before any heading)."""
        kinds = ["preamble"] * len(self.paragraphs)
        stack = list(self.sections)
        while stack:
            section = stack.pop()
            kinds[section.start:section.end] = [section.kind] * (section.end - section.start)
            stack.extend(section.children)  # children come after their parent, so they overwrite it
        return kinds

    def section_of(self, paragraph_index: int) -> Section | None:
        for s in self.sections:
            if s.start <= paragraph_index < s.end:
                return s
        return None

# --------------------------------------------------------------------------- check results


class Span(NamedTuple):
    """A stretch of a normalised paragraph a check points at."""

    paragraph: int
    start: int
    end: int


class Mark(NamedTuple):
    """Evidence a check offers for its verdict: where, and what it shows."""

    span: Span
    note: str = ""


class SourceEdit(NamedTuple):
    """A mechanical fix: replace the original text between two (source line index, column) positions.

    The end is exclusive; an end of (line + 1, 0) takes the line break too, so a whole line can go.
    Positions are in the source lines, not the normalised text, because a fix must change the file
    exactly as written (spaces, full-width digits and all).
    """

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


class Problem(NamedTuple):
    """What a check reports; the engine stamps it with rule id, severity, hint and basis.

    ``fix`` holds the edits that repair it when the repair is safe and mechanical (``--fix``).
    ``mask`` holds stretches of text that no output may show (an ID number the problem is about):
    the engine blanks them in every quote of every rule, so a findings report never republishes them.
    ``basis`` is the legal or standard basis of this problem when it is not the rule's own (a term
    list whose entries come from different documents); empty: the rule's basis.
    """

    message: str
    span: Span | None = None
    code: str = "missing"
    fix: tuple[SourceEdit, ...] = ()
    mask: tuple[Span, ...] = ()
    basis: str = ""


class Verdict(NamedTuple):
    """A check's answer for one document. ``credit`` None means not applicable.

    ``unlisted`` counts, by problem code, problems the check found but did not build (none of them
    with a fix): past the number of findings a rule may list, building each would only cost time.
    """

    credit: float | None
    evidence: Sequence[Mark] = ()
    problems: Sequence[Problem] = ()
    note: str = ""
    unlisted: Mapping[str, int] = MappingProxyType({})


class Evidence(NamedTuple):
    location: Location | None
    quote: str  # the sentence around the match, from the original text
    match: str = ""  # the matched words themselves, from the original text
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {**location_dict(self.location), "quote": self.quote, "match": self.match, "note": self.note}


class Finding(NamedTuple):
    rule: str
    code: str
    severity: str
    message: str
    location: Location | None
    quote: str
    hint: str
    basis: str
    fix: tuple[SourceEdit, ...] = ()
    # the words the finding is about, as they stand in ``quote`` (for showing a cut quote around them)
    match: str = ""

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            **location_dict(self.location),
            "message": self.message,
            "quote": self.quote,
            "hint": self.hint,
            "basis": self.basis,
            "fixable": self.fixable,
        }


def location_dict(loc: Location | None) -> dict[str, object]:
    if loc is None:
        return {"line": None, "column": None, "paragraph": None, "page": None}
    return {"line": loc.line, "column": loc.column, "paragraph": loc.paragraph, "page": loc.page}


def status_of(credit: float | None) -> Status:
    if credit is None:
        return "not_applicable"
    if credit >= 1.0:
        return "pass"
    if credit <= 0.0:
        return "fail"
    return "partial"
