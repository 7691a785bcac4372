"""Reads of the training service and the service rooms, scoped to the user: anyone sees the upcoming sessions and
checks a certificate by its code; a registrant sees their own registrations; a trainer the sessions they run (the
head of the LPSE sub-unit every session); the front desk every room's day.

``course_statistics(year)`` is the figure the reports read: one row per course of the sessions held that year."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts import selectors as account_selectors
from lentera.core.calendar import JAKARTA, local_date
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .enums import PROVIDER_ROOM_KINDS, RoomKind, SessionStatus
from .models import Booking, Certificate, Course, Feedback, Registration, Room, Session
from .states import Status


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("course", "room", "trainer").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


def upcoming_sessions(limit: int = 100) -> list[Session]:
    """Scheduled sessions not yet ended, the soonest first (the public listing)."""
    return list(
        _sessions().filter(status=SessionStatus.SCHEDULED, ends_at__gt=db_now()).order_by("starts_at")[:limit]
    )


def session_or_404(pk: int) -> Session:
    session = _sessions().filter(pk=pk).first()
    if session is None:
        raise NotFound("SESSION_NOT_FOUND", _("Sesi pelatihan tidak ditemukan."))
    return session


def own_registration_of(user: Any, session: Session) -> Registration | None:
    if not _signed_in(user):
        return None
    return Registration.objects.filter(session=session, person=user).exclude(status=Status.CANCELLED).first()


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITING:
        return None
    return (
        Registration.objects.filter(
            session_id=registration.session_id, status=Status.WAITING, created_at__lte=registration.created_at
        )
        .exclude(Q(created_at=registration.created_at) & Q(pk__gt=registration.pk))
        .count()
    )


def own_registrations(user: Any) -> QuerySet[Registration]:
    if not _signed_in(user):
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=user)
        .select_related("session__course", "session__room", "certificate", "feedback")
        .order_by("-session__starts_at", "-pk")
    )


def own_registration_or_404(*, user: Any, pk: int) -> Registration:
    registration = own_registrations(user).filter(pk=pk).first()
    if registration is None:  # another person's registration answers like a missing one
        raise NotFound("REGISTRATION_NOT_FOUND", _("Pendaftaran tidak ditemukan."))
    return registration


def _sees_every_session(user: Any, role: str | None) -> bool:
    return bool(getattr(user, "is_superuser", False)) or role == Role.KASUBAG_LPSE


def managed_sessions(*, user: Any, role: str | None) -> QuerySet[Session]:
    """A trainer's own sessions; the head of the LPSE sub-unit's every session."""
    qs = _sessions().order_by("-starts_at")
    return qs if _sees_every_session(user, role) else qs.filter(trainer=user)


def managed_session_or_404(*, user: Any, role: str | None, pk: int) -> Session:
    session = managed_sessions(user=user, role=role).filter(pk=pk).first()
    if session is None:
        raise NotFound("SESSION_NOT_FOUND", _("Sesi pelatihan tidak ditemukan."))
    return session


def roster(session: Session) -> list[Registration]:
    return list(
        Registration.objects.filter(session=session)
        .exclude(status=Status.CANCELLED)
        .select_related("person", "certificate")
        .order_by("status", "created_at", "pk")
    )


def certificate_of_session_or_404(*, session: Session, pk: int) -> Certificate:
    found = Certificate.objects.filter(registration__session=session, pk=pk).first()
    if found is None:
        raise NotFound("CERTIFICATE_NOT_FOUND", _("Sertifikat tidak ditemukan."))
    return found


def certificate_by_code(code: str) -> Certificate:
    """The public check: the code as printed (case and dashes ignored)."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:32]
    found = (
        Certificate.objects.filter(code=cleaned).select_related("registration__session__course").first()
        if cleaned
        else None
    )
    if found is None:
        raise NotFound("CERTIFICATE_NOT_FOUND", _("Sertifikat dengan kode ini tidak ditemukan."))
    return found


def own_certificate_or_404(*, user: Any, registration_pk: int) -> Certificate:
    registration = own_registration_or_404(user=user, pk=registration_pk)
    found = (
        Certificate.objects.filter(registration=registration)
        .select_related("registration__session__course", "registration__session__trainer")
        .first()
    )
    if found is None:
        raise NotFound("CERTIFICATE_NOT_FOUND", _("Sertifikat tidak ditemukan."))
    return found


def courses() -> QuerySet[Course]:
    return Course.objects.order_by("code")


def course_or_404(pk: int | None) -> Course:
    found = Course.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound("COURSE_NOT_FOUND", _("Pelatihan tidak ditemukan."))
    return found


def trainer_queryset() -> QuerySet[Any]:
    """The people holding the Trainer role today (a session's trainer is one of them)."""
    return account_selectors.users_with_role(role=Role.TRAINER)


def trainer_or_404(pk: int) -> Any:
    found = trainer_queryset().filter(pk=pk).first()
    if found is None:
        raise NotFound("TRAINER_NOT_FOUND", _("Pelatih tidak ditemukan."))
    return found


def rooms_of(kinds: frozenset[str] | set[str] | None = None) -> QuerySet[Room]:
    qs = Room.objects.all()
    return qs.filter(kind__in=list(kinds)) if kinds else qs


def training_rooms() -> QuerySet[Room]:
    return rooms_of({RoomKind.TRAINING})


def provider_rooms() -> QuerySet[Room]:
    return rooms_of(set(PROVIDER_ROOM_KINDS))


def room_or_404(pk: int | None, kinds: frozenset[str] | set[str] | None = None) -> Room:
    found = rooms_of(kinds).filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound("ROOM_NOT_FOUND", _("Ruang tidak ditemukan."))
    return found


