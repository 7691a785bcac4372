"""Reads of the code of ethics and its cases. The code and who signed it: the agency's staff (auditor: all). The
cases are confidential: only the head of UKPBJ of the agency and the auditor read them (a read of one case goes
through ``services.case_open``, which audits it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, RoleAssignment, User
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from ..sops import selectors as sop_selectors
from .models import EthicsCase, EthicsCode, Hearing, IntegrityPact, MajelisMember

CODE_READER_ROLES = sop_selectors.READER_ROLES
STAFF_ROLES = sop_selectors.STAFF_ROLES
HEAD_ROLES = (Role.KEPALA_UKPBJ,)
CASE_READER_ROLES = (Role.KEPALA_UKPBJ, Role.AUDITOR)
staff_of = sop_selectors.staff_of
is_staff_of = sop_selectors.is_staff_of


def _staff_agencies(user: User) -> QuerySet[Agency]:
    scope = sop_selectors.staff_agency_ids(user)
    qs = Agency.objects.order_by("name")
    return qs if scope is None else qs.filter(pk__in=scope)


def agency_of_staff(*, user: User, pk: int | None) -> Agency:
    """The agency whose code is shown (or to which a case is reported): ``pk`` when given, else the first."""
    qs = _staff_agencies(user)
    found = qs.filter(pk=pk).first() if pk is not None else qs.first()
    if found is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."), status=404)
    return found


def codes_of(agency: Agency) -> QuerySet[EthicsCode]:
    return EthicsCode.objects.filter(agency=agency)


def code_in_force(agency: Agency, *, on: dt.date) -> EthicsCode | None:
    return codes_of(agency).filter(effective_on__lte=on).order_by("-version").first()


def code_visible_to(*, user: User, pk: int) -> EthicsCode:
    found = EthicsCode.objects.filter(agency__in=_staff_agencies(user), pk=pk).first()
    if found is None:
        raise NotFound("ETHICS_CODE_NOT_FOUND", _("Kode etik tidak ditemukan."), status=404)
    return found


def next_version(agency: Agency) -> int:
    last = codes_of(agency).order_by("-version").values_list("version", flat=True).first()
    return (last or 0) + 1


@dataclass(frozen=True)
class Signatures:
    signed: list[IntegrityPact]
    not_yet: list[User]


def signatures(code: EthicsCode) -> Signatures:
    pacts = list(IntegrityPact.objects.filter(code=code).select_related("person"))
    done = {p.person_id for p in pacts}
    return Signatures(pacts, [u for u in staff_of(code.agency_id) if u.pk not in done])


def has_signed(code: EthicsCode, user: User) -> bool:
    return IntegrityPact.objects.filter(code=code, person=user).exists()


def head_agency_ids(user: User) -> set[int] | None:
    """Agencies whose cases ``user`` reads; None means all (the auditor)."""
    if getattr(user, "is_superuser", False) or user.has_role(Role.AUDITOR):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.KEPALA_UKPBJ, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def cases_visible_to(user: User) -> QuerySet[EthicsCase]:
    scope = head_agency_ids(user)
    qs = EthicsCase.objects.select_related("agency", "subject")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def case_visible_to(*, user: User, pk: int) -> EthicsCase:
    found = cases_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("ETHICS_CASE_NOT_FOUND", _("Kasus tidak ditemukan."), status=404)
    return found


def majelis_of(case: EthicsCase) -> list[MajelisMember]:
    return list(case.majelis.all())


def subject_of(*, agency: Agency, pk: int) -> User:
    found = staff_of(agency.pk).filter(pk=pk).first()
    if found is None:
        raise NotFound("PERSON_NOT_FOUND", _("Pegawai tidak ditemukan."), status=404)
    return found


def hearings_of(case: EthicsCase) -> list[Hearing]:
    return list(case.hearings.all())


def public_agencies() -> QuerySet[Agency]:
    """The agencies a member of the public may report to (every agency)."""
    return Agency.objects.order_by("name")


def public_agency(pk: int | None) -> Agency:
    found = public_agencies().filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."), status=404)
    return found


def public_statistics() -> dict[str, int]:
    """Counts of the cases by outcome, for the public (no case content, no agency below a count): reported,
    under examination, dismissed, breach proven, not proven, appealed."""
    rows = EthicsCase.objects.values_list("status", "decision")
    counts = {
        "received": 0,
        "in_progress": 0,
        "dismissed": 0,
        "violation": 0,
        "no_violation": 0,
        "appealed": 0,
    }
    for status, decision in rows:
        counts["received"] += 1
        if status in ("REPORTED", "EXAMINATION"):
            counts["in_progress"] += 1
        elif status == "DISMISSED":
            counts["dismissed"] += 1
        else:
            counts["violation" if decision == "VIOLATION" else "no_violation"] += 1
            if status in ("APPEALED", "APPEAL_DECIDED"):
                counts["appealed"] += 1
    return counts
