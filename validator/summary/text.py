"""Small text helpers shared by the Markdown renderers."""

from __future__ import annotations

from validator.lazyre import lazy_regex

_MD_SPECIAL = lazy_regex(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Text from a report, safe inside Markdown prose and table cells (no stray bold from "**", no "|")."""
    escaped: str = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return escaped
