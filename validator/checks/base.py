"""What every check type shares: its context, its parameter reader, and text helpers."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import regex

from validator.errors import ConfigError
from validator.model import Document, Paragraph, Span
from validator.segment import Classifier

P = TypeVar("P")

# A regular expression from a rule file may not run away on a hostile report.
REGEX_TIMEOUT = 1.0


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
            m = pattern.search(text, pos, timeout=REGEX_TIMEOUT)
            if m is None:
                return
            if text.find("\n", m.start(), m.end()) < 0:
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
                continue
            end = self.paragraph_end(m.start())
            yield from pattern.finditer(text, m.start(), end, timeout=REGEX_TIMEOUT)
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
    """What a check sees: the document, the paragraphs of the rule's scope, the classifier."""

    __slots__ = ("document", "scope", "classifier", "previous", "_text")

    def __init__(self, document: Document, scope: list[Paragraph], classifier: Classifier,
                 previous: Document | None = None) -> None:
        self.document = document
        self.scope = scope  # the paragraphs the rule's scope selects
        self.classifier = classifier
        self.previous = previous  # last year's report by the same issuer, when known
        self._text: ScopeText | None = None

    @property
    def text(self) -> ScopeText:
        """The scope as one string, joined once and shared by every rule of the same scope."""
        if self._text is None:
            self._text = ScopeText(self.scope)
        return self._text


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
        # MULTILINE: ^ and $ mean the start and end of a paragraph, also when a rule's whole scope
        # is searched at once with paragraphs joined by newlines (see ScopeText)
        flags = regex.V0 | regex.MULTILINE
        try:
            regex.compile(value, flags)  # a bad pattern is a load error, reported with its path
        except regex.error as exc:
            raise self.fail(key, f"无效的正则表达式 {value!r}（{exc}）") from None
        return regex.compile(value, flags)  # compiled again only if a report ever needs it

    def patterns(self, key: str, default: Sequence[str] = ()) -> tuple[regex.Pattern[str], ...]:
        values = self.raw.get(key, default)
        return tuple(self.pattern(f"{key} ==> At index {i}", v) for i, v in enumerate(values))


class CheckType(Generic[P]):
    """A reusable kind of check; rules are data that pick one and give its parameters."""

    __slots__ = ("name", "description", "prepare", "run")

    def __init__(self, name: str, description: str, prepare: Callable[[ParamReader], P],
                 run: Callable[[CheckContext, P], Any]) -> None:
        self.name = name
        self.description = description
        self.prepare = prepare
        self.run = run


# --------------------------------------------------------------------------- text helpers

# a newline ends a sentence too: scope texts join paragraphs with one
_SENTENCE_END = regex.compile(r"[。！？!?；;\n]")
_CLAUSE_END = regex.compile(r"[，,。！？!?；;：:\n]")
_SENTENCE_START = regex.compile(r"[。！？!?；;\n]", regex.REVERSE)
_CLAUSE_START = regex.compile(r"[，,。！？!?；;：:\n]", regex.REVERSE)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, the end including its full stop."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def enclosing(text: str, start: int, end: int, clauses: bool = False) -> tuple[int, int]:
    """The sentence (or, with ``clauses``, the clause) around text[start:end]."""
    back, ahead = (_CLAUSE_START, _CLAUSE_END) if clauses else (_SENTENCE_START, _SENTENCE_END)
    before = back.search(text, 0, start)  # searched backwards from start: no rescanning from the top
    after = ahead.search(text, end)
    return (before.end() if before else 0), (after.end() if after else len(text))


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    return enclosing(text, start, end, clauses=True)


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
