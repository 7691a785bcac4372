import datetime as dt

import pytest

from lentera.accounts.models import WorkUnit
from lentera.accounts.tests.factories import WorkUnitFactory, user_with_role
from lentera.core.roles import Role
from lentera.governance import services
from lentera.governance.enums import DecreeKind
from lentera.tendering.tests.factories import SETUP_AT, clock, pdf_upload

#: SETUP_AT is Friday 3 July 2026, 09:00 WIB.
TODAY = dt.date(2026, 7, 3)


@pytest.fixture
def at_setup(db):
    with clock(SETUP_AT):
        yield SETUP_AT


@pytest.fixture
def ukpbj(db):
    return WorkUnitFactory(kind=WorkUnit.Kind.UKPBJ, name="UKPBJ Kabupaten Uji")


@pytest.fixture
def lpse_unit(ukpbj):
    return WorkUnitFactory(agency=ukpbj.agency, parent=ukpbj, kind=WorkUnit.Kind.LPSE, name="Subbagian LPSE")


@pytest.fixture
def head(ukpbj):
    return user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)


@pytest.fixture
def staff(ukpbj):
    """Five civil servants of the agency (Pengelola PBJ)."""
    return [user_with_role(Role.PENGELOLA_PBJ, work_unit=ukpbj) for _ in range(6)]


@pytest.fixture
def team_decree(at_setup, head, ukpbj):
    return services.decree_create(
        actor=head,
        agency=ukpbj.agency,
        kind=DecreeKind.LPSE_TEAM,
        number="188.45/001/KEP-BUP/2026",
        title="Pembentukan Tim Pengelolaan LPSE",
        signed_on=dt.date(2026, 1, 2),
        valid_from=dt.date(2026, 1, 2),
        valid_until=dt.date(2026, 12, 31),
        scan=pdf_upload("kep.pdf"),
    )


@pytest.fixture
def same_agency_users(ukpbj):
    """One user per role, every staff role held in the same agency (so an allowed role is also in scope)."""
    return {role: user_with_role(role, work_unit=ukpbj) for role in Role.values}
