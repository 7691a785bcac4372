"""The pages through the browser's forms: register and join the waiting list, the trainer's attendance and
certificates, the certificate PDF and its public check, the statistics with their chart, the provider's booking
and the front desk's day."""

from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import login_client
from lentera.training import services
from lentera.training.models import Booking, Certificate, Registration

from .conftest import BEFORE, MONDAY, at


def test_register_from_the_public_page_and_wait_when_full(session, make_user):
    a, b, c = (make_user(Role.PENYEDIA) for _ in range(3))
    with clock(BEFORE):
        public = login_client(a, Role.PENYEDIA).get(reverse("training:index")).content.decode()
        assert session.course.title in public
        for person in (a, b, c):
            client = login_client(person, Role.PENYEDIA)
            assert client.post(reverse("training:register", args=[session.pk])).status_code == 302
        page = (
            login_client(c, Role.PENYEDIA)
            .get(reverse("training:session", args=[session.pk]))
            .content.decode()
        )
    assert "urutan 1 dalam daftar tunggu" in page
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "CONFIRMED", "CONFIRMED", "WAITING",
    ]  # fmt: skip


def test_trainer_takes_attendance_and_issues_certificates_through_the_page(session, trainer, provider):
    with clock(BEFORE):
        registration = services.register(actor=provider, session=session)
    client = login_client(trainer, Role.TRAINER)
    with clock(at(MONDAY, 10)):
        page = client.get(reverse("training:manage_session", args=[session.pk])).content.decode()
        assert f'id="present-{registration.pk}"' in page
        client.post(reverse("training:attendance", args=[session.pk]), {"present": [str(registration.pk)]})
        client.post(reverse("training:issue", args=[session.pk]))
    assert Certificate.objects.get().registration == registration


def test_certificate_pdf_and_its_public_check(attended, provider, trainer):
    certificate = attended.certificate
    response = login_client(provider, Role.PENYEDIA).get(
        reverse("training:certificate_pdf", args=[attended.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from django.test import Client

    pretty = "-".join(certificate.code[i : i + 4] for i in range(0, 16, 4))
    found = Client().get(reverse("training:verify_form"), {"kode": pretty.lower()}, follow=True)
    text = found.content.decode()
    assert found.status_code == 200 and "Sertifikat SAH" in text and certificate.holder_name in text
    assert "SPSE bagi Penyedia" in text and "6 Juli 2026" in text
    services.certificate_revoke(actor=trainer, certificate=certificate, reason="Salah nama")
    assert (
        "Sertifikat DICABUT"
        in Client().get(reverse("training:verify", args=[certificate.code])).content.decode()
    )
    assert Client().get(reverse("training:verify", args=["AAAAAAAAAAAAAAAA"])).status_code == 404


def test_statistics_page_counts_the_year(attended, provider, kasubag):
    with clock(at(MONDAY, 13)):
        services.feedback_give(actor=provider, registration=attended, rating=4)
        page = login_client(kasubag, Role.KASUBAG_LPSE).get(reverse("training:stats"), {"tahun": 2026})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "4,00" in html
    from lentera.training import selectors

    (row,) = selectors.course_statistics(2026)
    assert (row["sessions"], row["registrations"], row["attendees"], row["certificates"]) == (1, 1, 1, 1)
    assert str(row["mean_rating"]) == "4.00"
    assert selectors.course_statistics(2025) == []


def test_provider_books_the_bidding_room_and_the_front_desk_sees_the_day(
    session, provider, bidding_room, make_user
):
    client = login_client(provider, Role.PENYEDIA)
    form = {
        "room": bidding_room.pk,
        "day": MONDAY.isoformat(),
        "start": "09:00",
        "end": "10:30",
        "purpose": "Penawaran",
    }
    with clock(BEFORE):
        assert client.post(reverse("training:bookings"), form).status_code == 302
        clash = client.post(reverse("training:bookings"), {**form, "start": "10:00", "end": "11:00"})
        assert clash.status_code == 200 and "sudah dipesan" in clash.content.decode()
        desk = login_client(make_user(Role.HELPDESK), Role.HELPDESK)
        day = desk.get(reverse("training:schedule"), {"tanggal": MONDAY.isoformat()}).content.decode()
    assert "Penawaran" in day and session.course.title in day
    assert Booking.objects.filter(active=True).count() == 2  # the provider's slot and the session's room
