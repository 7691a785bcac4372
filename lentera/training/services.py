"""Every write of the training service: keyword-only, the acting user first, one transaction, one audit event.

Courses and sessions are the trainers' and the head of the LPSE sub-unit's (Perbup PPU 2/2021 Pasal 4 huruf e
angka 5); anyone signed in (providers and staff) registers; a session's trainer takes its attendance and issues
its certificates. A seat is given under a lock on the session row, so capacity holds under concurrent sign-ups and
a cancellation promotes the first on the waiting list in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import mail, rooms, rules, states
from .enums import Audience, RoomKind, SessionStatus
from .errors import TrainingError
from .models import Certificate, Course, Feedback, Registration, Room, Session
from .states import Action, Status

#: Who runs the training service: the trainers and the head of the LPSE sub-unit
MANAGERS = (Role.TRAINER, Role.KASUBAG_LPSE)
#: Alphabet of the certificate code (Crockford base32: no I, L, O, U)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 bits from secrets: not guessable, short enough to type from a printout


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TrainingError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=field)
    return value


def is_manager(user: Any) -> bool:
    return _signed_in(user) and bool(set(user.active_role_codes()) & {str(r) for r in MANAGERS})


def _may_run(actor: Any, session: Session) -> None:
    """The session's own trainer, or the head of the LPSE sub-unit."""
    ensure_role(actor, *MANAGERS)
    if session.trainer_id != actor.pk and Role.KASUBAG_LPSE not in actor.active_role_codes():
        if not getattr(actor, "is_superuser", False):
            raise TrainingError("NOT_YOUR_SESSION", _("Sesi ini dipegang pelatih lain."), status=403)


@transaction.atomic
def course_create(*, actor: Any, code: str, title: str, audience: str, description: str = "") -> Course:
    ensure_role(actor, *MANAGERS)
    code = _required(code, str(_("kode"))).upper()[:32]
    title = _required(title, str(_("judul")))[:200]
    if audience not in Audience.values:
        raise TrainingError("INVALID_CHOICE", _("Peserta sasaran tidak dikenal."))
    if Course.objects.filter(code=code).exists():
        raise TrainingError(
            "COURSE_EXISTS", _("Kode pelatihan %(course)s sudah dipakai."), course=code, status=409
        )
    course = Course.objects.create(
        code=code, title=title, audience=audience, description=description, created_at=db_now()
    )
    audit.record(
        actor=actor, action="training.course.create", obj=course, after={"code": code, "audience": audience}
    )
    return course


def _trainer_of(actor: Any, trainer: Any) -> Any:
    """A trainer runs their own session; the head of the LPSE sub-unit names a person holding TRAINER today."""
    if trainer is None or trainer.pk == actor.pk:
        if Role.TRAINER not in actor.active_role_codes():
            raise TrainingError("TRAINER_REQUIRED", _("Pilih pelatih sesi ini."))
        return actor
    if Role.KASUBAG_LPSE not in actor.active_role_codes() and not getattr(actor, "is_superuser", False):
        raise TrainingError("NOT_YOUR_SESSION", _("Pelatih hanya menjadwalkan sesinya sendiri."), status=403)
    if Role.TRAINER not in trainer.active_role_codes():
        raise TrainingError("NOT_A_TRAINER", _("Orang yang dipilih tidak memegang peran Pelatih."))
    return trainer


