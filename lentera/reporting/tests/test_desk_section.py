"""The report's help desk section: the service desk's own period statistics, with the tickets per category
(complaints about the LPSE's service among them), against a count of the tickets."""

import pytest

from lentera.accounts.tests.factories import user_with_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.reporting import sections, selectors
from lentera.servicedesk import services as desk_services
from lentera.servicedesk.models import Ticket


@pytest.mark.django_db
def test_desk_section_counts_tickets_per_category():
    reporter = user_with_role(Role.PENYEDIA, totp=False)
    for category in ("COMPLAINT", "COMPLAINT", "CONSULTATION"):
        desk_services.ticket_create(
            actor=reporter,
            category=category,
            subject="Pertanyaan layanan",
            description="Uraian masalah layanan.",
        )
    year = local_date(db_now()).year
    section = sections.desk_section(selectors.desk_figures("ANNUAL", year))
    summary, per_category = (dict(t["rows"]) for t in section["tables"])
    assert summary["Tiket dilaporkan"] == Ticket.objects.count() == 3
    assert (
        per_category["Pengaduan atas layanan LPSE"]
        == Ticket.objects.filter(category="COMPLAINT").count()
        == 2
    )
    assert per_category["Konsultasi pengadaan secara elektronik"] == 1
    assert sum(per_category.values()) == 3
    previous = sections.desk_section(selectors.desk_figures("ANNUAL", year - 1))
    assert sum(dict(previous["tables"][1]["rows"]).values()) == 0
