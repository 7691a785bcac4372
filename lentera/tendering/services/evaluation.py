"""Offers as opened, each Pokja member's evaluation, the Pokja's decision by majority, the qualification proof,
the prequalification shortlist, and clarification & negotiation (Perpres 16/2018 Pasal 26, 33, 39-41, 50)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.planning.models import Method

from .. import rules, scoring, states
from ..enums import Envelope, OfficialRecordKind, Stage
from ..errors import TenderingError
from ..models import (
    EvaluationDecision,
    EvaluationResult,
    MemberEvaluation,
    Offer,
    Tender,
    TenderRegistration,
)
from ..states import Trigger
from ..timeline import current_stage
from ._base import active_member_ids, authorize, complete_evaluator_ids, lock_tender, require_provider
from .records import member_signatories, official_record_create, publish

ASPECTS = ("administrative", "qualification", "technical", "price")
# what a user reads when an aspect is named in a sentence (the keys stay in the data and the API)
ASPECT_LABELS = {
    "administrative": _("administrasi"),
    "qualification": _("kualifikasi"),
    "technical": _("teknis"),
    "price": _("kewajaran harga"),
}


@dataclass(frozen=True)
class OpenedOffer:
    """One offer as the bidding app's opening read it.

    `envelope`: "ALL" (one file), "TECHNICAL" (file I of two: no price yet) or "PRICE" (file II: the price of an
    offer already recorded). `data` keys the evaluation reads: ``price_items`` ([{description, quantity,
    unit_price, total}]), ``life_cycle`` ({operating_per_year, maintenance_per_year, residual_value}),
    ``administrative`` and ``technical`` (free-form facts shown to the evaluators)."""

    provider: Any
    read_price: Decimal | None
    opened_at: dt.datetime
    source_reference: str = ""
    data: dict = field(default_factory=dict)
    envelope: str = "ALL"


def _coerce(item: OpenedOffer | dict) -> OpenedOffer:
    if isinstance(item, OpenedOffer):
        return item
    from lentera.providers.models import Provider

    provider: Any = item.get("provider")
    if provider is None and item.get("provider_id") is not None:
        provider = item["provider_id"]
    if not isinstance(provider, Provider):
        provider = Provider.objects.get(pk=provider)
    price = item.get("read_price")
    return OpenedOffer(
        provider=provider,
        read_price=Decimal(str(price)) if price not in (None, "") else None,
        opened_at=item.get("opened_at") or db_now(),
        source_reference=str(item.get("source_reference", ""))[:200],
        data=dict(item.get("data") or {}),
        envelope=str(item.get("envelope", "ALL")).upper(),
    )


OFFER_FIELDS = ("provider", "read_price", "opened_at", "price_opened_at", "source_reference")


@transaction.atomic
def offers_record_opened(*, actor: Any, tender: Tender, offers: list[OpenedOffer | dict]) -> list[Offer]:
    """Record the offers the bidding app's opening has decrypted (in the opening stages, by the Pokja or on its
    behalf with ``actor=None``). Idempotent for the same values; a different price for an offer already read is
    refused (OFFER_ALREADY_OPENED)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.RECORD_OFFERS, actor=actor, at=now)
    recorder = actor if actor is not None else tender.created_by
    saved: list[Offer] = []
    for raw in offers:
        item = _coerce(raw)
        if item.envelope not in ("ALL", "TECHNICAL", "PRICE"):
            raise TenderingError("ENVELOPE_UNKNOWN", _("Jenis sampul tidak dikenal."))
        if not TenderRegistration.objects.filter(tender=tender, provider=item.provider).exists():
            raise TenderingError("OFFER_NOT_REGISTERED", _("Penawaran dari penyedia yang tidak terdaftar."))
        if item.read_price is not None and item.read_price < 0:
            raise TenderingError("PRICE_NEGATIVE", _("Harga penawaran tidak boleh negatif."))
        offer = Offer.objects.select_for_update().filter(tender=tender, provider=item.provider).first()
        before = audit.snapshot(offer, OFFER_FIELDS) if offer else None
        if offer is None:
            if item.envelope == "PRICE":
                raise TenderingError(
                    "PRICE_BEFORE_TECHNICAL", _("Sampul harga dibuka sebelum sampul teknis dicatat.")
                )
            offer = Offer(
                tender=tender, provider=item.provider, opened_at=item.opened_at, recorded_by=recorder
            )
        if item.envelope in ("ALL", "PRICE") and item.read_price is not None:
            if offer.read_price is not None and offer.read_price != scoring.money(item.read_price):
                raise TenderingError(
                    "OFFER_ALREADY_OPENED",
                    _("Harga penawaran ini sudah dicatat dengan nilai lain."),
                    status=409,
                )
            offer.read_price = scoring.money(item.read_price)
            offer.price_opened_at = item.opened_at
        offer.source_reference = item.source_reference or offer.source_reference
        offer.data = {**(offer.data or {}), **item.data}
        offer.save()
        audit.record(
            actor=actor,
            action="tendering.offer.record_opened",
            obj=offer,
            before=before,
            after=audit.snapshot(offer, OFFER_FIELDS) | {"envelope": item.envelope},
        )
        saved.append(offer)
    publish("tender", tender)
    return saved


