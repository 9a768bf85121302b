"""The syntax of a suppression directive, ``<!-- fazhi-lint-disable rule-ids -- reason -->`` on a line of its own.

Apart from validator.suppress (which applies directives) because normalisation must recognise a
directive line to leave it out of the report text, and normalisation runs before anything is checked:
this module imports nothing from the package, so reading the syntax pulls in no checking machinery.
"""

from __future__ import annotations

import regex

KEYWORD = "fazhi-lint-disable"
# " -- " between the rule ids and the reason: "--" after a space (or first) and before a space (or last)
_REASON_MARK = regex.compile(r"(?:^|(?<=\s))--(?=\s|$)")


def directive_tail(text: str) -> str | None:
    """What follows the keyword in a directive line (rule ids and reason), None when the line is none.

    The whole line is the comment, so a directive never mixes with report text. Parsed with string
    operations: a regular expression with a lazy tail before optional spaces backtracks quadratically
    on a long line of spaces, and report lines come from anyone.
    """
    if KEYWORD not in text:
        return None
    line = text.strip()
    if not (line.startswith("<!--") and line.endswith("-->")) or len(line) < 7:
        return None
    inner = line[4:-3].strip()
    if not inner.startswith(KEYWORD):
        return None
    tail = inner[len(KEYWORD):]
    if tail and not tail[0].isspace():
        return None  # "fazhi-lint-disabled" is some other word
    return tail.strip()


def is_directive(text: str) -> bool:
    """Is this source line a suppression comment (which normalisation must not see as report text)?"""
    return directive_tail(text) is not None


def split_tail(tail: str) -> tuple[str, str]:
    """(rule ids, reason) of a directive's tail, split at the first " -- "."""
    m = _REASON_MARK.search(tail)
    if m is None:
        return tail, ""
    return tail[: m.start()], tail[m.end():].strip()
