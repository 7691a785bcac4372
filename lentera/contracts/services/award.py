"""The SPPBJ (letter of award) and the signed contract's record (moved from tendering; Perpres 16/2018 Pasal 52;
Permendagri 53/2021 Pasal 5 h). The tender's last stages are tendering's: these services check them through
tendering's guards (``authorize``), then complete the tender and the package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.planning.models import Package
from lentera.tendering import rules as tender_rules
from lentera.tendering.enums import OfficialRecordKind, TenderStatus
from lentera.tendering.models import Appeal, EvaluationResult, Objection, Tender
from lentera.tendering.services._base import (
    authorize,
    check_upload,
    current_winner_decision,
    lock_tender,
    sha256_of,
)
from lentera.tendering.services.award import effective_price
from lentera.tendering.services.records import notify_registered, official_record_create, publish
from lentera.tendering.services.tender import set_package_status
from lentera.tendering.states import Trigger

from ..errors import ContractsError
from ..models import AwardLetter, Contract, ContractDocument
from ..states import AwardLetterState
from .guarantee import check_guarantee_covers
from .terms import checked_terms, store_years, terms_snapshot


@transaction.atomic
def award_letter_issue(*, actor: Any, tender: Tender, number: str, issued_on: dt.date) -> AwardLetter:
    """SPPBJ: the PPK appoints the announced winner once every objection and appeal is answered (Perpres 16/2018
    Pasal 52). The performance guarantee follows the evaluation (5%, or 5% of the HPS under 80%)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ISSUE_AWARD_LETTER, actor=actor, at=now)
    if AwardLetter.objects.filter(tender=tender).exists():
        raise ContractsError("AWARD_LETTER_EXISTS", _("SPPBJ sudah diterbitkan."), status=409)
    if (
        Objection.objects.filter(tender=tender, answered_at=None).exists()
        or Appeal.objects.filter(tender=tender, answered_at=None).exists()
    ):
        raise ContractsError(
            "OBJECTIONS_PENDING",
            _("Masih ada sanggahan atau sanggah banding yang belum dijawab."),
            status=409,
        )
    if not (number or "").strip():
        raise ContractsError("NUMBER_REQUIRED", _("Nomor wajib diisi."))
    decision = current_winner_decision(tender)
    assert decision is not None  # authorize: G_WINNER_ANNOUNCED
    offer = decision.winner
    value, percent, amount = letter_terms(tender, offer)
    letter = AwardLetter.objects.create(
        tender=tender,
        offer=offer,
        provider=offer.provider,
        number=number.strip(),
        issued_on=issued_on,
        value=value,
        performance_guarantee_percent=percent,
        performance_guarantee_amount=amount,
        issued_by=actor,
        issued_at=now,
    )
    letter_announce(actor=actor, tender=tender, letter=letter)
    audit.record(
        actor=actor,
        action="contracts.award_letter.issue",
        obj=letter,
        after={"number": letter.number, "value": str(value), "provider": offer.provider_id},
    )
    return letter


def letter_terms(tender: Tender, offer: Any) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """The value of a letter to ``offer`` and its performance guarantee (percent, amount) as the evaluation
    set them (5%, or 5% of the HPS under 80%; Perpres 16/2018 Pasal 33 ayat (3))."""
    value = effective_price(offer)
    assert value is not None  # a ranked offer passed the price evaluation, so it has a price
    result = EvaluationResult.objects.filter(
        decision__tender=tender, decision__round=tender.evaluation_round, offer=offer, decision__scope="FULL"
    ).first()
    if result is not None:
        return value, result.performance_guarantee_percent, result.performance_guarantee_amount
    return value, None, tender_rules.performance_guarantee(value, tender.hps_total)


def letter_announce(*, actor: Any, tender: Tender, letter: AwardLetter) -> None:
    """The SPPBJ's official record (public), the award's publication and the mail to registered providers."""
    provider = letter.provider
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.AWARD_LETTER,
        title=str(_("Surat Penunjukan Penyedia Barang/Jasa (SPPBJ) Nomor %(n)s") % {"n": letter.number}),
        context={
            "sections": [
                {
                    "heading": str(_("Penyedia yang ditunjuk")),
                    "paragraphs": [
                        f"{provider.name} (NPWP {provider.npwp})",
                        str(_("Nilai: %(v)s") % {"v": format_rupiah(letter.value)}),
                        str(
                            _("Jaminan pelaksanaan: %(g)s")
                            % {"g": format_rupiah(letter.performance_guarantee_amount)}
                        ),
                    ],
                }
            ],
            "signatories": [{"role": "PPK", "name": actor.full_name, "nip": actor.nip}],
        },
        is_public=True,
    )
    publish("award", tender)
    notify_registered(
        tender,
        _("SPPBJ diterbitkan"),
        [str(_("SPPBJ %(n)s diterbitkan untuk %(p)s.") % {"n": letter.number, "p": provider.name})],
    )


