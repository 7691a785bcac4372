"""Regulation rules of contract management, kept as dated data (rates, thresholds, periods), each citing its source.

A change of regulation is a new row with the date it takes effect; every function below takes the day of the
decision and picks the row in force on that day (``in_force``), so a contract signed under the old rule keeps it.

The texts of Perpres 16/2018 (as changed by Perpres 12/2021 and 46/2025) and Peraturan LKPP 12/2021 are not in
``shared/seeds``; the articles cited are those of the consolidated text as the project knows it, and the legal
officer of the UKPBJ should confirm each one (docs/contracts.md lists them). The performance-rating scale of
Peraturan LKPP 4/2021 (SiKaP) is not confirmed either: it is data here, replaceable without a code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from lentera.planning.models import ProcurementType

GOODS, WORKS, CONSULTANCY, OTHER = (
    ProcurementType.GOODS,
    ProcurementType.WORKS,
    ProcurementType.CONSULTANCY,
    ProcurementType.OTHER_SERVICES,
)

PERPRES_16_2018_IN_FORCE = dt.date(2018, 7, 1)
PERPRES_12_2021_IN_FORCE = dt.date(2021, 2, 2)
LKPP_12_2021_IN_FORCE = dt.date(2021, 6, 8)
LKPP_4_2021_IN_FORCE = dt.date(2021, 3, 8)

RUPIAH = Decimal("1")


class RuleError(LookupError):
    """No row of a rule is in force on the day asked: the rule data must be completed, never guessed."""


class _Dated(Protocol):
    @property
    def starts(self) -> dt.date: ...
    @property
    def ends(self) -> dt.date | None: ...


R = TypeVar("R", bound=_Dated)


def in_force(rows: Sequence[R], on: dt.date) -> R:
    """The row in force on ``on`` (the latest that started on or before it and has not ended).

    Cites: Kebijakan Lentera: a change of regulation is a new dated row, and a decision is judged by the row in force
           on its day (a contract signed under the old rule keeps it); no row in force is an error, never a guess.
    """
    found = [r for r in rows if r.starts <= on and (r.ends is None or on <= r.ends)]
    if not found:
        raise RuleError(f"no rule row in force on {on.isoformat()}")
    return max(found, key=lambda r: r.starts)


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(RUPIAH, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ performance guarantee (jaminan pelaksanaan)


@dataclass(frozen=True)
class PerformanceGuaranteeRule:
    types: frozenset[str]
    above_value: Decimal  # required when the contract value is above this
    rate: Decimal  # of the contract value, or of the HPS when the bid is under low_bid_ratio of the HPS
    low_bid_ratio: Decimal
    starts: dt.date
    ends: dt.date | None
    citation: str


PERFORMANCE_GUARANTEE_RULES: tuple[PerformanceGuaranteeRule, ...] = (
    PerformanceGuaranteeRule(
        frozenset({GOODS, WORKS, OTHER}),
        Decimal("200000000"),
        Decimal("0.05"),
        Decimal("0.80"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 33 ayat (1) dan (3): Jaminan Pelaksanaan untuk Kontrak Barang/Pekerjaan "
        "Konstruksi/Jasa Lainnya di atas Rp200.000.000; 5% dari nilai Kontrak (penawaran 80%-100% HPS) atau 5% "
        "dari nilai total HPS (penawaran di bawah 80% HPS)",
    ),
)


def performance_guarantee_required(
    *, procurement_type: str, contract_value: Decimal, on: dt.date, e_purchasing: bool = False
) -> Decimal | None:
    """The minimum jaminan pelaksanaan, or None where none is required (Perpres 16/2018 Pasal 33 ayat (1)-(3)).

    Not required for consultancy, for contracts up to the threshold, or for e-purchasing orders
    (Pasal 33 ayat (2)). The amount is computed by :func:`performance_guarantee_amount`.

    Cites: Perpres 16/2018 Pasal 33 ayat (1)-(3).
    """
    rule = in_force(PERFORMANCE_GUARANTEE_RULES, on)
    if e_purchasing or procurement_type not in rule.types or contract_value <= rule.above_value:
        return None
    return rule.rate


def performance_guarantee_amount(
    *, contract_value: Decimal, hps_total: Decimal | None, on: dt.date
) -> Decimal:
    """5% of the contract value, or 5% of the HPS when the bid is under 80% of the HPS
    (Perpres 16/2018 Pasal 33 ayat (3)). Rounded to the rupiah, half up.

    Cites: Perpres 16/2018 Pasal 33 ayat (3).
    """
    rule = in_force(PERFORMANCE_GUARANTEE_RULES, on)
    basis = contract_value
    if hps_total and contract_value < hps_total * rule.low_bid_ratio:
        basis = hps_total
    return _rupiah(basis * rule.rate)


def guarantee_covers_period(
    *, valid_from: dt.date, valid_until: dt.date, contract_start: dt.date, handover_due: dt.date
) -> bool:
    """A jaminan pelaksanaan is valid from the contract's signing until the handover of goods / other services or
    the first handover (PHO) of works (Perpres 16/2018 Pasal 33 ayat (4)).

    Cites: Perpres 16/2018 Pasal 33 ayat (4).
    """
    return valid_from <= contract_start and valid_until >= handover_due


# ------------------------------------------------------------------ advance payment (uang muka)


@dataclass(frozen=True)
class AdvancePaymentRule:
    small_business_cap: Decimal
    other_cap: Decimal  # non-small businesses and consultants
    multi_year_cap: Decimal  # of the multi-year contract value (or of its first year)
    starts: dt.date
    ends: dt.date | None
    citation: str


ADVANCE_PAYMENT_RULES: tuple[AdvancePaymentRule, ...] = (
    AdvancePaymentRule(
        Decimal("0.30"),
        Decimal("0.20"),
        Decimal("0.15"),
        LKPP_12_2021_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 53 (pembayaran prestasi pekerjaan, uang muka dengan jaminan uang muka); Peraturan "
        "LKPP 12/2021 Lampiran: uang muka paling tinggi 30% untuk usaha kecil, 20% untuk usaha non-kecil dan "
        "Penyedia Jasa Konsultansi, 15% untuk Kontrak Tahun Jamak",
    ),
)


def advance_payment_cap(*, small_business: bool, consultancy: bool, multi_year: bool, on: dt.date) -> Decimal:
    """The highest advance payment as a share of the contract value (Perpres 16/2018 Pasal 53; Peraturan LKPP
    12/2021 on uang muka): 30% for small businesses, 20% otherwise, 15% for a multi-year contract.

    Cites: Perpres 16/2018 Pasal 53 (uang muka);
           Peraturan LKPP 12/2021 Lampiran (uang muka paling tinggi 30%, 20%, 15%).
    """
    rule = in_force(ADVANCE_PAYMENT_RULES, on)
    if multi_year:
        return rule.multi_year_cap
    if small_business and not consultancy:
        return rule.small_business_cap
    return rule.other_cap


# ------------------------------------------------------------------ retention and penalties


@dataclass(frozen=True)
class RateRule:
    rate: Decimal
    starts: dt.date
    ends: dt.date | None
    citation: str


RETENTION_RULES: tuple[RateRule, ...] = (
    RateRule(
        Decimal("0.05"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 53 ayat (2)-(3): retensi 5% sebagai Jaminan Pemeliharaan Pekerjaan Konstruksi "
        "atau Jasa Lainnya yang membutuhkan masa pemeliharaan; tidak dilakukan bila Penyedia menyerahkan Jaminan "
        "Pemeliharaan 5%",
    ),
)


def retention_rate(
    *, procurement_type: str, has_maintenance_period: bool, maintenance_guarantee: bool, on: dt.date
) -> Decimal:
    """The share of each payment held back until the final handover (Perpres 16/2018 Pasal 53 ayat (2)-(3)):
    5% for works and for other services with a maintenance period, none when a maintenance guarantee was given.

    Cites: Perpres 16/2018 Pasal 53 ayat (2)-(3).
    """
    rule = in_force(RETENTION_RULES, on)
    needs = procurement_type == WORKS or (procurement_type == OTHER and has_maintenance_period)
    if not needs or maintenance_guarantee:
        return Decimal("0")
    return rule.rate


@dataclass(frozen=True)
class PenaltyRule:
    rate: Decimal  # of the basis (contract value, or the late part's value), per calendar day late
    cap_rate: Decimal  # the penalty never exceeds this share of the contract value
    starts: dt.date
    ends: dt.date | None
    citation: str


LATE_PENALTY_RULES: tuple[PenaltyRule, ...] = (
    PenaltyRule(
        Decimal("0.001"),
        Decimal("0.05"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 79 ayat (4): denda keterlambatan 1‰ (satu permil) dari nilai Kontrak atau nilai "
        "bagian Kontrak untuk setiap hari keterlambatan; batas 5% nilai Kontrak (setara jaminan pelaksanaan) "
        "belum dikonfirmasi dalam shared/seeds",
    ),
)


def late_penalty(
    *, basis: Decimal, days_late: int, on: dt.date, contract_value: Decimal | None = None
) -> Decimal:
    """The lateness penalty: 1‰ of the contract value, or of the late part's value when it is separable
    (``basis``), for each calendar day late (Perpres 16/2018 Pasal 79 ayat (4)), never more than 5% of the
    contract value (``contract_value``, the basis when not given). The 5% cap is **not confirmed** in
    shared/seeds (the project's brief; it equals the performance guarantee): rule data. ``on`` is the day the
    contract was signed (the rule it was signed under). Rounded to the rupiah, half up.

    Cites: Perpres 16/2018 Pasal 79 ayat (4);
           Kebijakan Lentera: batas denda 5% nilai kontrak sebagai data bertanggal, belum dikonfirmasi.
    """
    if days_late <= 0:
        return Decimal("0")
    rule = in_force(LATE_PENALTY_RULES, on)
    cap = (basis if contract_value is None else contract_value) * rule.cap_rate
    return _rupiah(min(basis * rule.rate * days_late, cap))


def late_penalty_cap(*, contract_value: Decimal, on: dt.date) -> Decimal:
    """The most lateness penalty a contract can carry: 5% of its value (not confirmed, see late_penalty).

    Cites: Perpres 16/2018 Pasal 79 ayat (4);
           Kebijakan Lentera: batas denda 5% nilai kontrak sebagai data bertanggal, belum dikonfirmasi.
    """
    return _rupiah(contract_value * in_force(LATE_PENALTY_RULES, on).cap_rate)


# ------------------------------------------------------------------ changes, late completion, termination


@dataclass(frozen=True)
class PeriodRule:
    days: int
    starts: dt.date
    ends: dt.date | None
    citation: str


AMENDMENT_VALUE_CAP_RULES: tuple[RateRule, ...] = (
    RateRule(
        Decimal("0.10"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 54 ayat (2): penambahan nilai Kontrak akhir tidak melebihi 10% dari harga yang "
        "tercantum dalam Kontrak awal",
    ),
)


def amendment_value_allowed(
    *, original_value: Decimal, current_value: Decimal, new_value: Decimal, on: dt.date
) -> bool:
    """A change may raise the contract value to at most 110% of the original contract's value (Perpres 16/2018
    Pasal 54 ayat (2)); lowering it is always allowed. ``current_value`` is the value after earlier changes.

    Cites: Perpres 16/2018 Pasal 54 ayat (2).
    """
    if new_value <= current_value:
        return True
    rule = in_force(AMENDMENT_VALUE_CAP_RULES, on)
    return new_value <= original_value * (1 + rule.rate)


LATE_COMPLETION_GRACE_RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        50,
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 56 dan Pasal 93 ayat (1) (diubah Perpres 12/2021): kesempatan menyelesaikan "
        "pekerjaan sampai dengan 50 hari kalender sejak berakhirnya masa pelaksanaan, dengan denda keterlambatan",
    ),
)


def late_completion_last_day(*, planned_end: dt.date, signed_on: dt.date) -> dt.date:
    """The last day a late provider may still finish (with penalty) before the contract may be terminated:
    50 calendar days after the planned end (Perpres 16/2018 Pasal 56 and Pasal 93 ayat (1)).

    Cites: Perpres 16/2018 Pasal 56;
           Perpres 16/2018 Pasal 93 ayat (1) (diubah Perpres 12/2021).
    """
    rule = in_force(LATE_COMPLETION_GRACE_RULES, signed_on)
    return planned_end + dt.timedelta(days=rule.days)


def termination_allowed_for_lateness(*, planned_end: dt.date, signed_on: dt.date, today: dt.date) -> bool:
    """Lateness alone allows termination only after the grace period has run out (Perpres 16/2018 Pasal 93
    ayat (1)); other grounds (breach, fraud) are decided by the PPK with their evidence.

    Cites: Perpres 16/2018 Pasal 93 ayat (1) (diubah Perpres 12/2021).
    """
    return today > late_completion_last_day(planned_end=planned_end, signed_on=signed_on)


# ------------------------------------------------------------------ critical contracts (kontrak kritis)


@dataclass(frozen=True)
class CriticalContractRule:
    early_until: Decimal  # planned progress up to this share is the early phase
    early_deviation: Decimal  # progress behind plan by more than this in the early phase is critical
    late_deviation: Decimal
    starts: dt.date
    ends: dt.date | None
    citation: str


CRITICAL_CONTRACT_RULES: tuple[CriticalContractRule, ...] = (
    CriticalContractRule(
        Decimal("0.70"),
        Decimal("0.10"),
        Decimal("0.05"),
        LKPP_12_2021_IN_FORCE,
        None,
        "Peraturan LKPP 12/2021 Lampiran (kontrak kritis): rencana fisik 0%-70% dengan realisasi terlambat lebih "
        "dari 10%, atau rencana 70%-100% dengan realisasi terlambat lebih dari 5%",
    ),
)


def is_critical(*, planned: Decimal, actual: Decimal, on: dt.date) -> bool:
    """A contract is critical (kontrak kritis: warning letters and a show-cause meeting follow) when its progress
    is behind plan by more than 10 points while the plan is at most 70%, or by more than 5 points after
    (Peraturan LKPP 12/2021 Lampiran). Progress is a share (0-1).

    Cites: Peraturan LKPP 12/2021 Lampiran (kontrak kritis).
    """
    rule = in_force(CRITICAL_CONTRACT_RULES, on)
    behind = planned - actual
    limit = rule.early_deviation if planned <= rule.early_until else rule.late_deviation
    return behind > limit


# ------------------------------------------------------------------ handover and maintenance


MAINTENANCE_PERIOD_RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        180,
        LKPP_12_2021_IN_FORCE,
        None,
        "Peraturan LKPP 12/2021 Lampiran: masa pemeliharaan paling singkat 6 bulan untuk pekerjaan permanen "
        "(3 bulan untuk semi permanen) sejak serah terima pertama (PHO)",
    ),
)


def minimum_maintenance_days(*, permanent: bool, on: dt.date) -> int:
    """The shortest maintenance period between PHO and FHO for works: 6 months (180 days) for permanent works,
    3 months (90 days) for semi-permanent (Peraturan LKPP 12/2021 Lampiran).

    Cites: Peraturan LKPP 12/2021 Lampiran (masa pemeliharaan).
    """
    rule = in_force(MAINTENANCE_PERIOD_RULES, on)
    return rule.days if permanent else rule.days // 2


@dataclass(frozen=True)
class HandoverRule:
    two_stage_types: frozenset[str]  # handed over by PHO, then FHO after the maintenance period
    defects_allowed: frozenset[str]  # stages that may be signed with open defects (fixed before the next one)
    retention_released: frozenset[str]  # stages at which the retention held back is paid out
    starts: dt.date
    ends: dt.date | None
    citation: str


STAGE_BAST, STAGE_PHO, STAGE_FHO = "BAST", "PHO", "FHO"

HANDOVER_RULES: tuple[HandoverRule, ...] = (
    HandoverRule(
        frozenset({WORKS}),
        frozenset({STAGE_PHO}),
        frozenset({STAGE_FHO, STAGE_BAST}),
        LKPP_12_2021_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 57 (diubah Perpres 12/2021): setelah pekerjaan selesai 100% Penyedia mengajukan "
        "serah terima, PPK memeriksa hasil pekerjaan dan menandatangani berita acara serah terima; kekurangan "
        "dan/atau cacat wajib diperbaiki Penyedia. Peraturan LKPP 12/2021 Lampiran: Pekerjaan Konstruksi "
        "diserahterimakan dua tahap (PHO, lalu FHO setelah masa pemeliharaan; kekurangan yang dicatat pada PHO "
        "diperbaiki dalam masa pemeliharaan). Pasal 53 ayat (2): retensi dibayarkan setelah masa pemeliharaan",
    ),
)


def handover_stages(*, procurement_type: str, on: dt.date) -> tuple[str, ...]:
    """The handovers a contract goes through: PHO then FHO (after the maintenance period) for works, one BAST
    for goods, consultancy and other services (Perpres 16/2018 Pasal 57; Peraturan LKPP 12/2021 Lampiran).

    Cites: Perpres 16/2018 Pasal 57 (diubah Perpres 12/2021);
           Peraturan LKPP 12/2021 Lampiran (serah terima pekerjaan konstruksi: PHO dan FHO).
    """
    rule = in_force(HANDOVER_RULES, on)
    if procurement_type in rule.two_stage_types:
        return (STAGE_PHO, STAGE_FHO)
    return (STAGE_BAST,)


def handover_defects_allowed(*, stage: str, on: dt.date) -> bool:
    """Whether a handover may be signed while the inspection found defects: only the PHO, whose defects the
    provider repairs in the maintenance period; a BAST or FHO waits until they are repaired (Perpres 16/2018
    Pasal 57: the provider must repair shortcomings and defects; Peraturan LKPP 12/2021 Lampiran).

    Cites: Perpres 16/2018 Pasal 57 (diubah Perpres 12/2021; ayat belum dikonfirmasi);
           Peraturan LKPP 12/2021 Lampiran (masa pemeliharaan).
    """
    return stage in in_force(HANDOVER_RULES, on).defects_allowed


def retention_released_at(*, stage: str, on: dt.date) -> bool:
    """Whether the retention held back from the termin payments is paid out with this handover: at the FHO
    (after the maintenance period), or at the BAST of a contract that retained (Perpres 16/2018 Pasal 53
    ayat (2)).

    Cites: Perpres 16/2018 Pasal 53 ayat (2) (retensi sebagai jaminan pemeliharaan).
    """
    return stage in in_force(HANDOVER_RULES, on).retention_released


def delivered_total_allowed(*, delivered_total: Decimal, contract_value: Decimal) -> bool:
    """The goods recorded as delivered never add up to more than the contract value in force: the PPK checks
    the goods handed over against the contract (Perpres 16/2018 Pasal 57 ayat (2)).

    Cites: Perpres 16/2018 Pasal 57 (pemeriksaan barang yang diserahkan; ayat belum dikonfirmasi);
           Kebijakan Lentera: the delivered lines are the contract's goods data, never above its value.
    """
    return delivered_total <= contract_value


# ------------------------------------------------------------------ provider performance rating (SiKaP)


@dataclass(frozen=True)
class RatingScale:
    criteria: tuple[str, ...]
    lowest: int
    highest: int
    flag_below: Decimal  # an average below this is flagged to later Pokja and in red flags
    starts: dt.date
    ends: dt.date | None
    citation: str


RATING_SCALES: tuple[RatingScale, ...] = (
    RatingScale(
        ("quality", "cost", "time", "service"),
        1,
        4,
        Decimal("2.0"),
        LKPP_4_2021_IN_FORCE,
        None,
        "Peraturan LKPP 4/2021 (penilaian kinerja Penyedia, SiKaP): kualitas, biaya, waktu dan layanan; skala "
        "1 (kurang) - 4 (sangat baik) sebagai data aturan, belum dikonfirmasi terhadap teks resmi",
    ),
)


def rating_scale(on: dt.date) -> RatingScale:
    """The criteria and the scale in force for a rating given on ``on`` (Peraturan LKPP 4/2021).

    Cites: Peraturan LKPP 4/2021 (penilaian kinerja Penyedia, SiKaP; pasal dan skala belum dikonfirmasi).
    """
    return in_force(RATING_SCALES, on)


def rating_average(scores: dict[str, int], on: dt.date) -> Decimal:
    """The average of one rating: every criterion of the scale in force, each within the scale
    (Peraturan LKPP 4/2021). A missing or out-of-scale score is refused (ValueError).

    Cites: Peraturan LKPP 4/2021 (penilaian kinerja Penyedia, SiKaP; pasal dan skala belum dikonfirmasi).
    """
    scale = rating_scale(on)
    if set(scores) != set(scale.criteria):
        raise ValueError(f"criteria must be exactly {', '.join(scale.criteria)}")
    for name, value in scores.items():
        if not scale.lowest <= value <= scale.highest:
            raise ValueError(f"{name}: {value} is outside {scale.lowest}-{scale.highest}")
    total = Decimal(sum(scores.values()))
    return (total / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rating_is_flagged(average: Decimal, on: dt.date) -> bool:
    """A rating average below the scale's flag line is shown to later Pokja and feeds the red flags
    (Peraturan LKPP 4/2021; the line is rule data).

    Cites: Peraturan LKPP 4/2021 (penilaian kinerja Penyedia, SiKaP; pasal belum dikonfirmasi);
           Kebijakan Lentera: the flag line is rule data (RATING_SCALES), shown to later Pokja and in the red flags.
    """
    return average < rating_scale(on).flag_below


# ------------------------------------------------------------------ refusing the SPPBJ


@dataclass(frozen=True)
class AwardRefusalRule:
    accepted_reasons: frozenset[str]  # reasons accepted without a sanction
    starts: dt.date
    ends: dt.date | None
    citation: str


#: The reasons a winner may give for refusing the SPPBJ: keadaan kahar is accepted; anything else is a
#: resignation without an acceptable reason, flagged for the sanction.
REFUSAL_FORCE_MAJEURE, REFUSAL_OTHER = "FORCE_MAJEURE", "OTHER"

AWARD_REFUSAL_RULES: tuple[AwardRefusalRule, ...] = (
    AwardRefusalRule(
        frozenset({REFUSAL_FORCE_MAJEURE}),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 78 ayat (3): pemenang pemilihan yang mengundurkan diri dengan alasan yang tidak "
        "dapat diterima dikenakan sanksi (digugurkan, jaminan penawaran dicairkan, Daftar Hitam); Pasal 55 "
        "(keadaan kahar); alasan yang diterima sebagai data aturan, belum dikonfirmasi terhadap teks resmi",
    ),
)


def refusal_reason_accepted(*, reason: str, on: dt.date) -> bool:
    """Whether a winner's reason for refusing the SPPBJ is accepted without a sanction (Perpres 16/2018 Pasal 78
    ayat (3)): keadaan kahar is; any other reason is flagged for the sanction.

    Cites: Perpres 16/2018 Pasal 78 ayat (3) (ayat belum dikonfirmasi);
           Perpres 16/2018 Pasal 55 (keadaan kahar).
    """
    return reason in in_force(AWARD_REFUSAL_RULES, on).accepted_reasons


# ------------------------------------------------------------------ advance payment guarantee (jaminan uang muka)


ADVANCE_GUARANTEE_RULES: tuple[RateRule, ...] = (
    RateRule(
        Decimal("1"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 34 ayat (1)-(2): Jaminan Uang Muka diserahkan Penyedia kepada PPK senilai uang "
        "muka; nilainya bertahap dapat dikurangi sesuai sisa uang muka",
    ),
)


def advance_guarantee_required(*, advance: Decimal, on: dt.date) -> Decimal:
    """The smallest jaminan uang muka for an advance payment: its whole value (Perpres 16/2018 Pasal 34
    ayat (1)). Rounded to the rupiah, half up.

    Cites: Perpres 16/2018 Pasal 34 ayat (1).
    """
    return _rupiah(advance * in_force(ADVANCE_GUARANTEE_RULES, on).rate)


def advance_repayment(
    *, advance: Decimal, outstanding: Decimal, gross: Decimal, contract_value: Decimal, final: bool
) -> Decimal:
    """The part of the advance paid back from a termin: in proportion to the term's share of the contract value,
    and whatever is still outstanding on the last term (Perpres 16/2018 Pasal 34 ayat (2): the advance, and its
    guarantee, are reduced as the advance is repaid).

    Cites: Perpres 16/2018 Pasal 34 ayat (2).
    """
    if final:
        return outstanding
    share = _rupiah(advance * gross / contract_value) if contract_value else outstanding
    return min(outstanding, share)


# ------------------------------------------------------------------ the start order (SPMK / surat pesanan)


@dataclass(frozen=True)
class StartOrderRule:
    order_types: frozenset[str]  # types started by a surat pesanan; the others by an SPMK
    starts: dt.date
    ends: dt.date | None
    citation: str


START_ORDER_RULES: tuple[StartOrderRule, ...] = (
    StartOrderRule(
        frozenset({GOODS}),
        LKPP_12_2021_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 52 ayat (1); Peraturan LKPP 12/2021 Lampiran: pelaksanaan Pekerjaan Konstruksi "
        "dan Jasa Konsultansi dimulai dengan Surat Perintah Mulai Kerja (SPMK), pengadaan Barang dengan Surat "
        "Pesanan; tanggal mulai pelaksanaan mengikuti SPMK / Surat Pesanan",
    ),
)


def start_order_kind(*, procurement_type: str, on: dt.date) -> str:
    """ "ORDER" (surat pesanan) for goods, "SPMK" for works, consultancy and other services: the letter that
    starts the contract's execution and fixes its start date (Peraturan LKPP 12/2021 Lampiran).

    Cites: Peraturan LKPP 12/2021 (SPMK dan Surat Pesanan; pasal belum dikonfirmasi).
    """
    rule = in_force(START_ORDER_RULES, on)
    return "ORDER" if procurement_type in rule.order_types else "SPMK"
