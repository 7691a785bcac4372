"""Pencatatan: swakelola and emergency procurement are recorded by the PPK with their contract, not selected
(Perpres 16/2018 Pasal 18-19, 47, 59). Moved from tendering with the contract records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.planning.models import Method, Package
from lentera.tendering.enums import TenderStatus
from lentera.tendering.models import Tender
from lentera.tendering.services._base import authorize
from lentera.tendering.services.records import publish
from lentera.tendering.services.tender import TENDER_FIELDS, next_attempt, set_package_status
from lentera.tendering.states import Trigger

from ..errors import ContractsError
from ..models import Contract


@transaction.atomic
def procurement_record(
    *,
    actor: Any,
    package: Package,
    reason: str,
    value: Decimal,
    start_on: dt.date,
    end_on: dt.date,
    number: str,
    provider: Any = None,
    description: str = "",
) -> Tender:
    """Pencatatan: the PPK records swakelola or emergency procurement (Permendagri 53/2021 Pasal 5 e; Perpres
    16/2018 Pasal 18-19 (swakelola), 59 (darurat)). No selection; the record and its contract are public."""
    package = Package.objects.select_for_update(of=("self",)).select_related("work_unit").get(pk=package.pk)
    if package.method not in (Method.SWAKELOLA, Method.DARURAT):
        raise ContractsError("METHOD_NOT_RECORDED", _("Hanya swakelola dan pengadaan darurat yang dicatat."))
    if package.status not in (Package.Status.READY, Package.Status.ASSIGNED):
        raise ContractsError(
            "PACKAGE_NOT_READY",
            _("Paket belum siap (status sekarang: %(s)s)."),
            s=package.get_status_display(),
        )
    if package.method == Method.DARURAT and provider is None:
        raise ContractsError("PROVIDER_REQUIRED", _("Pengadaan darurat mencatat penyedia yang melaksanakan."))
    if Decimal(value) <= 0 or Decimal(value) > package.pagu:
        raise ContractsError("VALUE_OUT_OF_RANGE", _("Nilai harus lebih dari nol dan tidak melebihi pagu."))
    if end_on < start_on:
        raise ContractsError("PERIOD_INVALID", _("Akhir pelaksanaan harus setelah awalnya."))
    now = db_now()
    attempt = next_attempt(package)
    tender = Tender.objects.create(
        package=package,
        attempt=attempt,
        code=f"{package.code}-R{attempt}",
        title=package.name,
        method=package.method,
        procurement_type=package.procurement_type,
        hps_total=package.hps_total,
        pagu=package.pagu,
        invited_provider=provider,
        invitation_reason=reason.strip(),
        created_by=actor,
    )
    authorize(tender=tender, trigger=Trigger.RECORD, actor=actor, at=now, reason=reason)
    Contract.objects.create(
        tender=tender,
        kind=Contract.Kind.SELF_MANAGED if package.method == Method.SWAKELOLA else Contract.Kind.AGREEMENT,
        number=number.strip(),
        provider=provider,
        ppk=actor,
        value=value,
        signed_on=start_on,
        start_on=start_on,
        end_on=end_on,
        description=description.strip(),
        created_by=actor,
        created_at=now,
    )
    tender.status = TenderStatus.COMPLETED
    tender.status_reason = reason.strip()
    tender.announced_at = now
    tender.closed_at = now
    tender.save(update_fields=["status", "status_reason", "announced_at", "closed_at", "updated_at"])
    set_package_status(actor=actor, package=package, status=Package.Status.CONTRACTED)
    publish("contract", tender)
    audit.record(
        actor=actor,
        action="contracts.procurement.record",
        obj=tender,
        after=audit.snapshot(tender, TENDER_FIELDS) | {"value": str(value)},
    )
    return tender
