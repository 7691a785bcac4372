"""Admins add the days off the `holidays` package does not know: cuti bersama, extra national days off, and local
days off of their instansi. Every "hari kerja" rule reads them through lentera.core.calendar."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role

from ..errors import PlanningError
from ..scope import ensure_agency_role

CALENDAR_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)
FIELDS = ("date", "kind", "name", "agency")


@transaction.atomic
def non_working_day_add(
    *, actor: User, date: dt.date, kind: str, name: str, agency: Agency | None = None
) -> NonWorkingDay:
    """A system or UKPBJ admin adds a collective-leave, extra national or local day off."""
    if kind not in NonWorkingDay.Kind.values:
        raise PlanningError("KIND_UNKNOWN", _("Jenis hari libur tidak dikenal."))
    if kind == NonWorkingDay.Kind.LOCAL and agency is None:
        raise PlanningError("AGENCY_REQUIRED", _("Hari libur daerah harus untuk satu instansi."))
    if kind != NonWorkingDay.Kind.LOCAL:
        agency = None
    if agency is not None:
        ensure_agency_role(actor, agency.pk, *CALENDAR_ROLES)
    else:
        from lentera.core.access import ensure_role

        ensure_role(actor, *CALENDAR_ROLES)
    if not (name or "").strip():
        raise PlanningError("NAME_REQUIRED", _("Keterangan hari libur wajib diisi."))
    if date is None:
        raise PlanningError("DATE_REQUIRED", _("Tanggal wajib diisi."))
    scope = NonWorkingDay.objects.filter(date=date)
    if (scope.filter(agency=None) if agency is None else scope.filter(agency=agency)).exists():
        raise PlanningError(
            "DAY_EXISTS", _("Tanggal %(day)s sudah tercatat sebagai hari libur."), day=date.isoformat()
        )
    try:
        with transaction.atomic():
            day = NonWorkingDay.objects.create(
                date=date, kind=kind, name=name.strip(), agency=agency, created_by=actor
            )
    except IntegrityError:
        raise PlanningError(
            "DAY_EXISTS", _("Tanggal %(day)s sudah tercatat sebagai hari libur."), day=date.isoformat()
        )
    audit.record(actor=actor, action="planning.calendar.add", obj=day, after=audit.snapshot(day, FIELDS))
    return day


@transaction.atomic
def non_working_day_remove(*, actor: User, day: NonWorkingDay) -> None:
    """Remove a day off an admin added by mistake (the audit log keeps it)."""
    if day.agency_id is not None:
        ensure_agency_role(actor, day.agency_id, *CALENDAR_ROLES)
    else:
        from lentera.core.access import ensure_role

        ensure_role(actor, *CALENDAR_ROLES)
    before = audit.snapshot(day, FIELDS)
    pk = day.pk
    day.delete()
    audit.record(
        actor=actor,
        action="planning.calendar.remove",
        object_type="core.nonworkingday",
        object_id=pk,
        before=before,
    )
