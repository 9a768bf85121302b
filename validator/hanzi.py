"""Traditional → simplified characters for matching, one character to one character.

Rules are written in simplified characters; some portals publish reports in 繁體. Normalisation
runs the text through a character map (``normalize.CharMap``) that must keep every string's
length, so positions and quotes of the original traditional text stay exact. Phrase-level
conversion (OpenCC's phrase tables) could change lengths and is not needed to match rules.

A character that is valid in both scripts (於, 乾, 徵 …) is converted only in a document that is
clearly traditional; in a simplified report with a stray traditional name, only characters
that exist solely in traditional script are converted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import regex

from validator._hanzi_table import AMBIGUOUS, SIMPLIFIED, TRADITIONAL
from validator.lazyre import lazy_regex

# A document is traditional when at least this share of its Han characters exist only in
# traditional script; real 繁體 reports are well above it, simplified ones with a quoted name far below.
TRADITIONAL_SHARE = 0.05

_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}

# The conversion tables are built on first use: most reports have no traditional character at all.
_STRICT_CHARS = frozenset(TRADITIONAL) - frozenset(AMBIGUOUS)


@functools.cache
def _full() -> dict[int, str]:
    table = {ord(t): s for t, s in zip(TRADITIONAL, SIMPLIFIED)}
    table.update({ord(k): v for k, v in _QUOTES.items()})
    return table


@functools.cache
def _strict() -> dict[int, str]:
    return {ord(t): s for t, s in zip(TRADITIONAL, SIMPLIFIED) if t not in AMBIGUOUS}


def to_simplified(text: str) -> str:
    """Every traditional character (and 「」 quotes) to its simplified form; same length."""
    return text.translate(_full())


def stray_to_simplified(text: str) -> str:
    """Only characters that exist solely in traditional script; same length."""
    return text.translate(_strict())


_HAN = lazy_regex(r"[\u3400-\u9fff\uf900-\ufaff]+")  # only for documents with traditional characters


def count(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> int:
    """Characters of ``text`` that ``pattern`` (a character class with +) matches, counted in C."""
    return len(text) - len(pattern.sub("", text))


def traditional_share(text: str) -> tuple[int, int]:
    """(characters that exist only in traditional script, all Han characters) in ``text``."""
    # counted in C (str.translate, the regex engine): a loop per character costs as much as reading
    return len(text) - len(text.translate(dict.fromkeys(_strict()))), count(_HAN, text)


def is_traditional(text: str) -> bool:
    traditional, han = traditional_share(text)
    return han > 0 and traditional / han >= TRADITIONAL_SHARE


def char_map_for(text: str) -> Callable[[str], str] | None:
    """The character map normalisation should use for a document, None when it has no traditional characters."""
    if _STRICT_CHARS.isdisjoint(text):
        return None  # the usual case, settled in C without counting
    return to_simplified if is_traditional(text) else stray_to_simplified
