"""core.dated.row_in_force: the latest row started by the day and not ended; none in force is an error."""

import datetime as dt
from dataclasses import dataclass

import pytest

from lentera.core.dated import RuleError, row_in_force


@dataclass(frozen=True)
class Row:
    value: int
    starts: dt.date
    ends: dt.date | None


ROWS = (Row(1, dt.date(2021, 1, 1), dt.date(2023, 12, 31)), Row(2, dt.date(2023, 6, 1), None))


def test_row_in_force_picks_the_latest_started_row():
    assert row_in_force(ROWS, dt.date(2022, 1, 1)).value == 1
    assert row_in_force(ROWS, dt.date(2023, 6, 1)).value == 2
    assert row_in_force(ROWS, dt.date(2030, 1, 1)).value == 2


def test_row_in_force_without_a_row_is_an_error():
    with pytest.raises(RuleError):
        row_in_force(ROWS, dt.date(2020, 12, 31))
    with pytest.raises(RuleError):
        row_in_force((ROWS[0],), dt.date(2024, 1, 1))
