"""Rule data of a contract's late end, kept beside ``rules.py`` (same dated rows, same ``in_force``): the days late
and the penalty as of a day, the warning letters (teguran), the grace period (pemberian kesempatan), keadaan kahar
and the grounds of termination (pemutusan) with what follows from each.

The Perpres and Peraturan LKPP texts are not in ``shared/seeds``: the articles are those of the consolidated text
as the project knows it (Perpres 16/2018 as changed by Perpres 12/2021) and the UKPBJ's legal officer should
confirm them; what is not confirmed says so in its citation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .rules import (
    LKPP_12_2021_IN_FORCE,
    PERPRES_12_2021_IN_FORCE,
    PERPRES_16_2018_IN_FORCE,
    in_force,
    late_completion_last_day,
    late_penalty,
)

# ------------------------------------------------------------------ days late and the penalty as of a day


def days_late(*, planned_end: dt.date, on: dt.date) -> int:
    """Calendar days past the planned end (the end in force after amendments and keadaan kahar) on ``on``;
    0 while the period runs (Perpres 16/2018 Pasal 56 ayat (1), Pasal 79 ayat (4): each day late is penalised).

    Cites: Perpres 16/2018 Pasal 56 ayat (1);
           Perpres 16/2018 Pasal 79 ayat (4).
    """
    return max(0, (on - planned_end).days)


def penalty_as_of(*, basis: Decimal, planned_end: dt.date, signed_on: dt.date, on: dt.date) -> Decimal:
    """The lateness penalty accrued on ``on``: rules.late_penalty for the days late (1 per mille of the contract
    value a day, under the rule in force at signing).

    Cites: Perpres 16/2018 Pasal 79 ayat (4).
    """
    return late_penalty(basis=basis, days_late=days_late(planned_end=planned_end, on=on), on=signed_on)


# ------------------------------------------------------------------ warning letters (surat teguran)


@dataclass(frozen=True)
class WarningRule:
    limit: int  # warnings numbered 1..limit
    starts: dt.date
    ends: dt.date | None
    citation: str


WARNING_RULES: tuple[WarningRule, ...] = (
    WarningRule(
        3,
        LKPP_12_2021_IN_FORCE,
        None,
        "Peraturan LKPP 12/2021 Lampiran (kontrak kritis): PPK menerbitkan surat peringatan / teguran kepada "
        "Penyedia, paling banyak tiga kali, sebelum rapat pembuktian dan pemutusan (jumlah sebagai data aturan, "
        "belum dikonfirmasi terhadap teks resmi)",
    ),
)


def warning_limit(*, on: dt.date) -> int:
    """How many warning letters (teguran 1, 2, 3) the PPK issues to a late or critical provider.

    Cites: Peraturan LKPP 12/2021 Lampiran (kontrak kritis; jumlah teguran belum dikonfirmasi).
    """
    return in_force(WARNING_RULES, on).limit


# ------------------------------------------------------------------ the grace period (pemberian kesempatan)


def grace_days_allowed(*, planned_end: dt.date, signed_on: dt.date, last_day: dt.date) -> bool:
    """A grace period (pemberian kesempatan) ends after the planned end and no later than the late-completion
    limit (rules.late_completion_last_day: 50 calendar days); the penalty keeps running through it and the
    performance guarantee must be extended to cover it (Pasal 56 ayat (2)).

    Cites: Perpres 16/2018 Pasal 56 ayat (1)-(2);
           Perpres 16/2018 Pasal 93 ayat (1) huruf a.2 (diubah Perpres 12/2021).
    """
    limit = late_completion_last_day(planned_end=planned_end, signed_on=signed_on)
    return planned_end < last_day <= limit


# ------------------------------------------------------------------ keadaan kahar (force majeure)


@dataclass(frozen=True)
class ForceMajeureRule:
    effects: frozenset[str]
    starts: dt.date
    ends: dt.date | None
    citation: str


#: What keadaan kahar does to the contract: the period is extended by the days recorded (no lateness penalty for
#: them), or the contract is stopped and the provider paid for the progress reached.
EXTEND, STOP = "EXTEND", "STOP"

FORCE_MAJEURE_RULES: tuple[ForceMajeureRule, ...] = (
    ForceMajeureRule(
        frozenset({EXTEND, STOP}),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 55: dalam hal terjadi keadaan kahar pelaksanaan Kontrak dapat dihentikan (ayat 1) "
        "dan PPK membayar sesuai prestasi yang dicapai (ayat 2); bila dilanjutkan para pihak dapat mengubah "
        "Kontrak (ayat 3); perpanjangan waktu karena keadaan kahar dapat melampaui Tahun Anggaran (ayat 4)",
    ),
)


def force_majeure_end(
    *, end_on: dt.date, effect: str, event_from: dt.date, event_until: dt.date, on: dt.date
):
    """The planned end after keadaan kahar: for an extension, the end moves by the days of the event (from and
    until, both counted) so they carry no lateness penalty; a stoppage keeps the end. An unknown effect or an
    event ending before it starts is refused (ValueError).

    Cites: Perpres 16/2018 Pasal 55 ayat (1)-(4).
    """
    rule = in_force(FORCE_MAJEURE_RULES, on)
    if effect not in rule.effects:
        raise ValueError(f"effect must be one of {', '.join(sorted(rule.effects))}")
    if event_until < event_from:
        raise ValueError("the event ends before it starts")
    if effect == STOP:
        return end_on
    return end_on + dt.timedelta(days=(event_until - event_from).days + 1)


# ------------------------------------------------------------------ termination (pemutusan)


@dataclass(frozen=True)
class TerminationGround:
    code: str
    lateness: str  # "" any time; "LATE" only once past the planned end; "AFTER_GRACE" only after the 50 days
    provider_fault: bool  # the guarantee is claimed, the penalty is due and a blacklist sanction is proposed
    sanction_category: str  # providers.BlacklistEntry.Category of the proposal


@dataclass(frozen=True)
class TerminationRule:
    grounds: tuple[TerminationGround, ...]
    starts: dt.date
    ends: dt.date | None
    citation: str


NEED_CANNOT_WAIT, UNABLE_EVEN_WITH_GRACE, GRACE_EXPIRED = (
    "NEED_CANNOT_WAIT",
    "UNABLE_WITH_GRACE",
    "GRACE_EXPIRED",
)
DEFAULT, FRAUD, COMPLAINT_UPHELD = "DEFAULT", "FRAUD", "COMPLAINT_UPHELD"

TERMINATION_RULES: tuple[TerminationRule, ...] = (
    TerminationRule(
        (
            TerminationGround(NEED_CANNOT_WAIT, "LATE", True, "NON_PERFORMANCE"),
            TerminationGround(UNABLE_EVEN_WITH_GRACE, "LATE", True, "NON_PERFORMANCE"),
            TerminationGround(GRACE_EXPIRED, "AFTER_GRACE", True, "NON_PERFORMANCE"),
            TerminationGround(DEFAULT, "", True, "NON_PERFORMANCE"),
            TerminationGround(FRAUD, "", True, "FALSE_DOCUMENTS"),
            TerminationGround(COMPLAINT_UPHELD, "", True, "COLLUSION"),
        ),
        PERPRES_12_2021_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 93 ayat (1) (diubah Perpres 12/2021): PPK dapat memutuskan Kontrak bila a. "
        "kebutuhan tidak dapat ditunda melebihi batas berakhirnya Kontrak; a.1 Penyedia tidak akan mampu "
        "menyelesaikan walaupun diberi kesempatan 50 hari; a.2 setelah diberi kesempatan 50 hari tidak dapat "
        "menyelesaikan; b. Penyedia lalai / cidera janji dan tidak memperbaiki; c. KKN, kecurangan, pemalsuan; d. "
        "pengaduan dinyatakan benar. Ayat (2): karena kesalahan Penyedia, Jaminan Pelaksanaan dicairkan, sisa "
        "uang muka dilunasi, denda dibayar dan Penyedia dimasukkan dalam Daftar Hitam",
    ),
)


def termination_ground(*, code: str, on: dt.date) -> TerminationGround:
    """The ground of termination ``code`` in force on ``on`` (Pasal 93 ayat (1) huruf a-d), with when it may be
    used and what follows (ayat (2)); an unknown code is refused (LookupError).

    Cites: Perpres 16/2018 Pasal 93 ayat (1)-(2) (diubah Perpres 12/2021).
    """
    for ground in in_force(TERMINATION_RULES, on).grounds:
        if ground.code == code:
            return ground
    raise LookupError(f"unknown termination ground {code}")


def termination_ground_applies(
    *, ground: TerminationGround, planned_end: dt.date, signed_on: dt.date, on: dt.date
) -> bool:
    """Whether the ground may be used on ``on``: the lateness grounds only once the planned end has passed, the
    end of the grace only after the late-completion limit (rules.termination_allowed_for_lateness); breach,
    fraud and an upheld complaint at any time, with their evidence.

    Cites: Perpres 16/2018 Pasal 93 ayat (1) (diubah Perpres 12/2021).
    """
    if ground.lateness == "LATE":
        return on > planned_end
    if ground.lateness == "AFTER_GRACE":
        return on > late_completion_last_day(planned_end=planned_end, signed_on=signed_on)
    return True


# ------------------------------------------------------------------ the advance at termination


def advance_settlement(
    *, outstanding: Decimal, guarantee_amount: Decimal, guarantee_valid: bool, provider_fault: bool
) -> tuple[Decimal, Decimal]:
    """What settles the advance (uang muka) not yet repaid by the paid termins when the contract is terminated:
    ``(claimed, to_repay)``. For the provider's fault the jaminan uang muka is claimed for it, up to the
    guarantee's value and only while it is still valid on the termination day; the rest (all of it, when the
    termination is not the provider's fault or the guarantee has lapsed) the provider repays.

    Cites: Perpres 16/2018 Pasal 93 ayat (2) huruf b (diubah Perpres 12/2021: sisa uang muka dilunasi penyedia atau
           jaminan uang muka dicairkan);
           Perpres 16/2018 Pasal 34 ayat (1) (jaminan uang muka).
    """
    outstanding = max(outstanding, Decimal("0"))
    claimed = min(outstanding, guarantee_amount) if provider_fault and guarantee_valid else Decimal("0")
    return claimed, outstanding - claimed
