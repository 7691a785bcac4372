"""The Surat Pesanan of a catalogue order (e-purchasing, issue #15): once the provider accepted a direct order,
the package's PPK issues the Surat Pesanan, which is the contract (form ``ORDER``) and its start at once. The
catalog app calls :func:`contract_from_catalog_order` (catalog is above contracts); from then on delivery, the
BAST, the termin payments and the rating are the contract's ordinary lifecycle.

Each Surat Pesanan is recorded as one process of its package (a tendering ``Tender`` row of method
E-Purchasing run by the recording machine: DRAFT -> COMPLETED), so the package stays open for further orders
and each purchase is its own OCDS process with its award and contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.planning.models import Method, Package
from lentera.tendering.enums import TenderStatus
from lentera.tendering.models import Tender
from lentera.tendering.services._base import authorize
from lentera.tendering.services.records import publish
from lentera.tendering.services.tender import TENDER_FIELDS, next_attempt, set_package_status
from lentera.tendering.states import Trigger

from ..errors import ContractsError
from ..models import Contract, StartOrder
from ..states import CONTRACT, Action, ContractState
from ._base import money_in, step, text_required, today


def purchase_order_period_valid(
    *, issued_on: dt.date, accepted_on: dt.date, deliver_by: dt.date, today: dt.date
) -> None:
    """The Surat Pesanan is dated today or earlier and not before the provider accepted the order; the delivery
    deadline it sets (the contract's planned end) is on or after its date.

    Cites: Perpres 16/2018 Pasal 50 ayat (5) (diubah Perpres 12/2021: e-purchasing atas katalog elektronik);
           Peraturan LKPP 9/2021 (surat pesanan e-purchasing; pasal belum dikonfirmasi).
    """
    if issued_on > today:
        raise ContractsError("DATE_IN_FUTURE", _("Tanggal surat tidak boleh setelah hari ini."))
    if issued_on < accepted_on:
        raise ContractsError(
            "ORDER_BEFORE_ACCEPTANCE",
            _("Surat pesanan tidak boleh bertanggal sebelum penyedia menerima pesanan."),
        )
    if deliver_by < issued_on:
        raise ContractsError(
            "PERIOD_INVALID", _("Batas pengiriman harus pada atau setelah tanggal surat pesanan.")
        )


@transaction.atomic
def contract_from_catalog_order(
    *,
    actor: Any,
    package: Package,
    provider: Any,
    order_number: str,
    number: str,
    value: Decimal,
    issued_on: dt.date,
    accepted_on: dt.date,
    deliver_by: dt.date,
    description: str,
) -> Contract:
    """The PPK of an e-Purchasing package issues the Surat Pesanan of an accepted catalogue order: a contract of
    form ``ORDER`` for the order's value with the provider, started by the same letter (IN_PROGRESS), ending on
    the delivery deadline. No jaminan pelaksanaan (rules.performance_guarantee_required: none for e-purchasing)."""
    package = Package.objects.select_for_update(of=("self",)).select_related("work_unit").get(pk=package.pk)
    if package.method != Method.E_PURCHASING:
        raise ContractsError(
            "METHOD_NOT_E_PURCHASING", _("Surat pesanan katalog hanya untuk paket E-Purchasing.")
        )
    if package.ppk_id != getattr(actor, "pk", None):
        raise ContractsError(
            "NOT_A_PARTY", _("Hanya PPK paket ini yang dapat menerbitkan surat pesanan."), status=403
        )
    if provider is None:
        raise ContractsError("PROVIDER_REQUIRED", _("Surat pesanan menyebut penyedia yang menerima pesanan."))
    number = text_required(number, "NUMBER_REQUIRED")
    value = money_in(value)
    now = db_now()
    purchase_order_period_valid(
        issued_on=issued_on, accepted_on=accepted_on, deliver_by=deliver_by, today=today(now)
    )
    reason = str(_("Surat pesanan e-purchasing atas pesanan katalog %(order)s")) % {"order": order_number}
    attempt = next_attempt(package)
    tender = Tender.objects.create(
        package=package,
        attempt=attempt,
        code=f"{package.code}-R{attempt}",
        title=f"{package.name} ({order_number})",
        method=Method.E_PURCHASING,
        procurement_type=package.procurement_type,
        hps_total=value,
        pagu=package.pagu,
        invited_provider=provider,
        invitation_reason=reason,
        created_by=actor,
    )
    authorize(tender=tender, trigger=Trigger.RECORD, actor=actor, at=now, reason=reason)
    state = step(CONTRACT, state=ContractState.SIGNED, action=Action.START, role=Role.PPK)
    contract = Contract.objects.create(
        tender=tender,
        kind=Contract.Kind.ORDER,
        number=number,
        provider=provider,
        ppk=actor,
        value=value,
        signed_on=issued_on,
        start_on=issued_on,
        end_on=deliver_by,
        description=(description or "").strip(),
        state=state,
        created_by=actor,
        created_at=now,
    )
    StartOrder.objects.create(
        contract=contract,
        kind=StartOrder.Kind.ORDER,
        number=number,
        issued_on=issued_on,
        start_on=issued_on,
        issued_by=actor,
        issued_at=now,
    )
    tender.status = TenderStatus.COMPLETED
    tender.status_reason = reason
    tender.announced_at = now
    tender.closed_at = now
    tender.save(update_fields=["status", "status_reason", "announced_at", "closed_at", "updated_at"])
    set_package_status(actor=actor, package=package, status=Package.Status.CONTRACTED)
    publish("contract", tender)
    audit.record(
        actor=actor,
        action="contracts.catalog_order.contract",
        obj=contract,
        after=audit.snapshot(tender, TENDER_FIELDS)
        | {"number": number, "value": str(value), "order": order_number, "end_on": deliver_by.isoformat()},
    )
    return contract
