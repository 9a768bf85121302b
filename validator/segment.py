"""Segment normalised paragraphs into a heading tree and classify the top-level sections.

The classifier's patterns come from the rule sets (YAML), so a province whose reports name their
sections differently can teach it new headings without touching code.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import regex

from validator import timeouts
from validator.headings import CONTAINER_STYLE, heading_title, parse_label
from validator.model import Heading, Paragraph, Section
from validator.zh import CLAUSE_END, COMMAS, HEADING_YEAR, SEMICOLONS

PREAMBLE = "preamble"
OTHER = "other"

# A heading whose numeral was lost entirely is recognised only if it is this short and
# matches a section kind; any longer line is body text.
_BARE_HEADING_MAX = 30
_BARE_HEADING_FORBIDDEN_END = set(CLAUSE_END + "、")  # and the enumeration comma
_BARE_HEADING_FORBIDDEN_INSIDE = frozenset(COMMAS + SEMICOLONS + "。")  # a title has no sentence inside it either


class SectionKind(NamedTuple):
    kind: str
    name: str  # the statutory name, for messages
    patterns: tuple[regex.Pattern[str], ...]


# Searches a heading pattern completed, remembered by the process: a report classifies the same title
# several times (its section, a merged part, a bare heading, the plan's year), and a batch sees the same
# titles again and again. A search's answer does not depend on its budget once it has completed; a pattern
# that runs out of time is never asked again on that report (PatternGuard.failed), remembered or not.
_HEADING_ANSWERS: dict[tuple[object, str], bool] = {}  # (pattern, title) -> found
_HEADING_ANSWERS_MAX = 8192


class PatternGuard:
    """Time for the classifier's patterns while one document is segmented: each pattern has its own
    budget (validator.timeouts); one that spends it is noted and counts as not matching for the rest
    of the document, so a bad heading pattern in a rule file costs seconds, not the run. All patterns
    together also have a wall-clock deadline (``wall``, from the start), against rule files holding
    thousands of them; past it no pattern matches any more and ``out_of_time`` says so."""

    def __init__(self, seconds: float | None = None, wall: float | None = None) -> None:
        self.seconds = timeouts.RULE_BUDGET if seconds is None else seconds
        self.wall = timeouts.RULE_DEADLINE if wall is None else wall
        self.left: dict[int, float] = {}  # by id of the pattern
        self.failed: dict[int, tuple[SectionKind, str]] = {}
        self.started = time.perf_counter()
        self.out_of_time = False

    def search(self, kind: SectionKind, pattern: regex.Pattern[str], text: str) -> bool:
        key = id(pattern)
        if key in self.failed or self.out_of_time:
            return False
        seen = _HEADING_ANSWERS.get((pattern, text))
        if seen is not None:
            return seen
        left = self.left.get(key, self.seconds)
        started = time.perf_counter()
        if started - self.started > self.wall:
            self.out_of_time = True
            return False
        try:
            if left <= 0:
                raise TimeoutError
            found = pattern.search(text, 0, len(text), None, False, left) is not None
        except TimeoutError:
            self.failed[key] = (kind, pattern.pattern)
            return False
        finally:
            self.left[key] = left - max(0.0, time.perf_counter() - started - timeouts.FREE_PER_SEARCH)
        if len(_HEADING_ANSWERS) >= _HEADING_ANSWERS_MAX:
            _HEADING_ANSWERS.clear()
        _HEADING_ANSWERS[pattern, text] = found
        return found


class Classifier(NamedTuple):
    """Ordered section kinds; the first kind with a pattern found in a heading wins."""

    kinds: tuple[SectionKind, ...]

    def classify(self, title: str, guard: PatternGuard | None = None) -> str | None:
        """The kind of a heading. Without a guard, patterns run under the active budget (a rule's) and a
        pattern that runs out of time raises TimeoutError; with one, it counts as not matching."""
        for kind in self.kinds:
            for p in kind.patterns:
                found = guard.search(kind, p, title) if guard is not None else timeouts.search(p, title) is not None
                if found:
                    return kind.kind
        return None

    def classify_except(self, title: str, excluded: str, guard: PatternGuard | None = None) -> str | None:
        """The kind of a heading if ``excluded`` were not a kind."""
        return Classifier(tuple(k for k in self.kinds if k.kind != excluded)).classify(title, guard)

    def kinds_of(self, title: str, guard: PatternGuard | None = None) -> list[str]:
        """Every kind a heading names, in the classifier's order (two for a merged heading)."""
        return [kind.kind for kind in self.kinds if any(
            guard.search(kind, p, title) if guard is not None else timeouts.search(p, title) is not None
            for p in kind.patterns)]

    def name_of(self, kind: str) -> str:
        for k in self.kinds:
            if k.kind == kind:
                return k.name
        return {PREAMBLE: "正文开头", OTHER: "其他"}.get(kind, kind)

    def known_kinds(self) -> set[str]:
        return {k.kind for k in self.kinds} | {PREAMBLE, OTHER}


def detect_heading(paragraph: Paragraph, outline_level: int | None) -> Heading | None:
    label = parse_label(paragraph.text)
    if outline_level is not None:
        title = label.rest if label else paragraph.text
        return Heading(CONTAINER_STYLE, outline_level, label.label if label else "",
                       label.number if label else None, heading_title(title))
    if label is None:
        return None
    return Heading(label.style, label.rank, label.label, label.number, heading_title(label.rest))


def _bare_heading(paragraph: Paragraph, classifier: Classifier, rank: int, guard: PatternGuard | None) -> Heading | None:
    """A short standalone line that names a statutory section, its numeral lost in conversion."""
    text = paragraph.text.strip()
    return Heading("bare", rank, "", None, text) if is_bare_heading(text, classifier, guard) else None


def is_bare_heading(text: str, classifier: Classifier, guard: PatternGuard | None = None) -> bool:
    """Could this line be a heading without a numeral: short, no sentence punctuation (a title has no
    "，" or "。" inside either), naming a statutory part."""
    text = text.strip()
    if not text or len(text) > _BARE_HEADING_MAX or not _BARE_HEADING_FORBIDDEN_INSIDE.isdisjoint(text) \
            or text[-1] in _BARE_HEADING_FORBIDDEN_END:
        return False
    return classifier.classify(text, guard) is not None


def _is_title_heading(heading: Heading) -> bool:
    """A Markdown/Word top heading that is the report's own title, not one of its sections."""
    return heading.style in ("markdown", CONTAINER_STYLE) and heading.title.endswith("报告")


def mark_headings(paragraphs: list[Paragraph], outline_levels: list[int | None],
                  classifier: Classifier, guard: PatternGuard | None = None) -> None:
    """Set ``Paragraph.heading`` on every paragraph that is a heading."""
    top_rank: int | None = None
    for paragraph, level in zip(paragraphs, outline_levels):
        heading = detect_heading(paragraph, level)
        if heading is None and top_rank is not None:
            heading = _bare_heading(paragraph, classifier, top_rank, guard)
        if heading is not None and top_rank is None and _is_title_heading(heading):
            continue  # the report title stays in the preamble
        if heading is not None:
            top_rank = heading.rank if top_rank is None else min(top_rank, heading.rank)
        paragraph.heading = heading
    if top_rank is None:
        _mark_unnumbered(paragraphs, classifier, guard)


def _mark_unnumbered(paragraphs: list[Paragraph], classifier: Classifier, guard: PatternGuard | None) -> None:
    """A report with no numbered heading at all ("主要工作和成效" on a line of its own, bold in the original):
    its short standalone lines that name a statutory part are its headings. The first paragraph is the
    report's title, never one of them."""
    for paragraph in paragraphs[1:]:
        if paragraph.text.strip().endswith("报告"):
            continue
        paragraph.heading = _bare_heading(paragraph, classifier, 1, guard)


def build_tree(paragraphs: list[Paragraph]) -> list[Section]:
    """Nest headings by rank: a heading closes every open heading of the same or lower rank."""
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for p in paragraphs:
        if p.heading is None:
            continue
        while stack and stack[-1][0] >= p.heading.rank:
            stack.pop()[1].end = p.index
        section = Section(heading=p, kind=OTHER, start=p.index, end=len(paragraphs), depth=len(stack))
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((p.heading.rank, section))
    for _, section in stack:
        section.end = len(paragraphs)
    first = roots[0].start if roots else len(paragraphs)
    if first > 0:
        roots.insert(0, Section(heading=None, kind=PREAMBLE, start=0, end=first))
    return roots


def classify_sections(roots: list[Section], classifier: Classifier, guard: PatternGuard | None = None) -> None:
    """Give each top-level section a kind; subsections inherit it (scope follows the top level), except
    under a merged heading that names two statutory parts ("三、存在的问题及下步打算"): there each
    subsection that names one of them ("（二）下步打算") is of that kind."""
    for section in roots:
        if section.heading is None:
            continue
        assert section.heading.heading is not None
        kinds = classifier.kinds_of(section.heading.heading.title, guard)
        kind = kinds[0] if kinds else OTHER
        for node in section.walk():
            node.kind = kind
        if len(kinds) > 1:
            for child in section.children:
                named = classifier.classify(child.title, guard) if child.heading is not None else None
                if named in kinds:
                    for node in child.walk():
                        node.kind = named


def segment(paragraphs: list[Paragraph], outline_levels: list[int | None],
            classifier: Classifier, guard: PatternGuard | None = None) -> list[Section]:
    mark_headings(paragraphs, outline_levels, classifier, guard)
    roots = build_tree(paragraphs)
    classify_sections(roots, classifier, guard)
    return roots


_YEAR_IN_HEADING = regex.compile(HEADING_YEAR)


def settle_by_year(roots: list[Section], report_year: int | None, classifier: Classifier,
                   guard: PatternGuard | None = None) -> None:
    """A heading classed as the plan only because it names a year beside 举措/任务 ("一、2025年度推进法治
    政府建设主要举措") is the measures when the year it names is the report's own: the plan names the
    next year. Known only once the report year is, so it runs after the metadata."""
    if report_year is None:
        return
    for section in roots:
        if section.kind != "plan" or section.heading is None or section.heading.heading is None:
            continue
        m = _YEAR_IN_HEADING.search(section.heading.heading.title)
        if m is not None and int(m[1]) == report_year and year_made_it_plan(section.heading.heading.title,
                                                                             classifier, guard):
            for node in section.walk():
                node.kind = "measures"


def year_made_it_plan(title: str, classifier: Classifier, guard: PatternGuard | None = None) -> bool:
    """Whether a heading is classed as the plan only for the year in it, and is the measures without it."""
    yearless = _YEAR_IN_HEADING.sub("", title)
    return classifier.classify(yearless, guard) != "plan" and \
        classifier.classify_except(yearless, "plan", guard) == "measures"
