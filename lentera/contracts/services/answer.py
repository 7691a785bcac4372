"""The other endings of an SPPBJ's answer (Perpres 16/2018 Pasal 78 ayat (3)): the winner withdraws after
accepting it, before the contract is signed; or the answer period passes without an answer and the PPK records it.
Either ends like a refusal (the letter REFUSED, an AwardLetterRefusal row of its kind, the reserve may be
appointed). Then the PPK decides, once per refusal, whether to propose the blacklist sanction to the PA/KPA
(providers.blacklist_propose) or not, with the reason; the rule's own judgement (``sanction_proposed``) is a
recommendation the PPK may overrule with a reason."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.providers import services as provider_services

from .. import award_rules, rules
from ..errors import ContractsError
from ..models import AwardLetter, AwardLetterRefusal, Contract, PerformanceGuarantee
from ..states import AWARD_LETTER, REFUSAL_SANCTION, Action
from ._base import lock_letter, role_for, step, text_required, today
from .acceptance import snapshot_letter

_SANCTION_FIELDS = ("sanction_state", "sanction_reason", "sanction_proposal")


def _refusal(letter: AwardLetter, *, kind: str, reason: str, explanation: str, actor: Any, now: Any):
    accepted = rules.refusal_reason_accepted(reason=reason, on=today(now))
    return AwardLetterRefusal.objects.create(
        letter=letter,
        offer=letter.offer,
        provider=letter.provider,
        number=letter.number,
        value=letter.value,
        reserve_rank=letter.reserve_rank,
        kind=kind,
        reason=reason,
        explanation=explanation,
        reason_accepted=accepted,
        sanction_proposed=not accepted,
        refused_by=actor,
        refused_at=now,
    )


@transaction.atomic
def award_letter_withdraw(
    *, actor: Any, letter: AwardLetter, reason: str, explanation: str
) -> AwardLetterRefusal:
    """The appointed provider withdraws after accepting the SPPBJ, before the contract is signed (Perpres 16/2018
    Pasal 78 ayat (3), ayat not confirmed in shared/seeds). Recorded like a refusal (kind WITHDRAWN, the reason
    judged by rules.refusal_reason_accepted); the jaminan pelaksanaan it handed over is removed from the letter
    (its data stay in the audit event) so the reserve hands over its own. Refused once a contract is signed
    (CONTRACT_SIGNED, 409)."""
    letter = lock_letter(letter)
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=letter.provider)
    before = snapshot_letter(letter)
    new_state = step(AWARD_LETTER, state=letter.state, action=Action.WITHDRAW_ACCEPTANCE, role=role)
    if Contract.objects.filter(award_letter=letter).exists():
        raise ContractsError(
            "CONTRACT_SIGNED",
            _("Kontrak sudah ditandatangani: pengunduran diri tidak lagi dapat dicatat."),
            status=409,
        )
    if reason not in AwardLetterRefusal.Reason.values:
        raise ContractsError("REASON_UNKNOWN", _("Pilih alasan pengunduran diri."))
    explanation = text_required(explanation, "EXPLANATION_REQUIRED")
    now = db_now()
    guarantee = PerformanceGuarantee.objects.filter(letter=letter).first()
    dropped = audit.snapshot(guarantee, ("issuer", "number", "amount", "valid_until")) if guarantee else None
    if guarantee is not None:
        guarantee.delete()
    letter.state, letter.answered_at = new_state, now
    letter.save(update_fields=["state", "answered_at"])
    refusal = _refusal(
        letter,
        kind=AwardLetterRefusal.Kind.WITHDRAWN,
        reason=reason,
        explanation=explanation,
        actor=actor,
        now=now,
    )
    audit.record(
        actor=actor,
        action="contracts.award_letter.withdraw",
        obj=letter,
        before=before,
        after=snapshot_letter(letter)
        | {"reason": reason, "sanction_proposed": refusal.sanction_proposed, "guarantee_removed": dropped},
    )
    return refusal


@transaction.atomic
def award_letter_record_no_answer(*, actor: Any, letter: AwardLetter) -> AwardLetterRefusal:
    """The PPK records that the appointed provider did not answer the SPPBJ within the answer period
    (award_rules.award_answer_last_day; not confirmed in shared/seeds): only once the period is over on the
    database clock's day, checked in this transaction (ANSWER_NOT_OVERDUE, 409). Recorded like a refusal
    without an accepted reason (kind NO_ANSWER, sanction recommended); the reserve may then be appointed."""
    letter = lock_letter(letter)
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=letter.provider)
    before = snapshot_letter(letter)
    new_state = step(AWARD_LETTER, state=letter.state, action=Action.RECORD_NO_ANSWER, role=role)
    now = db_now()
    last_day = award_rules.award_answer_last_day(issued_on=letter.issued_on)
    if not award_rules.award_answer_overdue(issued_on=letter.issued_on, today=today(now)):
        raise ContractsError(
            "ANSWER_NOT_OVERDUE",
            _("Penyedia masih dapat menjawab SPPBJ sampai %(d)s."),
            status=409,
            d=last_day.isoformat(),
        )
    letter.state = new_state
    letter.save(update_fields=["state"])
    refusal = _refusal(
        letter,
        kind=AwardLetterRefusal.Kind.NO_ANSWER,
        reason=AwardLetterRefusal.Reason.OTHER,
        explanation=str(_("Tidak ada jawaban sampai %(d)s.") % {"d": last_day.isoformat()}),
        actor=actor,
        now=now,
    )
    audit.record(
        actor=actor,
        action="contracts.award_letter.no_answer",
        obj=letter,
        before=before,
        after=snapshot_letter(letter) | {"last_day": last_day.isoformat()},
    )
    return refusal


@transaction.atomic
def refusal_sanction_decide(
    *, actor: Any, refusal: AwardLetterRefusal, propose: bool, reason: str
) -> AwardLetterRefusal:
    """The PPK's decision after a refusal, a withdrawal or no answer (Perpres 16/2018 Pasal 78 ayat (3), ayat
    not confirmed): propose the blacklist sanction to the PA/KPA (providers.blacklist_propose, category
    award_rules.award_sanction_category) or not; the reason is required either way, once per refusal
    (states.REFUSAL_SANCTION: a second decision is STATE_NOT_ALLOWED, 409)."""
    refusal = (
        AwardLetterRefusal.objects.select_for_update(of=("self",))
        .select_related("letter__tender__package", "provider")
        .get(pk=refusal.pk)
    )
    letter = refusal.letter
    role = role_for(actor=actor, ppk_id=letter.tender.package.ppk_id, provider=None)
    action = Action.PROPOSE_SANCTION if propose else Action.WAIVE_SANCTION
    before = audit.snapshot(refusal, _SANCTION_FIELDS)
    new_state = step(REFUSAL_SANCTION, state=refusal.sanction_state, action=action, role=role)
    reason = text_required(reason, "REASON_REQUIRED")
    now = db_now()
    if propose:
        refusal.sanction_proposal = provider_services.blacklist_propose(
            actor=actor,
            provider=refusal.provider,
            category=award_rules.award_sanction_category(on=today(now)),
            violation=f"{refusal.get_kind_display()} {refusal.number}: {refusal.explanation}. {reason}",
            source=f"SPPBJ {refusal.number} ({letter.tender.code})",
            source_url=reverse("contracts:letter", args=[letter.pk]),
        )
    refusal.sanction_state, refusal.sanction_reason = new_state, reason
    refusal.sanction_decided_by, refusal.sanction_decided_at = actor, now
    refusal.save(
        update_fields=[
            "sanction_state",
            "sanction_reason",
            "sanction_proposal",
            "sanction_decided_by",
            "sanction_decided_at",
        ]
    )
    audit.record(
        actor=actor,
        action="contracts.award_letter.sanction_decide",
        obj=refusal,
        before=before,
        after=audit.snapshot(refusal, _SANCTION_FIELDS),
    )
    return refusal
