"""The winner's answer to the SPPBJ, in the system: it accepts it, or refuses it with a reason (a reason the
rules do not accept is flagged for the sanction, Perpres 16/2018 Pasal 78 ayat (3)); after a refusal the PPK
appoints the reserve winner, reserve 1 then reserve 2 in the rank order of the winner decision, with the reason
recorded. The letter row is issued again to the reserve; every refusal stays on record (AwardLetterRefusal)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.tendering.services._base import current_winner_decision

from .. import award_rules, rules
from ..errors import ContractsError
from ..models import AwardLetter, AwardLetterRefusal
from ..states import AWARD_LETTER, Action
from ._base import lock_letter, role_for, step, text_required, today
from .award import letter_announce, letter_terms

_LETTER_FIELDS = ("state", "number", "provider", "value", "reserve_rank")


def snapshot_letter(letter: AwardLetter) -> dict[str, Any]:
    return audit.snapshot(letter, _LETTER_FIELDS)


def answer_in_time(letter: AwardLetter, now: dt.datetime) -> None:
    """Refuse (409) an answer after the SPPBJ's answer period (award_rules.award_answer_last_day), judged on the
    database clock's day inside the caller's transaction; the PPK records "no answer" instead."""
    if award_rules.award_answer_overdue(issued_on=letter.issued_on, today=today(now)):
        raise ContractsError(
            "ANSWER_OVERDUE",
            _("Batas waktu jawaban SPPBJ (%(d)s) sudah lewat."),
            status=409,
            d=award_rules.award_answer_last_day(issued_on=letter.issued_on).isoformat(),
        )


@transaction.atomic
def award_letter_accept(*, actor: Any, letter: AwardLetter) -> AwardLetter:
    """The appointed provider accepts the SPPBJ (Perpres 16/2018 Pasal 52 ayat (1) huruf a-b): the contract may be
    prepared and signed once the performance guarantee, where required, is handed over. Only within the answer
    period (award_rules.award_answer_last_day, checked on the database clock: ANSWER_OVERDUE)."""
    letter = lock_letter(letter)
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=letter.provider)
    before = snapshot_letter(letter)
    letter.state = step(AWARD_LETTER, state=letter.state, action=Action.ACCEPT, role=role)
    now = db_now()
    answer_in_time(letter, now)
    letter.answered_at = now
    letter.save(update_fields=["state", "answered_at"])
    audit.record(
        actor=actor,
        action="contracts.award_letter.accept",
        obj=letter,
        before=before,
        after=snapshot_letter(letter),
    )
    return letter


@transaction.atomic
def award_letter_refuse(
    *, actor: Any, letter: AwardLetter, reason: str, explanation: str
) -> AwardLetterRefusal:
    """The appointed provider refuses the SPPBJ. The reason is recorded; one the rules do not accept
    (rules.refusal_reason_accepted, Perpres 16/2018 Pasal 78 ayat (3)) proposes the sanction."""
    letter = lock_letter(letter)
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=letter.provider)
    before = snapshot_letter(letter)
    new_state = step(AWARD_LETTER, state=letter.state, action=Action.REFUSE, role=role)
    if reason not in AwardLetterRefusal.Reason.values:
        raise ContractsError("REASON_UNKNOWN", _("Pilih alasan penolakan."))
    explanation = text_required(explanation, "EXPLANATION_REQUIRED")
    now = db_now()
    answer_in_time(letter, now)
    accepted = rules.refusal_reason_accepted(reason=reason, on=today(now))
    letter.state = new_state
    letter.answered_at = now
    letter.save(update_fields=["state", "answered_at"])
    refusal = AwardLetterRefusal.objects.create(
        letter=letter,
        offer=letter.offer,
        provider=letter.provider,
        number=letter.number,
        value=letter.value,
        reserve_rank=letter.reserve_rank,
        reason=reason,
        explanation=explanation,
        reason_accepted=accepted,
        sanction_proposed=not accepted,
        refused_by=actor,
        refused_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.award_letter.refuse",
        obj=letter,
        before=before,
        after=snapshot_letter(letter)
        | {"reason": reason, "reason_accepted": accepted, "sanction_proposed": not accepted},
    )
    return refusal


@transaction.atomic
def award_letter_appoint_reserve(
    *, actor: Any, letter: AwardLetter, number: str, issued_on: dt.date, reason: str
) -> AwardLetter:
    """After a refusal the PPK appoints the next reserve winner of the winner decision, reserve 1 then reserve 2
    (Perpres 16/2018 Pasal 78 ayat (3); Peraturan LKPP 12/2021: the reserve winners in rank order). The letter
    is issued again to it, with its own price and performance guarantee; the reason is recorded."""
    letter = lock_letter(letter)
    tender = letter.tender
    role = role_for(actor=actor, ppk_id=tender.package.ppk_id, provider=letter.provider)
    before = snapshot_letter(letter)
    new_state = step(AWARD_LETTER, state=letter.state, action=Action.APPOINT_RESERVE, role=role)
    reason = text_required(reason, "REASON_REQUIRED")
    number = text_required(number, "NUMBER_REQUIRED")
    refusal = letter.refusals.filter(reserve_appointed_at=None).order_by("-refused_at").first()
    assert refusal is not None  # REFUSED is reached only through award_letter_refuse
    if issued_on < local_refusal_day(refusal):
        raise ContractsError(
            "ISSUED_BEFORE_REFUSAL", _("SPPBJ cadangan tidak dapat bertanggal sebelum penolakan.")
        )
    decision = current_winner_decision(tender)
    rank = letter.reserve_rank + 1
    reserve = None
    if decision is not None and rank <= 2:
        reserve = decision.reserve1 if rank == 1 else decision.reserve2
    if reserve is None:
        raise ContractsError(
            "NO_RESERVE",
            _("Tidak ada pemenang cadangan berikutnya; pemilihan dinyatakan gagal atau diulang."),
            status=409,
        )
    now = db_now()
    value, percent, amount = letter_terms(tender, reserve)
    letter.offer, letter.provider = reserve, reserve.provider
    letter.number, letter.issued_on, letter.value = number, issued_on, value
    letter.performance_guarantee_percent, letter.performance_guarantee_amount = percent, amount
    letter.reserve_rank, letter.state, letter.answered_at = rank, new_state, None
    letter.issued_by, letter.issued_at = actor, now
    letter.save()
    refusal.reserve_reason, refusal.reserve_appointed_by, refusal.reserve_appointed_at = reason, actor, now
    refusal.save(update_fields=["reserve_reason", "reserve_appointed_by", "reserve_appointed_at"])
    letter_announce(actor=actor, tender=tender, letter=letter)
    audit.record(
        actor=actor,
        action="contracts.award_letter.appoint_reserve",
        obj=letter,
        before=before,
        after=snapshot_letter(letter) | {"reason": reason},
    )
    return letter


def local_refusal_day(refusal: AwardLetterRefusal) -> dt.date:
    return today(refusal.refused_at)
