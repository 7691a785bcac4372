"""The contract's terms: its type (jenis kontrak, Perpres 16/2018 Pasal 27) and, for a multi-year contract
(kontrak tahun jamak), the split of its value per fiscal year. Recorded with the signed contract
(``contract_record``) or set by the package's PPK afterwards (``contract_terms_record``: the type while the contract
is signed and not yet started, the split also while it runs, e.g. after an amendment of its value)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.tendering.services.records import publish

from .. import terms_rules
from ..errors import ContractsError
from ..models import Contract, ContractYear
from ..states import CONTRACT, Action, ContractState
from ._base import lock_contract, money_in, role_for, step

YEAR_MESSAGES = {
    "YEARS_TOO_FEW": _("Kontrak tahun jamak dibagi atas sedikitnya dua tahun anggaran."),
    "YEARS_NOT_CONSECUTIVE": _("Tahun anggaran harus berurutan dan masing-masing sekali."),
    "YEAR_AMOUNT_INVALID": _("Nilai setiap tahun anggaran harus lebih dari nol."),
    "YEARS_SUM_MISMATCH": _("Jumlah nilai per tahun anggaran harus sama dengan nilai kontrak."),
    "YEARS_OUTSIDE_PERIOD": _("Tahun anggaran harus dari tahun mulai sampai tahun akhir pelaksanaan."),
}


def checked_terms(
    *,
    contract_type: str,
    multi_year: bool,
    years: Sequence[tuple[int, Any]] | None,
    procurement_type: str,
    value: Decimal,
    start_on: dt.date,
    end_on: dt.date,
    on: dt.date,
) -> list[tuple[int, Decimal]]:
    """The type checked against the procurement type and, for a multi-year contract, the split checked
    (``terms_rules.contract_year_split_valid``); returns the years to store ([] for a single-year contract)."""
    if not terms_rules.contract_type_allowed(
        contract_type=contract_type, procurement_type=procurement_type, on=on
    ):
        raise ContractsError(
            "CONTRACT_TYPE_INVALID", _("Jenis kontrak ini tidak untuk jenis pengadaan paket.")
        )
    if not multi_year:
        if years:
            raise ContractsError(
                "YEARS_SINGLE_YEAR", _("Kontrak tahun tunggal tidak dibagi per tahun anggaran.")
            )
        return []
    split = []
    for year, amount in years or []:
        if not 1900 < int(year) < 3000:
            raise ContractsError("YEARS_NOT_CONSECUTIVE", YEAR_MESSAGES["YEARS_NOT_CONSECUTIVE"])
        split.append((int(year), money_in(amount, "YEAR_AMOUNT_INVALID")))
    code = terms_rules.contract_year_split_valid(
        years=split, contract_value=value, start_on=start_on, end_on=end_on, on=on
    )
    if code:
        raise ContractsError(code, YEAR_MESSAGES[code])
    return sorted(split)


def store_years(contract: Contract, split: list[tuple[int, Decimal]]) -> None:
    contract.years.all().delete()
    ContractYear.objects.bulk_create(ContractYear(contract=contract, year=y, amount=a) for y, a in split)


def terms_snapshot(contract: Contract) -> dict[str, Any]:
    return {
        "contract_type": contract.contract_type,
        "multi_year": contract.multi_year,
        "years": [[y.year, str(y.amount)] for y in contract.years.order_by("year")],
    }


@transaction.atomic
def contract_terms_record(
    *,
    actor: Any,
    contract: Contract,
    contract_type: str,
    multi_year: bool = False,
    years: Sequence[tuple[int, Any]] | None = None,
) -> Contract:
    """The PPK records (or corrects) the contract's type and its split per fiscal year (Perpres 16/2018 Pasal
    27; kontrak tahun jamak). The type is part of the signed contract: it changes only before the start order;
    the split must add up to the value in force on the contract's period (terms_rules)."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.SET_TERMS, role=role)
    if (
        contract.state != ContractState.SIGNED
        and contract.contract_type
        and contract_type != contract.contract_type
    ):
        raise ContractsError(
            "CONTRACT_TYPE_FIXED",
            _("Jenis kontrak tidak dapat diubah setelah pelaksanaan dimulai."),
            status=409,
        )
    split = checked_terms(
        contract_type=contract_type,
        multi_year=multi_year,
        years=years,
        procurement_type=contract.tender.procurement_type,
        value=contract.value,
        start_on=contract.start_on,
        end_on=contract.end_on,
        on=contract.signed_on,
    )
    before = terms_snapshot(contract)
    contract.contract_type, contract.multi_year = contract_type, multi_year
    contract.save(update_fields=["contract_type", "multi_year"])
    store_years(contract, split)
    publish("contract", contract.tender)
    audit.record(
        actor=actor, action="contracts.terms.set", obj=contract, before=before, after=terms_snapshot(contract)
    )
    return contract