@transaction.atomic
def contract_record(
    *,
    actor: Any,
    tender: Tender,
    number: str,
    contract_type: str,
    signed_on: dt.date,
    start_on: dt.date,
    end_on: dt.date,
    value: Decimal | None = None,
    kind: str = Contract.Kind.AGREEMENT,
    multi_year: bool = False,
    years: Sequence[tuple[int, Any]] | None = None,
    provider_signatory: str = "",
    provider_signatory_title: str = "",
    description: str = "",
    documents: list[tuple[str, UploadedFile]] | None = None,
) -> Contract:
    """The PPK records the signed contract (parties, type, value, dates, documents; a multi-year contract with its
    value split per fiscal year: services.terms, Perpres 16/2018 Pasal 27); the tender completes and the
    package is contracted. Pengadaan Langsung: the order (SPK / surat pesanan) without SPPBJ. The value may not
    exceed the appointed price. With an SPPBJ, the provider must have accepted it and the jaminan pelaksanaan,
    where required, must cover the contract from signing to handover (Perpres 16/2018 Pasal 33, 52)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.SIGN_CONTRACT, actor=actor, at=now)
    letter = AwardLetter.objects.filter(tender=tender).first()
    decision = current_winner_decision(tender)
    if letter is not None:
        offer, ceiling = letter.offer, letter.value
    else:
        assert decision is not None  # authorize: without an SPPBJ (order), G_WINNER_ANNOUNCED
        offer = decision.winner
        price = effective_price(offer)
        assert price is not None  # the winner passed the price evaluation, so it has a price
        ceiling = price
    value = Decimal(value) if value not in (None, "") else ceiling
    if value <= 0 or value > ceiling:
        raise ContractsError(
            "CONTRACT_VALUE",
            _("Nilai kontrak harus lebih dari nol dan tidak melebihi nilai penunjukan (%(v)s)."),
            v=format_rupiah(ceiling),
        )
    if end_on < start_on:
        raise ContractsError("PERIOD_INVALID", _("Akhir pelaksanaan harus setelah awalnya."))
    if letter is not None and signed_on < letter.issued_on:
        raise ContractsError("SIGNED_BEFORE_AWARD", _("Kontrak tidak dapat ditandatangani sebelum SPPBJ."))
    if not (number or "").strip():
        raise ContractsError("NUMBER_REQUIRED", _("Nomor wajib diisi."))
    if letter is not None and letter.state != AwardLetterState.ACCEPTED:
        raise ContractsError(
            "LETTER_NOT_ACCEPTED", _("SPPBJ belum diterima oleh penyedia yang ditunjuk."), status=409
        )
    check_guarantee_covers(letter=letter, contract_start=signed_on, handover_due=end_on)
    split = checked_terms(
        contract_type=contract_type,
        multi_year=multi_year,
        years=years,
        procurement_type=tender.procurement_type,
        value=value,
        start_on=start_on,
        end_on=end_on,
        on=signed_on,
    )
    contract = Contract.objects.create(
        tender=tender,
        award_letter=letter,
        kind=kind,
        contract_type=contract_type,
        multi_year=multi_year,
        number=number.strip(),
        provider=offer.provider,
        ppk=actor,
        value=value,
        signed_on=signed_on,
        start_on=start_on,
        end_on=end_on,
        provider_signatory=provider_signatory.strip(),
        provider_signatory_title=provider_signatory_title.strip(),
        description=description.strip(),
        created_by=actor,
        created_at=now,
    )
    store_years(contract, split)
    for title, f in documents or []:
        stored = check_upload(f)
        doc = ContractDocument(
            contract=contract,
            title=(title or f.name or "")[:200],
            original_name=(f.name or "kontrak")[:255],
            size=f.size or 0,
            sha256=sha256_of(f),
            uploaded_by=actor,
            uploaded_at=now,
        )
        doc.file.save(stored, f, save=False)  # named after its content type
        doc.save()
    tender.status = TenderStatus.COMPLETED
    tender.closed_at = now
    tender.save(update_fields=["status", "closed_at", "updated_at"])
    set_package_status(actor=actor, package=tender.package, status=Package.Status.CONTRACTED)
    publish("contract", tender)
    audit.record(
        actor=actor,
        action="contracts.contract.record",
        obj=contract,
        after={
            "number": contract.number,
            "value": str(value),
            "provider": offer.provider_id,
            "documents": [d.sha256 for d in contract.documents.all()],
        }
        | terms_snapshot(contract),
    )
    return contract
