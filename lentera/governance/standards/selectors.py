"""Reads of the LPSE standards register, scoped like the rest of governance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, RoleAssignment, User
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import selectors as governance_selectors
from ..models import Decree
from ..sops.models import Sop
from .models import Compliance, InternalReview, LpseStandard, Risk, StandardEvidence, StandardRecord

#: Who keeps the register: the head and Admin UKPBJ, and the head of the LPSE sub-unit who applies the
#: standards (Lampiran 2.5.6 huruf a).
EDITOR_ROLES = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.KASUBAG_LPSE)
READER_ROLES = governance_selectors.READER_ROLES


def edited_agency_ids(user: User) -> set[int] | None:
    if getattr(user, "is_superuser", False):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=user, role__in=EDITOR_ROLES, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    scope = governance_selectors.agency_ids(user)
    qs = Agency.objects.order_by("name")
    return qs if scope is None else qs.filter(pk__in=scope)


def agency_visible_to(*, user: User, pk: int | None) -> Agency:
    """The agency whose register is shown: ``pk`` when given and visible, else the first visible one."""
    qs = agencies_visible_to(user)
    found = qs.filter(pk=pk).first() if pk is not None else qs.first()
    if found is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."), status=404)
    return found


def standards() -> list[LpseStandard]:
    return list(LpseStandard.objects.order_by("number"))


def standard(number: int) -> LpseStandard:
    found = LpseStandard.objects.filter(number=number).first()
    if found is None:
        raise NotFound("STANDARD_NOT_FOUND", _("Standar tidak ditemukan."), status=404)
    return found


@dataclass(frozen=True)
class RegisterRow:
    standard: LpseStandard
    record: StandardRecord | None
    evidence: list[StandardEvidence]

    @property
    def status(self) -> str:
        return self.record.status if self.record else Compliance.NOT_ASSESSED


def register(agency: Agency) -> list[RegisterRow]:
    records = {
        r.standard_id: r
        for r in StandardRecord.objects.filter(agency=agency)
        .select_related("sop", "coordinator_decree")
        .prefetch_related("evidence")
    }
    return [
        RegisterRow(s, records.get(s.pk), list(records[s.pk].evidence.all()) if s.pk in records else [])
        for s in standards()
    ]


def record_of(agency: Agency, std: LpseStandard) -> StandardRecord | None:
    return StandardRecord.objects.filter(agency=agency, standard=std).first()


def evidence_visible_to(*, user: User, pk: int) -> StandardEvidence:
    scope = governance_selectors.agency_ids(user)
    qs = StandardEvidence.objects.select_related("record")
    found = (qs if scope is None else qs.filter(record__agency_id__in=scope)).filter(pk=pk).first()
    if found is None:
        raise NotFound("EVIDENCE_NOT_FOUND", _("Bukti tidak ditemukan."), status=404)
    return found


def compliant_count(agency_id: int) -> int:
    return StandardRecord.objects.filter(agency_id=agency_id, status=Compliance.COMPLIANT).count()


def sops_of(agency: Agency) -> QuerySet[Sop]:
    return Sop.objects.filter(agency=agency)


def decrees_of(agency: Agency) -> QuerySet[Decree]:
    return Decree.objects.filter(agency=agency, revoked_at__isnull=True)


def sop_of(*, agency: Agency, pk: int | None) -> Sop | None:
    if pk is None:
        return None
    found = sops_of(agency).filter(pk=pk).first()
    if found is None:
        raise NotFound("SOP_NOT_FOUND", _("SOP tidak ditemukan."), status=404)
    return found


def decree_of(*, agency: Agency, pk: int | None) -> Decree | None:
    if pk is None:
        return None
    found = decrees_of(agency).filter(pk=pk).first()
    if found is None:
        raise NotFound("DECREE_NOT_FOUND", _("SK tidak ditemukan."), status=404)
    return found


def reviews_visible_to(user: User) -> QuerySet[InternalReview]:
    scope = governance_selectors.agency_ids(user)
    qs = InternalReview.objects.select_related("agency")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def reviews_of(*, user: User, agency: Agency) -> QuerySet[InternalReview]:
    return reviews_visible_to(user).filter(agency=agency)


def review_visible_to(*, user: User, pk: int) -> InternalReview:
    found = reviews_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("REVIEW_NOT_FOUND", _("Penilaian internal tidak ditemukan."), status=404)
    return found


def review_items(review: InternalReview) -> dict[int, tuple[str, str]]:
    """standard number -> (result, finding)."""
    return {i.standard.number: (i.result, i.finding) for i in review.items.select_related("standard")}


def risks_of(*, user: User, agency: Agency) -> QuerySet[Risk]:
    scope = governance_selectors.agency_ids(user)
    if scope is not None and agency.pk not in scope:
        return Risk.objects.none()
    return Risk.objects.filter(agency=agency).select_related("owner")


def heat_cells(risks: list[Risk], levels: int) -> list[list[int]]:
    """Counts per (impact row from the top, likelihood column) of the heat map."""
    grid = [[0] * levels for _ in range(levels)]
    for r in risks:
        grid[levels - r.impact][r.likelihood - 1] += 1
    return grid


def people_of(user: User) -> QuerySet[User]:
    return governance_selectors.people_for(user)


def register_rows_for_report(*, agency_id: int) -> list[dict[str, Any]]:
    """The 17 standards with this instansi's compliance status and last internal review, as plain rows (read by
    lentera.reporting; a standard without a record is NOT_ASSESSED)."""
    records = {
        r["standard_id"]: r
        for r in StandardRecord.objects.filter(agency_id=agency_id).values(
            "standard_id", "status", "last_review_on"
        )
    }
    return [
        {
            "number": s.number,
            "name": s.name,
            "status": records[s.pk]["status"] if s.pk in records else Compliance.NOT_ASSESSED,
            "last_review_on": records[s.pk]["last_review_on"] if s.pk in records else None,
        }
        for s in standards()
    ]


def review_rows_for_report(*, agency_id: int) -> list[dict[str, Any]]:
    """This instansi's internal reviews (standard 17), as plain rows."""
    qs = InternalReview.objects.filter(agency_id=agency_id).order_by("held_on", "pk")
    return [dict(row) for row in qs.values("id", "held_on", "status", "score", "completed_at")]
