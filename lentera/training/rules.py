"""Rules of the training service and the service rooms, with their figures as dated rule data (issue #16).

A change (new opening hours, a longer feedback period) is a new row with the day it takes effect; a booking or a
session is judged by the row in force on its day (lentera.core.dated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lentera.core.calendar import JAKARTA, is_working_day, local_date
from lentera.core.dated import row_in_force

from .enums import PROVIDER_ROOM_KINDS, SessionStatus
from .errors import TrainingError

#: The first day of the training service's rule data.
TRAINING_RULES_FROM = dt.date(2021, 1, 1)


@dataclass(frozen=True)
class RoomHours:
    opens: dt.time  # Asia/Jakarta, on the working days of lentera.core.calendar
    closes: dt.time
    provider_max_hours: int  # the longest slot a provider books at once
    starts: dt.date
    ends: dt.date | None
    citation: str


ROOM_HOURS: tuple[RoomHours, ...] = (
    RoomHours(
        dt.time(8, 0),
        dt.time(16, 0),
        4,
        TRAINING_RULES_FROM,
        None,
        "Kebijakan Lentera: the service rooms are open in the LPSE's office hours, 08:00-16:00 WIB on working days;"
        " a provider books at most 4 hours at once so the bidding room stays available to others",
    ),
)


def booking_slot(
    *, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime, room_kind: str, by_session: bool
) -> None:
    """A room slot must lie in the future, inside one working day's opening hours (WIB); a provider books only
    the bidding or verification room, and at most the row's hours at once. Raises TrainingError.

    Cites: Permendagri 53/2021 Lampiran 2.5.2 huruf a (fasilitas pemasukan penawaran, pelatihan dan verifikasi);
           Kebijakan Lentera: slots inside the office hours of one working day, a provider's slot at most 4 hours.
    """
    if ends_at <= starts_at:
        raise TrainingError("SLOT_INVALID", _("Waktu selesai harus setelah waktu mulai."))
    if starts_at < now:
        raise TrainingError("SLOT_IN_PAST", _("Waktu yang sudah lewat tidak dapat dipesan."))
    day = local_date(starts_at)
    row = row_in_force(ROOM_HOURS, day)
    start_local, end_local = starts_at.astimezone(JAKARTA), ends_at.astimezone(JAKARTA)
    if (
        not is_working_day(day)
        or end_local.date() != day
        or start_local.time() < row.opens
        or end_local.time() > row.closes
    ):
        raise TrainingError(
            "SLOT_OUTSIDE_HOURS",
            _("Ruang layanan hanya dapat dipesan pada hari kerja pukul %(opens)s-%(closes)s WIB."),
            opens=row.opens.strftime("%H.%M"),
            closes=row.closes.strftime("%H.%M"),
        )
    if not by_session:
        if room_kind not in PROVIDER_ROOM_KINDS:
            raise TrainingError("ROOM_NOT_BOOKABLE", _("Ruang ini hanya dipakai untuk sesi pelatihan."))
        if ends_at - starts_at > dt.timedelta(hours=row.provider_max_hours):
            raise TrainingError(
                "SLOT_TOO_LONG", _("Satu pemesanan paling lama %(hours)s jam."), hours=row.provider_max_hours
            )


@dataclass(frozen=True)
class FeedbackPeriod:
    days: int  # after the session's end
    starts: dt.date
    ends: dt.date | None
    citation: str


FEEDBACK_PERIODS: tuple[FeedbackPeriod, ...] = (
    FeedbackPeriod(
        30,
        TRAINING_RULES_FROM,
        None,
        "Kebijakan Lentera: feedback while the session is fresh, for the year's statistics",
    ),
)


def registration_open(*, session_status: str, starts_at: dt.datetime, now: dt.datetime) -> None:
    """Registration (and its cancellation) is open until the session starts, and never for a cancelled
    session. Raises TrainingError.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (melaksanakan pelatihan penggunaan aplikasi SPSE);
           Kebijakan Lentera: a seat is taken or given back before the session starts, so the roster is final.
    """
    if session_status != SessionStatus.SCHEDULED:
        raise TrainingError("SESSION_CANCELLED", _("Sesi pelatihan ini dibatalkan."), status=409)
    if now >= starts_at:
        raise TrainingError("REGISTRATION_CLOSED", _("Pendaftaran sesi ini sudah ditutup."), status=409)


def certificate_eligible(*, attended: bool | None, session_status: str) -> bool:
    """A certificate of attendance goes only to a person the trainer marked present at a session that took
    place.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (melaksanakan pelatihan penggunaan aplikasi SPSE);
           Kebijakan Lentera: the certificate attests attendance, so it follows the trainer's attendance record.
    """
    return attended is True and session_status == SessionStatus.SCHEDULED


def feedback_open(*, ends_at: dt.datetime, now: dt.datetime, attended: bool | None) -> None:
    """An attendee gives feedback after the session has ended, within the period in force on its day. Raises
    TrainingError.

    Cites: Kebijakan Lentera: feedback from those present, after the session, within 30 days (FEEDBACK_PERIODS).
    """
    if attended is not True:
        raise TrainingError(
            "FEEDBACK_NOT_ATTENDED", _("Umpan balik hanya dari peserta yang hadir."), status=403
        )
    row = row_in_force(FEEDBACK_PERIODS, local_date(ends_at))
    if now < ends_at:
        raise TrainingError("FEEDBACK_TOO_EARLY", _("Umpan balik dibuka setelah sesi selesai."), status=409)
    if now > ends_at + dt.timedelta(days=row.days):
        raise TrainingError(
            "FEEDBACK_CLOSED", _("Umpan balik ditutup %(days)s hari setelah sesi."), days=row.days, status=409
        )
