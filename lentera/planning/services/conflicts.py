"""Conflict of interest of whoever selects providers (Permendagri 53/2021 Pasal 12), checked at every change:
Pokja formation, member change, package assignment, change of a package's PPK / contract manager / inspector,
and any later role assignment (a guard registered with accounts.services.register_role_guard)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment
from lentera.core.roles import LPSE_MANAGEMENT_ROLES, Role

from .. import rules
from ..errors import PlanningError
from ..models import Package, Pokja, PokjaMember
from ..scope import roles_held, today

SELECTION_ROLES = frozenset({Role.POKJA, Role.PROCUREMENT_OFFICIAL})


def _label(user: Any) -> str:
    return f"{user.full_name} ({user.user_id})"


def officials_of(package: Package) -> rules.PackageOfficials:
    return rules.PackageOfficials(
        code=package.code,
        ppk_id=package.ppk_id,
        contract_manager_id=package.contract_manager_id,
        inspector_id=package.inspector_id,
    )


def selectors_map(users: Iterable[Any]) -> dict[int, tuple[str, set[str]]]:
    return {u.pk: (_label(u), roles_held(u)) for u in users}


def pokja_packages(pokja: Pokja) -> list[Package]:
    return list(pokja.packages.exclude(status=Package.Status.CANCELLED))


def check_pokja(pokja: Pokja | None, users: Iterable[Any], packages: Iterable[Package]) -> None:
    """Pasal 12 for a Pokja's (proposed) members against its (proposed) packages."""
    rules.check_selection_conflicts(
        selectors=selectors_map(users),
        packages=[officials_of(p) for p in packages],
        lpse_roles=LPSE_MANAGEMENT_ROLES,
    )


def selectors_of_package(package: Package) -> list[Any]:
    users: list[Any] = []
    pokja = package.pokja
    if pokja is not None and pokja.dissolved_at is None:
        users.extend(m.user for m in pokja.active_members())
    if package.procurement_official_id:
        users.append(package.procurement_official)
    return users


def check_package(package: Package) -> None:
    """Pasal 12 for a package as it stands (after a change of its officials or of who selects it)."""
    rules.check_selection_conflicts(
        selectors=selectors_map(selectors_of_package(package)),
        packages=[officials_of(package)],
        lpse_roles=LPSE_MANAGEMENT_ROLES,
    )


def _selects_now(user_id: int) -> bool:
    if PokjaMember.objects.filter(
        user_id=user_id, left_at__isnull=True, pokja__dissolved_at__isnull=True
    ).exists():
        return True
    return (
        Package.objects.filter(procurement_official_id=user_id)
        .exclude(status__in=[Package.Status.CANCELLED, Package.Status.CONTRACTED])
        .exists()
    )


def role_guard(assignment: RoleAssignment) -> None:
    """Refuse a role assignment that would make a selector hold an LPSE management role, or an LPSE manager a
    selector (Permendagri 53/2021 Pasal 12 huruf b).

    Cites: Permendagri 53/2021 Pasal 12 huruf b.
    """
    if assignment.ends_on is not None and assignment.ends_on < today():
        return
    user = assignment.user
    held = roles_held(user)
    role = str(assignment.role)
    if role in LPSE_MANAGEMENT_ROLES:
        if held & SELECTION_ROLES or _selects_now(user.pk):
            raise PlanningError(
                "CONFLICT_LPSE_ROLE",
                _(
                    "%(name)s adalah anggota Pokja Pemilihan / Pejabat Pengadaan dan tidak boleh merangkap peran "
                    "pengelola LPSE (%(rule)s huruf b)."
                ),
                name=_label(user),
                rule=rules.CONFLICT_CITATION,
            )
    elif role in SELECTION_ROLES:
        lpse = sorted(held & LPSE_MANAGEMENT_ROLES)
        if lpse:
            raise PlanningError(
                "CONFLICT_LPSE_ROLE",
                _(
                    "%(name)s memegang peran pengelola LPSE (%(roles)s) dan tidak boleh merangkap sebagai "
                    "pelaksana pemilihan (%(rule)s huruf b)."
                ),
                name=_label(user),
                roles=", ".join(lpse),
                rule=rules.CONFLICT_CITATION,
            )
