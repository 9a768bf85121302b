"""What every check type shares: its context, its parameter reader, and text helpers."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import regex

from validator import regex_limits
from validator.checks.params import NO_PARAMS, Params
from validator.claims import EMPTY as EMPTY_CLAIMS
from validator.claims import Claims, ClaimVocabulary
from validator.errors import ConfigError
from validator.lazyre import lazy_regex
from validator.model import Document, Paragraph, Span
from validator.places import ConfigProblem, Place
from validator.segment import Classifier
from validator.vocabulary import EMPTY as EMPTY_VOCABULARY
from validator.vocabulary import Vocabulary
from validator.zh import CLAUSE_END, SENTENCE_END

# A regular expression from a rule file may not run away on a hostile report: every search in a
# check goes through these, under the engine's budget for the rule (validator.timeouts).
from validator.timeouts import finditer, search  # noqa: I001

P = TypeVar("P")


class ScopeText:
    """The paragraphs of a rule's scope as one string, joined by newlines.

    A pattern is then searched once per rule instead of once per paragraph (a report has dozens),
    and an offset in the joined text maps back to a paragraph and an offset in it.
    """

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.starts: list[int] = []
        position = 0
        for paragraph in paragraphs:
            self.starts.append(position)
            position += len(paragraph.text) + 1
        self.text = "\n".join(p.text for p in paragraphs)

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end] in the paragraph where it starts."""
        i = bisect.bisect_right(self.starts, start) - 1
        paragraph, base = self.paragraphs[i], self.starts[i]
        return Span(paragraph.index, start - base, min(end - base, len(paragraph.text)))

    def paragraph_end(self, offset: int) -> int:
        """Offset just past the paragraph that holds ``offset`` (where its newline stands)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.starts[i] + len(self.paragraphs[i].text)

    def finditer(self, pattern: regex.Pattern[str]) -> Iterator[regex.Match[str]]:
        """Matches of ``pattern`` as if each paragraph were searched alone: none spans a newline.

        One search runs over the whole scope; only where a match would cross into the next
        paragraph (a pattern with ``\\s`` or ``[^。]`` can) is that paragraph searched on its own.
        """
        text, pos = self.text, 0
        while pos <= len(text):
            m = search(pattern, text, pos)
            if m is None:
                return
            if text.find("\n", m.start(), m.end()) < 0:
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
                continue
            end = self.paragraph_end(m.start())
            yield from finditer(pattern, text, m.start(), end)
            pos = end + 1

    def first(self, patterns: Sequence[regex.Pattern[str]]) -> regex.Match[str] | None:
        """The earliest match of any of the patterns (within one paragraph)."""
        best: regex.Match[str] | None = None
        for pattern in patterns:
            m = next(self.finditer(pattern), None)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best


class CheckContext:
    """What a check sees: the document, the paragraphs of the rule's scope, the classifier, and the
    document's claims (validator.claims) for the check types that judge claims."""

    __slots__ = ("document", "scope", "classifier", "previous", "vocabulary", "claims", "claim_vocabulary", "_text")

    def __init__(self, document: Document, scope: list[Paragraph], classifier: Classifier,
                 previous: Document | None = None, vocabulary: Vocabulary = EMPTY_VOCABULARY,
                 claims: Claims = EMPTY_CLAIMS, claim_vocabulary: ClaimVocabulary = ClaimVocabulary()) -> None:
        self.document = document
        self.scope = scope  # the paragraphs the rule's scope selects
        self.classifier = classifier
        self.previous = previous  # last year's report by the same issuer, when known
        self.vocabulary = vocabulary  # synonyms and cues of the rule set (validator.vocabulary)
        self.claims = claims  # every claim of the whole document, whatever the rule's scope
        self.claim_vocabulary = claim_vocabulary
        self._text: ScopeText | None = None

    @property
    def text(self) -> ScopeText:
        """The scope as one string, joined once and shared by every rule of the same scope."""
        if self._text is None:
            self._text = ScopeText(self.scope)
        return self._text


Key = str | int | tuple[str | int, ...]  # a key of the params, or a path below them ("patterns", 2)
_NEVER = lazy_regex("(?!)")  # stands in for a pattern refused while the loader goes on to find more problems


