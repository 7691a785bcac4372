"""Reads of people and organisations, scoped to what the reader may see."""

from __future__ import annotations

from django.db.models import QuerySet

from lentera.core.roles import Role

from .models import ApiToken, RoleAssignment, User, WorkUnit


def acting_role_for(user: User, wanted: str | None) -> str | None:
    """The role the user acts in: the one chosen if still held, else the first held (alphabetical)."""
    held = user.active_role_codes()
    if wanted in held:
        return wanted
    return held[0] if held else None


def active_assignments_of(*, user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.active().filter(user=user).select_related("agency", "work_unit")


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def users_with_role(*, role: str, work_unit: WorkUnit | None = None) -> QuerySet[User]:
    qs = RoleAssignment.objects.active().filter(role=role)
    if work_unit is not None:
        qs = qs.filter(work_unit=work_unit)
    return User.objects.filter(pk__in=qs.values("user_id")).order_by("full_name")


def work_units_of(*, user: User, role: str | None = None) -> QuerySet[WorkUnit]:
    qs = RoleAssignment.objects.active().filter(user=user, work_unit__isnull=False)
    if role:
        qs = qs.filter(role=role)
    return WorkUnit.objects.filter(pk__in=qs.values("work_unit_id"))


def is_provider(user: User) -> bool:
    return Role.PENYEDIA in user.active_role_codes()
