"""Qualification proof (pembuktian kualifikasi), the prequalification shortlist, and clarification & negotiation
(Perpres 16/2018 Pasal 26, 44, 50)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah

from .. import rules, scoring, states
from ..enums import OfficialRecordKind, Stage
from ..errors import TenderingError
from ..models import (
    Negotiation,
    Offer,
    QualificationProof,
    Tender,
    TenderRegistration,
)
from ..states import Trigger
from ._base import authorize, lock_tender
from .evaluation import latest_full_decision
from .records import member_signatories, notify_registered, official_record_create


@transaction.atomic
def qualification_proof_record(
    *,
    actor: Any,
    tender: Tender,
    provider: Any,
    held_at: dt.datetime,
    attendees: str,
    passed: bool,
    notes: str,
) -> QualificationProof:
    """Pembuktian kualifikasi: the Pokja checks the original documents of a candidate (a passed, ranked bidder in
    pascakualifikasi; a registered provider in prakualifikasi) and records the result with its berita acara."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.PROVE_QUALIFICATION, actor=actor, at=now)
    if not (notes or "").strip() or not (attendees or "").strip():
        raise TenderingError("PROOF_INCOMPLETE", _("Catatan dan daftar yang hadir wajib diisi."))
    offer = None
    if Stage.SHORTLIST_ANNOUNCEMENT not in states.machine_of(tender).stages:
        decision = latest_full_decision(tender)
        result = decision.results.filter(offer__provider=provider, passed=True).first() if decision else None
        if result is None:
            raise TenderingError(
                "PROOF_NOT_CANDIDATE", _("Pembuktian hanya untuk peserta yang lulus evaluasi.")
            )
        offer = result.offer
    elif not TenderRegistration.objects.filter(tender=tender, provider=provider).exists():
        raise TenderingError("PROOF_NOT_CANDIDATE", _("Pembuktian hanya untuk peserta yang terdaftar."))
    if QualificationProof.objects.filter(
        tender=tender, provider=provider, round=tender.evaluation_round
    ).exists():
        raise TenderingError(
            "PROOF_EXISTS", _("Pembuktian kualifikasi peserta ini sudah dicatat."), status=409
        )
    proof = QualificationProof.objects.create(
        tender=tender,
        provider=provider,
        offer=offer,
        round=tender.evaluation_round,
        held_at=held_at,
        attendees=attendees.strip(),
        passed=bool(passed),
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    from lentera.core.calendar import JAKARTA

    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.QUALIFICATION_PROOF,
        context={
            "sections": [
                {
                    "heading": str(_("Peserta")),
                    "paragraphs": [
                        f"{provider.name} (NPWP {provider.npwp})",
                        str(
                            _("Waktu pembuktian: %(t)s")
                            % {"t": held_at.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")}
                        ),
                        str(_("Yang hadir: %(a)s") % {"a": proof.attendees}),
                    ],
                },
                {
                    "heading": str(_("Hasil")),
                    "paragraphs": [
                        str(_("Lulus pembuktian kualifikasi"))
                        if proof.passed
                        else str(_("Tidak lulus pembuktian kualifikasi")),
                        proof.notes,
                    ],
                },
            ]
        },
    )
    audit.record(
        actor=actor,
        action="tendering.qualification_proof.record",
        obj=proof,
        after={"provider": provider.pk, "passed": proof.passed},
    )
    return proof


@transaction.atomic
def shortlist_decide(
    *, actor: Any, tender: Tender, results: dict[int, tuple[bool, str]], agreeing_member_ids: list[int]
) -> list[TenderRegistration]:
    """Prakualifikasi: the Pokja (a majority agreeing) sets which registered providers pass and may bid, with a
    reason for each one that fails; the result is announced to every registered provider."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(
        tender=tender, trigger=Trigger.SHORTLIST, actor=actor, at=now, agreeing_member_ids=agreeing_member_ids
    )
    regs = list(TenderRegistration.objects.filter(tender=tender).select_related("provider"))
    missing = [r.provider.name for r in regs if r.provider_id not in results]
    if missing:
        raise TenderingError(
            "SHORTLIST_INCOMPLETE",
            _("Hasil prakualifikasi belum diisi untuk: %(names)s."),
            names=", ".join(missing),
        )
    rows = []
    for reg in regs:
        passed, reason = results[reg.provider_id]
        if not passed and not (reason or "").strip():
            raise TenderingError(
                "REASON_REQUIRED_FOR_FAIL",
                _("Alasan wajib diisi untuk aspek yang tidak lulus (%(aspect)s)."),
                aspect=reg.provider.name,
            )
        reg.shortlisted = bool(passed)
        reg.shortlist_reason = (reason or "").strip()
        reg.save(update_fields=["shortlisted", "shortlist_reason"])
        rows.append(
            [
                reg.provider.name,
                str(_("Lulus")) if passed else str(_("Tidak lulus")),
                reg.shortlist_reason or "-",
            ]
        )
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.OTHER,
        title=str(_("Berita Acara Hasil Prakualifikasi")),
        context={
            "sections": [
                {
                    "heading": str(_("Hasil")),
                    "columns": [str(_("Peserta")), str(_("Hasil")), str(_("Alasan"))],
                    "rows": rows,
                }
            ],
            "signatories": member_signatories(tender, only_ids=agreeing_member_ids),
        },
        is_public=True,
    )
    notify_registered(
        tender,
        _("Hasil prakualifikasi"),
        [str(_("Hasil prakualifikasi telah ditetapkan; lihat halaman tender."))],
    )
    audit.record(
        actor=actor,
        action="tendering.shortlist.decide",
        obj=tender,
        after={"results": {str(k): v[0] for k, v in results.items()}},
    )
    return regs


@transaction.atomic
def negotiation_record(
    *, actor: Any, offer: Offer, technical_notes: str, agreed_price: Decimal
) -> Negotiation:
    """Klarifikasi dan negosiasi teknis dan harga (Pengadaan Langsung, Penunjukan Langsung): the agreed price may
    not exceed the offer nor the HPS (the rule: rules.negotiated_price_refusal)."""
    tender = lock_tender(offer.tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.NEGOTIATE, actor=actor, at=now)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    try:
        agreed = scoring.money(agreed_price)
    except ValueError:
        raise TenderingError("PRICE_INVALID", _("Harga penawaran tidak valid."))
    base = offer.corrected_price or offer.read_price
    refusal = rules.negotiated_price_refusal(agreed, base, tender.hps_total)
    if refusal == "NEGOTIATED_ABOVE_OFFER":
        raise TenderingError(
            "NEGOTIATED_ABOVE_OFFER",
            _("Harga hasil negosiasi harus lebih dari nol dan tidak melebihi penawaran."),
        )
    if refusal == "BID_ABOVE_HPS":
        raise TenderingError(
            "BID_ABOVE_HPS",
            _("Harga hasil negosiasi melebihi HPS (%(rule)s)."),
            rule=rules.HPS_CEILING_CITATION,
        )
    if not (technical_notes or "").strip():
        raise TenderingError("NOTES_REQUIRED", _("Hasil klarifikasi teknis wajib diisi."))
    neg = Negotiation.objects.create(
        tender=tender,
        offer=offer,
        held_at=now,
        technical_notes=technical_notes.strip(),
        agreed_price=agreed,
        recorded_by=actor,
    )
    offer.negotiated_price = agreed
    offer.save(update_fields=["negotiated_price"])
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.NEGOTIATION,
        context={
            "sections": [
                {
                    "heading": str(_("Penyedia")),
                    "paragraphs": [f"{offer.provider.name} (NPWP {offer.provider.npwp})"],
                },
                {"heading": str(_("Klarifikasi teknis")), "paragraphs": [neg.technical_notes]},
                {
                    "heading": str(_("Negosiasi harga")),
                    "columns": [str(_("Harga penawaran")), str(_("Harga hasil negosiasi"))],
                    "rows": [[format_rupiah(base), format_rupiah(agreed)]],
                },
            ]
        },
    )
    audit.record(
        actor=actor,
        action="tendering.negotiation.record",
        obj=neg,
        after={"offer": offer.pk, "agreed_price": str(agreed)},
    )
    return neg
