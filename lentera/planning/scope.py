"""Where a person acts: the work units and instansi of their active role assignments (read fresh each time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment
from lentera.core import calendar
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied


def today() -> dt.date:
    """Today in Asia/Jakarta by the database clock."""
    return calendar.local_date(db_now())


def _active(user: Any, roles: Iterable[str] | None = None):
    qs = RoleAssignment.objects.active(today()).filter(user_id=getattr(user, "pk", user))
    if roles is not None:
        qs = qs.filter(role__in=[str(r) for r in roles])
    return qs


def roles_held(user: Any) -> set[str]:
    return set(_active(user).values_list("role", flat=True))


def unit_ids(user: Any, roles: Iterable[str]) -> set[int]:
    return set(_active(user, roles).exclude(work_unit=None).values_list("work_unit_id", flat=True))


def agency_ids(user: Any, roles: Iterable[str]) -> set[int]:
    """Instansi where the user holds one of `roles` (through the assignment's agency or its work unit)."""
    out: set[int] = set()
    for agency_id, unit_agency_id in _active(user, roles).values_list("agency_id", "work_unit__agency_id"):
        if agency_id or unit_agency_id:
            out.add(agency_id or unit_agency_id)
    return out


def holds_everywhere(user: Any, roles: Iterable[str]) -> bool:
    """A role held without any organisation (e.g. an LKPP auditor): reads across instansi."""
    return _active(user, roles).filter(agency=None, work_unit=None).exists()


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def ensure_unit_role(actor: Any, work_unit: Any, *roles: str) -> None:
    """The actor holds one of `roles` in this work unit (superusers pass)."""
    ensure_role(actor, *roles)
    if _is_superuser(actor):
        return
    if work_unit is None or work_unit.pk not in unit_ids(actor, roles):
        raise AccessDenied(
            "OUT_OF_SCOPE",
            _("Anda tidak memegang peran ini pada satuan kerja %(unit)s."),
            unit=str(work_unit),
        )


def ensure_agency_role(actor: Any, agency_id: int | None, *roles: str) -> None:
    """The actor holds one of `roles` in this instansi (superusers pass)."""
    ensure_role(actor, *roles)
    if _is_superuser(actor):
        return
    if agency_id is None or agency_id not in agency_ids(actor, roles):
        raise AccessDenied("OUT_OF_SCOPE", _("Objek ini berada di luar instansi Anda."))


def home_unit(actor: Any, *roles: str):
    """The (first) work unit where the actor holds one of `roles`."""
    assignment = (
        _active(actor, roles).exclude(work_unit=None).select_related("work_unit").order_by("pk").first()
    )
    return assignment.work_unit if assignment else None


def agency_filter(user: Any, roles: Iterable[str], field: str) -> Q:
    """A Q limiting `field` (an agency id lookup) to the user's instansi; everything for superusers or roles held
    without organisation."""
    if _is_superuser(user) or holds_everywhere(user, roles):
        return Q()
    return Q(**{f"{field}__in": agency_ids(user, roles)})
