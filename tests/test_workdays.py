"""Working days by the State Council's holiday arrangements (validator/workdays.py, data/holidays.tsv)."""

from __future__ import annotations

import datetime as dt

import pytest

from validator import workdays

D = dt.date


@pytest.mark.parametrize(("first", "last", "counted"), [
    (D(2023, 11, 14), D(2023, 11, 16), (2, 3)),  # Tuesday to Thursday
    (D(2023, 9, 27), D(2023, 10, 9), (4, 5)),  # over 中秋国庆 2023: 9月29日–10月6日 off, 10月7日、8日 worked
    (D(2023, 1, 16), D(2023, 1, 30), (7, 8)),  # over 春节 2023, with its two worked weekend days
    (D(2024, 2, 5), D(2024, 2, 19), (6, 7)),  # over 春节 2024: 2月10日–17日 off, 2月18日 (Sunday) worked
    (D(2024, 12, 30), D(2025, 1, 3), (3, 4)),  # across the year end: 元旦 2025 (1月1日) off
])
def test_working_days_follow_the_official_arrangements(first: D, last: D, counted: tuple[int, int]) -> None:
    assert workdays.working_days(first, last) == counted


def test_a_year_the_calendar_does_not_know_gives_no_count() -> None:
    assert workdays.working_days(D(2018, 9, 27), D(2018, 10, 9)) is None
    assert workdays.working_days(D(2031, 3, 2), D(2031, 3, 20)) is None


def test_no_count_for_a_backward_or_implausibly_long_span() -> None:
    assert workdays.working_days(D(2024, 3, 5), D(2024, 3, 5)) is None
    assert workdays.working_days(D(2024, 3, 5), D(2024, 3, 1)) is None
    assert workdays.working_days(D(2019, 1, 2), D(2024, 1, 2)) is None


def test_the_shipped_calendar_is_consistent() -> None:
    calendar = workdays.shipped()
    assert set(range(2019, 2027)) <= calendar.years
    assert all(day.weekday() >= 5 for day in calendar.worked)  # only weekends are declared worked
    assert not calendar.off & calendar.worked
    # every year has its 国庆 week off (the 2020 one joined with 中秋: 10月1日–8日)
    assert all(D(year, 10, 3) in calendar.off for year in calendar.years)


def test_a_bad_line_of_the_table_is_named() -> None:
    with pytest.raises(ValueError, match="t.tsv:2"):
        workdays.parse("# comment\n2024-10-01\twrok\t国庆节\n", "t.tsv")
    with pytest.raises(ValueError, match="t.tsv:1"):
        workdays.parse("2024-10-01 off 国庆节\n", "t.tsv")
