"""Regular expressions from rule files run in bounded time: a timeout on every search, a budget per rule.

A pattern in a custom rule file may backtrack catastrophically on some report ("(a+)+$" on a long run
of "a", "(.*a){12}x"). Whether it will cannot be decided reliably when the rule is loaded — it depends
on the text — so it is bounded when it runs: the ``regex`` module stops a search at a timeout, and the
time every search takes is charged to a budget. The engine gives each rule a budget per document
(``rule_budget``: a base plus a share per million characters, so a long report is not cut short);
segmentation gives each section-classifier pattern its own. Once a budget is spent the next search
raises ``TimeoutError``, which the engine reports as a rule error while the other rules run on.

Only time spent inside the regular-expression engine is charged, never the checks' own Python code,
so how fast the machine is or how busy does not decide whether a sound rule is cut off. And each
search is charged only what it takes beyond ``FREE_PER_SEARCH``: a sound rule runs its patterns many
thousand times over a long report, each search taking microseconds, and must not add up to a
"timeout"; a runaway pattern takes milliseconds to seconds per search and is charged nearly all of it.
The time a run can lose to a bad pattern is then at most the budget plus the allowance times the
number of searches, which the checks keep linear in the length of the report.

A rule file can also make a rule slow without any slow pattern: a checklist of a hundred thousand
items is a hundred thousand cheap searches of every paragraph. So a budget also has a wall-clock
deadline (``rule_deadline``), generous enough that no sound rule meets it on any report within the
limits, after which the next search raises TimeoutError as well.
"""

from __future__ import annotations

import contextlib
import itertools
import math
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
# What a search may take without being charged (a search of a sentence takes a few microseconds).
FREE_PER_SEARCH = 50e-6
# Wall-clock seconds one rule may take on one document, its own code included: a base plus this much per
# million characters. The slowest shipped rule takes about 6 seconds on a million characters of nothing but
# headings (tests.robustness.measure).
RULE_DEADLINE = 60.0
RULE_DEADLINE_PER_MILLION_CHARS = 30.0


class Budget:
    """Seconds of regular-expression time left, and a wall-clock deadline."""

    def __init__(self, seconds: float, wall: float | None = None) -> None:
        self.seconds = seconds
        self.left = seconds
        self.wall = wall
        self.deadline = time.perf_counter() + wall if wall is not None else math.inf

    def timeout(self) -> float:
        """The timeout for the next search; TimeoutError when nothing is left."""
        remaining = min(self.left, self.deadline - time.perf_counter())
        if remaining <= 0:
            raise self.exhausted()
        return remaining

    def exhausted(self) -> TimeoutError:
        """The error that says which limit was reached, for the rule-error finding."""
        if time.perf_counter() >= self.deadline:
            return TimeoutError(f"运行时间超过 {self.wall:g} 秒")
        return TimeoutError(f"正则表达式运行时间超过 {self.seconds:.1f} 秒")

    def charge(self, seconds: float, searches: int = 1) -> None:
        """Charge what ``searches`` searches took beyond their free allowance."""
        if seconds > FREE_PER_SEARCH * searches:
            self.left -= seconds - FREE_PER_SEARCH * searches


