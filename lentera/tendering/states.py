"""Each selection method as an explicit state machine.

A machine is a table. For each method: the ordered stages its schedule has, and the transitions
``(stage, trigger) -> next stage`` with who may trigger them and the guards the service checks.

* Stages change by time: the trigger ``CLOCK`` moves a stage to the next one when its window has passed. No cron job
  runs it; :func:`lentera.tendering.selectors.current_stage` computes the stage the clock says on every read, and
  every write service computes it again inside its transaction with the database clock.
* Other triggers are actions. Most keep the stage (``to is None``: the action happens *inside* the stage, e.g. a
  question during the explanation); some end the tender (FAIL, CANCEL), complete it (SIGN_CONTRACT) or send it back
  (REEVALUATE after a justified objection).
* ``strict`` transitions are deadlines for providers: the stage's window must be open at that instant (a gap
  between two windows, or the moment after the deadline, refuses them).
* Guards are names; the services evaluate them (`services/_base.py`), because they need the database.

Sources: Perpres 16/2018 as changed by Perpres 12/2021, Pasal 38 (methods), 39-41 (evaluation methods, envelopes),
50 (stages of Tender/Seleksi, Tender Cepat, Pengadaan Langsung, Penunjukan Langsung; sanggah banding only for
works); Permendagri 53/2021 Pasal 5 e, 16 (Pejabat Pengadaan).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role
from lentera.planning.models import Method, ProcurementType

from .enums import TERMINAL_STAGES, Envelope, Qualification, Stage

#: Pseudo-role for transitions nobody triggers by hand: the clock (and services of other apps acting for it).
SYSTEM = "SYSTEM"


class Trigger(models.TextChoices):
    CLOCK = "CLOCK", _("Waktu tahapan berakhir")
    SET_SCHEDULE = "SET_SCHEDULE", _("Menyusun jadwal")
    UPLOAD_DOCUMENT = "UPLOAD_DOCUMENT", _("Mengunggah dokumen pemilihan")
    INVITE = "INVITE", _("Mengundang penyedia")
    ANNOUNCE = "ANNOUNCE", _("Mengumumkan")
    CHANGE_SCHEDULE = "CHANGE_SCHEDULE", _("Mengubah jadwal")
    EXTEND_STAGE = "EXTEND_STAGE", _("Memperpanjang tahapan karena gangguan")
    REGISTER = "REGISTER", _("Mendaftar")
    DOWNLOAD = "DOWNLOAD", _("Mengunduh dokumen")
    ASK = "ASK", _("Bertanya")
    ANSWER = "ANSWER", _("Menjawab pertanyaan")
    ADDENDUM = "ADDENDUM", _("Menerbitkan adendum")
    SHORTLIST = "SHORTLIST", _("Menetapkan hasil prakualifikasi")
    SUBMIT_BID = "SUBMIT_BID", _("Menyampaikan penawaran")
    OPEN_BIDS = "OPEN_BIDS", _("Membuka penawaran")
    RECORD_OFFERS = "RECORD_OFFERS", _("Mencatat penawaran yang dibuka")
    EVALUATE = "EVALUATE", _("Mengevaluasi")
    DECIDE_EVALUATION = "DECIDE_EVALUATION", _("Menetapkan hasil evaluasi")
    START_AUCTION = "START_AUCTION", _("Memulai e-reverse auction")
    AUCTION_BID = "AUCTION_BID", _("Menawar dalam e-reverse auction")
    CLOSE_AUCTION = "CLOSE_AUCTION", _("Menutup e-reverse auction")
    PROVE_QUALIFICATION = "PROVE_QUALIFICATION", _("Mencatat pembuktian kualifikasi")
    NEGOTIATE = "NEGOTIATE", _("Klarifikasi dan negosiasi")
    DECIDE_WINNER = "DECIDE_WINNER", _("Menetapkan pemenang")
    ANNOUNCE_WINNER = "ANNOUNCE_WINNER", _("Mengumumkan pemenang")
    OBJECT = "OBJECT", _("Menyanggah")
    ANSWER_OBJECTION = "ANSWER_OBJECTION", _("Menjawab sanggahan")
    APPEAL = "APPEAL", _("Mengajukan sanggah banding")
    ANSWER_APPEAL = "ANSWER_APPEAL", _("Menjawab sanggah banding")
    REEVALUATE = "REEVALUATE", _("Evaluasi ulang")
    ISSUE_AWARD_LETTER = "ISSUE_AWARD_LETTER", _("Menerbitkan SPPBJ")
    SIGN_CONTRACT = "SIGN_CONTRACT", _("Mencatat kontrak")
    FAIL = "FAIL", _("Menyatakan gagal")
    CANCEL = "CANCEL", _("Membatalkan")
    RETENDER = "RETENDER", _("Memilih ulang")
    RECORD = "RECORD", _("Mencatat swakelola / darurat")


# Guard names (evaluated by services/_base.py).
G_OPERATOR = "operator"  # the actor is a member of the tender's Pokja, or its Pejabat Pengadaan
G_PPK = "ppk_of_package"
G_BUDGET_HOLDER = "pa_kpa_of_work_unit"
G_REASON = "reason_given"
G_OUTAGE = "outage_recorded"
G_SCHEDULE_VALID = "schedule_valid"
G_DOCUMENT = "selection_document_uploaded"
G_INVITED = "invited_provider_set"
G_CAN_BID = (
    "provider_can_bid"  # providers.services.ensure_can_bid: verified, not deactivated, not blacklisted
)
G_PREQUALIFIED = "provider_already_qualified"  # Tender Cepat
G_REGISTERED = "registered_provider"
G_SHORTLISTED = "shortlisted_provider"  # prakualifikasi
G_BIDDER = "bidder_of_tender"  # had an opened offer
G_OBJECTED = "objected_before"  # sanggah banding only after a sanggah
G_WORKS = "works_only"
G_MEMBER_MAJORITY = "majority_of_members"
G_ALL_QUESTIONS_ANSWERED = "all_questions_answered"
G_AUCTION_APPLICABLE = "auction_applicable"
G_AUCTION_ROUND_OPEN = "auction_round_open"
G_JUSTIFIED = "justified_objection_for_reevaluation"
G_WINNER_ANNOUNCED = "winner_announced"
G_AWARD_LETTER = "award_letter_issued"


@dataclass(frozen=True)
class Transition:
    stage: str
    trigger: str
    to: str | None
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    strict: bool = False

    def target(self) -> str:
        return self.to or self.stage


@dataclass(frozen=True)
class Machine:
    """One method's table. `stages` is the time order of the schedule (DRAFT and terminal stages excluded)."""

    key: str
    stages: tuple[str, ...]
    transitions: dict[tuple[str, str], Transition] = field(default_factory=dict)

    @property
    def all_stages(self) -> tuple[str, ...]:
        return (Stage.DRAFT, *self.stages, Stage.FAILED, Stage.CANCELLED, Stage.COMPLETED)

    def find(self, stage: str, trigger: str) -> Transition | None:
        return self.transitions.get((str(stage), str(trigger)))

    def allows(self, stage: str, trigger: str, role: str) -> bool:
        t = self.find(stage, trigger)
        return t is not None and str(role) in t.roles

    def next_stage(self, stage: str) -> str | None:
        """The stage the clock moves to after `stage` (None after the last one)."""
        if stage not in self.stages:
            return None
        i = self.stages.index(stage)
        return self.stages[i + 1] if i + 1 < len(self.stages) else None

    def step(self, stage: str, trigger: str, role: str) -> str:
        """The stage after `trigger` by `role` in `stage`; raises ValueError when the table does not allow it."""
        t = self.find(stage, trigger)
        if t is None or str(role) not in t.roles:
            raise ValueError(f"{self.key}: {trigger} by {role} not allowed in {stage}")
        return t.target()

    def stages_allowing(self, trigger: str) -> tuple[str, ...]:
        return tuple(s for s in self.all_stages if (s, str(trigger)) in self.transitions)


