"""The verifier's calendar (Permendagri 53/2021 Lampiran 2.5.2 b): providers book in-person verification slots in
the verification room (no double-booking); the verifier sees the week's bookings, Monday first, on a page and
through the API; the roles outside the calendar are refused and nothing changes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied
from lentera.training import rooms
from lentera.training.enums import RoomKind
from lentera.training.errors import TrainingError
from lentera.training.models import Room

from .conftest import BEFORE, MONDAY, at

URL = "/api/v1/training/rooms/verification-calendar"
CALENDAR = frozenset({Role.VERIFIKATOR, Role.HELPDESK, Role.KASUBAG_LPSE})


@pytest.fixture
def verification_room(db):
    rooms.ensure_standard_rooms()
    return Room.objects.get(kind=RoomKind.VERIFICATION)


@pytest.fixture
def booked(provider, make_user, verification_room, bidding_room):
    """Two verification slots on Monday and Wednesday, one bidding-room slot (not in the calendar), and one
    verification slot the week after."""
    other = make_user(Role.PENYEDIA)
    with clock(BEFORE):
        made = [
            rooms.booking_create(
                actor=provider, room=verification_room, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 11),
                purpose="Verifikasi dokumen asli",
            ),
            rooms.booking_create(
                actor=other, room=verification_room, starts_at=at(MONDAY + dt.timedelta(days=2), 9),
                ends_at=at(MONDAY + dt.timedelta(days=2), 10), purpose="Verifikasi akta",
            ),
            rooms.booking_create(
                actor=other, room=bidding_room, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 11),
                purpose="Penawaran",
            ),
            rooms.booking_create(
                actor=provider, room=verification_room, starts_at=at(MONDAY + dt.timedelta(days=7), 9),
                ends_at=at(MONDAY + dt.timedelta(days=7), 10), purpose="Minggu depan",
            ),
        ]  # fmt: skip
    return made


def test_the_week_shows_only_verification_bookings_of_that_week(booked, make_user):
    client = login_client(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    with clock(BEFORE):
        # any day of the week opens the same week, Monday first
        page = client.get(reverse("training:verification_calendar"), {"minggu": "2026-07-09"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verifikasi dokumen asli" in html and "Verifikasi akta" in html
    assert "Penawaran" not in html and "Minggu depan" not in html
    assert html.index("Verifikasi dokumen asli") < html.index("Verifikasi akta")
    assert "?minggu=2026-07-13" in html and "?minggu=2026-06-29" in html


def test_no_double_booking_of_the_verifier(booked, make_user, verification_room):
    with clock(BEFORE), pytest.raises(TrainingError) as taken:
        rooms.booking_create(
            actor=make_user(Role.PENYEDIA),
            room=verification_room,
            starts_at=at(MONDAY, 10, 30),
            ends_at=at(MONDAY, 11, 30),
            purpose="Verifikasi",
        )
    assert taken.value.code == "ROOM_TAKEN"


@allowed(f"GET {URL}")
def test_api_verification_calendar(booked, make_user):
    headers = api_headers(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    with clock(BEFORE):
        days = Client().get(URL, {"week": "2026-07-08"}, **headers).json()
    assert [d["day"] for d in days] == [(MONDAY + dt.timedelta(days=n)).isoformat() for n in range(7)]
    assert [b["purpose"] for b in days[0]["bookings"]] == ["Verifikasi dokumen asli"]
    assert days[0]["bookings"][0]["provider_name"] == booked[0].booked_by.full_name
    assert [b["purpose"] for b in days[2]["bookings"]] == ["Verifikasi akta"]
    assert all(d["bookings"] == [] for i, d in enumerate(days) if i not in (0, 2))


@denied(f"GET {URL}")
def test_api_verification_calendar_refused(booked, provider):
    headers = api_headers(provider, Role.PENYEDIA)
    before = db_fingerprint()
    assert Client().get(URL).status_code == 401
    response = Client().get(URL, **headers)
    assert response.status_code == 403 and response.json()["error"]["code"]
    assert db_fingerprint() == before


def test_calendar_follows_the_matrix(booked, users_by_role):
    url = reverse("training:verification_calendar")
    actions = [Action("verification_calendar", CALENDAR, lambda c, h: c.get(url))]
    with clock(BEFORE):
        assert run_matrix(actions, users_by_role) == []