_active: ContextVar[Budget | None] = ContextVar("fazhi_lint_regex_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float, wall: float | None = None) -> Iterator[Budget]:
    """Charge every search made inside the block (in this thread or task) to a budget of ``seconds``,
    and stop searching ``wall`` seconds after the block starts."""
    spent = Budget(seconds, wall)
    token = _active.set(spent)
    try:
        yield spent
    finally:
        _active.reset(token)


def rule_budget(chars: int) -> float:
    """Regular-expression seconds one rule may spend on a document of ``chars`` characters."""
    return RULE_BUDGET + RULE_BUDGET_PER_MILLION_CHARS * chars / 1_000_000


def rule_deadline(chars: int) -> float:
    """Wall-clock seconds one rule may take on a document of ``chars`` characters."""
    return RULE_DEADLINE + RULE_DEADLINE_PER_MILLION_CHARS * chars / 1_000_000


def search(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    """``pattern.search`` under the active budget (raises TimeoutError when it runs out)."""
    end = len(text) if endpos is None else endpos
    active = _active.get()
    # positional arguments: the keyword costs a microsecond a call, and checks search millions of times
    if active is None:
        return pattern.search(text, pos, end, None, False, REGEX_TIMEOUT)
    # Budget.timeout and Budget.charge, inlined: this runs for every search of every rule
    started = time.perf_counter()
    timeout = min(active.left, active.deadline - started)
    if timeout <= 0:
        raise active.exhausted()
    try:
        return pattern.search(text, pos, end, None, False, timeout)
    except TimeoutError:
        raise active.exhausted() from None
    finally:
        spent = time.perf_counter() - started - FREE_PER_SEARCH
        if spent > 0:
            active.left -= spent


# finditer's matches are found this many at a time (see finditer)
_CHUNK = 256


def finditer(pattern: regex.Pattern[str], text: str, pos: int = 0,
             endpos: int | None = None) -> Iterator[regex.Match[str]]:
    """``pattern.finditer`` under the active budget.

    The regex module's timeout for an iterator runs from its creation, counting the time the caller
    spends between matches too: a long paragraph with thousands of hits would "time out" in the
    checks' own code. So matches are found in chunks, each by a fresh iterator that is drained at once
    (its clock then measures only matching), resuming where the previous chunk stopped. That gives the
    same matches as one iterator: a fresh iterator at the end of a match finds what the old one would
    next, except that after an empty match it would find that empty match again, which is skipped.
    The first chunk is found at once, so the common case — a paragraph with a few hits or none — costs
    one list and no generator.
    """
    end = len(text) if endpos is None else endpos
    active = _active.get()
    if active is None:
        return pattern.finditer(text, pos, end, False, None, False, REGEX_TIMEOUT)  # type: ignore[no-any-return]
    # the first chunk, as _chunk finds it, inlined: this runs for every paragraph of every rule
    started = time.perf_counter()
    timeout = min(active.left, active.deadline - started)
    if timeout <= 0:
        raise active.exhausted()
    found: list[regex.Match[str]] = []
    try:
        found = list(itertools.islice(pattern.finditer(text, pos, end, False, None, False, timeout), _CHUNK))
    except TimeoutError:
        raise active.exhausted() from None
    finally:
        spent = time.perf_counter() - started - FREE_PER_SEARCH * (len(found) + 1)
        if spent > 0:
            active.left -= spent
    if len(found) < _CHUNK:
        return iter(found)
    return itertools.chain(found, _rest(active, pattern, text, end, found[-1]))


def _chunk(active: Budget, pattern: regex.Pattern[str], text: str, pos: int, end: int,
           skip_empty_at: int) -> list[regex.Match[str]]:
    """Up to _CHUNK matches from ``pos``, the time charged; an empty match at ``skip_empty_at`` left out."""
    timeout = active.timeout()
    started = time.perf_counter()
    found: list[regex.Match[str]] = []
    try:
        matches = pattern.finditer(text, pos, end, False, None, False, timeout)
        if skip_empty_at < 0:  # the common case, drained in C
            found = list(itertools.islice(matches, _CHUNK))
        else:
            for match in matches:
                if not found and match.start() == match.end() == skip_empty_at:
                    continue
                found.append(match)
                if len(found) == _CHUNK:
                    break
    except TimeoutError:
        raise active.exhausted() from None
    finally:
        active.charge(time.perf_counter() - started, searches=len(found) + 1)
    return found


def _rest(active: Budget, pattern: regex.Pattern[str], text: str, end: int,
          last: regex.Match[str]) -> Iterator[regex.Match[str]]:
    """The chunks after the first, each resuming at the end of the last match of the one before."""
    while True:
        pos = last.end()
        found = _chunk(active, pattern, text, pos, end, pos if last.start() == last.end() else -1)
        yield from found
        if len(found) < _CHUNK:
            return
        last = found[-1]
