"""Rules of the service desk, with their thresholds as dated rule data (issue #16).

A change (new service hours, new SLA targets) is a new row with the day it takes effect; a ticket is judged by the
row in force on the day it was reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from lentera.core.calendar import local_date
from lentera.core.roles import Role

from .enums import TECHNICAL, AnswerScope, Category, EscalationTrigger, Priority, Referral, Tier

#: The first day of the service desk's rule data (Lentera's service desk, issue #16).
DESK_RULES_FROM = dt.date(2021, 1, 1)


class RuleError(LookupError):
    """No row of a rule is in force on the day asked: the rule data must be completed, never guessed."""


class _Dated(Protocol):
    @property
    def starts(self) -> dt.date: ...
    @property
    def ends(self) -> dt.date | None: ...


R = TypeVar("R", bound=_Dated)


def _in_force(rows: Sequence[R], on: dt.date) -> R:
    found = [r for r in rows if r.starts <= on and (r.ends is None or on <= r.ends)]
    if not found:
        raise RuleError(f"no rule row in force on {on.isoformat()}")
    return max(found, key=lambda r: r.starts)


# ------------------------------------------------------------------------------------------ service hours


@dataclass(frozen=True)
class ServiceHours:
    opens: dt.time  # Asia/Jakarta, on every working day of lentera.core.calendar
    closes: dt.time
    starts: dt.date
    ends: dt.date | None
    citation: str


SERVICE_HOURS: tuple[ServiceHours, ...] = (
    ServiceHours(
        dt.time(8, 0),
        dt.time(16, 0),
        DESK_RULES_FROM,
        None,
        "Kebijakan Lentera: the help desk answers 08:00-16:00 WIB on working days (the LPSE's office hours)",
    ),
)


def service_hours(on: dt.date) -> tuple[dt.time, dt.time]:
    """The help desk's opening and closing time (WIB) on a working day; SLA clocks run only inside them.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: SLA targets count working hours, 08:00-16:00 WIB on the project's working days.
    """
    row = _in_force(SERVICE_HOURS, on)
    return row.opens, row.closes


# ------------------------------------------------------------------------------------------------ SLA


@dataclass(frozen=True)
class SlaTarget:
    categories: frozenset[str]
    priority: str
    first_response_hours: int  # working hours from the report to the first public reply
    resolution_hours: (
        int  # working hours from the report to resolution (paused while waiting on the reporter)
    )
    starts: dt.date
    ends: dt.date | None
    citation: str


_ALL = frozenset(Category.values)
_NON_TECHNICAL = _ALL - TECHNICAL
_SLA_CITATION = "Kebijakan Lentera: the desk's service levels, published on the help page (issue #16, SLA)"

SLA_TARGETS: tuple[SlaTarget, ...] = (
    SlaTarget(TECHNICAL, Priority.HIGH, 1, 8, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(TECHNICAL, Priority.NORMAL, 4, 16, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(TECHNICAL, Priority.LOW, 8, 40, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.HIGH, 2, 16, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.NORMAL, 8, 24, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.LOW, 16, 40, DESK_RULES_FROM, None, _SLA_CITATION),
)


def sla_target(*, category: str, priority: str, on: dt.date) -> SlaTarget:
    """The first-response and resolution targets (working hours) of a ticket of ``category`` and ``priority``
    reported on ``on``.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: targets per category and priority, counted in working hours (issue #16, SLA).
    """
    rows = [r for r in SLA_TARGETS if str(category) in r.categories and r.priority == str(priority)]
    return _in_force(rows, on)


# ------------------------------------------------------------------------------------------ Pasal 18


@dataclass(frozen=True)
class Pasal18Decision:
    priority: str
    due_at: dt.datetime | None  # the end of the tender's running (or next) stage; None: no schedule left


def pokja_technical_problem(
    *,
    category: str,
    reporter_is_operator: bool,
    stage_ends_at: dt.datetime | None,
) -> Pasal18Decision | None:
    """A technical problem reported by the tender's Pokja (or its Pejabat Pengadaan) gets high priority and must
    be solved before the tender's running stage ends, so the selection keeps its schedule. None when the rule
    does not apply (not technical, not linked to a tender, or not reported by the tender's operator).

    Cites: Permendagri 53/2021 Pasal 18 ayat (1)-(2);
           Kebijakan Lentera: the due time is the end of the tender's running stage (or the next one between
           windows), so the LPSE's solution comes inside the schedule (issue #16).
    """
    if str(category) not in TECHNICAL or not reporter_is_operator:
        return None
    return Pasal18Decision(Priority.HIGH, stage_ends_at)


@dataclass(frozen=True)
class AlertLead:
    hours: int
    starts: dt.date
    ends: dt.date | None
    citation: str


PASAL18_ALERT_LEADS: tuple[AlertLead, ...] = (
    AlertLead(
        24,
        DESK_RULES_FROM,
        None,
        "Kebijakan Lentera: the head of the LPSE sub-unit is alerted 24 hours before the tender's stage ends",
    ),
)


def pasal18_alert_lead(on: dt.date) -> dt.timedelta:
    """How long before the tender's stage ends an unanswered Pasal 18 ticket is raised to the head of the LPSE
    sub-unit (work dashboard and e-mail).

    Cites: Permendagri 53/2021 Pasal 18 ayat (1)-(2);
           Kebijakan Lentera: the alert comes 24 hours before the stage closes (issue #16, link to the procurement).
    """
    return dt.timedelta(hours=_in_force(PASAL18_ALERT_LEADS, on).hours)


def pasal18_alert_due(
    *,
    now: dt.datetime,
    active: bool,
    stage_due_at: dt.datetime | None,
    first_response_at: dt.datetime | None,
    alerted_at: dt.datetime | None,
) -> bool:
    """A technical problem the tender's Pokja reported (a ticket with a Pasal 18 stage due time) that the desk has
    not answered yet is raised to the head of the LPSE sub-unit, once, from :func:`pasal18_alert_lead` before
    the stage ends until it ends, so the problem is solved inside the tender's schedule.

    Cites: Permendagri 53/2021 Pasal 18 ayat (1)-(2) (permasalahan teknis yang dilaporkan Pokja Pemilihan
           diselesaikan sesuai jadwal pemilihan);
           Permendagri 53/2021 Lampiran angka 2.5.3 (Kepala Subbagian LPSE menangani kendala teknis).
    """
    if not active or stage_due_at is None or first_response_at is not None or alerted_at is not None:
        return False
    return stage_due_at - pasal18_alert_lead(local_date(now)) <= now < stage_due_at


# ------------------------------------------------------------------------------------------ escalation


def sla_breaches(
    *,
    now: dt.datetime,
    active: bool,
    first_response_due_at: dt.datetime,
    first_response_at: dt.datetime | None,
    due_at: dt.datetime,
    waiting: bool,
) -> list[str]:
    """The SLA targets an active ticket has passed at ``now`` (EscalationTrigger values): the first response
    when no public answer came by its due time; the resolution when the nearest deadline (the SLA resolution
    time or the Pasal 18 stage end) passed, except while the ticket waits on the reporter (its clock is
    paused). Checked against the database clock when the desk reads or writes the ticket, and by the scan.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: a breached target escalates the ticket (issue #16, SLA and escalation).
    """
    if not active:
        return []
    found = []
    if first_response_at is None and now > first_response_due_at:
        found.append(EscalationTrigger.FIRST_RESPONSE_BREACH.value)
    if not waiting and now > due_at:
        found.append(EscalationTrigger.RESOLUTION_BREACH.value)
    return found


def breach_escalation_tier(*, tier: str) -> str:
    """The tier a ticket moves to when an SLA target is breached: a ticket still with the help desk goes to the
    head of the LPSE sub-unit, who handles technical problems of the service; one already above stays where it
    is (the forward to LKPP is never automatic: the head of the sub-unit decides it).

    Cites: Permendagri 53/2021 Lampiran angka 2.5.3 (Kepala Subbagian LPSE menangani kendala/permasalahan
           teknis; dapat meneruskan ke LKPP);
           Kebijakan Lentera: a breached SLA target escalates from the help desk to the head of the sub-unit.
    """
    return Tier.LPSE.value if str(tier) == Tier.HELPDESK else str(tier)


def may_forward_to_lkpp(*, category: str, actor_roles: Collection[str]) -> bool:
    """Only the head of the LPSE sub-unit forwards a ticket to LKPP, and only a technical problem (of the
    application SPSE the LPSE cannot solve, or one the application does not cover yet).

    Cites: Permendagri 53/2021 Lampiran angka 2.5.3 huruf a-b (Kepala Subbagian LPSE dapat meneruskan kendala
           teknis ke LKPP).
    """
    return Role.KASUBAG_LPSE.value in {str(r) for r in actor_roles} and str(category) in TECHNICAL


def lkpp_answer_pending(*, forwards: Sequence[tuple[str, dt.datetime | None]]) -> bool:
    """A ticket forwarded to LKPP stays open until LKPP's answer is recorded: True while a forward
    ``(to_tier, answered_at)`` has no answer, and the ticket may then not be resolved.

    Cites: Permendagri 53/2021 Lampiran angka 2.5.3 (penerusan kendala teknis ke LKPP);
           Kebijakan Lentera: the ticket stays open until LKPP's answer is recorded (issue #16).
    """
    return any(to == Tier.LKPP and answered is None for to, answered in forwards)


@dataclass(frozen=True)
class WarningLead:
    hours: int
    starts: dt.date
    ends: dt.date | None
    citation: str


WARNING_LEADS: tuple[WarningLead, ...] = (
    WarningLead(2, DESK_RULES_FROM, None, "Kebijakan Lentera: officers are warned 2 hours before a target"),
)


def breach_warning_lead(on: dt.date) -> dt.timedelta:
    """How long before a first-response or resolution target the officer holding the ticket (or, while nobody
    holds it, every officer) is warned by e-mail.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: a warning 2 hours before an SLA target passes (issue #16, e-mail alerts).
    """
    return dt.timedelta(hours=_in_force(WARNING_LEADS, on).hours)


@dataclass(frozen=True)
class PublicFormLimit:
    count: int  # submissions allowed per window and per client address (or per follow-up link)
    window: dt.timedelta
    starts: dt.date
    ends: dt.date | None
    citation: str


PUBLIC_FORM_LIMITS: tuple[PublicFormLimit, ...] = (
    PublicFormLimit(
        5, dt.timedelta(hours=1), DESK_RULES_FROM, None, "Kebijakan Lentera: 5 anonymous submissions an hour"
    ),
)


def public_form_limit(on: dt.date) -> tuple[int, dt.timedelta]:
    """How many tickets or replies a visitor without an account may send per window, from one address (a new
    ticket) or through one follow-up link (a reply); more is refused with 429 until the window passes.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk melalui internet);
           Kebijakan Lentera: public forms are rate limited against abuse (issue #16, anonymous follow-up).
    """
    row = _in_force(PUBLIC_FORM_LIMITS, on)
    return row.count, row.window


#: The satisfaction scale (Kebijakan Lentera, issue #16: "satisfaction rating after resolution")
RATING_SCALE = (1, 5)


def rating_allowed(*, status: str, already_rated: bool, score: int) -> bool:
    """The reporter rates the desk's service once, after the ticket is resolved (or closed), on a scale of 1 to
    5; a second rating or a rating of an open ticket is refused.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: one satisfaction rating 1-5 per resolved ticket (issue #16, Workflow).
    """
    low, high = RATING_SCALE
    return str(status) in ("RESOLVED", "CLOSED") and not already_rated and low <= int(score) <= high


# ------------------------------------------------------------------------------------------ reopen window


@dataclass(frozen=True)
class ReopenWindow:
    working_days: int  # after the day of resolution (that day itself does not count)
    starts: dt.date
    ends: dt.date | None
    citation: str


REOPEN_WINDOWS: tuple[ReopenWindow, ...] = (
    ReopenWindow(
        5,
        DESK_RULES_FROM,
        None,
        "Kebijakan Lentera: a reporter may reopen a resolved ticket for 5 working days (issue #16, Workflow)",
    ),
)


def reopen_window_days(on: dt.date) -> int:
    """How many working days (of lentera.core.calendar, after the day of resolution) the reporter of a ticket
    resolved on ``on`` may reopen it; the row in force on the day of resolution applies.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: resolved → closed, reopen within N working days (issue #16, Workflow).
    """
    return _in_force(REOPEN_WINDOWS, on).working_days


def reporter_may_reopen(*, now: dt.datetime, reopen_until: dt.datetime) -> bool:
    """The reporter may reopen a resolved ticket only before its reopen window ends (the end of the last
    working day of :func:`reopen_window_days`); later the ticket is closed and a new question is a new ticket.
    Checked against the database clock inside the reopen's transaction, whether or not the closing scan ran.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: resolved → closed, reopen within N working days (issue #16, Workflow).
    """
    return now < reopen_until


# ------------------------------------------------------------------------------------------ answer scope


def answer_in_scope(*, scope: str) -> bool:
    """The help desk answers a reported problem only when it is a technical problem of the application or the
    infrastructure; any other question (a procurement-law judgement, a tender's decision, a contract dispute) is
    outside its scope: the ticket is closed with a referral instead of an answer.

    Cites: Permendagri 53/2021 Lampiran angka 2.3 huruf d angka 6-7 (jawaban helpdesk hanya terbatas pada
           permasalahan teknis aplikasi dan infrastruktur);
           Kebijakan Lentera: the LKPP LPSE standard's "ruang lingkup" article was not found in the seeds (not
           confirmed); the Permendagri text above is the rule applied.
    """
    return str(scope) in (AnswerScope.APPLICATION, AnswerScope.INFRASTRUCTURE)


def default_answer_scope(*, category: str) -> str:
    """The scope a resolution is marked with when the officer does not choose one: infrastructure for an
    infrastructure problem, the application otherwise (information on the application's features is part of the
    desk's service, Lampiran 2.3 d, pemberian layanan angka 1).

    Cites: Permendagri 53/2021 Lampiran angka 2.3 huruf d (pemberian layanan dukungan angka 1 dan 7);
           Kebijakan Lentera: the default mark follows the ticket's category.
    """
    if str(category) == Category.TECH_INFRASTRUCTURE:
        return AnswerScope.INFRASTRUCTURE
    return AnswerScope.APPLICATION


@dataclass(frozen=True)
class ReferralTargets:
    targets: tuple[str, ...]
    starts: dt.date
    ends: dt.date | None
    citation: str


REFERRAL_TARGETS: tuple[ReferralTargets, ...] = (
    ReferralTargets(
        tuple(Referral.values),
        DESK_RULES_FROM,
        None,
        "Kebijakan Lentera: who an out-of-scope question is referred to (LKPP for policy and regulation, the "
        "Pokja / Pejabat Pengadaan or the PPK of the package for its decisions, the head of the UKPBJ, APIP for "
        "complaints, another party named in the note)",
    ),
)


def referral_allowed(*, referral_to: str, note: str, on: dt.date) -> bool:
    """An out-of-scope ticket names where the question belongs: one of the referral targets in force that day
    (the other party needs a note saying who).

    Cites: Permendagri 53/2021 Lampiran angka 2.3 huruf d angka 7 (di luar permasalahan teknis: tidak dijawab
           helpdesk);
           Permendagri 53/2021 Lampiran angka 2.5.3 (penerusan ke LKPP);
           Kebijakan Lentera: the list of referral targets is rule data (issue #16, scope of answers).
    """
    if str(referral_to) not in _in_force(REFERRAL_TARGETS, on).targets:
        return False
    return str(referral_to) != Referral.OTHER or bool(note.strip())


# ------------------------------------------------------------------------------------------ round robin


def next_in_rotation(*, members: Sequence[int], last: int | None) -> int | None:
    """The officer a new ticket goes to: the next one on duty after the one who had the last turn (in the
    rotation's fixed order, wrapping round); the first one when the last is gone or none was assigned yet; None
    when nobody is on duty (the ticket stays new for manual assignment).

    Cites: Permendagri 53/2021 Lampiran angka 2.2 huruf d (pelaksana layanan dukungan helpdesk);
           Kebijakan Lentera: new tickets are shared among the officers on duty in turn (issue #16, workflow:
           round robin or manual).
    """
    order = sorted(set(members))
    if not order:
        return None
    if last is None:
        return order[0]
    return next((m for m in order if m > last), order[0])


# ------------------------------------------------------------------------------------------ bid opening


def opening_problem_ticket(*, on: dt.date) -> tuple[str, str]:
    """The category and priority of the ticket the help desk opens by itself when the bid opening records a bid
    file that cannot be opened: a technical problem of the application, high priority (the head of the LPSE
    sub-unit witnesses the berita acara and may forward the problem to LKPP).

    Cites: Permendagri 53/2021 Lampiran angka 2.5.3 (Kepala Subbagian LPSE menangani kendala teknis dan menjadi
           saksi bila dokumen penawaran tidak dapat dibuka);
           Kebijakan Lentera: the ticket is opened automatically, high priority (issue #16, unreadable bid files).
    """
    del on  # one row so far; dated like the other rules when the policy changes
    return Category.TECH_APPLICATION, Priority.HIGH