@transaction.atomic
def session_create(
    *,
    actor: Any,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    room: Room | None = None,
    online_url: str = "",
    trainer: Any = None,
) -> Session:
    """Schedule a session in the training room (reserved for its hours, refused if the room is taken) or
    online (a link)."""
    ensure_role(actor, *MANAGERS)
    trainer = _trainer_of(actor, trainer)
    if capacity < 1:
        raise TrainingError("CAPACITY_INVALID", _("Kapasitas paling sedikit 1 orang."))
    online_url = (online_url or "").strip()
    if room is None and not online_url:
        raise TrainingError("ROOM_OR_LINK", _("Isi ruang pelatihan atau tautan daring."))
    if room is not None and room.kind != RoomKind.TRAINING:
        raise TrainingError("ROOM_NOT_TRAINING", _("Sesi pelatihan memakai ruang pelatihan."))
    if room is not None and capacity > room.seats:
        raise TrainingError(
            "CAPACITY_OVER_ROOM", _("Kapasitas melebihi daya tampung ruang (%(seats)s)."), seats=room.seats
        )
    now = db_now()
    if ends_at <= starts_at or starts_at < now:
        raise TrainingError("SLOT_INVALID", _("Jadwal sesi harus di masa depan dan selesai setelah mulai."))
    session = Session.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        online_url=online_url,
        trainer=trainer,
        capacity=capacity,
        created_at=now,
    )
    if room is not None:
        rooms.reserve(actor=actor, room=room, starts_at=starts_at, ends_at=ends_at, session=session)
    audit.record(
        actor=actor,
        action="training.session.create",
        obj=session,
        after={
            "course": course.code,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "room": room.code if room else None,
            "trainer": trainer.pk,
            "capacity": capacity,
        },
    )
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: Session, reason: str) -> Session:
    """Call a session off before it starts: the training room is released and every registrant (seat or waiting
    list) is told by e-mail; their registrations are cancelled."""
    session = _locked(session)
    _may_run(actor, session)
    reason = _required(reason, str(_("alasan")))
    rules.registration_open(session_status=session.status, starts_at=session.starts_at, now=db_now())
    now = db_now()
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    rooms.release_for_session(session, now)
    told = []
    for r in (
        Registration.objects.select_for_update()
        .select_related("person")
        .filter(session=session, status__in=list(states.LIVE))
    ):
        r.status = states.target_of(r.status, Action.CANCEL)
        r.cancelled_at = now
        r.save(update_fields=["status", "cancelled_at"])
        mail.registration(r, "SESSION_CANCELLED", reason=reason)
        told.append(r.pk)
    audit.record(
        actor=actor,
        action="training.session.cancel",
        obj=session,
        before={"status": SessionStatus.SCHEDULED},
        after={"status": session.status, "reason": reason, "registrations": told},
    )
    return session


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course").get(pk=session.pk)


