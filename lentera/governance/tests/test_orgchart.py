"""The LPSE team's org chart page (Perbup PPU 2/2021 Pasal 3): drawn from the team decrees in force, reachable from
the decree register, readers only."""

from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.governance import selectors, services
from lentera.testing import Action, login_client, run_matrix

from .matrix import get

READERS = frozenset(selectors.READER_ROLES)


def test_org_chart_draws_the_team_in_force(at_setup, head, ukpbj, team_decree, same_agency_users):
    member = user_with_role(Role.VERIFIKATOR, work_unit=ukpbj)
    for person, position, lpse_field in ((head, "LPSE_CHAIR", ""), (member, "LPSE_MEMBER", "REGISTRATION")):
        services.appointment_create(actor=head, decree=team_decree, person=person, position=position,
                                    lpse_field=lpse_field, role="", work_unit=None)  # fmt: skip
    client = login_client(head, Role.KEPALA_UKPBJ)
    assert reverse("governance:org_chart") in client.get(reverse("governance:decree_list")).content.decode()
    page = client.get(reverse("governance:org_chart")).content.decode()
    assert "<svg" in page and 'id="orgchart"' in page and team_decree.number in page
    assert f"Registrasi dan verifikasi: {member.full_name}" in page and f"Ketua: {head.full_name}" in page
    other = user_with_role(Role.KEPALA_UKPBJ)
    assert (
        member.full_name
        not in login_client(other, Role.KEPALA_UKPBJ).get(reverse("governance:org_chart")).content.decode()
    )
    assert run_matrix([Action("org_chart.get", READERS, get("org_chart"))], same_agency_users) == []
