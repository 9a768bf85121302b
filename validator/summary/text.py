"""Small text helpers shared by the Markdown renderers."""

from __future__ import annotations

from validator.lazyre import lazy_regex

_CN = "零一二三四五六七八九"
_MD_SPECIAL = lazy_regex(r"([\\`*_\[\]<>|#])")


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (headings like “（十二）” need no more than 99)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _CN[tens]}十{_CN[ones] if ones else ''}"


def md(text: str) -> str:
    """Text from a report, safe inside Markdown prose and table cells (no stray bold from "**", no "|")."""
    escaped: str = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return escaped
