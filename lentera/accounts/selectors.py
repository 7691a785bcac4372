"""Reads of people and organisations, scoped to what the reader may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.core.roles import Role

from .models import Agency, ApiToken, RoleAssignment, User, WorkUnit


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


def usable_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The person's tokens that still work (not revoked, not expired)."""
    return tokens_of(user=user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def token_of(*, user: User, pk: int) -> ApiToken | None:
    """One of the person's own API tokens."""
    return tokens_of(user=user).filter(pk=pk).first()


def usable_token_count(*, user: User) -> int:
    return usable_tokens_of(user=user).count()


def confirmed_totp_device_of(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


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


def admin_agency_ids(actor: User | None) -> set[int] | None:
    """Agencies in which `actor` administers people; None means every agency (system administrator).

    A UKPBJ admin or head acts within the agency of their own assignment (Perbup PPU 2/2021 Pasal 1 (12-13):
    the UKPBJ serves its own regional government).
    """
    if actor is None or getattr(actor, "is_superuser", False) or actor.has_role(Role.SYSADMIN):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=actor, role__in=(Role.ADMIN_UKPBJ, Role.KEPALA_UKPBJ), agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def people_visible_to(
    *, user: User, q: str = "", status: str = "", ending_within_days: int | None = None
) -> QuerySet[User]:
    """Staff accounts an administrator may manage: of their agency, or holding no role yet (never providers)."""
    people = User.objects.exclude(role_assignments__role=Role.PENYEDIA)
    scope = admin_agency_ids(user)
    if scope is not None:
        people = people.filter(Q(role_assignments__agency_id__in=scope) | Q(role_assignments__isnull=True))
    if q.strip():
        term = q.strip()
        people = people.filter(
            Q(user_id__icontains=term)
            | Q(full_name__icontains=term)
            | Q(nip__startswith=term)
            | Q(email__icontains=term)
        )
    if status:
        people = people.filter(status=status)
    if ending_within_days is not None:
        people = people.filter(
            pk__in=assignments_ending_soon(user=user, days=ending_within_days).values("user_id")
        )
    return User.objects.filter(pk__in=people.values("pk")).order_by("full_name")


def people_listed(
    *, user: User, q: str = "", status: str = "", ending_within_days: int | None = None
) -> QuerySet[User]:
    """:func:`people_visible_to` with each person's role assignments loaded (the people list)."""
    return people_visible_to(
        user=user, q=q, status=status, ending_within_days=ending_within_days
    ).prefetch_related("role_assignments")


def person_visible_to(*, user: User, user_id: str) -> User | None:
    """A staff account the administrator may manage, by its login (letter case aside)."""
    return people_visible_to(user=user).filter(user_id__iexact=user_id).first()


def assignment_visible_to(*, user: User, pk: int) -> RoleAssignment | None:
    """A role assignment of a person the administrator may manage."""
    return (
        RoleAssignment.objects.select_related("user", "agency")
        .filter(pk=pk, user__in=people_visible_to(user=user))
        .first()
    )


def assignment_by_pk(pk: int) -> RoleAssignment | None:
    """A role assignment (the revoking service checks the actor's scope)."""
    return RoleAssignment.objects.select_related("agency", "work_unit").filter(pk=pk).first()


def assignments_ending_soon(*, user: User, days: int = 30) -> QuerySet[RoleAssignment]:
    """Active staff role assignments in the admin's scope whose end date falls within `days` days."""
    today = timezone.localdate()
    qs = RoleAssignment.objects.active().filter(
        ends_on__isnull=False, ends_on__lte=today + dt.timedelta(days=days)
    )
    qs = qs.exclude(role=Role.PENYEDIA)
    scope = admin_agency_ids(user)
    if scope is not None:
        qs = qs.filter(agency_id__in=scope)
    return qs


def assignments_of(*, person: User) -> QuerySet[RoleAssignment]:
    """Every role assignment of a person, current and past (revoked or ended ones included)."""
    return person.role_assignments.select_related("agency", "work_unit").order_by(
        "-revoked_at", "role", "-starts_on"
    )


def work_units_for_admin(*, user: User) -> QuerySet[WorkUnit]:
    scope = admin_agency_ids(user)
    units = WorkUnit.objects.select_related("agency")
    return units if scope is None else units.filter(agency_id__in=scope)


# --- look-ups by a public key (the caller's service checks what the actor may do with the result) ---------


def user_by_login(user_id: str) -> User | None:
    """The person whose login (user_id) is `user_id`, letter case aside."""
    return User.objects.filter(user_id__iexact=user_id).first()


def user_by_pk(pk: int) -> User | None:
    return User.objects.filter(pk=pk).first()


def pending_user_by_pk(pk: int) -> User | None:
    """An account still waiting for its verification (a provider applicant or a staff registration)."""
    return User.objects.filter(pk=pk, status=User.Status.PENDING).first()


def all_work_units() -> QuerySet[WorkUnit]:
    return WorkUnit.objects.all()


def work_unit_by_pk(pk: int | None) -> WorkUnit | None:
    return WorkUnit.objects.filter(pk=pk).select_related("agency").first() if pk else None


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def agencies_by_pk(ids: Iterable[int]) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=list(ids)).order_by("name")


def work_units_by_pk(ids: Iterable[int]) -> QuerySet[WorkUnit]:
    return WorkUnit.objects.filter(pk__in=list(ids)).select_related("agency")
