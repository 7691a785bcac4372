"""The handover (Perpres 16/2018 Pasal 57): the PPK signs the berita acara after the inspection by the PPHP /
inspection team. Works go through two (rules.handover_stages): the PHO starts the maintenance period
(at least rules.minimum_maintenance_days) and may list defects the provider repairs in it; the FHO, on or after
the maintenance period's last day (the database clock), completes the contract and releases the retention
held back from the termin payments (Pasal 53 ayat (2); rules.retention_released_at). Goods, consultancy and
other services are completed by one BAST, without open defects; goods only once their delivered items are
recorded. IN_PROGRESS -> HANDED_OVER (PHO) -> COMPLETED (FHO); IN_PROGRESS -> COMPLETED (BAST)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.planning.models import ProcurementType
from lentera.tendering.services.records import publish

from .. import rules
from ..errors import ContractsError
from ..models import Contract, DeliveredItem, Handover, Payment, RetentionRelease
from ..selectors import next_stage
from ..states import CONTRACT, Action, PaymentState
from ._base import lock_contract, role_for, step, text_required, today

_FIELDS = ("state",)


def _check_dates(contract: Contract, *, handed_on: dt.date, inspected_on: dt.date, now: dt.datetime) -> None:
    if handed_on > today(now):
        raise ContractsError("DATE_IN_FUTURE", _("Tanggal serah terima tidak boleh setelah hari ini."))
    if inspected_on > handed_on or inspected_on < contract.start_on:
        raise ContractsError(
            "INSPECTION_DATE",
            _("Pemeriksaan dilakukan setelah mulai kerja dan tidak setelah tanggal serah terima."),
        )


def _check_inspection(stage: str, *, result: str, defects: str, on: dt.date) -> str:
    if result not in Handover.Result.values:
        raise ContractsError("RESULT_UNKNOWN", _("Pilih hasil pemeriksaan."))
    defects = (defects or "").strip()
    if result == Handover.Result.ACCEPTED:
        if defects:
            raise ContractsError(
                "DEFECTS_WITH_ACCEPTED", _("Hasil diterima baik tidak mencantumkan kekurangan / cacat.")
            )
        return ""
    if not defects:
        raise ContractsError("DEFECTS_REQUIRED", _("Tuliskan daftar kekurangan / cacat yang ditemukan."))
    if not rules.handover_defects_allowed(stage=stage, on=on):
        raise ContractsError(
            "DEFECTS_OPEN",
            _("Serah terima ini menunggu kekurangan / cacat diperbaiki penyedia (Perpres 16/2018 Pasal 57)."),
            status=409,
        )
    return defects


def _maintenance(contract: Contract, *, days: int | None, permanent: bool, handed_on: dt.date) -> dt.date:
    minimum = rules.minimum_maintenance_days(permanent=permanent, on=contract.signed_on)
    if days is None or days < minimum:
        raise ContractsError(
            "MAINTENANCE_TOO_SHORT",
            _("Masa pemeliharaan paling singkat %(d)s hari."),
            d=minimum,
        )
    return handed_on + dt.timedelta(days=days)


def _check_final(contract: Contract, stage: str, *, handed_on: dt.date, now: dt.datetime) -> None:
    if stage == rules.STAGE_FHO:
        pho = Handover.objects.get(contract=contract, stage=rules.STAGE_PHO)
        assert pho.maintenance_ends_on is not None  # the PHO always sets it
        if today(now) < pho.maintenance_ends_on or handed_on < pho.maintenance_ends_on:
            raise ContractsError(
                "MAINTENANCE_NOT_OVER",
                _("Masa pemeliharaan berakhir %(d)s; serah terima akhir (FHO) sesudahnya."),
                status=409,
                d=pho.maintenance_ends_on.isoformat(),
            )
    if (
        contract.tender.procurement_type == ProcurementType.GOODS
        and not DeliveredItem.objects.filter(contract=contract).exists()
    ):
        raise ContractsError(
            "DELIVERIES_MISSING",
            _("Catat dulu barang yang dikirim sebelum BAST."),
            status=409,
        )
    pending = Payment.objects.filter(
        contract=contract, state__in=(PaymentState.SUBMITTED, PaymentState.APPROVED)
    )
    if pending.exists():
        raise ContractsError(
            "INVOICES_PENDING",
            _("Selesaikan dulu tagihan yang masih diajukan atau disetujui sebelum serah terima akhir."),
            status=409,
        )


def _release_retention(
    contract: Contract, handover: Handover, *, actor: Any, now: dt.datetime
) -> RetentionRelease | None:
    """Pay out the retention held on the paid termins (pending ones are refused before), once."""
    held = Payment.objects.filter(contract=contract, state=PaymentState.PAID).aggregate(s=Sum("retention"))[
        "s"
    ] or Decimal("0")
    if held <= 0 or RetentionRelease.objects.filter(contract=contract).exists():
        return None
    release = RetentionRelease.objects.create(
        contract=contract,
        handover=handover,
        amount=held,
        released_on=handover.handed_on,
        released_by=actor,
        released_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.retention.release",
        obj=release,
        after={"contract": contract.pk, "amount": str(held), "handover": handover.stage},
    )
    return release


@transaction.atomic
def handover_record(
    *,
    actor: Any,
    contract: Contract,
    number: str,
    handed_on: dt.date,
    inspectors: str,
    inspected_on: dt.date,
    result: str,
    defects: str = "",
    note: str = "",
    maintenance_days: int | None = None,
    permanent: bool = True,
) -> Handover:
    """The PPK signs the next handover of the contract (rules.handover_stages): BAST, PHO or FHO, with the
    inspection (who, when, the result, the defects). Refused with open defects where the rule does not allow
    them (rules.handover_defects_allowed), a PHO with a maintenance period under the minimum, an FHO before
    the maintenance period is over (database clock), a final handover with invoices pending, a goods BAST
    without delivered items. The final one releases the retention (rules.retention_released_at)."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    stage = next_stage(contract)
    action = Action.HANDOVER if stage == rules.STAGE_PHO else Action.FINAL_HANDOVER
    before = audit.snapshot(contract, _FIELDS)
    new_state = step(CONTRACT, state=contract.state, action=action, role=role)
    assert stage is not None  # the table allows a handover only where a stage is due
    number = text_required(number, "NUMBER_REQUIRED")
    inspectors = text_required(inspectors, "INSPECTORS_REQUIRED")
    now = db_now()
    _check_dates(contract, handed_on=handed_on, inspected_on=inspected_on, now=now)
    defects = _check_inspection(stage, result=result, defects=defects, on=contract.signed_on)
    ends_on = None
    if stage == rules.STAGE_PHO:
        ends_on = _maintenance(contract, days=maintenance_days, permanent=permanent, handed_on=handed_on)
    else:
        _check_final(contract, stage, handed_on=handed_on, now=now)
    handover = Handover.objects.create(
        contract=contract,
        stage=stage,
        number=number,
        handed_on=handed_on,
        inspectors=inspectors,
        inspected_on=inspected_on,
        result=result,
        defects=defects,
        note=(note or "").strip(),
        maintenance_days=maintenance_days if ends_on else None,
        maintenance_ends_on=ends_on,
        recorded_by=actor,
        recorded_at=now,
    )
    release = None
    if rules.retention_released_at(stage=stage, on=contract.signed_on):
        release = _release_retention(contract, handover, actor=actor, now=now)
    contract.state = new_state
    contract.save(update_fields=["state"])
    publish("contract", contract.tender)
    audit.record(
        actor=actor,
        action="contracts.handover.record",
        obj=contract,
        before=before,
        after=audit.snapshot(contract, _FIELDS)
        | {
            "stage": stage,
            "number": number,
            "result": result,
            "defects": defects,
            "maintenance_ends_on": ends_on.isoformat() if ends_on else None,
            "retention_released": str(release.amount) if release else None,
        },
    )
    return handover
