"""Jaminan pelaksanaan: the provider (or the PPK for it) records the guarantee handed over after the SPPBJ is
accepted (issuer, number, amount, validity); it must reach the amount the rules require and, when the contract
is signed, cover the contract from its signing to the (first) handover (Perpres 16/2018 Pasal 33)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah

from .. import rules
from ..errors import ContractsError
from ..models import AwardLetter, PerformanceGuarantee
from ..selectors import guarantee_requirement
from ..states import AWARD_LETTER, Action
from ._base import lock_letter, money_in, role_for, step, text_required, today

_FIELDS = ("issuer", "number", "amount", "valid_from", "valid_until", "required_amount")


@transaction.atomic
def performance_guarantee_record(
    *,
    actor: Any,
    letter: AwardLetter,
    issuer: str,
    number: str,
    amount: Decimal,
    valid_from: dt.date,
    valid_until: dt.date,
) -> PerformanceGuarantee:
    """Record (or replace, until the contract is signed) the jaminan pelaksanaan of an accepted SPPBJ
    (Perpres 16/2018 Pasal 33): at least the required amount, valid today and for a period that ends after it
    starts. Whether it covers the contract period is checked when the contract is signed."""
    letter = lock_letter(letter)
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=letter.provider)
    step(AWARD_LETTER, state=letter.state, action=Action.RECORD_GUARANTEE, role=role)
    if hasattr(letter, "contract"):
        raise ContractsError("CONTRACT_SIGNED", _("Kontrak sudah ditandatangani."), status=409)
    issuer = text_required(issuer, "ISSUER_REQUIRED")
    number = text_required(number, "NUMBER_REQUIRED")
    amount = money_in(amount)
    required = guarantee_requirement(letter)
    if required is not None and amount < required:
        raise ContractsError(
            "GUARANTEE_TOO_SMALL",
            _("Nilai jaminan pelaksanaan paling sedikit %(v)s."),
            v=format_rupiah(required or 0),
        )
    if valid_until < valid_from:
        raise ContractsError("PERIOD_INVALID", _("Masa berlaku jaminan harus berakhir setelah mulainya."))
    now = db_now()
    if valid_until < today(now):
        raise ContractsError("GUARANTEE_EXPIRED", _("Masa berlaku jaminan sudah lewat."))
    existing = PerformanceGuarantee.objects.filter(letter=letter).first()
    before = audit.snapshot(existing, _FIELDS) if existing else None
    guarantee, _created = PerformanceGuarantee.objects.update_or_create(
        letter=letter,
        defaults={
            "issuer": issuer,
            "number": number,
            "amount": amount,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "required_amount": required,
            "recorded_by": actor,
            "recorded_at": now,
        },
    )
    audit.record(
        actor=actor,
        action="contracts.guarantee.record",
        obj=guarantee,
        before=before,
        after=audit.snapshot(guarantee, _FIELDS),
    )
    return guarantee


def check_guarantee_covers(
    *, letter: AwardLetter | None, contract_start: dt.date, handover_due: dt.date
) -> None:
    """Before signing (and when the start order moves the period): where the rules require a jaminan
    pelaksanaan, it is recorded and valid from the contract's signing to its handover
    (rules.guarantee_covers_period, Perpres 16/2018 Pasal 33 ayat (4))."""
    if letter is None or guarantee_requirement(letter) is None:
        return
    guarantee = PerformanceGuarantee.objects.filter(letter=letter).first()
    if guarantee is None:
        raise ContractsError(
            "GUARANTEE_MISSING",
            _("Jaminan pelaksanaan wajib diserahkan sebelum kontrak ditandatangani."),
            status=409,
        )
    if not rules.guarantee_covers_period(
        valid_from=guarantee.valid_from,
        valid_until=guarantee.valid_until,
        contract_start=contract_start,
        handover_due=handover_due,
    ):
        raise ContractsError(
            "GUARANTEE_PERIOD",
            _("Jaminan pelaksanaan harus berlaku sejak %(a)s sampai serah terima %(b)s."),
            a=contract_start.isoformat(),
            b=handover_due.isoformat(),
        )
