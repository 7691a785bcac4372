"""Reads of the governance app, scoped to the agencies the person works for (an auditor reads every agency)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts import selectors as accounts_selectors
from lentera.accounts.models import Agency, RoleAssignment, User, WorkUnit
from lentera.core.errors import NotFound
from lentera.core.roles import Role
from lentera.planning.models import PokjaMember

from . import rules
from .models import Appointment, Certificate, Decree

MANAGER_ROLES = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)
READER_ROLES = (*MANAGER_ROLES, Role.KASUBAG_LPSE, Role.AUDITOR)


def agency_ids(user: User | None) -> set[int] | None:
    """Agencies whose decrees and certificates ``user`` may see; None means all (auditor, system admin)."""
    if user is None or getattr(user, "is_superuser", False):
        return None
    if user.has_role(Role.AUDITOR) or user.has_role(Role.SYSADMIN):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=user, role__in=READER_ROLES, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def managed_agency_ids(user: User | None) -> set[int] | None:
    """Agencies in which ``user`` records decrees and certificates (the head or Admin UKPBJ of that agency)."""
    if user is None or getattr(user, "is_superuser", False):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=user, role__in=MANAGER_ROLES, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def _scoped(qs: QuerySet, user: User) -> QuerySet:
    scope = agency_ids(user)
    return qs if scope is None else qs.filter(agency_id__in=scope)


def decrees_visible_to(user: User) -> QuerySet[Decree]:
    return _scoped(Decree.objects.select_related("agency"), user)


def decree_visible_to(*, user: User, pk: int) -> Decree:
    decree = decrees_visible_to(user).filter(pk=pk).first()
    if decree is None:
        raise NotFound("DECREE_NOT_FOUND", _("SK tidak ditemukan."), status=404)
    return decree


def appointments_of(decree: Decree) -> QuerySet[Appointment]:
    return decree.appointments.select_related("person", "work_unit", "role_assignment")


def appointments_visible_to(user: User) -> QuerySet[Appointment]:
    """Every appointment made by a decree ``user`` may read (the decree register's export)."""
    scope = agency_ids(user)
    qs = Appointment.objects.select_related("decree", "person", "work_unit").order_by(
        "-decree__signed_on", "decree_id", "position", "lpse_field", "pk"
    )
    return qs if scope is None else qs.filter(decree__agency_id__in=scope)


def held_posts(decree: Decree) -> dict[tuple[str, str], int]:
    """How many people each (position, field) of a decree already holds."""
    held: dict[tuple[str, str], int] = {}
    for position, field in decree.appointments.values_list("position", "lpse_field"):
        held[(position, field)] = held.get((position, field), 0) + 1
    return held


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    return _scoped(Certificate.objects.select_related("person", "agency"), user)


def certificate_visible_to(*, user: User, pk: int) -> Certificate:
    found = certificates_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("CERTIFICATE_NOT_FOUND", _("Sertifikat tidak ditemukan."), status=404)
    return found


def certificate_by_number(number: str) -> Certificate | None:
    return Certificate.objects.filter(number__iexact=number.strip()).first()


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    valid: bool
    days_left: int | None  # None: no expiry date
    warn: bool  # expired, or expiring inside the warning window, and not renewed by a later one
    renewed: bool


def certificate_rows(user: User, *, on: dt.date) -> list[CertificateRow]:
    """Each visible certificate with its status on ``on``; a lapsing one is flagged unless the same person holds a
    later certificate of the same level."""
    certificates = list(certificates_visible_to(user).order_by("person__full_name", "level", "issued_on"))
    window = rules.certificate_warning_days(on)
    rows = []
    for c in certificates:
        renewed = any(
            o.pk != c.pk
            and o.person_id == c.person_id
            and o.level == c.level
            and (o.expires_on is None or (c.expires_on is not None and o.expires_on > c.expires_on))
            for o in certificates
        )
        valid = rules.certificate_valid_on(issued_on=c.issued_on, expires_on=c.expires_on, on=on)
        days_left = None if c.expires_on is None else (c.expires_on - on).days
        warn = not renewed and days_left is not None and days_left <= window
        rows.append(CertificateRow(c, valid, days_left, warn, renewed))
    return rows


def lapsing_certificates(user: User, *, on: dt.date) -> list[CertificateRow]:
    rows = [r for r in certificate_rows(user, on=on) if r.warn]
    return sorted(rows, key=lambda r: r.days_left if r.days_left is not None else 0)


def decrees_ending(user: User, *, on: dt.date, days: int) -> QuerySet[Decree]:
    return decrees_visible_to(user).filter(
        revoked_at__isnull=True, valid_until__gte=on, valid_until__lte=on + dt.timedelta(days=days)
    )


def agencies_managed_by(user: User) -> QuerySet[Agency]:
    scope = managed_agency_ids(user)
    qs = Agency.objects.all()
    return qs if scope is None else qs.filter(pk__in=scope)


def people_for(user: User) -> QuerySet[User]:
    return accounts_selectors.people_visible_to(user=user)


def work_units_for(user: User) -> QuerySet[WorkUnit]:
    scope = managed_agency_ids(user)
    qs = WorkUnit.objects.select_related("agency")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def pending_certified_pokja_member(user: User) -> PokjaMember | None:
    """The Pokja membership (planning) being formed for ``user`` as a certified civil servant, if any: the one
    that has no POKJA role yet (planning creates the member, then asks accounts for the role)."""
    return (
        PokjaMember.objects.filter(
            user=user,
            left_at__isnull=True,
            role_assignment__isnull=True,
            qualification=PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
        )
        .order_by("-pk")
        .first()
    )


def person_for(*, user: User, pk: int) -> User:
    found = people_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("PERSON_NOT_FOUND", _("Pegawai tidak ditemukan."), status=404)
    return found


def agency_for(*, user: User, pk: int) -> Agency:
    found = agencies_managed_by(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."), status=404)
    return found


def work_unit_for(*, user: User, pk: int | None) -> WorkUnit | None:
    if pk is None:
        return None
    found = work_units_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("WORK_UNIT_NOT_FOUND", _("Satuan kerja tidak ditemukan."), status=404)
    return found


def single_managed_agency(user: User) -> Agency | None:
    """The agency the forms preselect: the only one ``user`` manages, if there is just one."""
    agencies = list(agencies_managed_by(user)[:2])
    return agencies[0] if len(agencies) == 1 else None
