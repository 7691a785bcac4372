"""Every read of the tendering app that needs scoping: what each role sees.

* public: announced tenders' public facts (`public_tenders`, `public_tender_facts`): never sealed data, never
  HPS items, never offers before the winner is announced, never who asked a question;
* providers: the tenders they registered for, their own offers and objections;
* Pokja / Pejabat Pengadaan: the tenders assigned to them (offers once opened);
* PPK: the tenders of their packages; PA/KPA: of their work unit; auditors and the Kepala UKPBJ: read-only all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from lentera.accounts.models import RoleAssignment
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.planning.models import Method

from .. import states
from ..enums import Stage, TenderStatus
from ..models import (
    EvaluationDecision,
    EvaluationResult,
    MemberEvaluation,
    Objection,
    Offer,
    OfficialRecord,
    Question,
    ScheduleChange,
    ScheduleEntry,
    Tender,
    TenderDocument,
    TenderRegistration,
    WinnerDecision,
)
from ..timeline import current_stage, stage_window, window_open
from .pages import (  # the reads of the pages and routes, in a module of their own
    appeal_or_404 as appeal_or_404,
)
from .pages import (
    appeals_of as appeals_of,
)
from .pages import (
    assigned_package_or_404 as assigned_package_or_404,
)
from .pages import auction_participants, auction_rounds, registrations_of
from .pages import (
    document_or_404 as document_or_404,
)
from .pages import (
    documents_of as documents_of,
)
from .pages import (
    newest_first as newest_first,
)
from .pages import (
    objection_or_404 as objection_or_404,
)
from .pages import (
    offer_or_404 as offer_or_404,
)
from .pages import (
    one_or_404 as one_or_404,
)
from .pages import (
    operator_panel as operator_panel,
)
from .pages import (
    package_or_404 as package_or_404,
)
from .pages import (
    packages_to_start as packages_to_start,
)
from .pages import (
    ppk_package_or_404 as ppk_package_or_404,
)
from .pages import (
    provider_auction as provider_auction,
)
from .pages import (
    provider_by_npwp as provider_by_npwp,
)
from .pages import (
    provider_or_404 as provider_or_404,
)
from .pages import (
    public_tender as public_tender,
)
from .pages import (
    question_or_404 as question_or_404,
)
from .pages import (
    ranked_results as ranked_results,
)
from .pages import (
    record_or_404 as record_or_404,
)
from .pages import (
    records_of as records_of,
)
from .pages import (
    registered_provider_or_404 as registered_provider_or_404,
)
from .pages import (
    schedule_windows as schedule_windows,
)
from .pages import (
    tender_or_404 as tender_or_404,
)

PUBLIC_STATUSES = (
    TenderStatus.ANNOUNCED,
    TenderStatus.FAILED,
    TenderStatus.CANCELLED,
    TenderStatus.COMPLETED,
)
READ_ALL_ROLES = frozenset({Role.AUDITOR, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})

__all__ = [
    "auction_participants",
    "auction_rounds",
    "current_stage",
    "public_tender_facts",
    "public_tenders",
    "registrations_of",
    "stage_window",
    "technical_evaluation_decided",
    "tenders_visible_to",
]


def _base() -> QuerySet[Tender]:
    return Tender.objects.select_related(
        "package", "package__work_unit", "package__work_unit__agency", "pokja"
    )


def public_tenders() -> QuerySet[Tender]:
    """Tenders the public may see: announced (running or closed) and recorded procurement."""
    return _base().filter(status__in=PUBLIC_STATUSES).order_by("-announced_at", "-pk")


def _unit_ids(user: Any, roles: tuple[str, ...]) -> list[int]:
    return list(
        RoleAssignment.objects.active()
        .filter(user_id=user.pk, role__in=roles)
        .exclude(work_unit=None)
        .values_list("work_unit_id", flat=True)
    )


def tenders_visible_to(*, user: Any, role: str | None) -> QuerySet[Tender]:
    """The tenders `user`, acting in `role`, may open in the workspace (drafts included where they work)."""
    if user is None or not getattr(user, "is_authenticated", False) or role is None:
        return public_tenders()
    role = str(role)
    if role == Role.POKJA:
        return _base().filter(pokja__members__user=user, pokja__members__left_at__isnull=True).distinct()
    if role == Role.PROCUREMENT_OFFICIAL:
        return _base().filter(procurement_official=user)
    if role == Role.PPK:
        return _base().filter(package__ppk=user)
    if role in (Role.PA, Role.KPA):
        return _base().filter(package__work_unit_id__in=_unit_ids(user, (Role.PA, Role.KPA)))
    if role == Role.PENYEDIA:
        return _base().filter(registrations__provider__account=user).distinct()
    if role in READ_ALL_ROLES:
        return _base().all()
    return public_tenders()


def can_read(*, user: Any, role: str | None, tender: Tender) -> bool:
    return tenders_visible_to(user=user, role=role).filter(pk=tender.pk).exists()


def is_operator(tender: Tender, user: Any) -> bool:
    from ..services._base import is_operator as _is_operator

    return _is_operator(tender, user)


def technical_evaluation_decided(tender: Tender) -> bool:
    """Two-envelope methods: True once the Pokja decided file I (the price envelope may then be opened)."""
    return EvaluationDecision.objects.filter(
        tender=tender, round=tender.evaluation_round, scope=EvaluationDecision.Scope.TECHNICAL
    ).exists()


def schedule_of(tender: Tender) -> list[dict[str, Any]]:
    at = db_now()
    now_stage = current_stage(tender, at)
    out = []
    for e in ScheduleEntry.objects.filter(tender=tender).order_by("position"):
        out.append(
            {
                "stage": e.stage,
                "label": Stage(e.stage).label,
                "starts_at": e.starts_at,
                "ends_at": e.ends_at,
                "current": e.stage == now_stage,
                "open": e.starts_at <= at < e.ends_at,
            }
        )
    return out


def schedule_changes(tender: Tender) -> QuerySet[ScheduleChange]:
    return ScheduleChange.objects.filter(tender=tender).order_by("-changed_at")


def public_questions(tender: Tender) -> list[dict[str, Any]]:
    """Questions and answers, anonymised (no provider, no asker)."""
    return [
        {
            "number": q.number,
            "section": q.section,
            "text": q.text,
            "answer": q.answer,
            "answered_at": q.answered_at,
        }
        for q in Question.objects.filter(tender=tender).order_by("number")
    ]


def winner_decision(tender: Tender) -> WinnerDecision | None:
    return (
        WinnerDecision.objects.filter(tender=tender, superseded_at=None)
        .select_related("winner__provider", "reserve1__provider", "reserve2__provider")
        .order_by("-round")
        .first()
    )


def announced_winner(tender: Tender) -> WinnerDecision | None:
    wd = winner_decision(tender)
    return wd if wd is not None and wd.announced_at is not None else None


def evaluation_summary(tender: Tender) -> list[dict[str, Any]]:
    """The public evaluation summary published with the winner: bidder, corrected price, scores, reasons.
    Empty until the winner is announced."""
    wd = announced_winner(tender)
    if wd is None:
        return []
    decision = EvaluationDecision.objects.filter(
        tender=tender, round=wd.round, scope=EvaluationDecision.Scope.FULL
    ).first()
    if decision is None:
        return [
            {
                "provider": o.provider.name,
                "npwp": o.provider.npwp,
                "read_price": o.read_price,
                "corrected_price": o.corrected_price,
                "final_price": o.negotiated_price,
                "technical_score": None,
                "price_score": None,
                "final_score": None,
                "life_cycle_cost": None,
                "passed": o.pk == wd.winner_id,
                "rank": 1 if o.pk == wd.winner_id else None,
                "reasons": [],
                "position": _position(wd, o.pk),
            }
            for o in Offer.objects.filter(tender=tender).select_related("provider")
        ]
    return [
        {
            "provider": r.offer.provider.name,
            "npwp": r.offer.provider.npwp,
            "read_price": r.read_price,
            "corrected_price": r.corrected_price,
            "final_price": r.offer.negotiated_price,
            "technical_score": r.technical_score,
            "price_score": r.price_score,
            "final_score": r.final_score,
            "life_cycle_cost": r.life_cycle_cost,
            "passed": r.passed,
            "rank": r.rank,
            "reasons": r.failure_reasons,
            "position": _position(wd, r.offer_id),
        }
        for r in EvaluationResult.objects.filter(decision=decision)
        .select_related("offer__provider")
        .order_by("rank", "pk")
    ]


def _position(wd: WinnerDecision, offer_id: int) -> str:
    if offer_id == wd.winner_id:
        return "WINNER"
    if offer_id == wd.reserve1_id:
        return "RESERVE_1"
    if offer_id == wd.reserve2_id:
        return "RESERVE_2"
    return ""


def _related_or_none(tender: Tender, name: str) -> Any:
    """A one-to-one record of a higher app (the contracts app's SPPBJ or contract) through its reverse relation:
    tendering never imports that app, it only reads whether the tender has one."""
    try:
        return getattr(tender, name)
    except ObjectDoesNotExist:
        return None


def public_tender_facts(tender: Tender, at: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the public may know about a tender, as plain data (for the public portal and OCDS).

    Includes the HPS total (public by Perpres 16/2018 Pasal 26), never HPS items; offers only in the evaluation
    summary once the winner is announced; never sealed bid data; questions without who asked."""
    at = at or db_now()
    wd = announced_winner(tender)
    contract = _related_or_none(tender, "contract")  # the contracts app's records, read by their relation
    letter = _related_or_none(tender, "award_letter")
    pkg = tender.package
    return {
        "id": tender.pk,
        "code": tender.code,
        "title": tender.title,
        "attempt": tender.attempt,
        "previous_code": tender.previous.code if tender.previous else None,
        "package_code": pkg.code,
        "fiscal_year": pkg.fiscal_year,
        "agency": pkg.work_unit.agency.name,
        "work_unit": pkg.work_unit.name,
        "method": tender.method,
        "method_label": str(Method(tender.method).label),
        "procurement_type": tender.procurement_type,
        "procurement_type_label": tender.get_procurement_type_display(),
        "qualification": tender.qualification,
        "envelope": tender.envelope,
        "evaluation_method": tender.evaluation_method,
        "evaluation_method_label": tender.get_evaluation_method_display(),
        "funding_source": pkg.funding_source,
        "location": pkg.location,
        "pagu": tender.pagu,
        "hps_total": tender.hps_total,
        "status": tender.status,
        "status_label": tender.get_status_display(),
        "status_reason": tender.status_reason
        if tender.status in (TenderStatus.FAILED, TenderStatus.CANCELLED)
        else "",
        "stage": current_stage(tender, at),
        "stage_label": str(Stage(current_stage(tender, at)).label),
        "announced_at": tender.announced_at,
        "closed_at": tender.closed_at,
        "schedule": [
            {
                "stage": e["stage"],
                "label": str(e["label"]),
                "starts_at": e["starts_at"],
                "ends_at": e["ends_at"],
            }
            for e in schedule_of(tender)
        ],
        "schedule_changes": [
            {"kind": c.kind, "reason": c.reason, "changed_at": c.changed_at, "changes": c.changes}
            for c in schedule_changes(tender)
        ],
        "documents": [
            {
                "kind": d.kind,
                "number": d.number,
                "title": d.title,
                "sha256": d.sha256,
                "uploaded_at": d.uploaded_at,
                "note": d.note,
            }
            for d in TenderDocument.objects.filter(tender=tender).order_by("uploaded_at", "pk")
        ],
        "registered_count": TenderRegistration.objects.filter(tender=tender).count(),
        "questions": public_questions(tender),
        "winner": (
            {
                "provider": wd.winner.provider.name,
                "npwp": wd.winner.provider.npwp,
                "price": wd.winner.negotiated_price or wd.winner.corrected_price or wd.winner.read_price,
                "announced_at": wd.announced_at,
                "reserve1": wd.reserve1.provider.name if wd.reserve1 else None,
                "reserve2": wd.reserve2.provider.name if wd.reserve2 else None,
            }
            if wd
            else None
        ),
        "evaluation": evaluation_summary(tender),
        "objections": [
            {
                "filed_at": o.filed_at,
                "answered_at": o.answered_at,
                "justified": o.justified,
                "answer": o.answer if o.answered_at else "",
            }
            for o in Objection.objects.filter(tender=tender).order_by("filed_at")
        ],
        "award_letter": (
            {
                "number": letter.number,
                "issued_on": letter.issued_on,
                "provider": letter.provider.name,
                "value": letter.value,
            }
            if letter
            else None
        ),
        "contract": (
            {
                "number": contract.number,
                "kind": contract.kind,
                "provider": contract.provider.name if contract.provider else None,
                "provider_npwp": contract.provider.npwp if contract.provider else None,
                "value": contract.value,
                "signed_on": contract.signed_on,
                "start_on": contract.start_on,
                "end_on": contract.end_on,
            }
            if contract
            else None
        ),
        "official_records": [
            {
                "kind": r.kind,
                "number": r.number,
                "title": r.title,
                "sha256": r.sha256,
                "created_at": r.created_at,
                "id": r.pk,
            }
            for r in OfficialRecord.objects.filter(tender=tender, is_public=True).order_by("created_at")
        ],
    }


# ----------------------------------------------------------------------------------------------- workspace reads


def registration_of(tender: Tender, user: Any) -> TenderRegistration | None:
    return (
        TenderRegistration.objects.filter(tender=tender, provider__account=user)
        .select_related("provider")
        .first()
    )


def offers_for_operator(tender: Tender, at: dt.datetime | None = None) -> QuerySet[Offer]:
    """Opened offers, for the Pokja / Pejabat Pengadaan and auditors. Direct offers (Pengadaan / Penunjukan
    Langsung) only once their offer stage has closed."""
    at = at or db_now()
    qs = Offer.objects.filter(tender=tender).select_related("provider").order_by("opened_at", "pk")
    if tender.method in (Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG) and window_open(
        tender, Stage.OFFER, at
    ):
        return qs.none()
    if tender.method in (Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG):
        w = stage_window(tender, Stage.OFFER)
        if w is not None and at < w[1]:
            return qs.none()
    return qs


def my_evaluations(tender: Tender, user: Any) -> dict[int, MemberEvaluation]:
    return {
        e.offer_id: e
        for e in MemberEvaluation.objects.filter(tender=tender, member=user, round=tender.evaluation_round)
    }


def qualification_data_for(offer: Offer) -> Any:
    """The provider's ADP for the qualification evaluation (providers.selectors.qualification_data)."""
    from lentera.providers.selectors import qualification_data

    return qualification_data(offer.provider)


def decisions(tender: Tender) -> QuerySet[EvaluationDecision]:
    return (
        EvaluationDecision.objects.filter(tender=tender)
        .prefetch_related("results__offer__provider")
        .order_by("round", "decided_at")
    )


def allowed_triggers(tender: Tender, role: str | None, at: dt.datetime | None = None) -> set[str]:
    """Which triggers the table allows now for `role` (guards aside): drives which buttons a page shows."""
    if role is None:
        return set()
    at = at or db_now()
    machine = states.machine_of(tender)
    stage = current_stage(tender, at)
    return {t for (s, t), tr in machine.transitions.items() if s == stage and str(role) in tr.roles}


# ----------------------------------------------------------------------------------------------- dashboards


def stage_ends_at(tenders: Iterable[Tender], stages: Iterable[str]) -> dt.datetime | None:
    """The nearest end, among the given tenders, of any of the given stages that has not ended yet (work-queue
    deadlines); None when no such stage is scheduled."""
    return (
        ScheduleEntry.objects.filter(
            tender__in=[t.pk for t in tenders], stage__in=[str(s) for s in stages], ends_at__gt=db_now()
        )
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )


def pokja_questions_to_answer(user: Any) -> QuerySet[Question]:
    return Question.objects.filter(
        tender__pokja__members__user=user,
        tender__pokja__members__left_at__isnull=True,
        answered_at=None,
        tender__status=TenderStatus.ANNOUNCED,
    ).distinct()


def pokja_evaluations_pending(user: Any) -> list[Tender]:
    """Announced tenders of the user's Pokja in an evaluation stage where the user has not evaluated every offer."""
    at = db_now()
    out = []
    for t in tenders_visible_to(user=user, role=Role.POKJA).filter(status=TenderStatus.ANNOUNCED):
        if current_stage(t, at) not in (Stage.EVALUATION, Stage.PRICE_EVALUATION):
            continue
        offers = Offer.objects.filter(tender=t).count()
        done = MemberEvaluation.objects.filter(tender=t, member=user, round=t.evaluation_round).count()
        if offers and done < offers:
            out.append(t)
    return out


def provider_open_registrations(user: Any) -> list[tuple[Tender, str, dt.datetime | None]]:
    """The provider's running tenders with the stage now and its next deadline."""
    at = db_now()
    out = []
    for reg in TenderRegistration.objects.filter(
        provider__account=user, tender__status=TenderStatus.ANNOUNCED
    ).select_related("tender"):
        t = reg.tender
        stage = current_stage(t, at)
        upcoming = (
            ScheduleEntry.objects.filter(
                tender=t, ends_at__gt=at, stage__in=[str(s) for s in _PROVIDER_DEADLINES]
            )
            .order_by("ends_at")
            .first()
        )
        out.append((t, stage, upcoming.ends_at if upcoming else None))
    return out


_PROVIDER_DEADLINES = (
    Stage.EXPLANATION,
    Stage.BID_UPLOAD,
    Stage.OFFER,
    Stage.OBJECTION,
    Stage.APPEAL,
    Stage.QUALIFICATION_UPLOAD,
)


def ppk_award_letters_to_issue(user: Any) -> list[Tender]:
    at = db_now()
    out = []
    for t in _base().filter(package__ppk=user, status=TenderStatus.ANNOUNCED, award_letter__isnull=True):
        if current_stage(t, at) in (Stage.AWARD_LETTER, Stage.CONTRACT_SIGNING) and announced_winner(t):
            out.append(t)
    return out


def ppk_contracts_to_record(user: Any) -> list[Tender]:
    at = db_now()
    return [
        t
        for t in _base().filter(package__ppk=user, status=TenderStatus.ANNOUNCED)
        if current_stage(t, at) in (Stage.CONTRACT_SIGNING, Stage.ORDER)
        and (
            Tender.objects.filter(pk=t.pk, award_letter__isnull=False).exists()
            or (t.method == Method.PENGADAAN_LANGSUNG and announced_winner(t))
        )
    ]


def open_public_tenders(at: dt.datetime | None = None) -> list[Tender]:
    """Announced tenders a provider may still register for (registration stages open now)."""
    at = at or db_now()
    out = []
    for t in (
        public_tenders()
        .filter(status=TenderStatus.ANNOUNCED)
        .exclude(method__in=[Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG])
    ):
        stage = current_stage(t, at)
        if states.machine_of(t).find(stage, states.Trigger.REGISTER) is not None and window_open(
            t, stage, at
        ):
            out.append(t)
    return out


def provider_objections(tender: Tender, user: Any) -> QuerySet[Objection]:
    return Objection.objects.filter(tender=tender, provider__account=user).order_by("filed_at")


def search(qs: QuerySet[Tender], q: str) -> QuerySet[Tender]:
    q = (q or "").strip()
    if not q:
        return qs
    return qs.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(package__work_unit__name__icontains=q))