@dataclass(frozen=True)
class _Rule:
    trigger: str
    stages: tuple[str, ...]
    roles: frozenset[str]
    to: str | None = None
    guards: tuple[str, ...] = ()
    strict: bool = False


def _roles(*roles: str) -> frozenset[str]:
    return frozenset(str(r) for r in roles)


PROVIDER = _roles(Role.PENYEDIA)
PPK = _roles(Role.PPK)
BUDGET_HOLDER = _roles(Role.PA, Role.KPA)


def _build(key: str, stages: Iterable[str], rules: Iterable[_Rule]) -> Machine:
    stages = tuple(str(s) for s in stages)
    table: dict[tuple[str, str], Transition] = {}
    for i, stage in enumerate(stages):
        nxt = stages[i + 1] if i + 1 < len(stages) else None
        if nxt is not None:
            table[(stage, str(Trigger.CLOCK))] = Transition(stage, str(Trigger.CLOCK), nxt, _roles(SYSTEM))
    for rule in rules:
        for stage in rule.stages:
            if stage not in stages and stage not in (Stage.DRAFT, Stage.FAILED):
                continue
            key_ = (str(stage), str(rule.trigger))
            if key_ in table:
                raise ValueError(f"{key}: duplicate transition {key_}")
            table[key_] = Transition(
                str(stage), str(rule.trigger), rule.to, rule.roles, tuple(rule.guards), rule.strict
            )
    return Machine(key, stages, table)