@transaction.atomic
def direct_offer_submit(*, actor: Any, tender: Tender, price: Decimal, data: dict | None = None) -> Offer:
    """Pengadaan Langsung / Penunjukan Langsung: the invited provider submits (or replaces) its offer in the offer
    stage. The Pejabat Pengadaan / Pokja sees it only after the stage closes (selectors)."""
    tender = lock_tender(tender)
    if tender.method not in (Method.PENGADAAN_LANGSUNG, Method.PENUNJUKAN_LANGSUNG):
        raise TenderingError(
            "USE_BIDDING_ROOM", _("Penawaran tender disampaikan melalui ruang penawaran tersegel.")
        )
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.SUBMIT_BID, actor=actor, at=now, provider=provider)
    try:
        price = scoring.money(price)
    except ValueError:
        raise TenderingError("PRICE_INVALID", _("Harga penawaran tidak valid."))
    if price <= 0:
        raise TenderingError("PRICE_INVALID", _("Harga penawaran tidak valid."))
    offer, _created = Offer.objects.update_or_create(
        tender=tender,
        provider=provider,
        defaults={
            "read_price": price,
            "opened_at": now,
            "price_opened_at": now,
            "source_reference": "penawaran-langsung",
            "data": data or {},
            "recorded_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="tendering.offer.direct_submit",
        obj=offer,
        after={"tender": tender.code, "price": str(price)},
    )
    return offer


def _bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "ya", "yes", "on", "lulus")


@transaction.atomic
def member_evaluation_submit(
    *,
    actor: Any,
    offer: Offer,
    administrative_pass: bool | None = None,
    qualification_pass: bool | None = None,
    technical_pass: bool | None = None,
    technical_score: Decimal | None = None,
    price_reasonable: bool | None = None,
    notes: dict[str, str] | None = None,
) -> MemberEvaluation:
    """One Pokja member records their own evaluation of one offer (each member's is kept). A failed aspect needs
    its reason. Qualification reads the provider's ADP (providers.selectors.qualification_data)."""
    tender = lock_tender(offer.tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.EVALUATE, actor=actor, at=now)
    notes = {k: (v or "").strip() for k, v in (notes or {}).items() if k in ASPECTS}
    votes = {
        "administrative": _bool(administrative_pass),
        "qualification": _bool(qualification_pass),
        "technical": _bool(technical_pass),
        "price": _bool(price_reasonable),
    }
    for aspect, vote in votes.items():
        if vote is False and not notes.get(aspect):
            raise TenderingError(
                "REASON_REQUIRED_FOR_FAIL",
                _("Alasan wajib diisi untuk aspek yang tidak lulus (%(aspect)s)."),
                aspect=ASPECT_LABELS[aspect],
            )
    if technical_score is not None and technical_score != "":
        try:
            technical_score = Decimal(str(technical_score))
        except InvalidOperation:
            raise TenderingError("SCORE_INVALID", _("Nilai teknis harus angka 0-100."))
        if not (0 <= technical_score <= 100):
            raise TenderingError("SCORE_INVALID", _("Nilai teknis harus angka 0-100."))
    else:
        technical_score = None
    ev, created = MemberEvaluation.objects.select_for_update().get_or_create(
        offer=offer,
        member=actor,
        round=tender.evaluation_round,
        defaults={"tender": tender, "submitted_at": now},
    )
    before = None if created else {a: getattr(ev, f) for a, f in _FIELDS.items()}
    for aspect, vote in votes.items():
        if vote is not None:
            setattr(ev, _FIELDS[aspect], vote)
    if technical_score is not None:
        ev.technical_score = technical_score
    ev.notes = {**(ev.notes or {}), **{k: v for k, v in notes.items() if v}}
    ev.submitted_at = now
    ev.save()
    audit.record(
        actor=actor,
        action="tendering.evaluation.member_submit",
        obj=ev,
        before=before,
        after={a: getattr(ev, f) for a, f in _FIELDS.items()}
        | {"technical_score": ev.technical_score, "notes": ev.notes},
    )
    return ev


