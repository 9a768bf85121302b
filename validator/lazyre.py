"""Regular expressions compiled on first use.

A one-file check (a pre-commit hook) must start fast, and compiling every pattern of every
module and rule costs more than checking the report: a third of them are never used on a given
report (Markdown syntax in a .txt file, the unless-clauses of a rule that found nothing). A lazy
pattern stands in for a compiled one, compiles itself the first time it is used, and pickles as
its source, so a cached rule set is loaded without compiling anything.
"""

from __future__ import annotations

from typing import Any, cast

import regex


class LazyPattern:
    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: regex.Pattern[str] | None = None

    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    # the methods checks call in their loops, spelled out: falling back on __getattr__ costs an
    # exception per call
    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().search(*args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().match(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().findall(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().sub(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # anything else (split, subn, groups, groupindex, pattern …) from the compiled pattern
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int]]:
        return LazyPattern, (self.source, self.flags)

    def __repr__(self) -> str:
        return f"lazy_regex({self.source!r})"


def lazy_regex(source: str, flags: int = 0) -> regex.Pattern[str]:
    """A pattern that behaves as ``regex.compile(source, flags)`` but compiles when first used."""
    return cast("regex.Pattern[str]", LazyPattern(source, flags))


# A backreference counts groups: joined with other patterns its number would point elsewhere.
_BACKREFERENCE = regex.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?P>|\(\?&|\(\?[0-9R]")


def any_of(patterns: tuple[regex.Pattern[str], ...]) -> tuple[regex.Pattern[str], ...]:
    """Patterns to search where matching any one of ``patterns`` is all that is asked: one alternation
    when they can be joined (one search instead of many), else the patterns themselves."""
    if len(patterns) < 2:
        return patterns
    sources = [getattr(p, "source", None) or p.pattern for p in patterns]
    flags = {getattr(p, "flags", 0) for p in patterns}
    if len(flags) != 1 or any(_BACKREFERENCE.search(s) for s in sources):
        return patterns
    joined, flag = "|".join(f"(?:{s})" for s in sources), flags.pop()
    try:
        regex.compile(joined, flag)  # named groups repeated across patterns cannot be joined
    except (regex.error, RecursionError):
        return patterns
    return (lazy_regex(joined, flag),)
