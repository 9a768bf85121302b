"""Small text helpers shared by the Markdown renderers."""

from __future__ import annotations

from validator.escape import visible
from validator.lazyre import lazy_regex

_MD_SPECIAL = lazy_regex(r"([\\`*_\[\]<>|#])")
_SPACE = lazy_regex(r"[^\S\u3000]+")  # runs of white space but the ideographic space (a letter's "　　年　　月　　日")


def md(text: str) -> str:
    """Text from a report, safe inside Markdown prose and table cells (no stray bold from "**", no "|")."""
    escaped: str = _MD_SPECIAL.sub(r"\\\1", visible(_SPACE.sub(" ", text).strip(" ")))
    return escaped


_BACKTICKS = lazy_regex(r"`+")


def code(text: str) -> str:
    """Text as a Markdown code span: fenced by more backticks than it holds in a row, on one line."""
    shown = visible(text)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
