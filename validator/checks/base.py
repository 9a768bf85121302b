"""What every check type shares: its context, its parameter reader, and text helpers."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import regex

from validator import regex_limits
from validator.claims import EMPTY as EMPTY_CLAIMS
from validator.claims import Claims, ClaimVocabulary
from validator.errors import ConfigError
from validator.lazyre import lazy_regex
from validator.model import Document, Paragraph, Span
from validator.segment import Classifier
from validator.vocabulary import EMPTY as EMPTY_VOCABULARY
from validator.vocabulary import Vocabulary

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


class ParamReader:
    """Reads a rule's ``params`` and compiles them, naming the path to a bad value in errors."""

    def __init__(self, raw: Mapping[str, Any], where: str, budget: regex_limits.CompileBudget | None = None) -> None:
        self.raw = raw
        self.where = where  # "rules/x.yaml: ==> At key: rules ==> At index 3 ==> At key: params"
        # shared by every reader of one rule set, so all its patterns together stay within a budget
        self.budget = regex_limits.CompileBudget() if budget is None else budget

    def child(self, raw: Mapping[str, Any], where: str) -> ParamReader:
        """A reader for a nested part of the parameters (an item of a list), on the same budget."""
        return ParamReader(raw, where, self.budget)

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where} ==> At key: {key}: {message}")

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def pattern(self, key: str, value: str) -> regex.Pattern[str]:
        """Check a pattern from the rule file and return it, compiled on first use.

        A pattern too costly to compile (validator.regex_limits) or invalid is a load error with its path.
        MULTILINE: ^ and $ mean the start and end of a paragraph, also when a rule's whole scope is
        searched at once with paragraphs joined by newlines (see ScopeText).
        """
        shown = repr(value) if len(value) <= 60 else repr(value[:60]) + "…"
        costly = regex_limits.problem(value) or self.budget.take(value)
        if costly is not None:
            raise self.fail(key, f"正则表达式 {shown} {costly}")
        flags = regex.V0 | regex.MULTILINE
        try:
            # a bad pattern is a load error, reported with its path; compiled only to see that it can be,
            # so not kept in the regex module's cache (a hundred large patterns would stay there)
            regex.compile(value, flags, cache_pattern=False)
        except regex.error as exc:
            raise self.fail(key, f"无效的正则表达式 {shown}（{exc}）") from None
        except RecursionError:  # the regex parser recurses per nested group
            raise self.fail(key, f"正则表达式 {shown} 嵌套过深") from None
        return lazy_regex(value, flags)  # compiled again only if a report ever needs it

    def patterns(self, key: str, default: Sequence[str] = ()) -> tuple[regex.Pattern[str], ...]:
        values = self.raw.get(key, default)
        return tuple(self.pattern(f"{key} ==> At index {i}", v) for i, v in enumerate(values))


class CheckType(Generic[P]):
    """A reusable kind of check; rules are data that pick one and give its parameters."""

    __slots__ = ("name", "description", "prepare", "run", "uses_claims")

    def __init__(self, name: str, description: str, prepare: Callable[[ParamReader], P],
                 run: Callable[[CheckContext, P], Any], uses_claims: bool = False) -> None:
        self.name = name
        self.description = description
        self.prepare = prepare
        self.run = run
        self.uses_claims = uses_claims  # the engine extracts the document's claims only for these


# --------------------------------------------------------------------------- text helpers

# a newline ends a sentence too: scope texts join paragraphs with one
_SENTENCE_END = regex.compile(r"[。！？!?；;\n]")
_CLAUSE_END = regex.compile(r"[，,。！？!?；;：:\n]")


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


__all__ = ["CharIndex", "CheckContext", "CheckType", "ParamReader", "boundary_ends", "clause", "enclosing",
           "finditer", "search"]