def _between(stages: tuple[str, ...], first: str, last: str) -> tuple[str, ...]:
    """The stages from `first` to `last` inclusive, in `stages` order (those present)."""
    if first not in stages or last not in stages:
        return ()
    return stages[stages.index(first) : stages.index(last) + 1]


def _common_rules(stages: tuple[str, ...], operator: frozenset[str]) -> list[_Rule]:
    """Drafting, announcing, schedule changes, failure, cancellation and re-tender: the same for every method."""
    return [
        _Rule(Trigger.SET_SCHEDULE, (Stage.DRAFT,), operator, guards=(G_OPERATOR, G_SCHEDULE_VALID)),
        _Rule(Trigger.UPLOAD_DOCUMENT, (Stage.DRAFT,), operator, guards=(G_OPERATOR,)),
        _Rule(
            Trigger.ANNOUNCE,
            (Stage.DRAFT,),
            operator,
            to=stages[0],
            guards=(G_OPERATOR, G_SCHEDULE_VALID, G_DOCUMENT),
        ),
        _Rule(
            Trigger.CANCEL,
            (Stage.DRAFT, *stages),
            BUDGET_HOLDER,
            to=Stage.CANCELLED,
            guards=(G_BUDGET_HOLDER, G_REASON),
        ),
        _Rule(Trigger.CHANGE_SCHEDULE, stages, operator, guards=(G_OPERATOR, G_REASON, G_SCHEDULE_VALID)),
        _Rule(Trigger.EXTEND_STAGE, stages, operator, guards=(G_OPERATOR, G_REASON, G_OUTAGE)),
        _Rule(Trigger.FAIL, stages, operator, to=Stage.FAILED, guards=(G_OPERATOR, G_REASON)),
        _Rule(Trigger.RETENDER, (Stage.FAILED,), operator, guards=(G_OPERATOR,)),
    ]


