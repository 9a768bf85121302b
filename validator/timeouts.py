"""Regular expressions from rule files run in bounded time: a timeout on every search, a budget per rule.

A pattern in a custom rule file may backtrack catastrophically on some report ("(a+)+$" on a long run
of "a", "(.*a){12}x"). Whether it will cannot be decided reliably when the rule is loaded — it depends
on the text — so it is bounded when it runs: the ``regex`` module stops a search at a timeout, and the
time every search takes is charged to a budget. The engine gives each rule a budget per document
(``rule_budget``: a base plus a share per million characters, so a long report is not cut short);
segmentation gives each section-classifier pattern its own. Once a budget is spent the next search
raises ``TimeoutError``, which the engine reports as a rule error while the other rules run on.

Only time spent inside the regular-expression engine is charged, never the checks' own Python code,
so how fast the machine is or how busy does not decide whether a sound rule is cut off.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

import regex

# One search when no budget is active (a check called outside the engine, in tests).
REGEX_TIMEOUT = 1.0
# Seconds of regular-expression time one rule may spend on one document: a base, plus this much per
# million characters of text. A sound rule spends milliseconds on a real report.
RULE_BUDGET = 2.0
RULE_BUDGET_PER_MILLION_CHARS = 2.0


class Budget:
    """Seconds of regular-expression time left."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.left = seconds

    def timeout(self) -> float:
        """The timeout for the next search; TimeoutError when nothing is left."""
        if self.left <= 0:
            raise TimeoutError(f"正则表达式运行时间超过 {self.seconds:.1f} 秒")
        return self.left

    def charge(self, seconds: float) -> None:
        self.left -= seconds


_active: ContextVar[Budget | None] = ContextVar("fazhi_lint_regex_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """Charge every search made inside the block (in this thread or task) to a budget of ``seconds``."""
    spent = Budget(seconds)
    token = _active.set(spent)
    try:
        yield spent
    finally:
        _active.reset(token)


def rule_budget(chars: int) -> float:
    """Regular-expression seconds one rule may spend on a document of ``chars`` characters."""
    return RULE_BUDGET + RULE_BUDGET_PER_MILLION_CHARS * chars / 1_000_000


def _timeout(active: Budget | None) -> float:
    return active.timeout() if active is not None else REGEX_TIMEOUT


def search(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    """``pattern.search`` under the active budget (raises TimeoutError when it runs out)."""
    end = len(text) if endpos is None else endpos
    active = _active.get()
    # positional arguments: the keyword costs a microsecond a call, and checks search millions of times
    if active is None:
        return pattern.search(text, pos, end, None, False, REGEX_TIMEOUT)
    timeout = active.timeout()
    started = time.perf_counter()
    try:
        return pattern.search(text, pos, end, None, False, timeout)
    finally:
        active.left -= time.perf_counter() - started


def finditer(pattern: regex.Pattern[str], text: str, pos: int = 0,
             endpos: int | None = None) -> Iterator[regex.Match[str]]:
    """``pattern.finditer`` under the active budget; the time to find each match is charged as it is found."""
    active = _active.get()
    matches = pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=_timeout(active))
    if active is None:
        yield from matches
        return
    while True:
        started = time.perf_counter()
        try:
            found = next(matches, None)
        finally:
            active.left -= time.perf_counter() - started
        if found is None:
            return
        yield found
