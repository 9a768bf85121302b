"""What every check type shares: its context, its parameter reader, and text helpers."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import regex

from validator import regex_limits
from validator.errors import ConfigError
from validator.model import Document, Paragraph, Span
from validator.segment import Classifier

# A regular expression from a rule file may not run away on a hostile report: every search in a
# check goes through these, under the engine's budget for the rule (validator.timeouts).
from validator.timeouts import REGEX_TIMEOUT, finditer, search  # noqa: I001

P = TypeVar("P")


@dataclass(frozen=True)
class CheckContext:
    document: Document
    scope: list[Paragraph]  # the paragraphs the rule's scope selects
    classifier: Classifier
    previous: Document | None = None  # last year's report by the same issuer, when known


class ParamReader:
    """Reads a rule's ``params`` and compiles them, naming the path to a bad value in errors."""

    def __init__(self, raw: Mapping[str, Any], where: str) -> None:
        self.raw = raw
        self.where = where  # "rules/x.yaml: ==> At key: rules ==> At index 3 ==> At key: params"

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where} ==> At key: {key}: {message}")

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def pattern(self, key: str, value: str) -> regex.Pattern[str]:
        """Compile a pattern from the rule file, refusing one too costly to compile (validator.regex_limits)."""
        shown = repr(value) if len(value) <= 60 else repr(value[:60]) + "…"
        costly = regex_limits.problem(value)
        if costly is not None:
            raise self.fail(key, f"正则表达式 {shown} {costly}")
        try:
            return regex.compile(value, regex.V0)
        except regex.error as exc:
            raise self.fail(key, f"无效的正则表达式 {shown}（{exc}）") from None
        except RecursionError:  # the regex parser recurses per nested group
            raise self.fail(key, f"正则表达式 {shown} 嵌套过深") from None

    def patterns(self, key: str, default: Sequence[str] = ()) -> tuple[regex.Pattern[str], ...]:
        values = self.raw.get(key, default)
        return tuple(self.pattern(f"{key} ==> At index {i}", v) for i, v in enumerate(values))


@dataclass(frozen=True)
class CheckType(Generic[P]):
    """A reusable kind of check; rules are data that pick one and give its parameters."""

    name: str
    description: str
    prepare: Callable[[ParamReader], P]
    run: Callable[[CheckContext, P], Any]


# --------------------------------------------------------------------------- text helpers

_SENTENCE_END = regex.compile(r"[。！？!?；;]")
_CLAUSE_END = regex.compile(r"[，,。！？!?；;：:]")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, the end including its full stop."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


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


def first_match(patterns: Sequence[regex.Pattern[str]], text: str) -> regex.Match[str] | None:
    """The earliest match of any of the patterns."""
    best: regex.Match[str] | None = None
    for p in patterns:
        m = search(p, text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


__all__ = ["REGEX_TIMEOUT", "CharIndex", "CheckContext", "CheckType", "ParamReader", "boundary_ends", "clause", "enclosing",
           "finditer", "first_match", "search", "sentences", "whole"]


def whole(paragraph: Paragraph) -> Span:
    return Span(paragraph.index, 0, len(paragraph.text))
