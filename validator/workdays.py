"""Working days (工作日) between two dates, by the State Council's holiday arrangements.

A legality review is often reported by two dates ("9月27日送司法局合法性审查……10月9日出具审查意见")
rather than by a number of working days. Counting Monday to Friday would be wrong around the holidays:
the 国庆 week is off, and the weekends around it are worked (调休上班). The official arrangement of each
year is in ``data/holidays.tsv`` (from the 国务院办公厅's yearly notice); for a year it does not cover,
no count is given at all, so nothing is judged on a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import NamedTuple

DATA_PATH = Path(__file__).parent / "data" / "holidays.tsv"
MAX_SPAN_DAYS = 366  # a review does not take longer; two dates further apart are not one review


class Calendar(NamedTuple):
    off: frozenset[dt.date]  # weekdays given as holidays
    worked: frozenset[dt.date]  # weekend days declared working days
    years: frozenset[int]  # the years whose arrangement is known


def parse(text: str, where: str = "holidays.tsv") -> Calendar:
    """``YYYY-MM-DD<TAB>off|work<TAB>name`` lines; ``#`` starts a comment. A year counts as known when the
    table has a line in it (every year has holidays), so an arrangement reaching into a year the table
    does not otherwise cover stays a comment. A bad line is an error naming it (ValueError)."""
    off: set[dt.date] = set()
    worked: set[dt.date] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        kind = fields[1].strip() if len(fields) > 1 else ""
        if kind not in ("off", "work"):
            raise ValueError(f"{where}:{number}: 应为“日期<TAB>off|work<TAB>名称”：{line!r}")
        (worked if kind == "work" else off).add(dt.date.fromisoformat(fields[0].strip()))
    return Calendar(frozenset(off), frozenset(worked), frozenset(d.year for d in off | worked))


@functools.lru_cache(maxsize=1)
def shipped() -> Calendar:
    return parse(DATA_PATH.read_text(encoding="utf-8"), str(DATA_PATH))


def is_working_day(day: dt.date, calendar: Calendar) -> bool:
    if day in calendar.worked:
        return True
    return day.weekday() < 5 and day not in calendar.off


def working_days(first: dt.date, last: dt.date, calendar: Calendar | None = None) -> tuple[int, int] | None:
    """(working days after ``first`` up to ``last``, the same counting ``first`` too); None when the
    calendar does not know every year the span touches, or the span is not forward."""
    calendar = shipped() if calendar is None else calendar
    if last <= first or (last - first).days > MAX_SPAN_DAYS or any(year not in calendar.years for year in range(first.year, last.year + 1)):
        return None
    after = sum(is_working_day(first + dt.timedelta(days=n), calendar) for n in range(1, (last - first).days + 1))
    return after, after + is_working_day(first, calendar)
