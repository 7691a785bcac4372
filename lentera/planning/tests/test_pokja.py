"""Pokja Pemilihan: formation, member change and dissolution by the Kepala UKPBJ (Permendagri 53/2021 Pasal 9 a-b),
composition (Pasal 15) and conflict of interest (Pasal 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from lentera.accounts import services as accounts_services
from lentera.accounts.models import RoleAssignment
from lentera.accounts.tests.factories import user_with_role
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role
from lentera.planning import services
from lentera.planning.errors import PlanningError
from lentera.planning.models import Package, Pokja, PokjaMember
from lentera.planning.services.conflicts import role_guard
from lentera.testing import db_fingerprint

from .factories import add_role, build_world, members, nip, package, pokja

TODAY = dt.date.today


def form(w, users, **kw):
    return services.pokja_form(
        actor=w["kepala"],
        name="Pokja Uji",
        decree_number="027/9/SK/2026",
        decree_date=TODAY(),
        members=kw.pop("member_inputs", None) or members(users),
        **kw,
    )


@pytest.mark.parametrize("size", [1, 2, 4])
def test_pasal_15_pokja_size_odd_at_least_three_refused(world, size):
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        form(world, world.pengelola(size))
    assert exc.value.code in {"POKJA_SIZE_EVEN", "POKJA_SIZE_TOO_SMALL"}
    assert "Permendagri 53/2021 Pasal 15" in str(exc.value) and f"{size} orang" in str(exc.value)
    assert db_fingerprint() == before


@pytest.mark.parametrize("size", [3, 5])
def test_pasal_15_pokja_size_odd_at_least_three_accepted(world, size):
    k = form(world, world.pengelola(size))
    assert k.active_members().count() == size
    assert k.active_members().filter(is_chair=True).count() == 1


def test_pokja_form_pasal_9_a_only_kepala_ukpbj_forms_a_pokja(world):
    for key in ("admin_ukpbj", "ppk", "sysadmin"):
        with pytest.raises(AccessDenied):
            services.pokja_form(
                actor=world[key],
                name="X",
                decree_number="1",
                decree_date=TODAY(),
                members=members(world.pengelola(3)),
                ukpbj=world.ukpbj,
            )


def test_pasal_9_decree_number_required(world):
    with pytest.raises(PlanningError) as exc:
        services.pokja_form(
            actor=world["kepala"],
            name="X",
            decree_number=" ",
            decree_date=TODAY(),
            members=members(world.pengelola(3)),
        )
    assert exc.value.code == "DECREE_REQUIRED"


def test_pasal_15_members_must_hold_pengelola_pbj(world):
    with pytest.raises(PlanningError) as exc:
        form(world, [*world.pengelola(2), world["ppk_dinkes"]])
    assert exc.value.code == "POKJA_NOT_PENGELOLA" and "Pasal 15" in str(exc.value)


def test_pasal_15_members_get_the_pokja_role_by_the_decree(world):
    k = pokja(world)
    for user in world.pengelola(3):
        ra = RoleAssignment.objects.active().get(user=user, role=Role.POKJA)
        assert ra.decree_number == k.decree_number and ra.work_unit == world.ukpbj


def test_pasal_15_ayat_3_certified_civil_servants_only_when_pengelola_too_few(world):
    certified = user_with_role(Role.PPK, work_unit=world.dinkes, nip=nip())
    entries = [
        *members(world.pengelola(2)),
        services.MemberInput(
            user=certified,
            qualification=PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
            certificate_number="SERT-PBJ-L1-0001",
            coordination_note="Surat Kadinkes 800/1",
            coordinated_on=TODAY(),
        ),
    ]
    with pytest.raises(PlanningError) as exc:  # 5 Pengelola PBJ in the UKPBJ: enough for 3
        form(world, None, member_inputs=entries)
    assert exc.value.code == "POKJA_PENGELOLA_SUFFICIENT" and "Pasal 15 ayat (3)" in str(exc.value)


@pytest.fixture
def small_world(db):
    return build_world(pengelola=2)


def certified_entry(w, *, unit=None, **kw):
    user = user_with_role(Role.PPK, work_unit=unit or w.dinkes, nip=kw.pop("nip", nip()))
    base = {
        "qualification": PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
        "certificate_number": "SERT-L1-77",
        "coordination_note": "Surat Kadinkes 800/12",
        "coordinated_on": TODAY(),
    }
    return services.MemberInput(user=user, **(base | kw))


def test_pasal_15_ayat_3_at_least_one_pengelola_plus_certified(small_world):
    w = small_world
    k = form(w, None, member_inputs=[*members(w.pengelola(2)), certified_entry(w)])
    assert k.active_members().count() == 3
    with pytest.raises(PlanningError) as exc:
        form(w, None, member_inputs=[certified_entry(w), certified_entry(w), certified_entry(w)])
    assert exc.value.code == "POKJA_NEEDS_PENGELOLA"


def test_pasal_15_ayat_3_certificate_number_recorded_and_civil_servant(small_world):
    w = small_world
    with pytest.raises(PlanningError) as exc:
        form(w, None, member_inputs=[*members(w.pengelola(2)), certified_entry(w, certificate_number="")])
    assert exc.value.code == "POKJA_CERTIFICATE_REQUIRED"
    with pytest.raises(PlanningError) as exc:
        form(w, None, member_inputs=[*members(w.pengelola(2)), certified_entry(w, nip="")])
    assert exc.value.code == "POKJA_MEMBER_NOT_PNS"


def test_pasal_15_ayat_4_outside_ukpbj_needs_prior_coordination(small_world):
    w = small_world
    for kw in (
        {"coordination_note": ""},
        {"coordinated_on": None},
        {"coordinated_on": TODAY() + dt.timedelta(days=1)},
    ):
        with pytest.raises(PlanningError) as exc:
            form(w, None, member_inputs=[*members(w.pengelola(2)), certified_entry(w, **kw)])
        assert exc.value.code == "POKJA_COORDINATION_REQUIRED" and "Pasal 15 ayat (4)" in str(exc.value)
    # a certified civil servant inside the UKPBJ needs no coordination
    inside = certified_entry(w, unit=w.ukpbj, coordination_note="", coordinated_on=None)
    assert form(w, None, member_inputs=[*members(w.pengelola(2)), inside]).pk


def test_pasal_12_lpse_manager_refused_at_formation(world):
    add_role(world["pokja3"], Role.HELPDESK, world.lpse)
    with pytest.raises(PlanningError) as exc:
        form(world, world.pengelola(3))
    assert exc.value.code == "CONFLICT_LPSE_ROLE" and "Pasal 12 huruf b" in str(exc.value)


def test_pasal_12_ppk_of_package_refused_at_assignment(world):
    add_role(world["pokja1"], Role.PPK, world.dpupr)
    pkg = package(world, actor_key="pokja1")
    k = pokja(world)
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    assert exc.value.code == "CONFLICT_SAME_PACKAGE" and "Pasal 12 huruf a" in str(exc.value)
    assert db_fingerprint() == before


def test_pasal_12_inspector_or_contract_manager_refused_after_assignment(world):
    pkg = package(world)
    k = pokja(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    for field in ("inspector", "contract_manager"):
        with pytest.raises(PlanningError) as exc:
            services.package_set_officials(actor=world["ppk"], package=pkg, **{field: world["pokja2"]})
        assert exc.value.code == "CONFLICT_SAME_PACKAGE" and "Pasal 12" in str(exc.value)
    services.package_set_officials(actor=world["ppk"], package=pkg, inspector=world["pokja4"])
    # and the inspector cannot then join the Pokja
    with pytest.raises(PlanningError) as exc:
        services.pokja_members_change(
            actor=world["kepala"],
            pokja=k,
            decree_number="027/2",
            add=members([world["pokja4"]]),
            remove=[world["pokja1"]],
        )
    assert exc.value.code == "CONFLICT_SAME_PACKAGE"


def test_pasal_12_change_of_ppk_refused_when_new_ppk_sits_in_the_pokja(world):
    pkg = package(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=pokja(world))
    add_role(world["pokja2"], Role.PPK, world.dpupr)
    kpa = user_with_role(Role.KPA, work_unit=world.dpupr)
    with pytest.raises(PlanningError) as exc:
        services.package_change_ppk(actor=kpa, package=pkg, ppk=world["pokja2"])
    assert exc.value.code == "CONFLICT_SAME_PACKAGE"
    services.package_change_ppk(actor=kpa, package=pkg, ppk=world["ppk2"])


def test_role_guard_pasal_12_huruf_b_no_lpse_role_for_a_selector_nor_selection_role_for_an_lpse_manager(
    world,
):
    pokja(world)  # pokja1.. are members now
    lpse_role = RoleAssignment(
        user=world["pokja1"], role=Role.VERIFIKATOR, work_unit=world.lpse, starts_on=TODAY()
    )
    with pytest.raises(PlanningError) as exc:
        role_guard(lpse_role)
    assert exc.value.code == "CONFLICT_LPSE_ROLE"
    with pytest.raises(PlanningError) as exc:
        role_guard(
            RoleAssignment(user=world["kasubag"], role=Role.POKJA, work_unit=world.ukpbj, starts_on=TODAY())
        )
    assert exc.value.code == "CONFLICT_LPSE_ROLE"
    # an assignment already ended, or a role of neither kind, is let through
    lpse_role.starts_on, lpse_role.ends_on = TODAY() - dt.timedelta(days=30), TODAY() - dt.timedelta(days=1)
    role_guard(lpse_role)
    role_guard(
        RoleAssignment(user=world["kasubag"], role=Role.TRAINER, work_unit=world.lpse, starts_on=TODAY())
    )


def test_pasal_12_lpse_role_refused_later_through_the_role_guard(world):
    pokja(world)
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        accounts_services.role_assign(
            actor=world["sysadmin"],
            user=world["pokja1"],
            role=Role.VERIFIKATOR,
            work_unit=world.lpse,
            starts_on=TODAY(),
            decree_number="SK/1",
        )
    assert exc.value.code == "CONFLICT_LPSE_ROLE" and "Pasal 12 huruf b" in str(exc.value)
    assert db_fingerprint() == before
    # and the other way round: an LPSE manager cannot be given the POKJA role
    with pytest.raises(PlanningError):
        accounts_services.role_assign(
            actor=world["sysadmin"],
            user=world["kasubag"],
            role=Role.POKJA,
            work_unit=world.ukpbj,
            starts_on=TODAY(),
            decree_number="SK/2",
        )


def test_pokja_members_change_pasal_9_b_keeps_composition(world):
    k = pokja(world)
    with pytest.raises(PlanningError) as exc:
        services.pokja_members_change(
            actor=world["kepala"], pokja=k, decree_number="027/3", add=members([world["pokja4"]])
        )
    assert exc.value.code == "POKJA_SIZE_EVEN"
    services.pokja_members_change(
        actor=world["kepala"],
        pokja=k,
        decree_number="027/3",
        add=members([world["pokja4"]]),
        remove=[world["pokja1"]],
        reason="Mutasi",
    )
    assert {m.user for m in k.active_members()} == {world["pokja2"], world["pokja3"], world["pokja4"]}
    assert not RoleAssignment.objects.active().filter(user=world["pokja1"], role=Role.POKJA).exists()
    assert RoleAssignment.objects.active().filter(user=world["pokja4"], role=Role.POKJA).exists()
    assert k.active_members().filter(is_chair=True).count() == 1
    old = PokjaMember.objects.get(pokja=k, user=world["pokja1"])
    assert old.left_decree_number == "027/3" and old.left_at is not None


def test_pokja_dissolve_pasal_9_a_returns_unstarted_packages(world):
    k = pokja(world)
    pkg = package(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    busy = package(world)
    services.package_assign_pokja(actor=world["kepala"], package=busy, pokja=k)
    Package.objects.filter(pk=busy.pk).update(status=Package.Status.IN_SELECTION)
    with pytest.raises(PlanningError) as exc:
        services.pokja_dissolve(actor=world["kepala"], pokja=k, decree_number="027/4", reason="Selesai")
    assert exc.value.code == "POKJA_BUSY"
    Package.objects.filter(pk=busy.pk).update(status=Package.Status.AWARDED)
    services.pokja_dissolve(actor=world["kepala"], pokja=k, decree_number="027/4", reason="Selesai")
    pkg.refresh_from_db()
    assert pkg.status == Package.Status.READY and pkg.pokja is None
    k.refresh_from_db()
    assert k.dissolved_at is not None and k.active_members().count() == 0
    assert not RoleAssignment.objects.active().filter(user=world["pokja1"], role=Role.POKJA).exists()
    with pytest.raises(PlanningError):
        services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)


def test_member_keeps_pokja_role_held_before_and_in_other_pokja(world):
    add_role(world["pokja5"], Role.POKJA, world.ukpbj)
    a = form(world, [world["pokja1"], world["pokja2"], world["pokja5"]])
    b = form(world, [world["pokja1"], world["pokja3"], world["pokja4"]])
    services.pokja_dissolve(actor=world["kepala"], pokja=a, decree_number="1", reason="x")
    assert RoleAssignment.objects.active().filter(user=world["pokja5"], role=Role.POKJA).exists()  # their own
    assert (
        RoleAssignment.objects.active().filter(user=world["pokja1"], role=Role.POKJA).exists()
    )  # still in b
    assert not RoleAssignment.objects.active().filter(user=world["pokja2"], role=Role.POKJA).exists()
    assert Pokja.objects.filter(dissolved_at__isnull=True).get() == b