def refused(pattern: regex.Pattern[str]) -> bool:
    """Is this the stand-in for a pattern the reader refused (and reported)?"""
    return pattern is _NEVER


def _path(key: Key) -> tuple[str | int, ...]:
    return key if isinstance(key, tuple) else (key,)


class BudgetSpent(ConfigError):
    """The rule set's patterns together are too costly to compile: loading stops here."""

    def __init__(self, problem: ConfigProblem) -> None:
        super().__init__(problem.text())
        self.problem = problem


class ParamReader:
    """Reads a rule's ``params`` as its check type declares them (validator.checks.params), and compiles them.

    ``get`` gives the value written or the declared default; ``pattern`` checks a regular expression and
    returns it compiled on first use. A bad value is reported at its own line and path. With a
    ``problems`` list the reader records what is wrong and goes on (the loader shows every problem of a
    file in one run); without one it raises the first.
    """

    def __init__(self, raw: Mapping[str, Any], where: Place | str = "", declared: Params = NO_PARAMS,
                 budget: regex_limits.CompileBudget | None = None, problems: list[ConfigProblem] | None = None) -> None:
        self.raw = raw
        self.place = where if isinstance(where, Place) else Place(where)
        self.declared = declared
        # shared by every reader of one rule set, so all its patterns together stay within a budget
        self.budget = regex_limits.CompileBudget() if budget is None else budget
        self.problems = problems

    def child(self, raw: Mapping[str, Any], key: Key, declared: Params = NO_PARAMS) -> ParamReader:
        """A reader for a nested part (a record of a list), on the same budget and problem list."""
        return ParamReader(raw, self.place.at(*_path(key)), declared, self.budget, self.problems)

    def items(self, key: str) -> list[ParamReader]:
        """A reader for each record of the list parameter ``key``, as its declaration describes them."""
        fields = self.declared[key].fields or NO_PARAMS
        return [self.child(record, (key, i), fields) for i, record in enumerate(self.get(key) or ())]

    def fail(self, key: Key, message: str) -> ConfigError:
        """The error for a bad value at ``key``, at its own line."""
        return self.place.at(*_path(key)).error(message)

    def report(self, key: Key, message: str) -> None:
        """A bad value at ``key``: recorded when problems are collected, else raised."""
        if self.problems is None:
            raise self.fail(key, message)
        self.problems.append(ConfigProblem(self.place.at(*_path(key)), message))

    def get(self, key: str) -> Any:
        """The value of a declared parameter: as written (numbers as float, integers as int), or its default."""
        param = self.declared[key]  # a KeyError here is a check type reading what it did not declare
        return param.convert(self.raw[key]) if key in self.raw else param.default_value()

    def pattern(self, key: Key, value: str) -> regex.Pattern[str]:
        """Check a pattern from the rule file and return it, compiled on first use.

        A pattern too costly to compile (validator.regex_limits) or invalid is a load error with its path.
        MULTILINE: ^ and $ mean the start and end of a paragraph, also when a rule's whole scope is
        searched at once with paragraphs joined by newlines (see ScopeText).
        """
        shown = repr(value) if len(value) <= 60 else repr(value[:60]) + "…"
        costly = regex_limits.problem(value)
        if costly is not None:
            self.report(key, f"正则表达式 {shown} {costly}")
            return _NEVER
        spent = self.budget.take(value)
        if spent is not None:  # nothing more is compiled: the loader stops at this problem
            raise BudgetSpent(ConfigProblem(self.place.at(*_path(key)), f"正则表达式 {shown} {spent}"))
        flags = regex.V0 | regex.MULTILINE
        try:
            # a bad pattern is a load error, reported with its path; compiled only to see that it can be,
            # so not kept in the regex module's cache (a hundred large patterns would stay there)
            regex.compile(value, flags, cache_pattern=False)
        # ValueError: "(?V1)", "(?au)" clash with the flags; OverflowError: a count past C's, a{99999999999}
        except (regex.error, ValueError, OverflowError) as exc:
            self.report(key, f"无效的正则表达式 {shown}（{exc}）")
            return _NEVER
        except RecursionError:  # the regex parser recurses per nested group
            self.report(key, f"正则表达式 {shown} 嵌套过深")
            return _NEVER
        return lazy_regex(value, flags)  # compiled again only if a report ever needs it

    def patterns(self, key: str) -> tuple[regex.Pattern[str], ...]:
        """The patterns of a list parameter (declared, or a list in another part of a rule file)."""
        values = self.get(key) if key in self.declared else self.raw.get(key, ())
        return tuple(self.pattern((key, i), v) for i, v in enumerate(values or ()))