def own_bookings(user: Any) -> QuerySet[Booking]:
    if not _signed_in(user):
        return Booking.objects.none()
    return (
        Booking.objects.filter(booked_by=user, session__isnull=True)
        .select_related("room")
        .order_by("-starts_at")
    )


def booking_or_404(*, user: Any, role: str | None, pk: int) -> Booking:
    """A provider's own booking; the front desk's any booking."""
    qs = Booking.objects.select_related("room")
    if role not in (Role.HELPDESK, Role.KASUBAG_LPSE):
        qs = qs.filter(booked_by=user)
    found = qs.filter(pk=pk).first() if _signed_in(user) else None
    if found is None:
        raise NotFound("BOOKING_NOT_FOUND", _("Pemesanan tidak ditemukan."))
    return found


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=JAKARTA)
    return start, start + dt.timedelta(days=1)


def day_schedule(day: dt.date) -> list[dict[str, Any]]:
    """The front desk's day: each room with its active bookings (provider slots and training sessions) in
    order, and the online sessions of that day."""
    start, end = _day_bounds(day)
    bookings = list(
        Booking.objects.filter(active=True, starts_at__lt=end, ends_at__gt=start)
        .select_related("room", "booked_by", "session__course", "session__trainer")
        .order_by("starts_at")
    )
    rows = [
        {"room": room, "bookings": [b for b in bookings if b.room_id == room.pk]}
        for room in Room.objects.all()
    ]
    online = list(
        Session.objects.filter(
            room__isnull=True, status=SessionStatus.SCHEDULED, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("course", "trainer")
        .order_by("starts_at")
    )
    return [*rows, {"room": None, "online": online, "bookings": []}]


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week ``day`` falls in."""
    return day - dt.timedelta(days=day.weekday())


def verification_week(day: dt.date) -> list[dict[str, Any]]:
    """The verifier's calendar (Lampiran 2.5.2 b): the seven days (Monday first) of the week of ``day``, each
    with the providers' active bookings of the verification room(s) in time order (WIB days)."""
    monday = week_start(day)
    start, _end = _day_bounds(monday)
    end = start + dt.timedelta(days=7)
    bookings = list(
        Booking.objects.filter(
            room__kind=RoomKind.VERIFICATION, active=True, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("room", "booked_by")
        .order_by("starts_at", "pk")
    )
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    return [{"day": d, "bookings": [b for b in bookings if local_date(b.starts_at) == d]} for d in days]


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime(year, 1, 1, tzinfo=JAKARTA),
        dt.datetime(year + 1, 1, 1, tzinfo=JAKARTA),
    )


def course_statistics(year: int) -> list[dict[str, Any]]:
    """Per course, the sessions held in ``year`` (WIB; cancelled sessions left out): sessions, registrations
    (not cancelled), attendees, valid certificates and the mean feedback rating (two places, None without
    feedback). Courses without a session that year are left out."""
    start, end = _year_bounds(year)
    rows = []
    for course in Course.objects.order_by("code"):
        sessions = Session.objects.filter(
            course=course, status=SessionStatus.SCHEDULED, starts_at__gte=start, starts_at__lt=end
        )
        n_sessions = sessions.count()
        if not n_sessions:
            continue
        regs = Registration.objects.filter(session__in=sessions).exclude(status=Status.CANCELLED)
        mean = Feedback.objects.filter(registration__session__in=sessions).aggregate(m=Avg("rating"))["m"]
        rows.append(
            {
                "course": course,
                "code": course.code,
                "title": course.title,
                "sessions": n_sessions,
                "registrations": regs.count(),
                "attendees": regs.filter(attended=True).count(),
                "certificates": Certificate.objects.filter(
                    registration__session__in=sessions, revoked_at__isnull=True
                ).count(),
                "feedback": Feedback.objects.filter(registration__session__in=sessions).count(),
                "mean_rating": None
                if mean is None
                else Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            }
        )
    return rows


def sessions_soon(*, user: Any, role: str | None, days: int) -> list[Session]:
    """The dashboard: scheduled sessions from the start of today (WIB) to ``days`` ahead, soonest first."""
    now = db_now()
    start, _end = _day_bounds(now.astimezone(JAKARTA).date())
    return list(
        managed_sessions(user=user, role=role)
        .filter(
            status=SessionStatus.SCHEDULED, starts_at__gte=start, starts_at__lt=now + dt.timedelta(days=days)
        )
        .order_by("starts_at")
    )


def bookings_today_count() -> int:
    start, end = _day_bounds(db_now().astimezone(JAKARTA).date())
    return Booking.objects.filter(active=True, starts_at__lt=end, ends_at__gt=start).count()


def own_upcoming(user: Any) -> list[Registration]:
    return list(
        own_registrations(user)
        .filter(status__in=[Status.CONFIRMED, Status.WAITING], session__ends_at__gt=db_now())
        .order_by("session__starts_at")
    )


def sessions_held_for_report(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """The training sessions held (not cancelled) starting in [start, end), with their registrations (not
    cancelled), attendees and valid certificates (read by lentera.reporting's LPSE team activity)."""
    sessions = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=start, starts_at__lt=end)
    regs = Registration.objects.filter(session__in=sessions).exclude(status=Status.CANCELLED)
    return {
        "sessions": sessions.count(),
        "registrations": regs.count(),
        "attendees": regs.filter(attended=True).count(),
        "certificates": Certificate.objects.filter(
            registration__session__in=sessions, revoked_at__isnull=True
        ).count(),
    }
