"""Training and service rooms API: sessions and one's own registrations for anyone signed in, the trainers'
roster, attendance and certificates, the public certificate check, providers' room bookings and the front desk's
day. Thin: the same selectors and services as the pages."""

import datetime as dt
from typing import Any

from ninja import Query, Router, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import rooms, selectors, services
from ..enums import PROVIDER_ROOM_KINDS
from ..models import Booking, Certificate, Registration, Session
from . import schemas as s

router = Router(tags=["training"])
PREFIX = "/training/"
MANAGERS = services.MANAGERS
SCHEDULE_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE, Role.VERIFIKATOR, Role.TRAINER)


def _session(x: Session) -> dict[str, Any]:
    return {
        "id": x.pk,
        "course_id": x.course_id,
        "course_code": x.course.code,
        "course_title": x.course.title,
        "starts_at": x.starts_at,
        "ends_at": x.ends_at,
        "room_id": x.room_id,
        "trainer_id": x.trainer_id,
        "capacity": x.capacity,
        "confirmed": getattr(x, "confirmed", 0),
        "waiting": getattr(x, "waiting", 0),
        "status": x.status,
    }


def _registration(r: Registration) -> dict[str, Any]:
    certificate = getattr(r, "certificate", None)  # a missing reverse one-to-one raises an AttributeError
    code = certificate.code if certificate is not None else None
    return {
        "id": r.pk,
        "session_id": r.session_id,
        "status": r.status,
        "attended": r.attended,
        "certificate_code": code,
    }


def _certificate(c: Certificate) -> dict[str, Any]:
    return {
        "code": c.code,
        "holder_name": c.holder_name,
        "course_title": c.course_title,
        "session_date": c.session_date,
        "issued_at": c.issued_at,
        "valid": c.valid,
        "revoked_at": c.revoked_at,
    }


def _booking(b: Booking) -> dict[str, Any]:
    return {
        "id": b.pk,
        "room_id": b.room_id,
        "room_name": b.room.name,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "purpose": b.purpose,
        "active": b.active,
        "session_id": b.session_id,
    }


@router.get("/sessions", response=list[s.SessionOut], summary="Upcoming training sessions")
@api_access(any_user=True, scope="anyone signed in: the scheduled sessions not yet ended")
def session_list(request: AuthedRequest):
    return [_session(x) for x in selectors.upcoming_sessions()]


@router.post("/courses", response={201: s.CourseOut}, summary="Create a course")
@api_access(*MANAGERS, scope="the training service")
def course_create(request: AuthedRequest, payload: s.CourseIn):
    c = services.course_create(actor=request.user, **payload.dict())
    return Status(201, {"id": c.pk, "code": c.code, "title": c.title, "audience": c.audience})


@router.post("/sessions", response={201: s.SessionOut}, summary="Schedule a session")
@api_access(*MANAGERS, scope="a trainer's own session; the head of the LPSE sub-unit names a trainer")
def session_create(request: AuthedRequest, payload: s.SessionIn):
    room = selectors.room_or_404(payload.room_id) if payload.room_id else None
    trainer = selectors.trainer_or_404(payload.trainer_id) if payload.trainer_id else None
    session = services.session_create(
        actor=request.user,
        course=selectors.course_or_404(payload.course_id),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        room=room,
        online_url=payload.online_url,
        trainer=trainer,
    )
    return Status(201, _session(selectors.session_or_404(session.pk)))


@router.post(
    "/sessions/{session_id}/registrations",
    response={201: s.RegistrationOut},
    summary="Register for a session",
)
@api_access(any_user=True, scope="for oneself: providers and staff")
def register(request: AuthedRequest, session_id: int):
    registration = services.register(actor=request.user, session=selectors.session_or_404(session_id))
    return Status(201, _registration(registration))


@router.get("/registrations", response=list[s.RegistrationOut], summary="My registrations")
@api_access(any_user=True, scope="the caller's own registrations")
def registration_list(request: AuthedRequest):
    return [_registration(r) for r in selectors.own_registrations(request.user)[:200]]


@router.post(
    "/registrations/{registration_id}/cancel", response=s.RegistrationOut, summary="Cancel my registration"
)
@api_access(any_user=True, scope="the caller's own registration")
def registration_cancel(request: AuthedRequest, registration_id: int):
    registration = selectors.own_registration_or_404(user=request.user, pk=registration_id)
    return _registration(services.registration_cancel(actor=request.user, registration=registration))


@router.post(
    "/registrations/{registration_id}/feedback",
    response={201: s.FeedbackOut},
    summary="Feedback on a session",
)
@api_access(any_user=True, scope="the caller's own registration (attended)")
def feedback(request: AuthedRequest, registration_id: int, payload: s.FeedbackIn):
    registration = selectors.own_registration_or_404(user=request.user, pk=registration_id)
    made = services.feedback_give(
        actor=request.user, registration=registration, rating=payload.rating, comment=payload.comment
    )
    return Status(201, {"registration_id": registration.pk, "rating": made.rating})


@router.get(
    "/manage/sessions/{session_id}/roster", response=list[s.RosterRowOut], summary="A session's roster"
)
@api_access(*MANAGERS, scope="a trainer's own session; the head of the LPSE sub-unit every session")
def roster(request: AuthedRequest, session_id: int):
    session = selectors.managed_session_or_404(user=request.user, role=request.acting_role, pk=session_id)
    return [
        {**_registration(r), "person_id": r.person_id, "person_name": r.person.full_name}
        for r in selectors.roster(session)
    ]