_FIELDS = {
    "administrative": "administrative_pass",
    "qualification": "qualification_pass",
    "technical": "technical_pass",
    "price": "price_reasonable",
}


def _aggregate(evals: list[MemberEvaluation], member_count: int, aspect: str) -> tuple[bool, list[str]]:
    """An aspect passes when more than half of the Pokja's members voted pass (rules.MAJORITY_CITATION)."""
    field_name = _FIELDS[aspect]
    passes = sum(1 for e in evals if getattr(e, field_name) is True)
    reasons = [
        e.notes.get(aspect, "") for e in evals if getattr(e, field_name) is False and e.notes.get(aspect)
    ]
    return passes >= rules.majority_needed(member_count), reasons


def _inputs(
    tender: Tender, offers: list[Offer], member_count: int, previous: EvaluationDecision | None
) -> list[scoring.OfferInput]:
    prior = {r.offer_id: r for r in previous.results.all()} if previous else {}
    out = []
    for i, offer in enumerate(offers):
        evals = list(MemberEvaluation.objects.filter(offer=offer, round=tender.evaluation_round))
        labels = {
            "administrative": _("Administrasi"),
            "qualification": _("Kualifikasi"),
            "technical": _("Teknis"),
        }
        inp = scoring.OfferInput(key=offer.pk, read_price=offer.read_price, order=i)
        for aspect, label in labels.items():
            ok, reasons = _aggregate(evals, member_count, aspect)
            setattr(inp, f"{_FIELDS[aspect]}", ok)
            if not ok:
                text = "; ".join(dict.fromkeys(reasons)) or str(_("tidak disetujui mayoritas anggota Pokja"))
                inp.reasons.append(f"{label}: {text}")
        if offer.pk in prior and not prior[offer.pk].passed:
            inp.technical_pass = inp.technical_pass and bool(prior[offer.pk].technical_pass)
            inp.administrative_pass = inp.administrative_pass and bool(prior[offer.pk].administrative_pass)
            for reason in prior[offer.pk].failure_reasons:
                if reason not in inp.reasons:
                    inp.reasons.append(reason)
        scores = [e.technical_score for e in evals if e.technical_score is not None]
        inp.technical_score = sum(scores, Decimal("0")) / len(scores) if scores else None
        price_votes = [e.price_reasonable for e in evals if e.price_reasonable is not None]
        if price_votes:
            ok, reasons = _aggregate(evals, member_count, "price")
            inp.price_reasonable = ok
            if not ok and reasons:
                inp.reasons.append(
                    str(_("Kewajaran harga: %(r)s") % {"r": "; ".join(dict.fromkeys(reasons))})
                )
        inp.price_items = list((offer.data or {}).get("price_items") or [])
        inp.life_cycle = dict((offer.data or {}).get("life_cycle") or {})
        inp.final_price = offer.negotiated_price
        out.append(inp)
    return out


