"""The governance pages: the decree register, a decree with its appointments, the certificate register with its
expiry status; the head of UKPBJ's dashboard and menu."""

import datetime as dt

from django.urls import reverse

from lentera.core.roles import Role
from lentera.governance import services
from lentera.governance.enums import CertificateLevel, LpseField, Position
from lentera.governance.models import Appointment, Decree
from lentera.tendering.tests.factories import pdf_upload
from lentera.testing import login_client


def test_head_records_a_decree_and_appoints_by_the_web(at_setup, head, ukpbj, staff):
    client = login_client(head, Role.KEPALA_UKPBJ)
    response = client.post(
        reverse("governance:decree_create"),
        {"agency": ukpbj.agency_id, "kind": "LPSE_TEAM", "number": "188/1/KEP/2026", "title": "Tim LPSE",
         "signed_on": "2026-01-05", "valid_from": "2026-01-05", "valid_until": "2026-12-31",
         "scan": pdf_upload("kep.pdf")},
    )  # fmt: skip
    decree = Decree.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:decree_detail", args=[decree.pk]
    )
    response = client.post(
        reverse("governance:appointment_add", args=[decree.pk]),
        {"person": staff[0].pk, "position": "LPSE_MEMBER", "lpse_field": "SYSTEM", "role": "SYSADMIN"},
        follow=True,
    )
    page = response.content.decode()
    assert "Penunjukan tercatat." in page and staff[0].full_name in page and "31 Desember 2026" in page
    assert Appointment.objects.get().role_assignment.ends_on == dt.date(2026, 12, 31)
    scan = client.get(reverse("governance:decree_scan", args=[decree.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"


def test_refusals_show_their_sentence(team_decree, head, staff, ukpbj):
    for person in staff[:4]:
        services.appointment_create(
            actor=head,
            decree=team_decree,
            person=person,
            position=Position.LPSE_MEMBER,
            lpse_field=LpseField.SYSTEM,
        )
    client = login_client(head, Role.KEPALA_UKPBJ)
    response = client.post(
        reverse("governance:appointment_add", args=[team_decree.pk]),
        {"person": staff[4].pk, "position": "LPSE_MEMBER", "lpse_field": "SYSTEM"},
        follow=True,
    )
    assert "paling banyak 4 orang" in response.content.decode()
    fake = client.post(
        reverse("governance:decree_create"),
        {"agency": ukpbj.agency_id, "kind": "OTHER", "number": "X/1", "title": "x", "signed_on": "2026-01-05",
         "valid_from": "2026-01-05", "scan": pdf_upload().__class__("x.pdf", b"<html>", "application/pdf")},
    )  # fmt: skip
    assert fake.status_code == 200 and "isinya bukan" in fake.content.decode()
    assert Decree.objects.count() == 1


def test_certificate_register_and_the_heads_dashboard(at_setup, head, ukpbj, staff):
    today = dt.date(2026, 7, 3)
    for person, number, expires in [
        (staff[0], "OK-1", today + dt.timedelta(days=400)),
        (staff[1], "SOON-1", today + dt.timedelta(days=30)),
        (staff[2], "OLD-1", today - dt.timedelta(days=5)),
        (staff[3], "OLD-2", today - dt.timedelta(days=5)),
        (staff[3], "NEW-2", today + dt.timedelta(days=1000)),  # renewed: OLD-2 is not flagged
    ]:
        services.certificate_record(
            actor=head, agency=ukpbj.agency, person=person, level=CertificateLevel.POKJA, number=number,
            issued_on=dt.date(2024, 1, 1), expires_on=expires,
        )  # fmt: skip
    client = login_client(head, Role.KEPALA_UKPBJ)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Sertifikat PBJ pegawai habis atau segera habis masa berlakunya" in dashboard
    assert reverse("governance:certificate_list") + "?perhatian=1" in dashboard
    assert (
        reverse("governance:certificate_list") in dashboard and reverse("governance:decree_list") in dashboard
    )
    flagged = client.get(reverse("governance:certificate_list") + "?perhatian=1").content.decode()
    assert "SOON-1" in flagged and "OLD-1" in flagged and "OLD-2" not in flagged and "OK-1" not in flagged
    assert "Habis dalam 30 hari" in flagged
    everything = client.get(reverse("governance:certificate_list")).content.decode()
    assert "Sudah diperpanjang" in everything and "OK-1" in everything
    response = client.post(
        reverse("governance:certificate_create"),
        {"agency": ukpbj.agency_id, "person": staff[4].pk, "level": "BASIC", "number": "L1-9", "issued_on": "2020-01-01"},
    )  # fmt: skip
    assert response.status_code == 302


def test_dashboard_shows_a_decree_ending_soon(at_setup, head, ukpbj):
    services.decree_create(
        actor=head, agency=ukpbj.agency, kind="OTHER", number="SK/END", title="Surat tugas",
        signed_on=dt.date(2026, 1, 1), valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 7, 20),
        scan=pdf_upload(),
    )  # fmt: skip
    page = login_client(head, Role.KEPALA_UKPBJ).get(reverse("accounts:dashboard")).content.decode()
    assert "SK segera berakhir" in page