@router.post(
    "/manage/sessions/{session_id}/attendance", response=list[s.RosterRowOut], summary="Take attendance"
)
@api_access(*MANAGERS, scope="a trainer's own session, on the day")
def attendance(request: AuthedRequest, session_id: int, payload: s.AttendanceIn):
    session = selectors.managed_session_or_404(user=request.user, role=request.acting_role, pk=session_id)
    services.attendance_record(actor=request.user, session=session, present=set(payload.present))
    return [
        {**_registration(r), "person_id": r.person_id, "person_name": r.person.full_name}
        for r in selectors.roster(session)
    ]


@router.post("/manage/sessions/{session_id}/cancel", response=s.SessionOut, summary="Cancel a session")
@api_access(*MANAGERS, scope="a trainer's own session, before it starts")
def session_cancel(request: AuthedRequest, session_id: int, payload: s.CertificateRevokeIn):
    session = selectors.managed_session_or_404(user=request.user, role=request.acting_role, pk=session_id)
    services.session_cancel(actor=request.user, session=session, reason=payload.reason)
    return _session(selectors.session_or_404(session.pk))


@router.post(
    "/manage/sessions/{session_id}/certificates",
    response={201: list[s.TrainingCertificateOut]},
    summary="Issue certificates to the attendees",
)
@api_access(*MANAGERS, scope="a trainer's own session")
def certificates_issue(request: AuthedRequest, session_id: int):
    session = selectors.managed_session_or_404(user=request.user, role=request.acting_role, pk=session_id)
    return Status(
        201, [_certificate(c) for c in services.certificates_issue(actor=request.user, session=session)]
    )


@router.post(
    "/manage/sessions/{session_id}/certificates/{certificate_id}/revoke",
    response=s.TrainingCertificateOut,
    summary="Revoke a certificate",
)
@api_access(*MANAGERS, scope="a certificate of a trainer's own session")
def certificate_revoke(
    request: AuthedRequest, session_id: int, certificate_id: int, payload: s.CertificateRevokeIn
):
    session = selectors.managed_session_or_404(user=request.user, role=request.acting_role, pk=session_id)
    certificate = selectors.certificate_of_session_or_404(session=session, pk=certificate_id)
    return _certificate(
        services.certificate_revoke(actor=request.user, certificate=certificate, reason=payload.reason)
    )


@router.get(
    "/certificates/{code}", auth=PUBLIC, response=s.TrainingCertificateOut, summary="Check a certificate"
)
@api_access(public=True, scope="anyone holding a certificate's code")
def certificate_check(request, code: str):
    return _certificate(selectors.certificate_by_code(code))


@router.get("/stats", response=list[s.CourseStatOut], summary="Statistics per course for a year")
@api_access(*MANAGERS, scope="the training service's statistics")
def stats(request: AuthedRequest, year: int = Query(None, ge=2000, le=2100)):  # type: ignore[assignment]
    return selectors.course_statistics(year or local_date(db_now()).year)


@router.post(
    "/bookings", response={201: s.BookingOut}, summary="Book a slot in the bidding or verification room"
)
@api_access(Role.PENYEDIA, scope="a provider's own booking")
def booking_create(request: AuthedRequest, payload: s.BookingIn):
    room = selectors.room_or_404(payload.room_id, set(PROVIDER_ROOM_KINDS))
    booking = rooms.booking_create(
        actor=request.user,
        room=room,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        purpose=payload.purpose,
    )
    return Status(201, _booking(booking))


@router.get("/bookings", response=list[s.BookingOut], summary="My room bookings")
@api_access(Role.PENYEDIA, scope="a provider's own bookings")
def booking_list(request: AuthedRequest):
    return [_booking(b) for b in selectors.own_bookings(request.user)[:200]]


@router.post("/bookings/{booking_id}/cancel", response=s.BookingOut, summary="Cancel a room booking")
@api_access(Role.PENYEDIA, *rooms.DESK_ROLES, scope="the provider's own booking; the front desk any booking")
def booking_cancel(request: AuthedRequest, booking_id: int):
    booking = selectors.booking_or_404(user=request.user, role=request.acting_role, pk=booking_id)
    return _booking(rooms.booking_cancel(actor=request.user, booking=booking))


@router.get("/rooms/schedule", response=list[s.ScheduleRoomOut], summary="Every room's bookings on one day")
@api_access(*SCHEDULE_ROLES, scope="the front desk: one day, WIB")
def schedule(request: AuthedRequest, day: dt.date | None = None):
    rows = selectors.day_schedule(day or local_date(db_now()))
    return [
        {
            "room_id": r["room"].pk,
            "room_name": r["room"].name,
            "kind": r["room"].kind,
            "bookings": [_booking(b) for b in r["bookings"]],
        }
        for r in rows
        if r["room"] is not None
    ]


@router.get(
    "/rooms/verification-calendar",
    response=list[s.VerificationDayOut],
    summary="The verifier's week of verification-room bookings (Monday first)",
)
@api_access(
    Role.VERIFIKATOR, *rooms.DESK_ROLES, scope="the verifiers and the front desk: every provider's booking"
)
def verification_calendar(request: AuthedRequest, week: dt.date | None = None):
    days = selectors.verification_week(week or local_date(db_now()))
    return [
        {
            "day": d["day"],
            "bookings": [{**_booking(b), "provider_name": b.booked_by.full_name} for b in d["bookings"]],
        }
        for d in days
    ]