def _tender_stages(*, qualification: str, envelope: str, works: bool, fast: bool) -> tuple[str, ...]:
    S = Stage
    if fast:
        # Tender Cepat: providers already qualified, price only, evaluated by the application, lowest price
        # wins (Perpres 16/2018 Pasal 50 ayat (4) as changed by Perpres 12/2021); no sanggah stage.
        return (
            S.ANNOUNCEMENT,
            S.DOCUMENT_DOWNLOAD,
            S.BID_UPLOAD,
            S.OPENING,
            S.EVALUATION,
            S.WINNER_DECISION,
            S.WINNER_ANNOUNCEMENT,
            S.AWARD_LETTER,
            S.CONTRACT_SIGNING,
        )
    out: list[str] = [S.ANNOUNCEMENT, S.DOCUMENT_DOWNLOAD]
    if qualification == Qualification.PRE:
        out += [
            S.QUALIFICATION_UPLOAD,
            S.QUALIFICATION_EVALUATION,
            S.QUALIFICATION_PROOF,
            S.SHORTLIST_ANNOUNCEMENT,
        ]
    out += [S.EXPLANATION, S.BID_UPLOAD, S.OPENING, S.EVALUATION]
    if envelope in (Envelope.TWO_FILES, Envelope.TWO_STAGES):
        out += [S.PRICE_OPENING, S.PRICE_EVALUATION]
    if qualification != Qualification.PRE:
        out += [S.QUALIFICATION_PROOF]
    out += [S.WINNER_DECISION, S.WINNER_ANNOUNCEMENT, S.OBJECTION, S.OBJECTION_ANSWER]
    if works:
        out += [
            S.APPEAL,
            S.APPEAL_ANSWER,
        ]  # Perpres 16/2018 Pasal 50 ayat (2): sanggah banding for works only
    out += [S.AWARD_LETTER, S.CONTRACT_SIGNING]
    return tuple(str(s) for s in out)


