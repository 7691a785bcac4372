"""Registration with capacity and a waiting list, promotion on cancellation, attendance on the day,
certificates for attendees only, revocation, feedback, and the e-mails after the commit."""

import pytest
from django.core import mail as outbox

from lentera.core.audit import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.training import services
from lentera.training.errors import TrainingError
from lentera.training.models import Booking, Certificate, Registration
from lentera.training.states import Status

from .conftest import BEFORE, MONDAY, at


def test_full_session_puts_the_next_on_the_waiting_list_and_a_cancel_promotes_them(
    session, make_user, django_capture_on_commit_callbacks
):
    a, b, c = (make_user(Role.PENYEDIA) for _ in range(3))
    with clock(BEFORE), django_capture_on_commit_callbacks(execute=True):
        ra = services.register(actor=a, session=session)
        rb = services.register(actor=b, session=session)
        rc = services.register(actor=c, session=session)
    assert (ra.status, rb.status, rc.status) == (Status.CONFIRMED, Status.CONFIRMED, Status.WAITING)
    assert [m.to for m in outbox.outbox] == [[a.email], [b.email], [c.email]]
    assert "daftar tunggu" in outbox.outbox[2].subject
    start = len(outbox.outbox)
    with clock(BEFORE), django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=a, registration=ra)
    rc.refresh_from_db()
    assert rc.status == Status.CONFIRMED and rc.promoted_at is not None
    sent = outbox.outbox[start:]
    assert {tuple(m.to) for m in sent} == {(a.email,), (c.email,)}
    assert any("Kursi tersedia" in m.subject for m in sent)
    assert Registration.objects.filter(session=session, status=Status.CONFIRMED).count() == 2


def test_registering_twice_or_after_the_start_is_refused(session, provider):
    with clock(BEFORE):
        services.register(actor=provider, session=session)
        with pytest.raises(TrainingError) as twice:
            services.register(actor=provider, session=session)
    assert twice.value.code == "ALREADY_REGISTERED"
    with clock(at(MONDAY, 9)), pytest.raises(TrainingError) as late:
        services.register(actor=session.trainer, session=session)
    assert late.value.code == "REGISTRATION_CLOSED"


def test_cancelling_someone_elses_registration_is_refused(session, provider, make_user):
    with clock(BEFORE):
        registration = services.register(actor=provider, session=session)
        with pytest.raises(TrainingError) as refused:
            services.registration_cancel(actor=make_user(Role.PENYEDIA), registration=registration)
    assert refused.value.status == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_cancel_from_the_waiting_list_promotes_nobody(session, make_user):
    a, b, c = (make_user(Role.PENYEDIA) for _ in range(3))
    with clock(BEFORE):
        for person in (a, b):
            services.register(actor=person, session=session)
        waiting = services.register(actor=c, session=session)
        services.registration_cancel(actor=c, registration=waiting)
    assert Registration.objects.filter(session=session, status=Status.CONFIRMED).count() == 2


def test_attendance_only_on_the_day_and_by_the_sessions_trainer(session, provider, make_user):
    with clock(BEFORE):
        registration = services.register(actor=provider, session=session)
        with pytest.raises(TrainingError) as early:
            services.attendance_record(actor=session.trainer, session=session, present={registration.pk})
    assert early.value.code == "ATTENDANCE_NOT_TODAY"
    with clock(at(MONDAY, 10)):
        with pytest.raises(TrainingError) as other:
            services.attendance_record(actor=make_user(Role.TRAINER), session=session, present=set())
        assert other.value.code == "NOT_YOUR_SESSION"
        services.attendance_record(actor=session.trainer, session=session, present={registration.pk})
    with clock(at(dt_next(MONDAY), 10)), pytest.raises(TrainingError):
        services.attendance_record(actor=session.trainer, session=session, present=set())
    registration.refresh_from_db()
    assert registration.attended is True


def dt_next(day):
    import datetime as dt

    return day + dt.timedelta(days=1)


def test_certificates_go_to_attendees_only_with_an_unguessable_code(session, make_user):
    came, absent = make_user(Role.PENYEDIA), make_user(Role.PENGELOLA_PBJ)
    with clock(BEFORE):
        rc = services.register(actor=came, session=session)
        services.register(actor=absent, session=session)
    with clock(at(MONDAY, 10)):
        with pytest.raises(TrainingError) as before_attendance:
            services.certificates_issue(actor=session.trainer, session=session)
        assert before_attendance.value.code == "ATTENDANCE_MISSING"
        services.attendance_record(actor=session.trainer, session=session, present={rc.pk})
        made = services.certificates_issue(actor=session.trainer, session=session)
        again = services.certificates_issue(actor=session.trainer, session=session)
    assert [c.registration_id for c in made] == [rc.pk] and again == []
    code = made[0].code
    assert len(code) == 16 and code.isalnum() and code.upper() == code
    assert made[0].holder_name == came.full_name
    assert len({services.new_code() for _ in range(200)}) == 200