@transaction.atomic
def evaluation_decide(*, actor: Any, tender: Tender, summary: str = "") -> EvaluationDecision:
    """The Pokja's evaluation decision: each aspect by majority of its members' recorded votes, the price checks
    and the ranking of the tender's evaluation method (scoring.evaluate). Needs more than half of the members to
    have evaluated every offer. Two-envelope methods decide file I (TECHNICAL) in EVALUATION, then everything
    (FULL) in PRICE_EVALUATION. Writes the berita acara evaluasi."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.DECIDE_EVALUATION, actor=actor, at=now)
    stage = current_stage(tender, now)
    two_envelopes = (
        tender.envelope in (Envelope.TWO_FILES, Envelope.TWO_STAGES)
        and Stage.PRICE_OPENING in states.machine_of(tender).stages
    )
    scope = (
        EvaluationDecision.Scope.TECHNICAL
        if two_envelopes and stage == Stage.EVALUATION
        else EvaluationDecision.Scope.FULL
    )
    if EvaluationDecision.objects.filter(tender=tender, round=tender.evaluation_round, scope=scope).exists():
        raise TenderingError("ALREADY_DECIDED", _("Hasil evaluasi putaran ini sudah ditetapkan."), status=409)
    offers = list(Offer.objects.filter(tender=tender).select_related("provider").order_by("opened_at", "pk"))
    if not offers:
        raise TenderingError("NO_OFFERS", _("Belum ada penawaran yang dibuka."), status=409)
    members = active_member_ids(tender)
    previous = None
    if scope == EvaluationDecision.Scope.FULL and two_envelopes:
        previous = EvaluationDecision.objects.filter(
            tender=tender, round=tender.evaluation_round, scope=EvaluationDecision.Scope.TECHNICAL
        ).first()
    outcomes = scoring.evaluate(
        _inputs(tender, offers, len(members), previous),
        method=tender.evaluation_method,
        hps_total=tender.hps_total,
        works=tender.is_works,
        technical_weight=tender.technical_weight,
        price_weight=tender.price_weight,
        passing_technical_score=tender.passing_technical_score,
        economic_life_years=tender.economic_life_years,
        include_price=scope == EvaluationDecision.Scope.FULL,
    )
    agreeing = complete_evaluator_ids(tender)
    decision = EvaluationDecision.objects.create(
        tender=tender,
        round=tender.evaluation_round,
        scope=scope,
        agreeing_member_ids=agreeing,
        member_count=len(members),
        summary=(summary or "").strip(),
        decided_by=actor,
        decided_at=now,
    )
    by_pk = {o.pk: o for o in offers}
    rows = []
    for out in outcomes:
        offer = by_pk[out.key]
        pct = None
        if out.performance_guarantee is not None and out.evaluated_price:
            pct = (out.performance_guarantee / out.evaluated_price * 100).quantize(Decimal("0.01"))
        EvaluationResult.objects.create(
            decision=decision,
            offer=offer,
            administrative_pass=out.administrative_pass,
            qualification_pass=out.qualification_pass,
            technical_pass=out.technical_pass,
            technical_score=out.technical_score,
            read_price=out.read_price,
            corrected_price=out.corrected_price,
            correction_note="\n".join(out.correction_notes),
            price_score=out.price_score,
            final_score=out.final_score,
            life_cycle_cost=out.life_cycle_cost,
            above_hps=out.above_hps,
            below_80_percent=out.below_80_percent,
            reasonableness_note=str(
                _("Di bawah 80% HPS: klarifikasi kewajaran harga dan jaminan pelaksanaan 5% HPS.")
            )
            if out.below_80_percent
            else "",
            performance_guarantee_percent=pct,
            performance_guarantee_amount=out.performance_guarantee,
            passed=out.passed,
            failure_reasons=out.reasons,
            rank=out.rank,
        )
        if out.corrected_price is not None and offer.corrected_price != out.corrected_price:
            offer.corrected_price = out.corrected_price
            offer.save(update_fields=["corrected_price"])
        rows.append(
            [
                offer.provider.name,
                format_rupiah(out.read_price) if out.read_price is not None else "-",
                format_rupiah(out.corrected_price) if out.corrected_price is not None else "-",
                str(out.technical_score) if out.technical_score is not None else "-",
                str(out.final_score) if out.final_score is not None else "-",
                format_rupiah(out.life_cycle_cost) if out.life_cycle_cost is not None else "-",
                str(_("Lulus")) if out.passed else str(_("Gugur")),
                str(out.rank or "-"),
                "; ".join(out.reasons + out.correction_notes) or "-",
            ]
        )
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.EVALUATION,
        title=str(OfficialRecordKind.EVALUATION.label)
        + (
            str(_(" (file I: administrasi dan teknis)"))
            if scope == EvaluationDecision.Scope.TECHNICAL
            else ""
        ),
        context={
            "sections": [
                {
                    "heading": str(
                        _("Hasil evaluasi (putaran %(r)s, metode %(m)s)")
                        % {"r": tender.evaluation_round, "m": tender.get_evaluation_method_display()}
                    ),
                    "columns": [
                        str(_("Peserta")),
                        str(_("Harga dibacakan")),
                        str(_("Harga terkoreksi")),
                        str(_("Nilai teknis")),
                        str(_("Nilai akhir")),
                        str(_("Biaya umur ekonomis")),
                        str(_("Hasil")),
                        str(_("Peringkat")),
                        str(_("Alasan / catatan")),
                    ],
                    "rows": rows,
                },
                {"heading": str(_("Ringkasan")), "paragraphs": [decision.summary or "-"]},
            ],
            "signatories": member_signatories(tender, only_ids=agreeing),
        },
    )
    audit.record(
        actor=actor,
        action="tendering.evaluation.decide",
        obj=decision,
        after={
            "tender": tender.code,
            "round": decision.round,
            "scope": scope,
            "agreeing": agreeing,
            "results": [
                {"offer": o.key, "passed": o.passed, "rank": o.rank, "reasons": o.reasons} for o in outcomes
            ],
        },
    )
    return decision


def latest_full_decision(tender: Tender) -> EvaluationDecision | None:
    return EvaluationDecision.objects.filter(
        tender=tender, round=tender.evaluation_round, scope=EvaluationDecision.Scope.FULL
    ).first()