class CheckType(Generic[P]):
    """A reusable kind of check; rules are data that pick one and give its parameters.

    ``params`` declares the parameters once (validator.checks.params): the rule file schema's part for
    this type is generated from it, and ``prepare`` reads the rule's values through it.
    """

    __slots__ = ("name", "description", "prepare", "run", "uses_claims", "params", "reads_layout")

    def __init__(self, name: str, description: str, prepare: Callable[[ParamReader], P],
                 run: Callable[[CheckContext, P], Any], uses_claims: bool = False, params: Params = NO_PARAMS,
                 reads_layout: bool = False) -> None:
        self.name = name
        self.description = description
        self.prepare = prepare
        self.run = run
        self.uses_claims = uses_claims  # the engine extracts the document's claims only for these
        self.params = params
        # reads a .docx's layout: its rule examples describe a layout in words and are not run as text
        self.reads_layout = reads_layout


# --------------------------------------------------------------------------- text helpers

# a newline ends a sentence too: scope texts join paragraphs with one
_SENTENCE_END = regex.compile(rf"[{SENTENCE_END}\n]")
_CLAUSE_END = regex.compile(rf"[{CLAUSE_END}\n]")


# A "sentence" reaches at most this far on either side of what it surrounds. Real sentences are under
# 200 characters; a paragraph of a million characters without a full stop would otherwise make every
# search "in the sentence around a hit" scan the whole paragraph, once per hit.
SENTENCE_WINDOW = 500


def enclosing(text: str, start: int, end: int, boundary: regex.Pattern[str] = _SENTENCE_END) -> tuple[int, int]:
    """The sentence (or clause) around text[start:end]: from after the last boundary before ``start``
    to the end of the first boundary at or after ``end``, at most SENTENCE_WINDOW characters beyond
    either end. ``boundary`` matches single characters."""
    ends = boundary_ends(boundary, text)
    i = bisect.bisect_right(ends, start)
    left = ends[i - 1] if i else 0
    j = bisect.bisect_right(ends, end)  # a boundary character at ``end`` ends at end + 1
    right = ends[j] if j < len(ends) else len(text)
    return max(left, start - SENTENCE_WINDOW), min(right, end + SENTENCE_WINDOW)


@functools.lru_cache(maxsize=16)
def boundary_ends(boundary: regex.Pattern[str], text: str) -> list[int]:
    """Offsets just after every boundary character of ``text``, found once per text and kept for the
    next question about it: asking for the sentence around each of a thousand hits in a long
    paragraph then costs a lookup each, not a scan from the paragraph's start."""
    return [m.end() for m in boundary.finditer(text)]


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    return enclosing(text, start, end, _CLAUSE_END)


class CharIndex:
    """Where each of some characters stands in a text, to count them before an offset by bisection.

    Questions like "is a 《 still open at this year?" asked at every hit of a long paragraph would
    otherwise count from the paragraph's start each time: quadratic in the paragraph's length.
    """

    def __init__(self, text: str, chars: str) -> None:
        self.at: dict[str, list[int]] = {c: [] for c in chars}
        for m in regex.finditer(f"[{regex.escape(chars)}]", text):
            self.at[m.group(0)].append(m.start())

    def count(self, char: str, end: int) -> int:
        """How many times ``char`` occurs before ``end``."""
        return bisect.bisect_left(self.at[char], end)

    def last(self, char: str, end: int) -> int:
        """The offset of the last ``char`` before ``end``, -1 when there is none."""
        i = self.count(char, end)
        return self.at[char][i - 1] if i else -1


__all__ = ["BudgetSpent", "CharIndex", "CheckContext", "CheckType", "ParamReader", "boundary_ends", "clause",
           "enclosing", "finditer", "refused", "search"]

