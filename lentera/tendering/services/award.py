"""Winner decision and announcement, objections (sanggah) and appeals (sanggah banding), re-evaluation, SPPBJ and
the contract record (Perpres 16/2018 Pasal 50 ayat (1) huruf g-h, ayat (2); Pasal 52-54; Permendagri 53/2021
Pasal 5 e, h)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.planning.models import Method, Package

from .. import states
from ..enums import OfficialRecordKind, Stage
from ..errors import TenderingError
from ..models import (
    EvaluationResult,
    Offer,
    QualificationProof,
    Tender,
    WinnerDecision,
)
from ..states import Trigger
from ._base import (
    authorize,
    complete_evaluator_ids,
    current_winner_decision,
    lock_tender,
)
from .evaluation import latest_full_decision
from .records import member_signatories, notify_registered, official_record_create, publish
from .tender import _report, set_package_status


def effective_price(offer: Offer) -> Decimal | None:
    return offer.negotiated_price or offer.corrected_price or offer.read_price


def _ranked_candidates(tender: Tender) -> list[EvaluationResult]:
    decision = latest_full_decision(tender)
    if decision is None:
        raise TenderingError("EVALUATION_NOT_DECIDED", _("Hasil evaluasi belum ditetapkan."), status=409)
    return list(
        decision.results.filter(passed=True, rank__isnull=False)
        .order_by("rank")
        .select_related("offer__provider")
    )


def _proof_required(tender: Tender) -> bool:
    stages = states.machine_of(tender).stages
    return Stage.QUALIFICATION_PROOF in stages and Stage.SHORTLIST_ANNOUNCEMENT not in stages


@transaction.atomic
def winner_decide(*, actor: Any, tender: Tender, note: str = "") -> WinnerDecision:
    """Penetapan pemenang: the best-ranked passed offer whose qualification proof passed (pascakualifikasi), with
    reserve winners 1 and 2 from the next ranks. Pengadaan Langsung: the Pejabat Pengadaan names the provider with
    the negotiated offer (then there is no announcement stage: the decision is its announcement)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.DECIDE_WINNER, actor=actor, at=now)
    if current_winner_decision(tender) is not None:
        raise TenderingError("WINNER_DECIDED", _("Pemenang putaran ini sudah ditetapkan."), status=409)
    is_pp = tender.method == Method.PENGADAAN_LANGSUNG
    if is_pp or tender.method == Method.PENUNJUKAN_LANGSUNG:
        offers = [
            o for o in Offer.objects.filter(tender=tender).select_related("provider") if o.negotiated_price
        ]
        if not offers:
            raise TenderingError(
                "NO_NEGOTIATED_OFFER",
                _("Belum ada penawaran yang diklarifikasi dan dinegosiasi."),
                status=409,
            )
        offers.sort(key=lambda o: (o.negotiated_price, o.pk))
        winner, reserves = offers[0], offers[1:3]
        agreeing = [actor.pk] if is_pp else complete_evaluator_ids(tender)
    else:
        candidates = _ranked_candidates(tender)
        proofs = {
            p.provider_id: p.passed
            for p in QualificationProof.objects.filter(tender=tender, round=tender.evaluation_round)
        }
        if _proof_required(tender):
            eligible = [r for r in candidates if proofs.get(r.offer.provider_id) is not False]
            winners = [r for r in eligible if proofs.get(r.offer.provider_id) is True]
            if not winners:
                raise TenderingError(
                    "PROOF_REQUIRED", _("Calon pemenang belum lulus pembuktian kualifikasi."), status=409
                )
            first = winners[0]
            rest = [r for r in eligible if r is not first]
        else:
            if not candidates:
                raise TenderingError(
                    "NO_PASSED_OFFER",
                    _("Tidak ada penawaran yang lulus evaluasi; nyatakan tender gagal."),
                    status=409,
                )
            first, rest = candidates[0], candidates[1:]
        winner = first.offer
        reserves = [r.offer for r in rest[:2]]
        agreeing = complete_evaluator_ids(tender)
    if is_pp:
        members = len(agreeing)
    else:
        assert tender.pokja is not None  # only Pengadaan Langsung is run without a Pokja
        members = max(1, tender.pokja.members.filter(left_at__isnull=True).count())
    decision = WinnerDecision.objects.create(
        tender=tender,
        round=tender.evaluation_round,
        winner=winner,
        reserve1=reserves[0] if len(reserves) > 0 else None,
        reserve2=reserves[1] if len(reserves) > 1 else None,
        agreeing_member_ids=agreeing,
        member_count=members,
        note=(note or "").strip(),
        decided_by=actor,
        decided_at=now,
        announced_at=now if is_pp else None,
        announced_by=actor if is_pp else None,
    )
    rows = [
        [
            str(_("Pemenang")),
            winner.provider.name,
            winner.provider.npwp,
            format_rupiah(effective_price(winner)),
        ]
    ]
    for i, r in enumerate(reserves, start=1):
        rows.append(
            [
                str(_("Pemenang cadangan %(n)s") % {"n": i}),
                r.provider.name,
                r.provider.npwp,
                format_rupiah(effective_price(r)),
            ]
        )
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.WINNER_DECISION,
        context={
            "sections": [
                {
                    "heading": str(_("Penetapan")),
                    "columns": [str(_("Kedudukan")), str(_("Penyedia")), "NPWP", str(_("Harga"))],
                    "rows": rows,
                },
                {"heading": str(_("Catatan")), "paragraphs": [decision.note or "-"]},
            ],
            "signatories": member_signatories(tender, only_ids=None if is_pp else agreeing),
        },
    )
    audit.record(
        actor=actor,
        action="tendering.winner.decide",
        obj=decision,
        after={"winner": winner.pk, "reserves": [r.pk for r in reserves], "agreeing": agreeing},
    )
    if is_pp:
        _report(
            actor=actor,
            tender=tender,
            outcome="AWARDED",
            summary=str(
                _("Penyedia %(p)s ditetapkan, %(v)s.")
                % {"p": winner.provider.name, "v": format_rupiah(effective_price(winner))}
            ),
        )
        set_package_status(actor=actor, package=tender.package, status=Package.Status.AWARDED)
        publish("award", tender)
    return decision


