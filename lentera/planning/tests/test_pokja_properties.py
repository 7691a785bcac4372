"""Hypothesis: generated Pokja compositions (Permendagri 53/2021 Pasal 15) and generated histories of roles and
assignments (Pasal 12). Each example runs in a savepoint that is rolled back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lentera.accounts import services as accounts_services
from lentera.accounts.models import RoleAssignment, WorkUnit
from lentera.accounts.tests.factories import AgencyFactory, WorkUnitFactory, user_with_role
from lentera.core.errors import LenteraError
from lentera.core.roles import LPSE_MANAGEMENT_ROLES, Role
from lentera.planning import services
from lentera.planning.errors import PlanningError
from lentera.planning.models import HpsItem, Method, Pokja, PokjaMember, ProcurementType

from .factories import add_role, nip

TODAY = dt.date.today
HYPO = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

member_spec = st.fixed_dictionaries(
    {
        "certified": st.booleans(),
        "holds_role": st.booleans(),
        "has_nip": st.booleans(),
        "certificate": st.booleans(),
        "outside": st.booleans(),
        "coordinated": st.sampled_from(["no", "before", "after"]),
    }
)


class Rollback(Exception):
    pass


def expected_ok(specs, pengelola_in_agency):
    """Pasal 15 restated from the article, independently of rules.py."""
    n = len(specs)
    if n < 3 or n % 2 == 0:  # ayat (1)-(2)
        return False
    pengelola = [s for s in specs if not s["certified"]]
    if not all(s["holds_role"] for s in pengelola):  # ayat (1): Pengelola PBJ means holding that position
        return False
    certified = [s for s in specs if s["certified"]]
    if not certified:
        return True
    if not pengelola or pengelola_in_agency >= n:  # ayat (3): at least 1, and only when too few
        return False
    for s in certified:
        if not (s["has_nip"] and s["certificate"]):  # ayat (3): civil servant with a certificate
            return False
        if s["outside"] and s["coordinated"] != "before":  # ayat (4): coordination recorded first
            return False
    return True


@pytest.mark.django_db
@HYPO
@given(specs=st.lists(member_spec, min_size=0, max_size=7), extra_pengelola=st.integers(0, 6))
def test_pasal_15_generated_compositions(specs, extra_pengelola):
    try:
        with transaction.atomic():
            agency = AgencyFactory()
            ukpbj = WorkUnitFactory(agency=agency, kind=WorkUnit.Kind.UKPBJ)
            satker = WorkUnitFactory(agency=agency)
            kepala = user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)
            entries = []
            for s in specs:
                if s["certified"]:
                    user = user_with_role(
                        Role.PPK,
                        work_unit=satker if s["outside"] else ukpbj,
                        nip=nip() if s["has_nip"] else "",
                    )
                    coordinated = {"no": None, "before": TODAY(), "after": TODAY() + dt.timedelta(days=3)}
                    entries.append(
                        services.MemberInput(
                            user=user,
                            qualification=PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
                            certificate_number="SERT-1" if s["certificate"] else "",
                            coordination_note="Surat kepala dinas" if s["coordinated"] != "no" else "",
                            coordinated_on=coordinated[s["coordinated"]],
                        )
                    )
                else:
                    role = Role.PENGELOLA_PBJ if s["holds_role"] else Role.PPK
                    entries.append(
                        services.MemberInput(user=user_with_role(role, work_unit=ukpbj, nip=nip()))
                    )
            for _ in range(extra_pengelola):
                user_with_role(Role.PENGELOLA_PBJ, work_unit=ukpbj, nip=nip())
            in_agency = sum(1 for s in specs if not s["certified"] and s["holds_role"]) + extra_pengelola
            should = expected_ok(specs, in_agency)
            try:
                pokja = services.pokja_form(
                    actor=kepala, name="P", decree_number="SK/1", decree_date=TODAY(), members=entries
                )
            except PlanningError as exc:
                assert not should, f"refused but valid: {exc.code}"
                assert "Permendagri 53/2021 Pasal 15" in str(exc)
                assert not Pokja.objects.exists()
            else:
                assert should, "accepted but invalid"
                assert pokja.active_members().count() == len(specs)
                for e in entries:
                    assert RoleAssignment.objects.active().filter(user=e.user, role=Role.POKJA).exists()
            raise Rollback
    except Rollback:
        pass


# --- Pasal 12: histories of roles and assignments ------------------------------------------------------------

N_PEOPLE = 5
op = st.one_of(
    st.tuples(st.just("lpse"), st.integers(0, N_PEOPLE - 1), st.sampled_from(sorted(LPSE_MANAGEMENT_ROLES))),
    st.tuples(st.just("revoke_lpse"), st.integers(0, N_PEOPLE - 1)),
    st.tuples(st.just("form"), st.lists(st.integers(0, N_PEOPLE - 1), min_size=3, max_size=3, unique=True)),
    st.tuples(st.just("assign")),
    st.tuples(st.just("inspector"), st.integers(0, N_PEOPLE - 1)),
    st.tuples(st.just("contract_manager"), st.integers(0, N_PEOPLE - 1)),
    st.tuples(st.just("swap"), st.integers(0, N_PEOPLE - 1), st.integers(0, N_PEOPLE - 1)),
)


class Model:
    """The state the rules care about, kept alongside the database."""

    def __init__(self):
        self.lpse: set[int] = set()
        self.members: set[int] | None = None  # the active Pokja's members
        self.assigned = False
        self.officials = {"ppk": 0, "inspector": None, "contract_manager": None}  # person 0 is the PPK

    def conflict(self, lpse, members, assigned, officials) -> bool:
        if members is None:
            return False
        if members & lpse:
            return True
        return assigned and any(v in members for v in officials.values() if v is not None)


def _world():
    agency = AgencyFactory()
    ukpbj = WorkUnitFactory(agency=agency, kind=WorkUnit.Kind.UKPBJ)
    dpupr = WorkUnitFactory(agency=agency)
    lpse = WorkUnitFactory(agency=agency, kind=WorkUnit.Kind.LPSE, parent=ukpbj)
    kepala = user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)
    people = [user_with_role(Role.PENGELOLA_PBJ, work_unit=ukpbj, nip=nip()) for _ in range(N_PEOPLE)]
    add_role(people[0], Role.PPK, dpupr)  # person 0 is a Pengelola PBJ who also plans this package
    item = services.rup_item_create(
        actor=people[0],
        work_unit=dpupr,
        fiscal_year=2026,
        name="Pembangunan Jalan",
        procurement_type=ProcurementType.WORKS,
        pagu="2400000000",
        funding_source="APBD",
        planned_method=Method.TENDER,
    )
    pkg = services.package_create(actor=people[0], rup_items=[item], specification="Spesifikasi")
    services.package_hps_set(
        actor=people[0],
        package=pkg,
        hps_set_on=TODAY(),
        lines=[services.HpsLine("Pekerjaan", "ls", 1, "2300000000", HpsItem.PriceSource.MARKET)],
    )
    pkg = services.package_mark_ready(actor=people[0], package=pkg)
    return kepala, people, pkg, lpse, ukpbj


@pytest.mark.django_db
@HYPO
@given(ops=st.lists(op, min_size=1, max_size=8))
def test_pasal_12_generated_role_and_assignment_histories(ops):
    try:
        with transaction.atomic():
            kepala, people, pkg, lpse_unit, ukpbj = _world()
            model = Model()
            pokja = None
            for step in ops:
                kind = step[0]
                lpse, members, assigned = (
                    set(model.lpse),
                    set(model.members) if model.members is not None else None,
                    model.assigned,
                )
                officials = dict(model.officials)
                valid = True
                if kind == "lpse":
                    valid = step[1] not in lpse  # accounts refuses a role already held
                    lpse.add(step[1])

                    def call(s=step):
                        return accounts_services.role_assign(
                            actor=kepala,
                            user=people[s[1]],
                            role=s[2],
                            work_unit=lpse_unit,
                            starts_on=TODAY(),
                            decree_number="SK/LPSE",
                            check_actor=False,
                        )
                elif kind == "revoke_lpse":
                    lpse.discard(step[1])

                    def call(s=step):
                        for ra in RoleAssignment.objects.active().filter(
                            user=people[s[1]], role__in=LPSE_MANAGEMENT_ROLES
                        ):
                            accounts_services.role_revoke(actor=kepala, assignment=ra, reason="mutasi")
                elif kind == "form":
                    valid = members is None
                    members = set(step[1])

                    def call(s=step):
                        return services.pokja_form(
                            actor=kepala,
                            name="P",
                            decree_number="SK/P",
                            decree_date=TODAY(),
                            members=[services.MemberInput(user=people[i]) for i in s[1]],
                        )
                elif kind == "assign":
                    valid = members is not None and not assigned
                    assigned = True

                    def call():
                        return services.package_assign_pokja(actor=kepala, package=pkg, pokja=pokja)
                elif kind in ("inspector", "contract_manager"):
                    officials[kind] = step[1]

                    def call(s=step):
                        return services.package_set_officials(
                            actor=people[0], package=pkg, **{s[0]: people[s[1]]}
                        )
                else:  # swap
                    out_i, in_i = step[1], step[2]
                    valid = members is not None and out_i in members and in_i not in members
                    if valid:
                        members = (members - {out_i}) | {in_i}

                    def call(s=step):
                        return services.pokja_members_change(
                            actor=kepala,
                            pokja=pokja,
                            decree_number="SK/G",
                            add=[services.MemberInput(user=people[s[2]])],
                            remove=[people[s[1]]],
                        )

                if not valid:
                    continue
                should = not model.conflict(lpse, members, assigned, officials)
                try:
                    result = call()
                except LenteraError as exc:
                    assert not should, f"{step} refused ({exc.code}) but no conflict"
                    assert exc.code.startswith("CONFLICT_") and "Permendagri 53/2021 Pasal 12" in str(exc)
                else:
                    assert should, f"{step} accepted but creates a conflict"
                    model.lpse, model.members, model.assigned, model.officials = (
                        lpse,
                        members,
                        assigned,
                        officials,
                    )
                    if kind == "form":
                        pokja = result
                # the invariant, read from the database
                if pokja is not None:
                    ids = {m.user_id for m in pokja.active_members()}
                    lpse_holders = set(
                        RoleAssignment.objects.active()
                        .filter(role__in=LPSE_MANAGEMENT_ROLES)
                        .values_list("user_id", flat=True)
                    )
                    assert not ids & lpse_holders
                    pkg.refresh_from_db()
                    if pkg.pokja_id == pokja.pk:
                        assert not ids & {pkg.ppk_id, pkg.inspector_id, pkg.contract_manager_id}
            raise Rollback
    except Rollback:
        pass
