"""Empty choices say why and where it is fixed; choice lists offer only the roles that fit (issue #20 item 5)."""

from __future__ import annotations

from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.planning import rules, selectors
from lentera.planning.models import Method, ProcurementType
from lentera.testing import login_client

from .factories import package


def _detail(world, key, role, pkg):
    return (
        login_client(world[key], role).get(reverse("planning:package_detail", args=[pkg.pk])).content.decode()
    )


def test_head_of_ukpbj_sees_why_no_procurement_official_can_be_chosen(world):
    pkg = package(world, pagu="150000000", ptype=ProcurementType.GOODS, method=Method.PENGADAAN_LANGSUNG)
    page = _detail(world, "kepala", Role.KEPALA_UKPBJ, pkg)
    assert 'id="official-empty"' in page
    assert "Belum ada Pejabat Pengadaan untuk" in page and "Pasal 16" in page
    assert reverse("planning:official_request_list") in page
    assert 'name="official"' not in page  # no empty drop-down to puzzle over


def test_head_of_ukpbj_sees_why_no_pokja_can_be_chosen_and_where_to_form_one(world):
    pkg = package(world)
    page = _detail(world, "kepala", Role.KEPALA_UKPBJ, pkg)
    assert 'id="pokja-empty"' in page and reverse("planning:pokja_create") in page


def test_procurement_official_list_appears_once_one_is_appointed(world):
    pkg = package(world, pagu="150000000", ptype=ProcurementType.GOODS, method=Method.PENGADAAN_LANGSUNG)
    user_with_role(Role.PROCUREMENT_OFFICIAL, work_unit=pkg.work_unit, full_name="Pejabat Satu")
    page = _detail(world, "kepala", Role.KEPALA_UKPBJ, pkg)
    assert 'id="official-empty"' not in page and "Pejabat Satu" in page


def test_contract_official_roles(world):
    """The contract manager / inspector list offers agency staff of the budget and procurement side, never the
    LPSE's verifiers, helpdesk, system admins, auditors or trainers (rule: rules.contract_official_roles)."""
    pkg = package(world)
    verifier = user_with_role(Role.VERIFIKATOR, work_unit=world.lpse, full_name="Verifikator Satu")
    helpdesk = user_with_role(Role.HELPDESK, work_unit=world.lpse, full_name="Helpdesk Satu")
    candidates = set(selectors.contract_official_candidates(package=pkg))
    assert world["ppk"] in candidates and world["pokja1"] in candidates and world["kpa"] in candidates
    for outsider in (verifier, helpdesk, world["sysadmin"], world["kasubag"], world["auditor"]):
        assert outsider not in candidates
    assert not rules.contract_official_roles() & {
        Role.VERIFIKATOR,
        Role.HELPDESK,
        Role.SYSADMIN,
        Role.AUDITOR,
    }
    page = _detail(world, "ppk", Role.PPK, pkg)
    assert "Verifikator Satu" not in page and "Helpdesk Satu" not in page
    # and a refused pick through the form changes nothing
    client = login_client(world["ppk"], Role.PPK)
    response = client.post(
        reverse("planning:package_officials", args=[pkg.pk]),
        {"contract_manager": verifier.pk, "inspector": ""},
    )
    pkg.refresh_from_db()
    assert pkg.contract_manager_id is None
    assert response.status_code in (200, 302)
