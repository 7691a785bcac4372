"""Rules of the UKPBJ's reports, with their data dated (core.dated): the periods a report covers and to whom it is
sent (Permendagri 53/2021 Pasal 26)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lentera.core.dated import row_in_force

SEMESTER_1 = "S1"
SEMESTER_2 = "S2"
ANNUAL = "ANNUAL"
KINDS = (SEMESTER_1, SEMESTER_2, ANNUAL)


@dataclass(frozen=True)
class Recipient:
    text: str
    starts: dt.date
    ends: dt.date | None


#: Pasal 26: the report goes to the Minister through the Secretary-General, for the attention of the head of the
#: General Bureau (a regency's UKPBJ names its own recipient when it submits; this is the form's default).
RECIPIENTS: tuple[Recipient, ...] = (
    Recipient(
        "Menteri Dalam Negeri melalui Sekretaris Jenderal u.p. Kepala Biro Umum",
        dt.date(2021, 6, 1),
        None,
    ),
)


def report_period(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """The first and last day a UKPBJ report covers: semester 1 is January-June, semester 2 July-December, the
    annual report the whole fiscal year; anything else is refused (ValueError).

    Cites: Permendagri 53/2021 Pasal 26
    """
    if kind == SEMESTER_1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if kind == SEMESTER_2:
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    if kind == ANNUAL:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError(f"unknown report kind {kind!r}")


def default_recipient(on: dt.date) -> str:
    """To whom the UKPBJ sends its semester and annual report, on the given day.

    Cites: Permendagri 53/2021 Pasal 26
    """
    return row_in_force(RECIPIENTS, on).text
