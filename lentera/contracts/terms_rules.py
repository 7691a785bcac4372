"""Rule data of the contract's terms, kept beside ``rules.py`` (same dated rows, same ``in_force``): which types of
contract (jenis kontrak) a procurement type may sign, and the split of a multi-year contract (kontrak tahun jamak)
over its fiscal years.

The Perpres text is not in ``shared/seeds``: Pasal 27 is cited from the consolidated Perpres 16/2018 (as changed by
Perpres 12/2021) as the project knows it, and the UKPBJ's legal officer should confirm the ayat; the multi-year
split is cited without an ayat for that reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .rules import CONSULTANCY, GOODS, OTHER, PERPRES_16_2018_IN_FORCE, WORKS, in_force

LUMP_SUM, UNIT_PRICE, COMBINED, TURNKEY, FRAMEWORK = (
    "LUMP_SUM",
    "UNIT_PRICE",
    "COMBINED",
    "TURNKEY",
    "FRAMEWORK",
)
OUTPUT, TIME_BASED = "OUTPUT", "TIME_BASED"


@dataclass(frozen=True)
class ContractTypeRule:
    #: procurement type -> the contract types it may sign
    types: dict[str, tuple[str, ...]]
    starts: dt.date
    ends: dt.date | None
    citation: str


_GOODS_WORKS_OTHER = (LUMP_SUM, UNIT_PRICE, COMBINED, TURNKEY, FRAMEWORK)

CONTRACT_TYPE_RULES: tuple[ContractTypeRule, ...] = (
    ContractTypeRule(
        {
            GOODS: _GOODS_WORKS_OTHER,
            WORKS: _GOODS_WORKS_OTHER,
            OTHER: _GOODS_WORKS_OTHER,
            CONSULTANCY: (OUTPUT, TIME_BASED, FRAMEWORK),
        },
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 27: barang, pekerjaan konstruksi, jasa lainnya: lumsum, harga satuan, gabungan "
        "lumsum dan harga satuan, terima jadi (turnkey), kontrak payung; jasa konsultansi: keluaran (lumsum), "
        "waktu penugasan (time based), kontrak payung",
    ),
)


def contract_type_allowed(*, contract_type: str, procurement_type: str, on: dt.date) -> bool:
    """Whether a contract of ``contract_type`` may be signed for a package of ``procurement_type``: goods, works
    and other services sign lumsum, harga satuan, gabungan, terima jadi or kontrak payung; consultancy signs
    keluaran (lumsum), waktu penugasan or kontrak payung.

    Cites: Perpres 16/2018 Pasal 27 (jenis kontrak; ayat as the project knows it, to be confirmed).
    """
    return contract_type in in_force(CONTRACT_TYPE_RULES, on).types.get(procurement_type, ())


@dataclass(frozen=True)
class MultiYearRule:
    #: a multi-year contract spans at least this many fiscal years
    minimum_years: int
    starts: dt.date
    ends: dt.date | None
    citation: str


MULTI_YEAR_RULES: tuple[MultiYearRule, ...] = (
    MultiYearRule(
        2,
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 (kontrak tahun jamak: pelaksanaan dan pembebanan anggaran lebih dari 1 tahun anggaran)",
    ),
)


def contract_year_split_valid(
    *,
    years: Sequence[tuple[int, Decimal]],
    contract_value: Decimal,
    start_on: dt.date,
    end_on: dt.date,
    on: dt.date,
) -> str:
    """The budget split of a multi-year contract (kontrak tahun jamak): at least two fiscal years (the rule's
    minimum), consecutive and each once, every amount above zero, the amounts adding up to the contract value,
    and the years those of the contract's period (the first the year it starts, the last the year it ends).
    Returns '' when the split is valid, else the code of the first fault.

    Cites: Perpres 16/2018 (kontrak tahun jamak, pembebanan lebih dari 1 tahun anggaran: pasal belum dikonfirmasi);
           Kebijakan Lentera: the split adds up to the contract value in force and covers exactly the fiscal
           years of its period, so each year's budget (DPA) can be matched to it.
    """
    rule = in_force(MULTI_YEAR_RULES, on)
    numbers = sorted(y for y, _amount in years)
    if len(numbers) < rule.minimum_years:
        return "YEARS_TOO_FEW"
    if len(set(numbers)) != len(numbers) or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return "YEARS_NOT_CONSECUTIVE"
    if any(Decimal(amount) <= 0 for _y, amount in years):
        return "YEAR_AMOUNT_INVALID"
    if sum((Decimal(a) for _y, a in years), Decimal(0)) != Decimal(contract_value):
        return "YEARS_SUM_MISMATCH"
    if numbers[0] != start_on.year or numbers[-1] != end_on.year:
        return "YEARS_OUTSIDE_PERIOD"
    return ""