def test_revoking_a_certificate(attended, trainer):
    certificate = attended.certificate
    with pytest.raises(TrainingError):
        services.certificate_revoke(actor=trainer, certificate=certificate, reason=" ")
    services.certificate_revoke(actor=trainer, certificate=certificate, reason="Salah nama")
    certificate.refresh_from_db()
    assert not certificate.valid and certificate.revoked_reason == "Salah nama"
    with pytest.raises(TrainingError) as twice:
        services.certificate_revoke(actor=trainer, certificate=certificate, reason="lagi")
    assert twice.value.code == "ALREADY_REVOKED"


def test_feedback_once_after_the_session_by_an_attendee(attended, provider):
    with clock(at(MONDAY, 11)), pytest.raises(TrainingError) as early:
        services.feedback_give(actor=provider, registration=attended, rating=5)
    assert early.value.code == "FEEDBACK_TOO_EARLY"
    with clock(at(MONDAY, 13)):
        with pytest.raises(TrainingError):
            services.feedback_give(actor=provider, registration=attended, rating=6)
        services.feedback_give(actor=provider, registration=attended, rating=4, comment="Bagus")
        with pytest.raises(TrainingError) as twice:
            services.feedback_give(actor=provider, registration=attended, rating=4)
    assert twice.value.code == "FEEDBACK_GIVEN"
    assert AuditEvent.objects.filter(action="training.feedback.create").count() == 1


def test_a_session_in_the_training_room_reserves_it_and_an_overlapping_one_is_refused(
    session, course, trainer, room
):
    booking = Booking.objects.get(session=session)
    assert (booking.room, booking.starts_at, booking.ends_at) == (room, session.starts_at, session.ends_at)
    with clock(BEFORE), pytest.raises(TrainingError) as taken:
        services.session_create(
            actor=trainer,
            course=course,
            starts_at=at(MONDAY, 11),
            ends_at=at(MONDAY, 14),
            capacity=2,
            room=room,
        )
    assert taken.value.code == "ROOM_TAKEN"
    with clock(BEFORE):
        online = services.session_create(
            actor=trainer,
            course=course,
            starts_at=at(MONDAY, 11),
            ends_at=at(MONDAY, 14),
            capacity=50,
            online_url="https://meet.example.go.id/spse",
        )
    assert online.room is None and not Booking.objects.filter(session=online).exists()


def test_only_the_head_of_the_sub_unit_names_another_trainer(course, trainer, kasubag, make_user):
    other = make_user(Role.TRAINER)
    with clock(BEFORE):
        with pytest.raises(TrainingError) as refused:
            services.session_create(
                actor=trainer, course=course, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10), capacity=5,
                online_url="https://meet.example.go.id/x", trainer=other,
            )  # fmt: skip
        assert refused.value.code == "NOT_YOUR_SESSION"
        made = services.session_create(
            actor=kasubag, course=course, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10), capacity=5,
            online_url="https://meet.example.go.id/x", trainer=other,
        )  # fmt: skip
    assert made.trainer == other
    assert Certificate.objects.count() == 0


def test_cancelling_a_session_releases_the_room_and_tells_every_registrant(
    session, trainer, make_user, django_capture_on_commit_callbacks
):
    a, b, c = (make_user(Role.PENYEDIA) for _ in range(3))
    with clock(BEFORE):
        for person in (a, b, c):
            services.register(actor=person, session=session)
        with pytest.raises(TrainingError):
            services.session_cancel(actor=trainer, session=session, reason="")
        start = len(outbox.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            services.session_cancel(actor=trainer, session=session, reason="Pelatih sakit")
        with pytest.raises(TrainingError) as again:
            services.register(actor=make_user(Role.PPK), session=session)
    assert again.value.code == "SESSION_CANCELLED"
    sent = outbox.outbox[start:]
    assert sorted(m.to[0] for m in sent) == sorted(p.email for p in (a, b, c))
    assert all("Pelatih sakit" in m.body for m in sent)
    assert not Registration.objects.filter(session=session).exclude(status=Status.CANCELLED).exists()
    assert not Booking.objects.get(session=session).active
    assert not rooms_overlap(session)


def rooms_overlap(session):
    from lentera.training.rooms import overlapping

    return overlapping(session.room, session.starts_at, session.ends_at).exists()
