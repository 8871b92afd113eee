"""The calendar arithmetic the rules share."""

import datetime

from exchange.core.dates import months_before, years_before

D = datetime.date


def test_months_before_keeps_to_the_end_of_shorter_months():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_years_before_the_29th_of_february_is_the_28th():
    assert years_before(D(2024, 2, 29), 3) == D(2021, 2, 28)
    assert years_before(D(2026, 3, 15), 3) == D(2023, 3, 15)


def test_a_year_before_29_february_is_28_february():
    assert years_before(D(2028, 2, 29), 1) == D(2027, 2, 28)
    assert years_before(D(2026, 3, 1), 1) == D(2025, 3, 1)
