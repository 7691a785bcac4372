"""Every write of the ITSM registers: an asset, a change request and each step of its lifecycle, a capacity
measurement. Keyword-only, one transaction, one audit event each; the day checked against the database clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from ..errors import GovernanceError
from . import rules, selectors, states
from .models import Asset, AssetKind, CapacityRecord, ChangeRequest, Condition, ResourceKind
from .states import ChangeAction


def _ensure_edits(actor: User, agency_id: int) -> None:
    ensure_role(actor, *selectors.EDITOR_ROLES)
    scope = selectors.edited_agency_ids(actor)
    if scope is not None and agency_id not in scope:
        raise GovernanceError(
            "OUT_OF_SCOPE", _("Anda hanya dapat mengelola register LPSE instansi Anda sendiri."), status=403
        )


def _required(**fields: str) -> None:
    if any(not v.strip() for v in fields.values()):
        raise GovernanceError("FIELDS_REQUIRED", _("Isian %(names)s wajib diisi."), names=", ".join(fields))


def _choice(value: str, choices: list[str], name: str) -> None:
    if value not in choices:
        raise GovernanceError("CHOICE_UNKNOWN", _("Pilihan %(name)s tidak dikenal."), name=name)


@transaction.atomic
def asset_record(
    *,
    actor: User,
    agency: Agency,
    code: str,
    name: str,
    kind: str,
    owner: User,
    location: str,
    confidentiality: int,
    integrity: int,
    availability: int,
    note: str = "",
) -> Asset:
    """Record an asset (standard 3) with its C/I/A ratings, checked against the scale in force."""
    _ensure_edits(actor, agency.pk)
    _required(code=code, name=name, location=location)
    _choice(kind, AssetKind.values, "kind")
    value, band = rules.asset_value(
        confidentiality=confidentiality,
        integrity=integrity,
        availability=availability,
        on=local_date(db_now()),
    )
    if Asset.objects.filter(agency=agency, code__iexact=code.strip()).exists():
        raise GovernanceError(
            "ASSET_CODE_TAKEN", _("Kode aset %(asset_code)s sudah dipakai."), status=409, asset_code=code
        )
    asset = Asset.objects.create(
        agency=agency, code=code.strip(), name=name.strip(), kind=kind, owner=owner, location=location.strip(),
        confidentiality=confidentiality, integrity=integrity, availability=availability, note=note.strip(),
        created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, action="governance.asset.record", obj=asset, after={"value": value, "band": band}
    )
    return asset


@transaction.atomic
def change_request(
    *,
    actor: User,
    agency: Agency,
    title: str,
    kind: str,
    description: str,
    reason: str,
    test_plan: str,
    rollback_plan: str,
    asset: Asset | None = None,
) -> ChangeRequest:
    """Record a change request (standard 6) with its test and rollback plan."""
    _ensure_edits(actor, agency.pk)
    _required(title=title, description=description, reason=reason)
    rules.check_change_plan(kind=kind, test_plan=test_plan, rollback_plan=rollback_plan)
    if asset is not None and asset.agency_id != agency.pk:
        raise GovernanceError("ASSET_NOT_FOUND", _("Aset tidak ditemukan."), status=404)
    change = ChangeRequest.objects.create(
        agency=agency, title=title.strip(), kind=kind, description=description.strip(), reason=reason.strip(),
        test_plan=test_plan.strip(), rollback_plan=rollback_plan.strip(), asset=asset, requested_by=actor,
    )  # fmt: skip
    audit.record(actor=actor, action="governance.change.request", obj=change, after={"kind": kind})
    return change


@transaction.atomic
def change_act(
    *,
    actor: User,
    change: ChangeRequest,
    action: str,
    note: str,
    successful: bool | None = None,
) -> ChangeRequest:
    """One step of a change request's lifecycle (``states.TRANSITIONS``): the evaluation, the approval or
    rejection (``rules.check_change_approver``), the implementation and the post-implementation review, each with
    its note; the row is read under a lock so two steps cannot race."""
    _ensure_edits(actor, change.agency_id)
    locked = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if action not in ChangeAction.values:
        raise GovernanceError("ACTION_UNKNOWN", _("Tindakan tidak dikenal."))
    if states.party_of(action) == states.APPROVER:
        rules.check_change_approver(
            is_approver=selectors.is_approver_of(actor, locked.agency_id, rules.APPROVER_ROLES),
            approver_id=actor.pk,
            requester_id=locked.requested_by_id,
        )
    before = locked.status
    to = states.transition(locked.status, action, locked.kind)
    if not note.strip():
        raise GovernanceError("NOTE_REQUIRED", _("Catatan wajib diisi."))
    if action == ChangeAction.REVIEW and successful is None:
        raise GovernanceError("RESULT_REQUIRED", _("Nyatakan apakah perubahan berhasil."))
    now = db_now()
    note = note.strip()
    if action == ChangeAction.EVALUATE:
        locked.evaluation, locked.evaluated_by, locked.evaluated_at = note, actor, now
    elif action in (ChangeAction.APPROVE, ChangeAction.REJECT):
        locked.decision_note, locked.decided_by, locked.decided_at = note, actor, now
    elif action == ChangeAction.IMPLEMENT:
        locked.implementation_note, locked.implemented_by, locked.implemented_at = note, actor, now
    else:
        locked.review_note, locked.reviewed_by, locked.reviewed_at = note, actor, now
        locked.successful = successful
    locked.status = to
    locked.save()
    audit.record(
        actor=actor, action=f"governance.change.{action.lower()}", obj=locked, before={"status": before},
        after={"status": to},
    )  # fmt: skip
    return locked


@transaction.atomic
def capacity_record(
    *,
    actor: User,
    agency: Agency,
    resource_kind: str,
    resource: str,
    measured_on: dt.date,
    utilisation_pct: Decimal,
    forecast_pct: Decimal,
    condition: str,
    follow_up: str = "",
    asset: Asset | None = None,
) -> CapacityRecord:
    """Record a capacity measurement (standard 7), its day checked against the database clock."""
    _ensure_edits(actor, agency.pk)
    _required(resource=resource)
    _choice(resource_kind, ResourceKind.values, "resource_kind")
    _choice(condition, Condition.values, "condition")
    rules.check_capacity_record(
        utilisation_pct=utilisation_pct, forecast_pct=forecast_pct, measured_on=measured_on,
        today=local_date(db_now()), follow_up=follow_up,
    )  # fmt: skip
    if asset is not None and asset.agency_id != agency.pk:
        raise GovernanceError("ASSET_NOT_FOUND", _("Aset tidak ditemukan."), status=404)
    row = CapacityRecord.objects.create(
        agency=agency, resource_kind=resource_kind, resource=resource.strip(), asset=asset, measured_on=measured_on,
        utilisation_pct=utilisation_pct, forecast_pct=forecast_pct, condition=condition,
        follow_up=follow_up.strip(), recorded_by=actor,
    )  # fmt: skip
    status = rules.capacity_status(utilisation_pct=utilisation_pct, forecast_pct=forecast_pct, on=measured_on)
    audit.record(actor=actor, action="governance.capacity.record", obj=row, after={"status": status})
    return row
