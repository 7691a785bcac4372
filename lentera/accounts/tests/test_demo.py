"""The demo story: Kabupaten Contoh with its people; loading it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.models import Agency, RoleAssignment, User, WorkUnit
from lentera.accounts.tests.conftest import current_code
from lentera.core import audit
from lentera.core.roles import Role

pytestmark = pytest.mark.django_db

VOLATILE = {"django_session", "django_migrations"}


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in VOLATILE:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_load", *args, stdout=out)
    return out.getvalue()


def _logins(output: str) -> list[str]:
    """The printed login lines (other apps print counts of what they created, which differ on a re-run)."""
    printed = output.split("Demo logins", 1)[1]
    return [line for line in printed.splitlines() if line.startswith("  ")]


def test_demo_load_is_idempotent_and_tells_the_story():
    """Run twice (the second time as `./lentera.sh run` does it, with --migrate): same rows, same output."""
    output = _load()
    after_first = _row_counts()
    head = audit.head()
    second_output = _load("--migrate")
    assert _row_counts() == after_first
    assert audit.head() == head  # nothing was written the second time
    assert _logins(second_output) == _logins(output) and _logins(output)
    assert audit.verify_chain().ok
    agency = Agency.objects.get(code="KAB-CONTOH")
    assert agency.kind == Agency.Kind.REGENCY
    units = {u.code: u for u in WorkUnit.objects.filter(agency=agency)}
    assert sum(u.kind == WorkUnit.Kind.SATKER for u in units.values()) == 3
    assert units["LPSE"].parent == units["UKPBJ"]

    def holders(role):
        return set(RoleAssignment.objects.active().filter(role=role).values_list("user__user_id", flat=True))

    assert "ppk.dpupr" in holders(Role.PPK)
    # Later apps' demo parts may add people; the accounts story has at least these.
    assert {f"pokja{i}" for i in range(1, 6)} <= holders(Role.PENGELOLA_PBJ)
    assert {f"penyedia{i}" for i in range(1, 6)} <= holders(Role.PENYEDIA)
    for role in (Role.VERIFIKATOR, Role.HELPDESK, Role.AUDITOR, Role.KEPALA_UKPBJ, Role.KASUBAG_LPSE):
        assert holders(role), role
    assert "ppk.dpupr" in output and "Lentera-Demo-2026" in output
    assert User.objects.get(user_id="admin").is_superuser
    # Demo staff have a fixed TOTP device; `demo_totp` prints its current code and refuses anyone else.
    device = TOTPDevice.objects.get(user__user_id="ppk.dpupr", name="demo")
    out = io.StringIO()
    call_command("demo_totp", "PPK.DPUPR", stdout=out)
    assert out.getvalue().strip() == current_code(device)
    assert not TOTPDevice.objects.filter(user__user_id="penyedia1").exists()
    with pytest.raises(CommandError):
        call_command("demo_totp", "penyedia1")
