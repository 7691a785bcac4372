"""Every write of the LPSE standards register: a standard's record (SOP, coordinator decree, status), its
evidence, and the internal review (standard 17) whose completion updates the register. Keyword-only, one
transaction, one audit event each."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core import uploads as core_uploads
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from .. import uploads
from ..errors import GovernanceError
from ..models import Decree
from ..sops.models import Sop
from . import rules, selectors
from .models import (
    Compliance,
    InternalReview,
    LpseStandard,
    ReviewItem,
    Risk,
    StandardEvidence,
    StandardRecord,
)


def _ensure_edits(actor: User, agency_id: int) -> None:
    ensure_role(actor, *selectors.EDITOR_ROLES)
    scope = selectors.edited_agency_ids(actor)
    if scope is not None and agency_id not in scope:
        raise GovernanceError(
            "OUT_OF_SCOPE",
            _("Anda hanya dapat mengelola register standar instansi Anda sendiri."),
            status=403,
        )


def _record(actor: User, agency: Agency, standard: LpseStandard) -> StandardRecord:
    record = StandardRecord.objects.select_for_update().filter(agency=agency, standard=standard).first()
    return record or StandardRecord.objects.create(agency=agency, standard=standard, updated_by=actor)


@transaction.atomic
def record_update(
    *,
    actor: User,
    agency: Agency,
    standard: LpseStandard,
    sop: Sop | None,
    coordinator_decree: Decree | None,
    status: str,
    note: str = "",
) -> StandardRecord:
    """Set a standard's SOP, coordinator decree, compliance status and note for the agency."""
    _ensure_edits(actor, agency.pk)
    if status not in Compliance.values:
        raise GovernanceError("RESULT_UNKNOWN", _("Status kepatuhan tidak dikenal."))
    if (sop and sop.agency_id != agency.pk) or (
        coordinator_decree and coordinator_decree.agency_id != agency.pk
    ):
        raise GovernanceError("ORGANISATION_MISMATCH", _("SOP dan SK harus milik instansi yang sama."))
    record = _record(actor, agency, standard)
    before = {"status": record.status, "sop": record.sop_id, "decree": record.coordinator_decree_id}
    record.sop, record.coordinator_decree, record.status, record.note = (
        sop,
        coordinator_decree,
        status,
        note.strip(),
    )
    record.updated_by = actor
    record.save()
    audit.record(
        actor=actor,
        action="governance.standard.update",
        obj=record,
        before=before,
        after={"status": status, "sop": record.sop_id, "decree": record.coordinator_decree_id},
    )
    return record


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    agency: Agency,
    standard: LpseStandard,
    title: str,
    document: UploadedFile | None = None,
    link: str = "",
) -> StandardEvidence:
    """Attach evidence to a standard: a document (checked by content) or a link to a register in Lentera."""
    _ensure_edits(actor, agency.pk)
    link = link.strip()
    if not title.strip():
        raise GovernanceError("TITLE_REQUIRED", _("Judul bukti wajib diisi."))
    if document is None and not link:
        raise GovernanceError("EVIDENCE_REQUIRED", _("Lampirkan dokumen atau tautan register di Lentera."))
    if link and (not link.startswith("/") or link.startswith("//")):
        raise GovernanceError(
            "LINK_NOT_LENTERA", _("Tautan bukti harus menunjuk halaman Lentera (diawali “/”).")
        )
    record = _record(actor, agency, standard)
    evidence = StandardEvidence(record=record, title=title.strip(), link=link, added_by=actor)
    if document is not None:
        evidence.document_type = uploads.check(document, core_uploads.DOCUMENT_TYPES)
        evidence.document.save(
            core_uploads.storage_name(document.name or "", evidence.document_type, default="bukti"),
            document,
            save=False,
        )
    evidence.save()
    audit.record(
        actor=actor, action="governance.standard.evidence", obj=evidence, after={"standard": standard.number}
    )
    return evidence


@transaction.atomic
def review_start(*, actor: User, agency: Agency, held_on: dt.date) -> InternalReview:
    """Open an internal review (standard 17)."""
    _ensure_edits(actor, agency.pk)
    if held_on > local_date(db_now()):
        raise GovernanceError("REVIEW_DATE_FUTURE", _("Tanggal penilaian tidak boleh di masa depan."))
    if InternalReview.objects.filter(agency=agency, status=InternalReview.Status.DRAFT).exists():
        raise GovernanceError(
            "REVIEW_OPEN", _("Masih ada penilaian internal yang belum selesai."), status=409
        )
    review = InternalReview.objects.create(agency=agency, held_on=held_on, created_by=actor)
    audit.record(actor=actor, action="governance.review.start", obj=review, after={"held_on": str(held_on)})
    return review


def _open(review: InternalReview) -> InternalReview:
    review = InternalReview.objects.select_for_update().get(pk=review.pk)
    if review.status != InternalReview.Status.DRAFT:
        raise GovernanceError("REVIEW_COMPLETED", _("Penilaian internal ini sudah selesai."), status=409)
    return review


@transaction.atomic
def review_rate(
    *, actor: User, review: InternalReview, ratings: list[tuple[LpseStandard, str, str]]
) -> InternalReview:
    """Rate standards in the checklist: (standard, result, finding) each."""
    _ensure_edits(actor, review.agency_id)
    review = _open(review)
    for std, result, finding in ratings:
        rules.check_review_result(result=result)
        ReviewItem.objects.update_or_create(
            review=review, standard=std, defaults={"result": result, "finding": finding.strip()}
        )
    audit.record(
        actor=actor,
        action="governance.review.rate",
        obj=review,
        after={str(std.number): result for std, result, _f in ratings},
    )
    return review


@transaction.atomic
def review_complete(*, actor: User, review: InternalReview) -> InternalReview:
    """Complete the review: its score, and each standard's status and last review date in the register."""
    _ensure_edits(actor, review.agency_id)
    review = _open(review)
    rated = selectors.review_items(review)
    rules.check_review_complete(missing=[s.number for s in selectors.standards() if s.number not in rated])
    for std in selectors.standards():
        record = _record(actor, review.agency, std)
        record.status, record.last_review_on, record.updated_by = rated[std.number][0], review.held_on, actor
        record.save(update_fields=["status", "last_review_on", "updated_by", "updated_at"])
    review.score = rules.review_score([result for result, _f in rated.values()])
    review.status, review.completed_at = InternalReview.Status.COMPLETED, db_now()
    review.save(update_fields=["score", "status", "completed_at"])
    audit.record(
        actor=actor, action="governance.review.complete", obj=review, after={"score": str(review.score)}
    )
    return review


@transaction.atomic
def risk_record(
    *,
    actor: User,
    agency: Agency,
    threat: str,
    vulnerability: str,
    likelihood: int,
    impact: int,
    treatment: str,
    owner: User,
    review_on: dt.date,
) -> Risk:
    """Record a risk in the register (standard 4), its ratings checked against the matrix in force."""
    _ensure_edits(actor, agency.pk)
    if not threat.strip() or not vulnerability.strip() or not treatment.strip():
        raise GovernanceError("RISK_FIELDS_REQUIRED", _("Ancaman, kerentanan dan penanganan wajib diisi."))
    exposure, band = rules.risk_exposure(likelihood=likelihood, impact=impact, on=local_date(db_now()))
    risk = Risk.objects.create(
        agency=agency, threat=threat.strip(), vulnerability=vulnerability.strip(), likelihood=likelihood,
        impact=impact, treatment=treatment.strip(), owner=owner, review_on=review_on, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, action="governance.risk.record", obj=risk, after={"exposure": exposure, "band": band}
    )
    return risk