# --- reporting (read by lentera.reporting: plain rows of the packages it was given, already scoped) ------------


def tender_rows_for_report(*, package_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Every tender (each attempt) of these packages with the number of opened offers and the end of the last
    window of its schedule (``schedule_ends_at``, None without a schedule)."""
    from django.db.models import Count, Max, OuterRef, Subquery

    from ..models import ScheduleEntry

    last_end = (
        ScheduleEntry.objects.filter(tender_id=OuterRef("pk"))
        .values("tender_id")
        .annotate(last=Max("ends_at"))
        .values("last")
    )
    qs = Tender.objects.filter(package_id__in=list(package_ids)).annotate(
        offer_count=Count("offers"), schedule_ends_at=Subquery(last_end)
    )
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id",
            "code",
            "package_id",
            "attempt",
            "method",
            "status",
            "hps_total",
            "announced_at",
            "offer_count",
            "schedule_ends_at",
        )
    ]


def objection_rows_for_report(*, tender_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Sanggahan of these tenders: when filed and answered, whether justified, the follow-up."""
    qs = Objection.objects.filter(tender_id__in=list(tender_ids))
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id", "tender_id", "filed_at", "answered_at", "justified", "follow_up"
        )
    ]


def appeal_rows_for_report(*, tender_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Sanggah banding of these tenders, with the guarantee's outcome."""
    from ..models import Appeal

    qs = Appeal.objects.filter(tender_id__in=list(tender_ids))
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id", "tender_id", "filed_at", "answered_at", "justified", "follow_up", "guarantee_outcome"
        )
    ]
