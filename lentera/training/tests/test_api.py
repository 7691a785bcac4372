"""The training API: every route's allowed call (a course to certificates and room bookings) and its denied
call (refused, nothing changed: the route marker checks the database)."""

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import api_headers
from lentera.testing_routes import allowed, denied
from lentera.training.models import Booking, Certificate, Registration

from .conftest import BEFORE, MONDAY, at


def call(method, path, headers, body=None):
    return getattr(Client(), method)(
        "/api/v1/training" + path, data=body or {}, content_type="application/json", **headers
    )


@pytest.fixture
def heads(trainer, provider, kasubag, room):
    with clock(BEFORE):
        return {
            "trainer": api_headers(trainer, Role.TRAINER),
            "provider": api_headers(provider, Role.PENYEDIA),
            "kasubag": api_headers(kasubag, Role.KASUBAG_LPSE),
        }


@allowed(
    "POST /api/v1/training/courses",
    "POST /api/v1/training/sessions",
    "GET /api/v1/training/sessions",
    "POST /api/v1/training/sessions/{session_id}/registrations",
    "GET /api/v1/training/registrations",
    "GET /api/v1/training/manage/sessions/{session_id}/roster",
    "POST /api/v1/training/manage/sessions/{session_id}/attendance",
    "POST /api/v1/training/manage/sessions/{session_id}/certificates",
    "GET /api/v1/training/certificates/{code}",
    "POST /api/v1/training/registrations/{registration_id}/feedback",
    "GET /api/v1/training/stats",
    "POST /api/v1/training/manage/sessions/{session_id}/certificates/{certificate_id}/revoke",
    "POST /api/v1/training/registrations/{registration_id}/cancel",
    "POST /api/v1/training/manage/sessions/{session_id}/cancel",
)
def test_api_course_to_certificate(heads, room, make_user):
    t, p = heads["trainer"], heads["provider"]
    with clock(BEFORE):
        course = call("post", "/courses", t, {"code": "spse-p", "title": "SPSE", "audience": "PROVIDER"})
        assert course.status_code == 201 and course.json()["code"] == "SPSE-P"
        made = call(
            "post",
            "/sessions",
            t,
            {
                "course_id": course.json()["id"],
                "starts_at": at(MONDAY, 9).isoformat(),
                "ends_at": at(MONDAY, 12).isoformat(),
                "capacity": 1,
                "room_id": room.pk,
            },
        )
        assert made.status_code == 201, made.content
        sid = made.json()["id"]
        assert [s["id"] for s in call("get", "/sessions", p).json()] == [sid]
        reg = call("post", f"/sessions/{sid}/registrations", p)
        assert reg.status_code == 201 and reg.json()["status"] == "CONFIRMED"
        rid = reg.json()["id"]
        late = make_user(Role.PPK)
        waiting = call("post", f"/sessions/{sid}/registrations", api_headers(late, Role.PPK))
        assert waiting.json()["status"] == "WAITING"
        assert [r["id"] for r in call("get", "/registrations", p).json()] == [rid]
        roster = call("get", f"/manage/sessions/{sid}/roster", t).json()
        assert [r["status"] for r in roster] == ["CONFIRMED", "WAITING"]
    with clock(at(MONDAY, 10)):
        taken = call("post", f"/manage/sessions/{sid}/attendance", t, {"present": [rid]})
        assert taken.status_code == 200 and taken.json()[0]["attended"] is True
        issued = call("post", f"/manage/sessions/{sid}/certificates", t)
        assert issued.status_code == 201 and len(issued.json()) == 1
    code = issued.json()[0]["code"]
    checked = call("get", f"/certificates/{code.lower()}", {})
    assert checked.status_code == 200 and checked.json()["valid"] is True
    with clock(at(MONDAY, 13)):
        given = call("post", f"/registrations/{rid}/feedback", p, {"rating": 4, "comment": "Baik"})
        assert given.status_code == 201
        stats = call("get", "/stats?year=2026", t).json()
        assert (
            stats[0]["attendees"] == 1 and stats[0]["certificates"] == 1 and stats[0]["mean_rating"] == "4.00"
        )
        cid = Certificate.objects.get(code=code).pk
        revoked = call("post", f"/manage/sessions/{sid}/certificates/{cid}/revoke", t, {"reason": "Salah"})
        assert revoked.json()["valid"] is False
    # a second session, cancelled by its registrant before the start
    with clock(BEFORE):
        other = call(
            "post", "/sessions", heads["kasubag"],
            {"course_id": course.json()["id"], "starts_at": at(MONDAY, 13).isoformat(),
             "ends_at": at(MONDAY, 15).isoformat(), "capacity": 5, "online_url": "https://meet.example/x",
             "trainer_id": Registration.objects.get(pk=rid).session.trainer_id},
        )  # fmt: skip
        assert other.status_code == 201
        second = call("post", f"/sessions/{other.json()['id']}/registrations", p).json()["id"]
        cancelled = call("post", f"/registrations/{second}/cancel", p)
        assert cancelled.json()["status"] == "CANCELLED"
        off = call("post", f"/manage/sessions/{other.json()['id']}/cancel", t, {"reason": "Pindah jadwal"})
        assert off.status_code == 200 and off.json()["status"] == "CANCELLED"


