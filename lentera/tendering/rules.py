"""Regulation rules of the selection workflow, kept as data, each citing its source.

The texts of Perpres 16/2018 (as changed by Perpres 12/2021) and of Peraturan LKPP 12/2021 are not in
``shared/seeds``; the articles cited are those of the consolidated national texts. A change of regulation is a
change of a row here (with its citation), not of the services.

Conventions: times are stored in UTC and judged in Asia/Jakarta; "working day" is
:mod:`lentera.core.calendar` (weekends, national holidays, admin-added days off of the tender's instansi);
a window is ``[starts_at, ends_at)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .enums import Stage

# --------------------------------------------------------------------------------------------------------------
# Money and evaluation thresholds
# --------------------------------------------------------------------------------------------------------------

#: Bids above the HPS are not valid (batas tertinggi penawaran yang sah).
HPS_CEILING_CITATION = "Perpres 16/2018 Pasal 26 ayat (5) huruf b"

#: Bids under 80% of the HPS: price reasonableness check (works) and a performance guarantee of 5% of the HPS.
LOW_BID_RATIO = Decimal("0.80")
LOW_BID_CITATION = "Perpres 16/2018 Pasal 26 ayat (5) huruf c; Pasal 33 ayat (3)"

#: Performance guarantee (jaminan pelaksanaan): 5% of the contract value when the corrected bid is 80-100% of
#: the HPS; 5% of the HPS when it is under 80% of the HPS.
PERFORMANCE_GUARANTEE_RATE = Decimal("0.05")
PERFORMANCE_GUARANTEE_CITATION = "Perpres 16/2018 Pasal 33 ayat (3)"

#: Sanggah banding guarantee: 1% of the HPS.
APPEAL_GUARANTEE_RATE = Decimal("0.01")
APPEAL_GUARANTEE_CITATION = (
    "Perpres 16/2018 Pasal 30 ayat (1) huruf b dan Pasal 32 (Jaminan Sanggah Banding 1% HPS)"
)

#: Merit point (sistem nilai): technical and price weights add up to 100%.
MERIT_WEIGHT_TOTAL = Decimal("100")
MERIT_CITATION = "Perpres 16/2018 Pasal 39 ayat (2) dan Pasal 40 (sistem nilai / kualitas dan biaya)"

LIFE_CYCLE_CITATION = "Perpres 16/2018 Pasal 39 ayat (3) (penilaian biaya selama umur ekonomis)"

#: Pokja decisions need more than half of its active members.
MAJORITY_CITATION = "Peraturan LKPP 12/2021 (keputusan Pokja Pemilihan berdasarkan suara terbanyak anggota)"

#: E-reverse auction: Tender Cepat; or when only two bids pass the technical evaluation.
REVERSE_AUCTION_PASSED_COUNT = 2
REVERSE_AUCTION_CITATION = (
    "Perpres 16/2018 Pasal 50 ayat (4) (Tender Cepat); Peraturan LKPP 12/2021 (e-reverse auction)"
)


def majority_needed(member_count: int) -> int:
    """Members needed for a Pokja decision: more than half (2 of 3, 3 of 5). See MAJORITY_CITATION.

    Cites: Peraturan LKPP 12/2021 (keputusan Pokja Pemilihan diambil dengan suara terbanyak anggotanya; pasal belum
           dikonfirmasi).
    """
    return member_count // 2 + 1


def appeal_guarantee(hps_total: Decimal | None) -> Decimal:
    """The minimum sanggah banding guarantee: 1% of the HPS, rounded to the rupiah (APPEAL_GUARANTEE_CITATION).

    Cites: Perpres 16/2018 Pasal 30 ayat (1) huruf b;
           Perpres 16/2018 Pasal 32 (Jaminan Sanggah Banding 1% dari nilai HPS).
    """
    return (Decimal(hps_total or 0) * APPEAL_GUARANTEE_RATE).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def is_low_bid(price: Decimal, hps_total: Decimal | None) -> bool:
    """Perpres 16/2018 Pasal 26 ayat (5) huruf c: a corrected bid under 80% of the HPS.

    Cites: Perpres 16/2018 Pasal 26 ayat (5) huruf c.
    """
    return hps_total is not None and Decimal(price) < Decimal(hps_total) * LOW_BID_RATIO


def is_above_hps(price: Decimal, hps_total: Decimal | None) -> bool:
    """Perpres 16/2018 Pasal 26 ayat (5) huruf b: the HPS is the ceiling of a valid bid.

    Cites: Perpres 16/2018 Pasal 26 ayat (5) huruf b.
    """
    return hps_total is not None and Decimal(price) > Decimal(hps_total)


def negotiated_price_refusal(
    agreed: Decimal, offer_price: Decimal | None, hps_total: Decimal | None
) -> str | None:
    """Why the price agreed in the clarification and negotiation (Pengadaan Langsung, Penunjukan Langsung) is
    refused, or None: ``NEGOTIATED_ABOVE_OFFER`` when it is not positive or exceeds the offer (a negotiation only
    lowers a price), ``BID_ABOVE_HPS`` when it exceeds the HPS (:func:`is_above_hps`).

    Cites: Perpres 16/2018 Pasal 50 ayat (6)-(7) (negosiasi teknis dan harga);
           Perpres 16/2018 Pasal 26 ayat (5) huruf b.
    """
    if agreed <= 0 or (offer_price is not None and agreed > offer_price):
        return "NEGOTIATED_ABOVE_OFFER"
    if is_above_hps(agreed, hps_total):
        return "BID_ABOVE_HPS"
    return None


def invitation_allowed(*, method: str, invited_provider_id: int | None, provider_id: int) -> bool:
    """Whether a provider may be invited: in a Penunjukan Langsung only the one provider named (with its reason)
    when the tender was drafted; in a Pengadaan Langsung any provider the Pejabat Pengadaan chooses.

    Cites: Perpres 16/2018 Pasal 50 ayat (6) (Penunjukan Langsung: undangan kepada satu Pelaku Usaha yang dipilih).
    """
    return str(method) != "PENUNJUKAN_LANGSUNG" or provider_id == invited_provider_id


def performance_guarantee(price: Decimal, hps_total: Decimal | None) -> Decimal:
    """Perpres 16/2018 Pasal 33 ayat (3): 5% of the contract value, or 5% of the HPS for a bid under 80% HPS.

    Cites: Perpres 16/2018 Pasal 33 ayat (3).
    """
    basis = Decimal(hps_total) if hps_total is not None and is_low_bid(price, hps_total) else Decimal(price)
    return (basis * PERFORMANCE_GUARANTEE_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------------------------
# Schedule (jadwal)
# --------------------------------------------------------------------------------------------------------------

#: Working hours in which a provider's deadline must fall (jam kerja, WIB).
WORKING_HOURS = (dt.time(8, 0), dt.time(16, 0))
WORKING_HOURS_CITATION = "Peraturan LKPP 12/2021: batas akhir tahapan pada hari dan jam kerja"

#: Stages whose end is a provider's deadline: they must end on a working day, within working hours.
DEADLINE_STAGES = frozenset(
    {
        Stage.QUALIFICATION_UPLOAD,
        Stage.EXPLANATION,
        Stage.BID_UPLOAD,
        Stage.OBJECTION,
        Stage.APPEAL,
        Stage.OFFER,
    }
)


@dataclass(frozen=True)
class DurationRule:
    """``stage``'s end measured from ``anchor_stage``'s ``anchor_edge`` ("start" or "end").

    MIN: the stage may not end before the anchor + amount (a rolled-forward date when that falls on a day off).
    MAX: the stage must end by the anchor + amount (rolled forward the same way).
    """

    code: str
    stage: str
    kind: str  # "MIN" | "MAX"
    amount: int
    unit: str  # "CALENDAR_DAYS" | "WORKING_DAYS"
    anchor_stage: str
    anchor_edge: str
    citation: str
    message: Any
    applies: Callable[[Any], bool] = lambda tender: True
    edge: str = "end"  # which edge of `stage` is measured


def _is_tender(tender: Any) -> bool:
    return str(tender.method) in {"TENDER", "SELEKSI", "TENDER_CEPAT"}


SCHEDULE_RULES: tuple[DurationRule, ...] = (
    DurationRule(
        "EXPLANATION_AFTER_ANNOUNCEMENT",
        Stage.EXPLANATION,
        "MIN",
        3,
        "WORKING_DAYS",
        Stage.ANNOUNCEMENT,
        "start",
        "Peraturan LKPP 12/2021 Lampiran II: pemberian penjelasan paling cepat 3 (tiga) hari kerja sejak "
        "tanggal pengumuman",
        _("Pemberian penjelasan paling cepat 3 hari kerja sejak pengumuman."),
        _is_tender,
        "start",
    ),
    DurationRule(
        "BID_UPLOAD_AFTER_EXPLANATION",
        Stage.BID_UPLOAD,
        "MIN",
        3,
        "WORKING_DAYS",
        Stage.EXPLANATION,
        "end",
        "Peraturan LKPP 12/2021 Lampiran II: batas akhir penyampaian penawaran paling cepat 3 (tiga) hari kerja "
        "setelah pemberian penjelasan",
        _("Batas akhir upload penawaran paling cepat 3 hari kerja setelah pemberian penjelasan berakhir."),
        _is_tender,
    ),
    DurationRule(
        "FAST_BID_UPLOAD_AFTER_ANNOUNCEMENT",
        Stage.BID_UPLOAD,
        "MIN",
        3,
        "WORKING_DAYS",
        Stage.ANNOUNCEMENT,
        "start",
        "Peraturan LKPP 12/2021 Lampiran II (Tender Cepat): penyampaian penawaran paling cepat 3 (tiga) hari "
        "kerja sejak pengumuman",
        _("Batas akhir upload penawaran Tender Cepat paling cepat 3 hari kerja sejak pengumuman."),
        lambda tender: str(tender.method) == "TENDER_CEPAT",
    ),
    DurationRule(
        "OBJECTION_5_CALENDAR_DAYS",
        Stage.OBJECTION,
        "MIN",
        5,
        "CALENDAR_DAYS",
        Stage.OBJECTION,
        "start",
        "Perpres 16/2018 Pasal 50 ayat (1) huruf h; Peraturan LKPP 12/2021: sanggah diajukan dalam waktu 5 (lima) "
        "hari kalender setelah pengumuman pemenang",
        _("Masa sanggah paling kurang 5 hari kalender setelah pengumuman pemenang."),
    ),
    DurationRule(
        "OBJECTION_ANSWER_3_CALENDAR_DAYS",
        Stage.OBJECTION_ANSWER,
        "MAX",
        3,
        "CALENDAR_DAYS",
        Stage.OBJECTION,
        "end",
        "Peraturan LKPP 12/2021: Pokja Pemilihan menjawab sanggah paling lambat 3 (tiga) hari kalender setelah "
        "masa sanggah berakhir",
        _("Jawaban sanggah paling lambat 3 hari kalender setelah masa sanggah berakhir."),
    ),
    DurationRule(
        "APPEAL_5_CALENDAR_DAYS",
        Stage.APPEAL,
        "MIN",
        5,
        "CALENDAR_DAYS",
        Stage.APPEAL,
        "start",
        "Perpres 16/2018 Pasal 50 ayat (2); Peraturan LKPP 12/2021: sanggah banding diajukan dalam waktu 5 (lima) "
        "hari kalender setelah jawaban sanggah",
        _("Masa sanggah banding paling kurang 5 hari kalender setelah jawaban sanggah."),
    ),
    DurationRule(
        "APPEAL_ANSWER_14_CALENDAR_DAYS",
        Stage.APPEAL_ANSWER,
        "MAX",
        14,
        "CALENDAR_DAYS",
        Stage.APPEAL,
        "end",
        "Peraturan LKPP 12/2021: PA/KPA menjawab sanggah banding paling lambat 14 (empat belas) hari kalender "
        "setelah sanggah banding diterima",
        _("Jawaban sanggah banding paling lambat 14 hari kalender setelah masa sanggah banding berakhir."),
    ),
)

ORDER_CITATION = "Perpres 16/2018 Pasal 50 ayat (1), (4), (6), (7): urutan tahapan pemilihan"


def _calendar():
    from lentera.core import calendar  # the planning engineer's working-day calendar

    return calendar


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(_calendar().JAKARTA)


def in_working_time(value: dt.datetime, agency: Any = None) -> bool:
    """True when `value` (Asia/Jakarta) is on a working day within WORKING_HOURS (both ends included).

    Cites: Peraturan LKPP 12/2021 (batas akhir tahapan pada hari kerja dan jam kerja; pasal belum dikonfirmasi);
           Kebijakan Lentera: jam kerja 08.00-16.00 WIB (WORKING_HOURS) and the working-day calendar of
           lentera.core.calendar, until the instansi sets its own hours.
    """
    local = _local(value)
    start, end = WORKING_HOURS
    return (
        _calendar().is_working_day(local.date(), agency) and start <= local.time().replace(tzinfo=None) <= end
    )


def _roll_forward(value: dt.datetime, agency: Any) -> dt.datetime:
    """A moment that falls on a day off moves to the next working day, same time of day."""
    cal = _calendar()
    local = _local(value)
    if cal.is_working_day(local.date(), agency):
        return value
    day = cal.next_working_day(local.date(), agency)
    return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)


def rule_deadline(rule: DurationRule, anchor: dt.datetime, agency: Any = None) -> dt.datetime:
    """The boundary a rule sets for its stage's end, from the anchor moment.

    Calendar days: anchor + n days, rolled forward to the next working day when it falls on a day off (a deadline
    never ends on a weekend or holiday). Working days: the n-th working day after the anchor's date, same time.

    Cites: Kebijakan Lentera: a boundary counted in calendar days that falls on a day off moves to the next working
           day, so a deadline never ends on a weekend or holiday; the durations themselves are the rows of
           SCHEDULE_RULES, each with its article.
    """
    cal = _calendar()
    if rule.unit == "WORKING_DAYS":
        local = _local(anchor)
        day = cal.add_working_days(local.date(), rule.amount, agency)
        return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)
    return _roll_forward(anchor + dt.timedelta(days=rule.amount), agency)


def objection_deadline(announced_at: dt.datetime, agency: Any = None) -> dt.datetime:
    """Earliest end of the objection period: 5 calendar days after the winner announcement, rolled forward to a
    working day (OBJECTION_5_CALENDAR_DAYS).

    Cites: Perpres 16/2018 Pasal 50 ayat (1) huruf h;
           Peraturan LKPP 12/2021 (sanggah dalam 5 hari kalender setelah pengumuman pemenang; pasal belum
           dikonfirmasi).
    """
    return rule_deadline(_rule("OBJECTION_5_CALENDAR_DAYS"), announced_at, agency)


def objection_answer_deadline(objection_ends_at: dt.datetime, agency: Any = None) -> dt.datetime:
    """Latest answer to the objections: 3 calendar days after the period ends (OBJECTION_ANSWER_3_CALENDAR_DAYS).

    Cites: Peraturan LKPP 12/2021 (jawaban sanggah paling lambat 3 hari kalender setelah masa sanggah berakhir;
           pasal belum dikonfirmasi).
    """
    return rule_deadline(_rule("OBJECTION_ANSWER_3_CALENDAR_DAYS"), objection_ends_at, agency)


def appeal_deadline(opened_at: dt.datetime, agency: Any = None) -> dt.datetime:
    """Earliest end of the appeal period: 5 calendar days after it opens (the objection answer), rolled forward to a
    working day (APPEAL_5_CALENDAR_DAYS).

    Cites: Perpres 16/2018 Pasal 50 ayat (2);
           Peraturan LKPP 12/2021 (sanggah banding dalam 5 hari kalender setelah jawaban sanggah; pasal belum
           dikonfirmasi).
    """
    return rule_deadline(_rule("APPEAL_5_CALENDAR_DAYS"), opened_at, agency)


def appeal_answer_deadline(appeal_ends_at: dt.datetime, agency: Any = None) -> dt.datetime:
    """Latest answer to the appeals: 14 calendar days after the appeal period ends (APPEAL_ANSWER_14_CALENDAR_DAYS).

    Cites: Peraturan LKPP 12/2021 (jawaban sanggah banding paling lambat 14 hari kalender; pasal belum
           dikonfirmasi).
    """
    return rule_deadline(_rule("APPEAL_ANSWER_14_CALENDAR_DAYS"), appeal_ends_at, agency)


def _rule(code: str) -> DurationRule:
    return next(r for r in SCHEDULE_RULES if r.code == code)


@dataclass(frozen=True)
class Problem:
    code: str
    stage: str
    message: str
    citation: str


Window = tuple[dt.datetime, dt.datetime]


def check_schedule(
    tender: Any, stages: tuple[str, ...], windows: Mapping[str, Window], agency: Any = None
) -> list[Problem]:
    """Every problem of a proposed schedule (empty when it is valid).

    * every stage of the method has a window, ending after it starts (ORDER_CITATION);
    * stages follow each other: a stage starts at or after the previous one ends (ORDER_CITATION);
    * deadline stages end on a working day within working hours (WORKING_HOURS_CITATION);
    * the minimum and maximum durations of SCHEDULE_RULES.

    Cites: Perpres 16/2018 Pasal 50 ayat (1), (4), (6), (7) (urutan tahapan pemilihan);
           Peraturan LKPP 12/2021 Lampiran II (jangka waktu tahapan: the rows of SCHEDULE_RULES, each with its own
           citation).
    """
    problems: list[Problem] = []
    for stage in stages:
        if stage not in windows:
            problems.append(
                Problem(
                    "SCHEDULE_STAGE_MISSING", stage, str(_("Jadwal tahapan ini belum diisi.")), ORDER_CITATION
                )
            )
    if problems:
        return problems
    previous: str | None = None
    for stage in stages:
        start, end = windows[stage]
        if end <= start:
            problems.append(
                Problem(
                    "SCHEDULE_ENDS_BEFORE_START",
                    stage,
                    str(_("Akhir tahapan harus setelah awalnya.")),
                    ORDER_CITATION,
                )
            )
        if previous is not None and start < windows[previous][1]:
            problems.append(
                Problem(
                    "SCHEDULE_ORDER",
                    stage,
                    str(_("Tahapan harus dimulai setelah tahapan sebelumnya berakhir.")),
                    ORDER_CITATION,
                )
            )
        if stage in DEADLINE_STAGES and not in_working_time(end, agency):
            problems.append(
                Problem(
                    "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME",
                    stage,
                    str(_("Batas akhir tahapan ini harus pada hari kerja dan jam kerja (08.00-16.00 WIB).")),
                    WORKING_HOURS_CITATION,
                )
            )
        previous = stage
    for rule in SCHEDULE_RULES:
        if rule.stage not in windows or rule.anchor_stage not in windows or not rule.applies(tender):
            continue
        anchor = windows[rule.anchor_stage][0 if rule.anchor_edge == "start" else 1]
        boundary = rule_deadline(rule, anchor, agency)
        end = windows[rule.stage][0 if rule.edge == "start" else 1]
        if (rule.kind == "MIN" and end < boundary) or (rule.kind == "MAX" and end > boundary):
            problems.append(Problem(rule.code, rule.stage, str(rule.message), rule.citation))
    return problems


#: Default lengths used to suggest a schedule (the Pokja edits it; rules above still decide what is valid).
DEFAULT_LENGTHS: dict[str, dt.timedelta] = {
    Stage.ANNOUNCEMENT: dt.timedelta(days=1),
    Stage.DOCUMENT_DOWNLOAD: dt.timedelta(days=2),
    Stage.QUALIFICATION_UPLOAD: dt.timedelta(days=3),
    Stage.QUALIFICATION_EVALUATION: dt.timedelta(days=2),
    Stage.SHORTLIST_ANNOUNCEMENT: dt.timedelta(days=1),
    Stage.EXPLANATION: dt.timedelta(hours=3),
    Stage.BID_UPLOAD: dt.timedelta(days=3),
    Stage.OPENING: dt.timedelta(hours=4),
    Stage.EVALUATION: dt.timedelta(days=2),
    Stage.PRICE_OPENING: dt.timedelta(hours=4),
    Stage.PRICE_EVALUATION: dt.timedelta(days=1),
    Stage.QUALIFICATION_PROOF: dt.timedelta(days=1),
    Stage.WINNER_DECISION: dt.timedelta(days=1),
    Stage.WINNER_ANNOUNCEMENT: dt.timedelta(hours=2),
    Stage.OBJECTION: dt.timedelta(days=5),
    Stage.OBJECTION_ANSWER: dt.timedelta(days=2),
    Stage.APPEAL: dt.timedelta(days=5),
    Stage.APPEAL_ANSWER: dt.timedelta(days=7),
    Stage.AWARD_LETTER: dt.timedelta(days=2),
    Stage.CONTRACT_SIGNING: dt.timedelta(days=14),
    Stage.INVITATION: dt.timedelta(days=1),
    Stage.OFFER: dt.timedelta(days=2),
    Stage.CLARIFICATION_NEGOTIATION: dt.timedelta(days=1),
    Stage.ORDER: dt.timedelta(days=7),
}


def next_working_time(value: dt.datetime, agency: Any = None) -> dt.datetime:
    """`value` if it is within working time, else the next end-of-working-hours that is later (a deadline).

    Cites: Kebijakan Lentera: a suggested deadline outside working time moves to 15.00 WIB of the next working day
           (a proposal only; check_schedule decides what is valid).
    """
    if in_working_time(value, agency):
        return value
    cal = _calendar()
    local = _local(value)
    day = local.date()
    end_time = dt.time(15, 0)
    if not (cal.is_working_day(day, agency) and local.time().replace(tzinfo=None) < WORKING_HOURS[0]):
        day = cal.next_working_day(day, agency)
    return dt.datetime.combine(day, end_time, tzinfo=cal.JAKARTA).astimezone(dt.UTC)


def suggest_schedule(
    tender: Any,
    stages: tuple[str, ...],
    start: dt.datetime,
    agency: Any = None,
    fixed: dict[str, Window] | None = None,
) -> dict[str, Window]:
    """A schedule that satisfies every rule above, starting at `start`, with DEFAULT_LENGTHS (a proposal for the
    Pokja's form and the demo; the Pokja may change every date). `fixed` windows are kept as given.

    Cites: Kebijakan Lentera: a proposed schedule for the Pokja's form and the demo, built to pass check_schedule
           (which cites the articles); the Pokja may change every date.
    """
    windows: dict[str, Window] = {}
    cursor = start
    fixed = fixed or {}
    for stage in stages:
        if stage in fixed:
            windows[stage] = fixed[stage]
            cursor = fixed[stage][1]
            continue
        begin = cursor
        for rule in SCHEDULE_RULES:
            if rule.stage == stage and rule.edge == "start" and rule.kind == "MIN" and rule.applies(tender):
                if rule.anchor_stage in windows:
                    anchor = windows[rule.anchor_stage][0 if rule.anchor_edge == "start" else 1]
                    begin = max(begin, rule_deadline(rule, anchor, agency))
        end = begin + DEFAULT_LENGTHS.get(stage, dt.timedelta(days=1))
        provisional = dict(windows)
        provisional[stage] = (begin, end)
        for rule in SCHEDULE_RULES:
            if rule.stage == stage and rule.edge == "end" and rule.kind == "MIN" and rule.applies(tender):
                anchor_window = provisional.get(rule.anchor_stage)
                if anchor_window is not None:
                    anchor = anchor_window[0 if rule.anchor_edge == "start" else 1]
                    end = max(end, rule_deadline(rule, anchor, agency))
        if stage in DEADLINE_STAGES:
            end = next_working_time(end, agency)
        windows[stage] = (begin, end)
        cursor = end
    return windows
