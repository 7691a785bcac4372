"""RUP: work units enter their procurement plan; it is announced once the APBD is agreed, and again on every
revision (Perbup PPU 2/2021 Pasal 1 (18), Pasal 2 j)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User, WorkUnit
from lentera.core import audit, events
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import rules
from ..errors import PlanningError
from ..models import FundingSource, Method, ProcurementType, RupItem, RupItemRevision
from ..scope import ensure_agency_role, ensure_unit_role, today

RUP_ROLES = (Role.PA, Role.KPA, Role.PPK)
APBD_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.PA)
RUP_FIELDS = (
    "code",
    "fiscal_year",
    "work_unit",
    "name",
    "procurement_type",
    "pagu",
    "funding_source",
    "planned_method",
    "planned_start",
    "planned_end",
    "location",
    "reserved_small_business",
    "domestic_products",
    "revision",
    "announced_at",
    "cancelled_at",
)
EDITABLE_FIELDS = (
    "name",
    "procurement_type",
    "pagu",
    "funding_source",
    "planned_method",
    "planned_start",
    "planned_end",
    "location",
    "reserved_small_business",
    "domestic_products",
)


def apbd_agreed(agency: Agency, fiscal_year: int) -> bool:
    return int(fiscal_year) in {int(y) for y in (agency.apbd_agreed_years or [])}


def public_snapshot(item: RupItem) -> dict[str, Any]:
    """What the public sees of a RUP item (stored with each announcement)."""
    data = audit.snapshot(item, RUP_FIELDS)
    data["work_unit_name"] = item.work_unit.name
    data["work_unit_code"] = item.work_unit.code
    return data


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise PlanningError("PAGU_INVALID", _("Pagu harus berupa angka Rupiah."))
    if amount <= 0:
        raise PlanningError("PAGU_INVALID", _("Pagu harus lebih dari Rp0."))
    return amount


def _validate(item: RupItem, *, on: dt.date) -> None:
    if not item.name.strip():
        raise PlanningError("NAME_REQUIRED", _("Nama paket RUP wajib diisi."))
    if not 2000 <= int(item.fiscal_year) <= 2100:
        raise PlanningError("YEAR_INVALID", _("Tahun anggaran tidak valid."))
    if item.procurement_type not in ProcurementType.values:
        raise PlanningError("TYPE_UNKNOWN", _("Jenis pengadaan tidak dikenal."))
    if item.funding_source not in FundingSource.values:
        raise PlanningError("FUNDING_UNKNOWN", _("Sumber dana tidak dikenal."))
    if item.planned_method not in Method.values:
        raise PlanningError("METHOD_UNKNOWN", _("Metode pemilihan tidak dikenal."))
    if item.planned_start and item.planned_end and item.planned_end < item.planned_start:
        raise PlanningError(
            "SCHEDULE_INVALID", _("Rencana selesai tidak boleh sebelum rencana mulai pemilihan.")
        )
    rules.check_method_basic(
        procurement_type=item.procurement_type, method=item.planned_method, value=item.pagu, on=on
    )


def _announce(item: RupItem, *, actor: User | None, reason: str, now: dt.datetime) -> RupItemRevision:
    item.revision += 1
    item.announced_at = now
    item.save(update_fields=["revision", "announced_at", "updated_at"])
    events.record("planning.rup.announced", obj=item, actor=actor)
    return RupItemRevision.objects.create(
        rup_item=item,
        revision=item.revision,
        announced_at=now,
        announced_by=actor if getattr(actor, "pk", None) else None,
        reason=reason[:300],
        snapshot=public_snapshot(item),
    )


@transaction.atomic
def rup_item_create(
    *,
    actor: User,
    work_unit: WorkUnit,
    fiscal_year: int,
    name: str,
    procurement_type: str,
    pagu: Decimal | str | int,
    funding_source: str,
    planned_method: str,
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    location: str = "",
    reserved_small_business: bool = False,
    domestic_products: bool = False,
) -> RupItem:
    """A PA/KPA/PPK enters a plan item for their own work unit. It is announced at once when the instansi's APBD
    for that year is agreed, otherwise when it becomes agreed (Perbup PPU 2/2021 Pasal 2 j).

    Cites: Perbup PPU 2/2021 Pasal 2 j.
    """
    ensure_unit_role(actor, work_unit, *RUP_ROLES)
    item = RupItem(
        work_unit=work_unit,
        code=f"TMP-{uuid.uuid4().hex[:24]}",
        fiscal_year=int(fiscal_year),
        name=(name or "").strip(),
        procurement_type=procurement_type,
        pagu=_money(pagu),
        funding_source=funding_source,
        planned_method=planned_method,
        planned_start=planned_start,
        planned_end=planned_end,
        location=(location or "").strip(),
        reserved_small_business=bool(reserved_small_business),
        domestic_products=bool(domestic_products),
        created_by=actor,
    )
    _validate(item, on=today())
    item.save()
    item.code = f"RUP{item.fiscal_year}-{item.pk:06d}"
    item.save(update_fields=["code"])
    now = db_now()
    if apbd_agreed(work_unit.agency, item.fiscal_year):
        _announce(item, actor=actor, reason="", now=now)
    audit.record(actor=actor, action="planning.rup.create", obj=item, after=audit.snapshot(item, RUP_FIELDS))
    return item


@transaction.atomic
def rup_item_update(*, actor: User, item: RupItem, reason: str = "", **changes: Any) -> RupItem:
    """Revise a plan item. After its announcement every revision is announced again, with its reason, and the
    public keeps the history (Perbup PPU 2/2021 Pasal 2 j).

    Cites: Perbup PPU 2/2021 Pasal 2 j.
    """
    item = RupItem.objects.select_for_update().select_related("work_unit__agency").get(pk=item.pk)
    ensure_unit_role(actor, item.work_unit, *RUP_ROLES)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise PlanningError(
            "FIELD_NOT_EDITABLE", _("Kolom tidak dapat diubah: %(fields)s."), fields=", ".join(unknown)
        )
    if item.cancelled_at is not None:
        raise PlanningError("RUP_CANCELLED", _("Item RUP ini sudah dibatalkan."))
    before = audit.snapshot(item, RUP_FIELDS)
    for field, value in changes.items():
        if field == "pagu":
            value = _money(value)
        elif field in ("name", "location"):
            value = (value or "").strip()
        setattr(item, field, value)
    _validate(item, on=today())
    if item.packages.exclude(status="CANCELLED").exists() and (
        "pagu" in changes
        and Decimal(before["pagu"]) != item.pagu
        or "procurement_type" in changes
        and before["procurement_type"] != item.procurement_type
    ):
        raise PlanningError(
            "RUP_IN_PACKAGE",
            _("Pagu dan jenis pengadaan item RUP yang sudah menjadi paket tidak dapat diubah."),
        )
    changed = {k for k in EDITABLE_FIELDS if audit.snapshot(item, [k])[k] != before[k]}
    if not changed:
        return item
    if item.announced_at is not None and not (reason or "").strip():
        raise PlanningError(
            "REVISION_REASON_REQUIRED",
            _("RUP yang sudah diumumkan hanya dapat direvisi dengan alasan; revisi diumumkan kembali."),
        )
    item.save()
    if item.announced_at is not None:
        _announce(item, actor=actor, reason=reason.strip(), now=db_now())
    audit.record(
        actor=actor,
        action="planning.rup.update",
        obj=item,
        before=before,
        after=audit.snapshot(item, RUP_FIELDS) | {"reason": reason},
    )
    return item


@transaction.atomic
def rup_item_cancel(*, actor: User, item: RupItem, reason: str) -> RupItem:
    """Cancel a plan item; if it was announced, the cancellation is announced too."""
    item = RupItem.objects.select_for_update().select_related("work_unit__agency").get(pk=item.pk)
    ensure_unit_role(actor, item.work_unit, *RUP_ROLES)
    if item.cancelled_at is not None:
        raise PlanningError("RUP_CANCELLED", _("Item RUP ini sudah dibatalkan."))
    if not (reason or "").strip():
        raise PlanningError("REASON_REQUIRED", _("Alasan pembatalan wajib diisi."))
    if item.packages.exclude(status="CANCELLED").exists():
        raise PlanningError(
            "RUP_IN_PACKAGE", _("Item RUP ini sudah menjadi paket; batalkan paketnya dahulu.")
        )
    before = audit.snapshot(item, RUP_FIELDS)
    now = db_now()
    item.cancelled_at = now
    item.save(update_fields=["cancelled_at", "updated_at"])
    if item.announced_at is not None:
        _announce(item, actor=actor, reason=reason.strip(), now=now)
    audit.record(
        actor=actor,
        action="planning.rup.cancel",
        obj=item,
        before=before,
        after=audit.snapshot(item, RUP_FIELDS) | {"reason": reason},
    )
    return item


@transaction.atomic
def apbd_mark_agreed(*, actor: User, agency: Agency, fiscal_year: int) -> int:
    """Record that the instansi's APBD for a fiscal year is agreed, and announce that year's RUP items that were
    waiting for it (Perbup PPU 2/2021 Pasal 2 j). Returns how many items were announced.

    Cites: Perbup PPU 2/2021 Pasal 2 j.
    """
    ensure_agency_role(actor, agency.pk, *APBD_ROLES)
    year = int(fiscal_year)
    if not 2000 <= year <= 2100:
        raise PlanningError("YEAR_INVALID", _("Tahun anggaran tidak valid."))
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if apbd_agreed(agency, year):
        raise PlanningError(
            "APBD_ALREADY_AGREED", _("APBD tahun %(year)s sudah tercatat disepakati."), year=year
        )
    before = {"apbd_agreed_years": list(agency.apbd_agreed_years or [])}
    agency.apbd_agreed_years = sorted({*map(int, agency.apbd_agreed_years or []), year})
    agency.save(update_fields=["apbd_agreed_years"])
    now = db_now()
    pending = RupItem.objects.select_for_update().filter(
        work_unit__agency=agency, fiscal_year=year, announced_at__isnull=True, cancelled_at__isnull=True
    )
    count = 0
    for item in pending.select_related("work_unit"):
        _announce(item, actor=actor, reason="", now=now)
        count += 1
    audit.record(
        actor=actor,
        action="planning.apbd.agree",
        obj=agency,
        before=before,
        after={"apbd_agreed_years": agency.apbd_agreed_years, "fiscal_year": year, "announced": count},
    )
    return count
