import pytest

from lentera.core.roles import Role
from lentera.reporting import services
from lentera.reporting.tests import scenario as sc


@pytest.fixture
def world(db, media_root):
    return sc.build()


@pytest.fixture
def report(world):
    return services.report_create(
        actor=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk, kind="S1", year=sc.YEAR
    )


@pytest.fixture
def approved(world, report, django_capture_on_commit_callbacks):
    k = world.kepala
    services.report_update_text(
        actor=k, role=Role.KEPALA_UKPBJ, report=report, analysis="Analisis awal", recommendations="Saran"
    )
    services.report_transition(
        actor=world.w["admin_ukpbj"], role=Role.ADMIN_UKPBJ, report=report, action="REVIEW"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_transition(actor=k, role=Role.KEPALA_UKPBJ, report=report, action="APPROVE")
    report.refresh_from_db()
    return report
