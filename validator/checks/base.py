"""What every check type shares: its context, its parameter reader, and text helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import regex

from validator.errors import ConfigError
from validator.model import Document, Paragraph, Span
from validator.segment import Classifier

P = TypeVar("P")

# A regular expression from a rule file may not run away on a hostile report.
REGEX_TIMEOUT = 1.0


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
        try:
            return regex.compile(value, regex.V0)
        except regex.error as exc:
            raise self.fail(key, f"无效的正则表达式 {value!r}（{exc}）") from None

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


def enclosing(text: str, start: int, end: int, boundary: regex.Pattern[str] = _SENTENCE_END) -> tuple[int, int]:
    """The sentence (or clause) around text[start:end]."""
    left = 0
    for m in boundary.finditer(text, 0, start):
        left = m.end()
    m = boundary.search(text, end)
    return left, (m.end() if m else len(text))


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    return enclosing(text, start, end, _CLAUSE_END)


def search(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    return pattern.search(text, pos, len(text) if endpos is None else endpos, timeout=REGEX_TIMEOUT)


def finditer(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    return pattern.finditer(text, timeout=REGEX_TIMEOUT)  # type: ignore[no-any-return]


def first_match(patterns: Sequence[regex.Pattern[str]], text: str) -> regex.Match[str] | None:
    """The earliest match of any of the patterns."""
    best: regex.Match[str] | None = None
    for p in patterns:
        m = search(p, text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def whole(paragraph: Paragraph) -> Span:
    return Span(paragraph.index, 0, len(paragraph.text))