@transaction.atomic
def register(*, actor: Any, session: Session) -> Registration:
    """Take a seat, or a place on the waiting list when the session is full (the session row locked)."""
    if not _signed_in(actor):
        raise TrainingError("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    session = _locked(session)
    now = db_now()
    rules.registration_open(session_status=session.status, starts_at=session.starts_at, now=now)
    live = Registration.objects.filter(session=session, status__in=list(states.LIVE))
    if live.filter(person=actor).exists():
        raise TrainingError("ALREADY_REGISTERED", _("Anda sudah terdaftar pada sesi ini."), status=409)
    confirmed = live.filter(status=Status.CONFIRMED).count()
    status = Status.CONFIRMED if confirmed < session.capacity else Status.WAITING
    registration = Registration.objects.create(session=session, person=actor, status=status, created_at=now)
    mail.registration(registration, "CONFIRMED" if status == Status.CONFIRMED else "WAITING")
    audit.record(
        actor=actor,
        action="training.registration.create",
        obj=registration,
        after={"session": session.pk, "status": status},
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """The registrant gives the seat back before the start; the first on the waiting list gets it."""
    if not _signed_in(actor):
        raise TrainingError("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.person_id != actor.pk:
        raise TrainingError("REGISTRATION_NOT_FOUND", _("Pendaftaran tidak ditemukan."), status=404)
    now = db_now()
    rules.registration_open(session_status=session.status, starts_at=session.starts_at, now=now)
    before = registration.status
    registration.status = states.target_of(before, Action.CANCEL)
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = None
    if before == Status.CONFIRMED:
        promoted = _promote_first(session, now)
    mail.registration(registration, "CANCELLED")
    audit.record(
        actor=actor,
        action="training.registration.cancel",
        obj=registration,
        before={"status": before},
        after={"status": registration.status, "promoted": promoted.pk if promoted else None},
    )
    return registration


def _promote_first(session: Session, now: dt.datetime) -> Registration | None:
    confirmed = Registration.objects.filter(session=session, status=Status.CONFIRMED).count()
    if confirmed >= session.capacity:
        return None
    first = (
        Registration.objects.select_for_update()
        .filter(session=session, status=Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = states.target_of(first.status, Action.PROMOTE)
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    mail.registration(first, "PROMOTED")
    return first


@transaction.atomic
def attendance_record(*, actor: Any, session: Session, present: set[int]) -> Session:
    """The trainer marks who came, on the day (from the start of the session until the end of that day, WIB):
    every confirmed registrant is present (in ``present``, registration ids) or absent."""
    session = _locked(session)
    _may_run(actor, session)
    now = db_now()
    if session.status != SessionStatus.SCHEDULED:
        raise TrainingError("SESSION_CANCELLED", _("Sesi pelatihan ini dibatalkan."), status=409)
    if now < session.starts_at or local_date(now) != local_date(session.starts_at):
        raise TrainingError(
            "ATTENDANCE_NOT_TODAY", _("Presensi dicatat pada hari sesi, setelah sesi dimulai."), status=409
        )
    roster = list(Registration.objects.select_for_update().filter(session=session, status=Status.CONFIRMED))
    unknown = set(present) - {r.pk for r in roster}
    if unknown:
        raise TrainingError("NOT_ON_ROSTER", _("Peserta tidak terdaftar pada sesi ini."))
    for r in roster:
        r.attended = r.pk in present
        r.save(update_fields=["attended"])
    session.attendance_taken_at = now
    session.save(update_fields=["attendance_taken_at"])
    audit.record(
        actor=actor,
        action="training.session.attendance",
        obj=session,
        after={"present": sorted(present), "absent": sorted(r.pk for r in roster if r.pk not in present)},
    )
    return session


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@transaction.atomic
def certificates_issue(*, actor: Any, session: Session) -> list[Certificate]:
    """Issue a certificate to every attendee who has none yet (rules.certificate_eligible)."""
    session = _locked(session)
    _may_run(actor, session)
    if session.attendance_taken_at is None:
        raise TrainingError(
            "ATTENDANCE_MISSING", _("Catat presensi sebelum menerbitkan sertifikat."), status=409
        )
    now = db_now()
    made = []
    for r in Registration.objects.select_related("person").filter(
        session=session, status=Status.CONFIRMED, certificate__isnull=True
    ):
        if not rules.certificate_eligible(attended=r.attended, session_status=session.status):
            continue
        made.append(
            Certificate.objects.create(
                registration=r,
                code=new_code(),
                holder_name=r.person.full_name,
                course_title=session.course.title,
                session_date=local_date(session.starts_at),
                issued_at=now,
                issued_by=actor,
            )
        )
    for certificate in made:
        mail.certificate(certificate)
    audit.record(
        actor=actor,
        action="training.certificate.issue",
        obj=session,
        after={"certificates": [c.pk for c in made]},
    )
    return made


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw a certificate issued in error; the public page then says it is revoked, and why not."""
    certificate = (
        Certificate.objects.select_for_update().select_related("registration__session").get(pk=certificate.pk)
    )
    _may_run(actor, certificate.registration.session)
    reason = _required(reason, str(_("alasan")))
    if certificate.revoked_at is not None:
        raise TrainingError("ALREADY_REVOKED", _("Sertifikat ini sudah dicabut."), status=409)
    certificate.revoked_at = db_now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record(
        actor=actor,
        action="training.certificate.revoke",
        obj=certificate,
        after={"reason": reason},
    )
    return certificate


@transaction.atomic
def feedback_give(*, actor: Any, registration: Registration, rating: Any, comment: str = "") -> Feedback:
    """The attendee's rating (1-5) and comment, once, after the session (rules.feedback_open)."""
    if not _signed_in(actor):
        raise TrainingError("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    if registration.person_id != actor.pk:
        raise TrainingError("REGISTRATION_NOT_FOUND", _("Pendaftaran tidak ditemukan."), status=404)
    try:
        score = int(rating)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise TrainingError("RATING_INVALID", _("Nilai harus 1 sampai 5."))
    rules.feedback_open(ends_at=registration.session.ends_at, now=db_now(), attended=registration.attended)
    if Feedback.objects.filter(registration=registration).exists():
        raise TrainingError("FEEDBACK_GIVEN", _("Umpan balik sudah diberikan."), status=409)
    feedback = Feedback.objects.create(
        registration=registration, rating=score, comment=(comment or "").strip()[:4000], created_at=db_now()
    )
    audit.record(actor=actor, action="training.feedback.create", obj=feedback, after={"rating": score})
    return feedback
