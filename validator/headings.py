"""Recognising heading labels: 一、 （一） (一) 1. 1、 （1） ① 第一部分, Markdown #, and a lost numeral.

Ranks follow GB/T 9704-2012 (一、 → （一） → 1. → （1））. Markdown and container headings
(Word heading styles, <h2>) use their own level, which always outranks a numbered line.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from validator.numerals import CN_NUMERAL_CHARS, to_int
from validator.zh import FULL_STOPS

_CN = f"[{CN_NUMERAL_CHARS}]{{1,4}}"

# style, rank, pattern (group "n" is the numeral, the match covers the whole label)
_LABELS: list[tuple[str, int, regex.Pattern[str]]] = [
    ("part", 5, regex.compile(rf"^第(?P<n>{_CN}|\d{{1,2}})(?:部分|章|节)[、.．:：\s]*")),
    ("cn", 10, regex.compile(rf"^(?P<n>{_CN})\s*[、.．,，]\s*")),
    ("lost", 10, regex.compile(r"^[、]\s*(?=\S)")),
    ("paren-cn", 20, regex.compile(rf"^[（(]\s*(?P<n>{_CN})\s*[）)]\s*[、.．]?\s*")),
    # "1." but not a decimal ("1.5") or "1、2月"; "1、2024年" and "1.2025年…" are a numeral before a year
    ("arabic", 30, regex.compile(r"^(?P<n>\d{1,2})\s*[.．、](?!\d(?!\d{3}\s*年))\s*")),
    ("paren-arabic", 40, regex.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*[、.．]?\s*")),
    ("circled", 50, regex.compile(r"^(?P<n>[①-⑳])\s*")),
]
# The rest of the line after "## "; trailing spaces and hashes are cut off in code (_strip_closing),
# since a lazy ".*?" before "\s*#*\s*$" backtracks quadratically on a long line of spaces.
_MARKDOWN = regex.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*)$")
_TITLE_END = regex.compile(f"[{FULL_STOPS}]")

# rank given to a heading the container marks (Word heading style, <h2>) or to Markdown
CONTAINER_STYLE = "container"


class Label(NamedTuple):
    style: str
    rank: int
    label: str
    number: int | None
    rest: str  # the text after the label


# Every label starts with one of these; most paragraphs are settled by their first character.
_LABEL_START = frozenset("#第、（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳0123456789" + CN_NUMERAL_CHARS)


def parse_label(text: str) -> Label | None:
    """The heading label at the start of a paragraph, if it has one."""
    if not text or text[0] not in _LABEL_START:
        return None
    md = _MARKDOWN.match(text)
    if md:
        rest = _strip_closing(md["rest"])
        inner = parse_label(rest)
        hashes = len(md["hashes"])
        if inner is not None:
            return Label("markdown", hashes, inner.label, inner.number, inner.rest)
        return Label("markdown", hashes, "", None, rest)
    for style, rank, pattern in _LABELS:
        m = pattern.match(text)
        if m is None:
            continue
        rest = text[m.end():]
        if not rest.strip():
            return None
        number = None
        if "n" in m.groupdict() and m["n"]:
            n = m["n"]
            number = ord(n) - ord("①") + 1 if style == "circled" else to_int(n)
        return Label(style, rank, m.group(0).strip(), number, rest)
    return None


def _strip_closing(rest: str) -> str:
    """A Markdown heading's text without trailing spaces and closing hashes ("标题 ##", "标题#")."""
    return rest.rstrip().rstrip("#").rstrip()


def heading_title(rest: str, limit: int = 60) -> str:
    """A heading's title: up to the first full stop when the paragraph runs on into body text."""
    m = _TITLE_END.search(rest)
    title = rest[: m.start()] if m else rest
    title = title.strip().rstrip("：:")
    return title if len(title) <= limit else title[:limit] + "…"


# Paragraphs that start an enumerated item inside body text; never a heading, never joined onto.
ITEM_START = regex.compile(rf"^(?:{_CN}是|首先|其次|再次|最后|此外|同时)")
