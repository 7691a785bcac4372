"""The LPSE team's activity section (Perbup PPU 2/2021 Pasal 4 huruf b angka 2): tickets answered, training held,
verifications decided, service notices (read from the public app through lentera.core.notices) and the team's
work programme, each against a hand count over the rows built here, in a semester-2 report of the scenario."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.urls import reverse

from lentera.accounts.tests.factories import UserFactory, user_with_role
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.governance.programme.models import ProgrammeActivity, Realisation, WorkProgramme
from lentera.providers.models import VerificationRound
from lentera.reporting import sections_service, selectors, services
from lentera.reporting.tests import scenario as sc
from lentera.servicedesk import services as desk_services
from lentera.servicedesk.models import Ticket
from lentera.testing import api_call, login_client
from lentera.training.tests.conftest import attended, course, provider, room, session, trainer  # noqa: F401

Y = sc.YEAR
# the public app sits above reporting (import-linter): its model is reached by name in this test only


def _at(month: int, day: int) -> dt.datetime:
    return dt.datetime(Y, month, day, 9, tzinfo=JAKARTA)


def _build(world):
    reporter = user_with_role(Role.PENYEDIA, totp=False)
    tickets = [
        desk_services.ticket_create(
            actor=reporter, category="CONSULTATION", subject="Tanya", description="Uraian."
        )
        for _ in range(3)
    ]
    Ticket.objects.filter(pk=tickets[0].pk).update(created_at=_at(8, 1), first_response_at=_at(8, 2))
    Ticket.objects.filter(pk=tickets[1].pk).update(created_at=_at(9, 1), first_response_at=None)
    Ticket.objects.filter(pk=tickets[2].pk).update(created_at=_at(3, 1), first_response_at=_at(3, 2))  # S1
    a, b = UserFactory.create(), UserFactory.create()
    for user, subject, month, outcome in ((a, "PROVIDER", 8, "APPROVED"), (b, "STAFF", 10, "REJECTED"),
                                          (UserFactory.create(), "PROVIDER", 2, "APPROVED")):  # fmt: skip
        VerificationRound.objects.create(user=user, subject=subject, number=1, submitted_at=_at(month, 1),
                                         outcome=outcome, decided_at=_at(month, 3))  # fmt: skip
    author = world.kepala
    for kind, start, withdrawn in (("OUTAGE", _at(9, 10), None), ("MAINTENANCE", _at(11, 1), _at(10, 30)),
                                   ("MAINTENANCE", _at(12, 30), None), ("INFO", _at(4, 1), None)):  # fmt: skip
        apps.get_model("public", "ServiceNotice").objects.create(kind=kind, title="Pemberitahuan", summary="Uraian", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=4), withdrawn_at=withdrawn,
                                     created_by=author)  # fmt: skip
    programme = WorkProgramme.objects.create(
        agency=world.w.agency, year=Y, title="Program LPSE", created_by=author
    )
    activity = ProgrammeActivity.objects.create(
        programme=programme, name="Pelatihan", target="Penyedia terlatih", target_quantity=4, unit="angkatan",
        budget=Decimal("10000000"), planned_start=dt.date(Y, 2, 1), planned_end=dt.date(Y, 11, 30),
        person_in_charge=author, created_by=author,
    )  # fmt: skip
    for day, spent in ((dt.date(Y, 3, 1), "1000000"), (dt.date(Y, 8, 1), "3000000")):
        Realisation.objects.create(activity=activity, realised_on=day, quantity=1, spent=Decimal(spent),
                                   recorded_by=author)  # fmt: skip


def _section(world, kind="S2"):
    rows = selectors.team_activity_figures(
        user=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk, kind=kind, year=Y
    )
    return sections_service.team_activity_section(rows, Y)


def test_team_activity_section_against_a_hand_count(world, attended):  # noqa: F811
    _build(world)
    service, programme, budget = _section(world)["tables"]
    got = dict(service["rows"])
    assert got["Tiket helpdesk dilaporkan"] == 2 == Ticket.objects.filter(created_at__gte=_at(7, 1)).count()
    assert got["Tiket helpdesk ditanggapi"] == 1
    assert (got["Sesi pelatihan diselenggarakan"], got["Peserta pelatihan hadir"]) == (1, 1)
    assert got["Sertifikat pelatihan diterbitkan"] == 1
    assert got["Verifikasi diputuskan: Pendaftaran penyedia"] == 1
    assert got["Verifikasi diputuskan: Pendaftaran pengguna non-penyedia"] == 1
    assert (got["Verifikasi disetujui"], got["Verifikasi ditolak"]) == (1, 1)
    # the 30 December maintenance runs into the period's last day; the April notice is in semester 1
    assert got["Pengumuman layanan: Gangguan layanan"] == 1
    assert got["Pengumuman layanan: Pemeliharaan terencana"] == 1
    assert got["Pengumuman layanan: Informasi layanan"] == 0
    assert got["Pengumuman layanan ditarik"] == 1
    counts = dict(programme["rows"])
    assert counts["Kegiatan dalam program kerja"] == 1
    assert budget["rows"] == [
        ["Program LPSE", Decimal("10000000"), Decimal("3000000"), Decimal("4000000"), Decimal("40.0"),
         Decimal("50.0")]
    ]  # fmt: skip
    s1 = dict(_section(world, "S1")["tables"][0]["rows"])
    assert (s1["Tiket helpdesk dilaporkan"], s1["Sesi pelatihan diselenggarakan"]) == (1, 0)
    assert s1["Pengumuman layanan: Informasi layanan"] == 1


def test_team_activity_in_the_report_page_and_api(world):
    _build(world)
    report = services.report_create(
        actor=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk, kind="S2", year=Y
    )
    c = login_client(world.kepala, Role.KEPALA_UKPBJ)
    html = c.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Kegiatan Tim Pengelola LPSE" in html and "Tiket helpdesk ditanggapi" in html
    body = api_call(world.kepala, Role.KEPALA_UKPBJ, "get", f"/api/v1/reporting/reports/{report.pk}").json()
    section = next(s for s in body["sections"] if s["key"] == "team_activity")
    assert dict(section["tables"][0]["rows"])["Verifikasi disetujui"] == 1


def test_a_role_outside_the_readers_sees_no_programme(world):
    _build(world)
    rows = selectors.team_activity_figures(
        user=world.w["ppk"], role=Role.PPK, agency_id=world.w.agency.pk, kind="S2", year=Y
    )
    assert rows["programme"] is None
