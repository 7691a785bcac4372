"""Every write of the SOP register: an SOP, a draft version with its PDF, the head's approval with the decree,
publication (superseding the version before), and a staff member's acknowledgement. Keyword-only, one transaction,
one audit event each."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core import uploads as core_uploads
from lentera.core.access import ensure_role
from lentera.core.clock import db_now

from .. import uploads
from ..errors import GovernanceError
from ..maturity.selectors import is_head_of
from ..models import Decree
from ..services import _ensure_manages
from . import rules, selectors, states
from .models import LampiranItem, Sop, SopAcknowledgement, SopVersion


@transaction.atomic
def sop_create(*, actor: User, agency: Agency, code: str, title: str, item: str, carried_by: str = "") -> Sop:
    """Register an SOP (Lampiran 2.5 a-f, or another the UKPBJ needs: Pasal 23 ayat (2))."""
    _ensure_manages(actor, agency.pk)
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise GovernanceError("SOP_FIELDS_REQUIRED", _("Kode dan judul SOP wajib diisi."))
    if item not in LampiranItem.values:
        raise GovernanceError("SOP_ITEM_UNKNOWN", _("Butir Lampiran 2.5 tidak dikenal."))
    if Sop.objects.filter(agency=agency, code__iexact=code).exists():
        raise GovernanceError("SOP_CODE_TAKEN", _("Kode SOP ini sudah dipakai."), status=409)
    sop = Sop.objects.create(
        agency=agency, code=code, title=title, item=item, carried_by=carried_by.strip(), created_by=actor
    )
    audit.record(actor=actor, action="governance.sop.create", obj=sop, after={"code": code, "item": item})
    return sop


@transaction.atomic
def version_draft(*, actor: User, sop: Sop, change_summary: str, document: UploadedFile) -> SopVersion:
    """A new draft version with its PDF (checked by content) and what changed."""
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    _ensure_manages(actor, sop.agency_id)
    if not change_summary.strip():
        raise GovernanceError("CHANGE_SUMMARY_REQUIRED", _("Ringkasan perubahan wajib diisi."))
    if sop.versions.filter(status__in=[states.Status.DRAFT, states.Status.APPROVED]).exists():
        raise GovernanceError(
            "SOP_DRAFT_OPEN", _("Masih ada versi yang belum diterbitkan; selesaikan dahulu."), status=409
        )
    mime = uploads.check(document, core_uploads.PDF_ONLY)
    version = SopVersion(
        sop=sop,
        number=selectors.next_number(sop),
        change_summary=change_summary.strip(),
        document_type=mime,
        created_by=actor,
    )
    version.document.save(
        core_uploads.storage_name(document.name or "", mime, default="sop"), document, save=False
    )
    version.save()
    audit.record(
        actor=actor,
        action="governance.sop.draft",
        obj=version,
        after={"sop": sop.code, "number": version.number},
    )
    return version


def _locked(version: SopVersion) -> SopVersion:
    return SopVersion.objects.select_for_update().select_related("sop").get(pk=version.pk)


@transaction.atomic
def version_approve(
    *, actor: User, version: SopVersion, decree: Decree, effective_on: dt.date | None
) -> SopVersion:
    """The head of UKPBJ sets the version by a decree, with the day it takes effect."""
    version = _locked(version)
    _ensure_manages(actor, version.sop.agency_id)
    rules.check_sop_approval(
        is_head=is_head_of(actor, version.sop.agency_id),
        decree_same_agency=decree.agency_id == version.sop.agency_id,
        decree_in_force=effective_on is not None and decree.in_force_on(effective_on),
        effective_on=effective_on,
    )
    version.status = states.transition(version.status, states.Action.APPROVE, states.HEAD)
    version.decree, version.effective_on = decree, effective_on
    version.approved_by, version.approved_at = actor, db_now()
    version.save(update_fields=["status", "decree", "effective_on", "approved_by", "approved_at"])
    audit.record(
        actor=actor,
        action="governance.sop.approve",
        obj=version,
        after={"decree": decree.number, "effective_on": str(effective_on)},
    )
    return version


@transaction.atomic
def version_publish(*, actor: User, version: SopVersion) -> SopVersion:
    """Publish an approved version (Pasal 23 ayat (4)); the version in force before it is superseded."""
    version = _locked(version)
    _ensure_manages(actor, version.sop.agency_id)
    party = states.HEAD if is_head_of(actor, version.sop.agency_id) else states.MANAGER
    new_status = states.transition(version.status, states.Action.PUBLISH, party)
    now = db_now()
    for old in SopVersion.objects.select_for_update().filter(sop=version.sop, status=states.Status.PUBLISHED):
        old.status = states.transition(old.status, states.Action.SUPERSEDE, states.SYSTEM)
        old.superseded_at = now
        old.save(update_fields=["status", "superseded_at"])
        audit.record(actor=actor, action="governance.sop.supersede", obj=old, after={"by": version.number})
    version.status, version.published_at = new_status, now
    version.save(update_fields=["status", "published_at"])
    audit.record(actor=actor, action="governance.sop.publish", obj=version, after={"number": version.number})
    return version


@transaction.atomic
def acknowledge(*, actor: User, version: SopVersion) -> SopAcknowledgement:
    """A staff member confirms having read the version in force."""
    ensure_role(actor, *selectors.STAFF_ROLES)
    version = _locked(version)
    rules.check_sop_acknowledgement(
        is_current=version.status == states.Status.PUBLISHED,
        is_staff=selectors.is_staff_of(actor, version.sop.agency_id),
    )
    if selectors.has_acknowledged(version, actor):
        raise GovernanceError("ALREADY_ACKNOWLEDGED", _("Anda sudah mengonfirmasi versi ini."), status=409)
    ack = SopAcknowledgement.objects.create(version=version, person=actor, acknowledged_at=db_now())
    audit.record(actor=actor, action="governance.sop.acknowledge", obj=ack, after={"version": version.pk})
    return ack