@transaction.atomic
def winner_announce(*, actor: Any, tender: Tender) -> WinnerDecision:
    """The winner (and reserves) are announced publicly with the evaluation summary; every registered provider is
    told, the objection period follows by the schedule, and the outcome is reported to the Kepala UKPBJ."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ANNOUNCE_WINNER, actor=actor, at=now)
    decision = current_winner_decision(tender)
    if decision is None:
        raise TenderingError("WINNER_NOT_DECIDED", _("Pemenang belum ditetapkan."), status=409)
    if decision.announced_at is not None:
        return decision
    decision.announced_at = now
    decision.announced_by = actor
    decision.save(update_fields=["announced_at", "announced_by"])
    price = effective_price(decision.winner)
    notify_registered(
        tender,
        _("Pengumuman pemenang"),
        [
            str(
                _("Pemenang: %(p)s, harga %(v)s.")
                % {"p": decision.winner.provider.name, "v": format_rupiah(price)}
            ),
            str(_("Masa sanggah mengikuti jadwal tender.")),
        ],
    )
    set_package_status(actor=actor, package=tender.package, status=Package.Status.AWARDED)
    publish("award", tender)
    _report(
        actor=actor,
        tender=tender,
        outcome="AWARDED",
        summary=str(
            _("Pemenang tender %(code)s: %(p)s, %(v)s.")
            % {"code": tender.code, "p": decision.winner.provider.name, "v": format_rupiah(price)}
        ),
    )
    audit.record(actor=actor, action="tendering.winner.announce", obj=decision, after={"announced_at": now})
    return decision