def _tender_machine(key: str, stages: tuple[str, ...], *, fast: bool) -> Machine:
    S, T = Stage, Trigger
    pokja = _roles(Role.POKJA)
    bid_stage = S.BID_UPLOAD
    last_registration = S.QUALIFICATION_UPLOAD if S.QUALIFICATION_UPLOAD in stages else bid_stage
    evaluation_stages = tuple(s for s in (S.EVALUATION, S.PRICE_EVALUATION) if s in stages)
    registration_guards = (G_CAN_BID, G_PREQUALIFIED) if fast else (G_CAN_BID,)
    bid_guards = [G_REGISTERED, G_CAN_BID]
    if S.SHORTLIST_ANNOUNCEMENT in stages:
        bid_guards.append(G_SHORTLISTED)
    rules = _common_rules(stages, pokja) + [
        _Rule(
            T.REGISTER,
            _between(stages, S.ANNOUNCEMENT, last_registration),
            PROVIDER,
            guards=registration_guards,
            strict=True,
        ),
        _Rule(T.DOWNLOAD, _between(stages, S.DOCUMENT_DOWNLOAD, bid_stage), PROVIDER, guards=(G_REGISTERED,)),
        _Rule(T.ASK, (S.EXPLANATION,), PROVIDER, guards=(G_REGISTERED,), strict=True),
        _Rule(T.ANSWER, (S.EXPLANATION,), pokja, guards=(G_OPERATOR,)),
        _Rule(
            T.ADDENDUM, _between(stages, S.DOCUMENT_DOWNLOAD, bid_stage), pokja, guards=(G_OPERATOR, G_REASON)
        ),
        _Rule(
            T.SHORTLIST,
            _between(stages, S.QUALIFICATION_EVALUATION, S.SHORTLIST_ANNOUNCEMENT),
            pokja,
            guards=(G_OPERATOR, G_MEMBER_MAJORITY),
        ),
        _Rule(T.SUBMIT_BID, (bid_stage,), PROVIDER, guards=tuple(bid_guards), strict=True),
        _Rule(
            T.OPEN_BIDS,
            tuple(s for s in (S.OPENING, S.PRICE_OPENING) if s in stages),
            pokja | {SYSTEM},
            guards=(G_OPERATOR,),
        ),
        _Rule(
            T.RECORD_OFFERS,
            tuple(s for s in (S.OPENING, S.PRICE_OPENING) if s in stages),
            pokja | {SYSTEM},
            guards=(G_OPERATOR,),
        ),
        _Rule(T.EVALUATE, evaluation_stages, pokja, guards=(G_OPERATOR,)),
        _Rule(T.DECIDE_EVALUATION, evaluation_stages, pokja, guards=(G_OPERATOR, G_MEMBER_MAJORITY)),
        _Rule(T.START_AUCTION, evaluation_stages, pokja, guards=(G_OPERATOR, G_AUCTION_APPLICABLE)),
        _Rule(T.AUCTION_BID, evaluation_stages, PROVIDER, guards=(G_BIDDER, G_AUCTION_ROUND_OPEN)),
        _Rule(T.CLOSE_AUCTION, evaluation_stages, pokja, guards=(G_OPERATOR,)),
        _Rule(T.PROVE_QUALIFICATION, (S.QUALIFICATION_PROOF,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.DECIDE_WINNER, (S.WINNER_DECISION,), pokja, guards=(G_OPERATOR, G_MEMBER_MAJORITY)),
        _Rule(T.ANNOUNCE_WINNER, (S.WINNER_ANNOUNCEMENT,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.OBJECT, (S.OBJECTION,), PROVIDER, guards=(G_BIDDER, G_WINNER_ANNOUNCED), strict=True),
        _Rule(T.ANSWER_OBJECTION, (S.OBJECTION_ANSWER,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.APPEAL, (S.APPEAL,), PROVIDER, guards=(G_WORKS, G_BIDDER, G_OBJECTED), strict=True),
        _Rule(T.ANSWER_APPEAL, (S.APPEAL_ANSWER,), BUDGET_HOLDER, guards=(G_BUDGET_HOLDER,)),
        _Rule(
            T.REEVALUATE,
            tuple(s for s in (S.OBJECTION_ANSWER, S.APPEAL, S.APPEAL_ANSWER) if s in stages),
            pokja,
            to=S.EVALUATION,
            guards=(G_OPERATOR, G_JUSTIFIED),
        ),
        _Rule(
            T.ISSUE_AWARD_LETTER,
            (S.AWARD_LETTER, S.CONTRACT_SIGNING),
            PPK,
            guards=(G_PPK, G_WINNER_ANNOUNCED),
        ),
        _Rule(T.SIGN_CONTRACT, (S.CONTRACT_SIGNING,), PPK, to=S.COMPLETED, guards=(G_PPK, G_AWARD_LETTER)),
    ]
    return _build(key, stages, rules)


DIRECT_PROCUREMENT_STAGES = tuple(
    str(s) for s in (Stage.INVITATION, Stage.OFFER, Stage.CLARIFICATION_NEGOTIATION, Stage.ORDER)
)


def _direct_procurement_machine() -> Machine:
    """Pengadaan Langsung by a Pejabat Pengadaan: invitation, offer, clarification and negotiation, order
    (Perpres 16/2018 Pasal 50 ayat (7) huruf b; Permendagri 53/2021 Pasal 16)."""
    S, T = Stage, Trigger
    pp = _roles(Role.PROCUREMENT_OFFICIAL)
    stages = DIRECT_PROCUREMENT_STAGES
    rules = _common_rules(stages, pp) + [
        _Rule(T.INVITE, (S.DRAFT, S.INVITATION), pp, guards=(G_OPERATOR, G_CAN_BID)),
        _Rule(T.DOWNLOAD, (S.INVITATION, S.OFFER), PROVIDER, guards=(G_REGISTERED,)),
        _Rule(T.ADDENDUM, (S.INVITATION, S.OFFER), pp, guards=(G_OPERATOR, G_REASON)),
        _Rule(T.SUBMIT_BID, (S.OFFER,), PROVIDER, guards=(G_REGISTERED, G_CAN_BID), strict=True),
        _Rule(T.RECORD_OFFERS, (S.CLARIFICATION_NEGOTIATION,), pp | {SYSTEM}, guards=(G_OPERATOR,)),
        _Rule(T.NEGOTIATE, (S.CLARIFICATION_NEGOTIATION,), pp, guards=(G_OPERATOR,)),
        _Rule(T.DECIDE_WINNER, (S.ORDER,), pp, guards=(G_OPERATOR,)),
        _Rule(T.SIGN_CONTRACT, (S.ORDER,), PPK, to=S.COMPLETED, guards=(G_PPK, G_WINNER_ANNOUNCED)),
    ]
    return _build(str(Method.PENGADAAN_LANGSUNG), stages, rules)


DIRECT_APPOINTMENT_STAGES = tuple(
    str(s)
    for s in (
        Stage.INVITATION,
        Stage.EXPLANATION,
        Stage.OFFER,
        Stage.EVALUATION,
        Stage.CLARIFICATION_NEGOTIATION,
        Stage.WINNER_DECISION,
        Stage.WINNER_ANNOUNCEMENT,
        Stage.AWARD_LETTER,
        Stage.CONTRACT_SIGNING,
    )
)


def _direct_appointment_machine() -> Machine:
    """Penunjukan Langsung: one invited provider, explanation, offer, evaluation, clarification and negotiation,
    decision and its announcement (Perpres 16/2018 Pasal 50 ayat (6)); by the Pokja."""
    S, T = Stage, Trigger
    pokja = _roles(Role.POKJA)
    stages = DIRECT_APPOINTMENT_STAGES
    rules = _common_rules(stages, pokja) + [
        _Rule(T.INVITE, (S.DRAFT,), pokja, guards=(G_OPERATOR, G_INVITED, G_CAN_BID)),
        _Rule(T.DOWNLOAD, _between(stages, S.INVITATION, S.OFFER), PROVIDER, guards=(G_REGISTERED,)),
        _Rule(T.ASK, (S.EXPLANATION,), PROVIDER, guards=(G_REGISTERED,), strict=True),
        _Rule(T.ANSWER, (S.EXPLANATION,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.ADDENDUM, _between(stages, S.INVITATION, S.OFFER), pokja, guards=(G_OPERATOR, G_REASON)),
        _Rule(T.SUBMIT_BID, (S.OFFER,), PROVIDER, guards=(G_REGISTERED, G_CAN_BID), strict=True),
        _Rule(T.RECORD_OFFERS, (S.EVALUATION,), pokja | {SYSTEM}, guards=(G_OPERATOR,)),
        _Rule(T.EVALUATE, (S.EVALUATION,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.DECIDE_EVALUATION, (S.EVALUATION,), pokja, guards=(G_OPERATOR, G_MEMBER_MAJORITY)),
        _Rule(T.NEGOTIATE, (S.CLARIFICATION_NEGOTIATION,), pokja, guards=(G_OPERATOR,)),
        _Rule(T.DECIDE_WINNER, (S.WINNER_DECISION,), pokja, guards=(G_OPERATOR, G_MEMBER_MAJORITY)),
        _Rule(T.ANNOUNCE_WINNER, (S.WINNER_ANNOUNCEMENT,), pokja, guards=(G_OPERATOR,)),
        _Rule(
            T.ISSUE_AWARD_LETTER,
            (S.AWARD_LETTER, S.CONTRACT_SIGNING),
            PPK,
            guards=(G_PPK, G_WINNER_ANNOUNCED),
        ),
        _Rule(T.SIGN_CONTRACT, (S.CONTRACT_SIGNING,), PPK, to=S.COMPLETED, guards=(G_PPK, G_AWARD_LETTER)),
    ]
    return _build(str(Method.PENUNJUKAN_LANGSUNG), stages, rules)


def _recording_machine(method: str) -> Machine:
    """Swakelola and emergency procurement are recorded (pencatatan), not selected, and so is each Surat Pesanan
    of an e-purchasing package (the catalogue order is its selection; contracts.services.catalog_order):
    DRAFT -> COMPLETED."""
    table = {
        (str(Stage.DRAFT), str(Trigger.RECORD)): Transition(
            str(Stage.DRAFT), str(Trigger.RECORD), str(Stage.COMPLETED), PPK, (G_PPK, G_REASON)
        )
    }
    return Machine(str(method), (), table)


TENDER_METHODS = frozenset({Method.TENDER, Method.TENDER_CEPAT, Method.SELEKSI})
RECORDED_METHODS = frozenset({Method.SWAKELOLA, Method.DARURAT})
#: e-Purchasing: each catalogue order's Surat Pesanan is recorded as one process of the package (recording machine)
CATALOG_METHODS = frozenset({Method.E_PURCHASING})
SUPPORTED_METHODS = (
    CATALOG_METHODS
    | TENDER_METHODS
    | RECORDED_METHODS
    | {Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG}
)

_CACHE: dict[tuple, Machine] = {}


def machine_for(
    method: str,
    *,
    qualification: str = Qualification.POST,
    envelope: str = Envelope.ONE_FILE,
    procurement_type: str = ProcurementType.GOODS,
) -> Machine:
    """The state machine of a method (and, for tenders, its qualification, envelope and procurement type)."""
    method = str(method)
    if method not in {str(m) for m in SUPPORTED_METHODS}:
        raise ValueError(f"method {method} is not run by the tendering app")
    works = str(procurement_type) == ProcurementType.WORKS
    if (
        method in (Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG, Method.TENDER_CEPAT)
        or method in RECORDED_METHODS
        or method in CATALOG_METHODS
    ):
        cache_key: tuple = (method,)
    else:
        cache_key = (method, str(qualification), str(envelope), works)
    if cache_key in _CACHE:
        return _CACHE[cache_key]
    if method == Method.PENGADAAN_LANGSUNG:
        m = _direct_procurement_machine()
    elif method == Method.PENUNJUKAN_LANGSUNG:
        m = _direct_appointment_machine()
    elif method in RECORDED_METHODS or method in CATALOG_METHODS:
        m = _recording_machine(method)
    else:
        fast = method == Method.TENDER_CEPAT
        stages = _tender_stages(qualification=qualification, envelope=envelope, works=works, fast=fast)
        if fast:
            key = str(method)
        else:
            key = f"{method}/{qualification}/{envelope}/{'WORKS' if works else 'NON_WORKS'}"
        m = _tender_machine(key, stages, fast=fast)
    _CACHE[cache_key] = m
    return m


def machine_of(tender) -> Machine:
    return machine_for(
        tender.method,
        qualification=tender.qualification,
        envelope=tender.envelope,
        procurement_type=tender.procurement_type,
    )


def all_machines() -> list[Machine]:
    """Every distinct machine (used by the exhaustive tests and the documentation page)."""
    out = []
    for method in (Method.TENDER, Method.SELEKSI):
        for q in Qualification.values:
            for e in Envelope.values:
                for pt in ProcurementType.values:
                    out.append(machine_for(method, qualification=q, envelope=e, procurement_type=pt))
    for pt in ProcurementType.values:
        out.append(machine_for(Method.TENDER_CEPAT, procurement_type=pt))
    out += [
        machine_for(m)
        for m in (
            Method.PENGADAAN_LANGSUNG,
            Method.PENUNJUKAN_LANGSUNG,
            *sorted(RECORDED_METHODS),
            *sorted(CATALOG_METHODS),
        )
    ]
    unique: dict[str, Machine] = {}
    for m in out:
        unique.setdefault(m.key, m)
    return list(unique.values())


def is_terminal(stage: str) -> bool:
    return stage in TERMINAL_STAGES