@allowed(
    "POST /api/v1/training/bookings",
    "GET /api/v1/training/bookings",
    "GET /api/v1/training/rooms/schedule",
    "POST /api/v1/training/bookings/{booking_id}/cancel",
)
def test_api_room_booking(heads, bidding_room, room):
    p = heads["provider"]
    body = {
        "room_id": bidding_room.pk,
        "starts_at": at(MONDAY, 9).isoformat(),
        "ends_at": at(MONDAY, 11).isoformat(),
        "purpose": "Penawaran",
    }
    with clock(BEFORE):
        made = call("post", "/bookings", p, body)
        assert made.status_code == 201
        clash = call("post", "/bookings", p, {**body, "starts_at": at(MONDAY, 10).isoformat()})
        assert clash.status_code == 409 and clash.json()["error"]["code"] == "ROOM_TAKEN"
        training_room = call("post", "/bookings", p, {**body, "room_id": room.pk})
        assert training_room.status_code == 404
        assert [b["id"] for b in call("get", "/bookings", p).json()] == [made.json()["id"]]
        day = call("get", f"/rooms/schedule?day={MONDAY.isoformat()}", heads["kasubag"]).json()
        row = next(r for r in day if r["room_id"] == bidding_room.pk)
        assert [b["id"] for b in row["bookings"]] == [made.json()["id"]]
        gone = call("post", f"/bookings/{made.json()['id']}/cancel", p)
        assert gone.json()["active"] is False
    assert Booking.objects.filter(active=True).count() == 0


@denied(
    "GET /api/v1/training/sessions",
    "POST /api/v1/training/courses",
    "POST /api/v1/training/sessions",
    "POST /api/v1/training/sessions/{session_id}/registrations",
    "GET /api/v1/training/registrations",
    "POST /api/v1/training/registrations/{registration_id}/cancel",
    "POST /api/v1/training/registrations/{registration_id}/feedback",
    "GET /api/v1/training/manage/sessions/{session_id}/roster",
    "POST /api/v1/training/manage/sessions/{session_id}/attendance",
    "POST /api/v1/training/manage/sessions/{session_id}/certificates",
    "POST /api/v1/training/manage/sessions/{session_id}/certificates/{certificate_id}/revoke",
    "GET /api/v1/training/certificates/{code}",
    "GET /api/v1/training/stats",
    "POST /api/v1/training/bookings",
    "GET /api/v1/training/bookings",
    "POST /api/v1/training/bookings/{booking_id}/cancel",
    "GET /api/v1/training/rooms/schedule",
    "POST /api/v1/training/manage/sessions/{session_id}/cancel",
)
def test_api_refusals(attended, session, heads, make_user, bidding_room):
    p, t = heads["provider"], heads["trainer"]
    with clock(BEFORE):
        stranger = api_headers(make_user(Role.PENYEDIA), Role.PENYEDIA)
        other_trainer = api_headers(make_user(Role.TRAINER), Role.TRAINER)
        booking = call(
            "post", "/bookings", p,
            {"room_id": bidding_room.pk, "starts_at": at(MONDAY, 13).isoformat(),
             "ends_at": at(MONDAY, 14).isoformat(), "purpose": "x"},
        ).json()["id"]  # fmt: skip
    sid, rid, cid = session.pk, attended.pk, attended.certificate.pk
    course_body = {"code": "X", "title": "X", "audience": "PPK"}
    session_body = {
        "course_id": session.course_id, "starts_at": at(MONDAY, 13).isoformat(),
        "ends_at": at(MONDAY, 14).isoformat(), "capacity": 1, "online_url": "https://meet.example/x",
    }  # fmt: skip
    refusals = [
        ("get", "/sessions", {}, None, 401),
        ("post", "/courses", p, course_body, 403),
        ("post", "/sessions", p, session_body, 403),
        ("post", f"/sessions/{sid}/registrations", {}, None, 401),
        ("get", "/registrations", {}, None, 401),
        ("post", f"/registrations/{rid}/cancel", stranger, None, 404),
        ("post", f"/registrations/{rid}/feedback", stranger, {"rating": 5}, 404),
        ("get", f"/manage/sessions/{sid}/roster", other_trainer, None, 404),
        ("post", f"/manage/sessions/{sid}/attendance", p, {"present": []}, 403),
        ("post", f"/manage/sessions/{sid}/certificates", other_trainer, None, 404),
        ("post", f"/manage/sessions/{sid}/certificates/{cid}/revoke", p, {"reason": "x"}, 403),
        ("get", "/certificates/AAAAAAAAAAAAAAAA", {}, None, 404),
        ("get", "/stats", p, None, 403),
        ("post", "/bookings", t, {"room_id": bidding_room.pk, "starts_at": at(MONDAY, 15).isoformat(),
                                   "ends_at": at(MONDAY, 16).isoformat(), "purpose": "x"}, 403),
        ("get", "/bookings", t, None, 403),
        ("post", f"/bookings/{booking}/cancel", stranger, None, 404),
        ("get", "/rooms/schedule", p, None, 403),
        ("post", f"/manage/sessions/{sid}/cancel", other_trainer, {"reason": "x"}, 404),
    ]  # fmt: skip
    with clock(at(MONDAY, 10)):
        for method, path, headers, body, status in refusals:
            response = call(method, path, headers, body)
            assert response.status_code == status, (path, response.content)
    assert Certificate.objects.get(pk=cid).valid
