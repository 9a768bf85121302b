"""validator.timeouts: searches under a budget find exactly what plain searches find."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from validator import timeouts

PATTERNS = [r"\d+", r"\d*", r"a|", r"(?=年)", r"[，。]", r"x*?", r"第[一二三]条"]


def spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("chunk", [1, 2, 3, 256])
@given(text=st.text(alphabet="a1年，。第一条x ", max_size=60), pos=st.integers(0, 5))
def test_finditer_under_a_budget_finds_what_finditer_finds(chunk: int, text: str, pos: int) -> None:
    original = timeouts._CHUNK
    timeouts._CHUNK = chunk  # chunk boundaries everywhere, empty matches at them included
    try:
        for source in PATTERNS:
            pattern = regex.compile(source)
            with timeouts.budget(10.0, 60.0):
                got = spans(timeouts.finditer(pattern, text, pos))
                first = timeouts.search(pattern, text, pos)
            assert got == spans(pattern.finditer(text, pos)), source
            expected = pattern.search(text, pos)
            assert (first.span() if first else None) == (expected.span() if expected else None)
    finally:
        timeouts._CHUNK = original


def test_a_spent_budget_stops_the_search() -> None:
    pattern = regex.compile(r"\d+")
    with timeouts.budget(0.0, 60.0), pytest.raises(TimeoutError):
        list(timeouts.finditer(pattern, "12 34"))
