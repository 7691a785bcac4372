"""The demo's governance: the LPSE team's Keputusan Bupati with its appointments, certificates lapsing and lapsed;
loading twice adds nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core import audit
from lentera.core.demo import load_all
from lentera.core.roles import Role
from lentera.governance.models import Appointment, Certificate, Decree
from lentera.governance.sops.models import SopVersion
from lentera.testing import login_client


@pytest.mark.django_db
def test_demo_governance_and_idempotency(settings):
    ctx = load_all(settings.LENTERA_DEMO_PASSWORD)
    decree = ctx.objects["lpse_team_decree"]
    appointments = Appointment.objects.filter(decree=decree)
    assert appointments.count() == 5
    trainer = appointments.get(role=Role.TRAINER)
    assert trainer.role_assignment is not None and trainer.role_assignment.ends_on == decree.valid_until
    assert Certificate.objects.count() == 5
    page = (
        login_client(ctx.objects["kepala.ukpbj"], Role.KEPALA_UKPBJ)
        .get(reverse("accounts:dashboard"))
        .content.decode()
    )
    assert "Sertifikat PBJ pegawai habis atau segera habis masa berlakunya" in page
    flagged = login_client(ctx.objects["kepala.ukpbj"], Role.KEPALA_UKPBJ).get(
        reverse("governance:certificate_list") + "?perhatian=1"
    )
    assert (
        "LKPP-OKP-2024-000102" in flagged.content.decode()
        and "LKPP-JF-2023-000977" in flagged.content.decode()
    )
    head_user = ctx.objects["kepala.ukpbj"]
    client = login_client(head_user, Role.KEPALA_UKPBJ)
    assessment = ctx.objects["maturity_assessment"]
    assert assessment is not None and assessment.status == "DRAFT"
    page = client.get(reverse("governance:assessment_detail", args=[assessment.pk])).content.decode()
    assert "assessment-submit" in page and "Pengorganisasian Kelembagaan" in page
    menu = client.get(reverse("accounts:dashboard")).content.decode()
    for name in ("assessment_list", "sop_list", "standard_register", "programme_list"):
        assert reverse(f"governance:{name}") in menu
    work = ctx.objects["lpse_work_programme"]
    assert work.activities.count() == 4 and work.team_decree == decree
    report = client.get(reverse("governance:programme_detail", args=[work.pk])).content.decode()
    assert "Verifikasi dokumen penyedia" in report and "report-pdf" in report
    public = Client().get(reverse("governance:sop_public")).content.decode()
    assert "SOP-LPSE-A" in public and "SOP-LPSE-E" not in public
    assert SopVersion.objects.filter(sop__code="SOP-LPSE-A").count() == 2
    assert (
        "Keamanan Server dan Jaringan" in client.get(reverse("governance:standard_register")).content.decode()
    )
    from lentera.governance.itsm.models import Asset, CapacityRecord, ChangeRequest

    assert Asset.objects.count() == 4 and CapacityRecord.objects.count() == 4
    assert sorted(ChangeRequest.objects.values_list("status", flat=True)) == [
        "APPROVED",
        "RECORDED",
        "REVIEWED",
    ]
    agency = decree.agency_id
    assert (
        "Disk data SPSE"
        in client.get(reverse("governance:capacity_log") + f"?instansi={agency}").content.decode()
    )
    head, counts = (
        audit.head(),
        (
            Decree.objects.count(),
            Appointment.objects.count(),
            Certificate.objects.count(),
            SopVersion.objects.count(),
        ),
    )
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert (
        Decree.objects.count(),
        Appointment.objects.count(),
        Certificate.objects.count(),
        SopVersion.objects.count(),
    ) == counts
    assert audit.head() == head
