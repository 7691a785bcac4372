"""Bookings of the LPSE's service rooms (Permendagri 53/2021 Lampiran 2.5.2 a-b): a provider books a slot in the
bidding room or the verification room; a training session reserves the training room for its hours.

No double-booking: every booking first locks its room row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers
are serialised by its IMMEDIATE transactions), then looks for an active booking of that room overlapping the new
interval, so two concurrent requests for the same room are decided one after the other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import rules
from .errors import TrainingError
from .models import Booking, Room, Session

#: The front desk: who sees every room's day and may cancel any provider's slot
DESK_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE)


#: The LPSE's three service rooms (also made by migration 0002_service_rooms): code, name, kind, seats
STANDARD_ROOMS = (
    ("BIDDING", "Ruang Pemasukan Penawaran (Bidding Room)", "BIDDING", 8),
    ("TRAINING", "Ruang Pelatihan", "TRAINING", 24),
    ("VERIFICATION", "Ruang Verifikasi", "VERIFICATION", 2),
)


def ensure_standard_rooms() -> None:
    """Make the three rooms if a flushed database lost them (the demo loader; the migration makes them)."""
    for code, name, kind, seats in STANDARD_ROOMS:
        Room.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "seats": seats})


def overlapping(room: Room, starts_at: dt.datetime, ends_at: dt.datetime):
    """Active bookings of ``room`` that share any instant with [starts_at, ends_at) (touching ends are fine)."""
    return Booking.objects.filter(room=room, active=True, starts_at__lt=ends_at, ends_at__gt=starts_at)


def _claim(
    *,
    actor: Any,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    session: Session | None,
) -> Booking:
    Room.objects.select_for_update().filter(pk=room.pk).first()  # the lock: one booking of a room at a time
    rules.booking_slot(
        starts_at=starts_at,
        ends_at=ends_at,
        now=db_now(),
        room_kind=room.kind,
        by_session=session is not None,
    )
    if overlapping(room, starts_at, ends_at).exists():
        raise TrainingError(
            "ROOM_TAKEN", _("Ruang %(room)s sudah dipesan pada waktu itu."), room=room.name, status=409
        )
    return Booking.objects.create(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=actor,
        session=session,
        purpose=purpose[:200],
        created_at=db_now(),
    )


def reserve(
    *, actor: Any, room: Room, starts_at: dt.datetime, ends_at: dt.datetime, session: Session
) -> Booking:
    """The training room for a session's hours (called inside ``services.session_create``'s transaction)."""
    booking = _claim(
        actor=actor,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=f"{session.course.code} {session.course.title}",
        session=session,
    )
    audit.record(
        actor=actor,
        action="training.booking.create",
        obj=booking,
        after={"room": room.code, "session": session.pk, "starts_at": starts_at.isoformat()},
    )
    return booking


def release_for_session(session: Session, now: dt.datetime) -> None:
    """A cancelled session gives its training room back (inside ``services.session_cancel``'s transaction)."""
    booking = Booking.objects.select_for_update().filter(session=session, active=True).first()
    if booking is not None:
        booking.active = False
        booking.cancelled_at = now
        booking.save(update_fields=["active", "cancelled_at"])


@transaction.atomic
def booking_create(
    *, actor: Any, room: Room, starts_at: dt.datetime, ends_at: dt.datetime, purpose: str
) -> Booking:
    """A provider's slot in the bidding room or the verification room."""
    ensure_role(actor, Role.PENYEDIA)
    purpose = (purpose or "").strip()
    if not purpose:
        raise TrainingError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=str(_("keperluan")))
    booking = _claim(
        actor=actor, room=room, starts_at=starts_at, ends_at=ends_at, purpose=purpose, session=None
    )
    audit.record(
        actor=actor,
        action="training.booking.create",
        obj=booking,
        after={"room": room.code, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    """The provider gives its slot back before it starts, or the front desk cancels it; a session's reservation
    goes with the session, not here."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise TrainingError("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    desk = bool(set(actor.active_role_codes()) & {str(r) for r in DESK_ROLES})
    if booking.booked_by_id != actor.pk and not desk:
        raise TrainingError("BOOKING_NOT_FOUND", _("Pemesanan tidak ditemukan."), status=404)
    if booking.session_id is not None:
        raise TrainingError("BOOKING_OF_SESSION", _("Ruang ini dipesan untuk sesi pelatihan."), status=409)
    if not booking.active:
        raise TrainingError("BOOKING_CANCELLED", _("Pemesanan ini sudah dibatalkan."), status=409)
    now = db_now()
    if not desk and booking.starts_at <= now:
        raise TrainingError(
            "BOOKING_STARTED", _("Pemesanan yang sudah dimulai tidak dapat dibatalkan."), status=409
        )
    booking.active = False
    booking.cancelled_at = now
    booking.save(update_fields=["active", "cancelled_at"])
    audit.record(
        actor=actor,
        action="training.booking.cancel",
        obj=booking,
        before={"active": True},
        after={"active": False},
    )
    return booking
