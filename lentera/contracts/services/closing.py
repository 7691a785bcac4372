"""The late or early end of a contract, by the package's PPK: keadaan kahar with its evidence (the period extended
by its days without penalty, or the contract stopped: Perpres 16/2018 Pasal 55), the warning letters (teguran 1-3),
the grace decision once the period has ended (pemberian kesempatan, at most 50 days with penalty: Pasal 56), the
extension of the performance guarantee that a longer period needs, and the termination (pemutusan: Pasal 93) with
the guarantee claimed, the penalty due and the blacklist sanction proposed to the providers app. Each checks its
row of ``states.CONTRACT`` and its rule (``closing_rules``) on the database clock, inside one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, uploads
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.providers import services as provider_services
from lentera.tendering.services._base import sha256_of
from lentera.tendering.services.records import publish

from .. import closing_rules as cr
from .. import rules
from ..errors import ContractsError
from ..models import (
    AdvancePayment,
    Contract,
    ContractWarning,
    ForceMajeure,
    GraceDecision,
    Payment,
    PerformanceGuarantee,
    Termination,
)
from ..states import CONTRACT, Action, PaymentState
from ._base import checked_file, lock_contract, role_for, step, text_required, today
from .guarantee import check_guarantee_covers

_FIELDS = ("state", "end_on")


def _ppk_step(actor: Any, contract: Contract, action: str) -> str:
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    return step(CONTRACT, state=contract.state, action=action, role=role)


def _not_after_today(day: dt.date, now: dt.datetime, code: str = "DATE_IN_FUTURE") -> None:
    if day > today(now):
        raise ContractsError(code, _("Tanggal tidak boleh setelah hari ini."))


def _checked_evidence(upload: Any) -> tuple[str, str]:
    """The evidence file judged by its bytes (PDF, JPEG or PNG; lentera.core.uploads), at most 20 MB."""
    if upload is None:
        raise ContractsError("EVIDENCE_REQUIRED", _("Bukti keadaan kahar wajib diunggah."))
    return checked_file(upload, allowed=uploads.SCAN_TYPES, default="bukti-kahar", missing="")


@transaction.atomic
def force_majeure_record(
    *,
    actor: Any,
    contract: Contract,
    event: str,
    event_from: dt.date,
    event_until: dt.date,
    effect: str,
    evidence: Any,
) -> ForceMajeure:
    """Record keadaan kahar (Perpres 16/2018 Pasal 55): the event, its first and last day (the first not after
    today nor before the signing), the evidence; EXTEND moves the planned end by the event's days
    (closing_rules.force_majeure_end, so they carry no lateness penalty) and needs the guarantee to cover the
    new end; STOP stops the contract (IN_PROGRESS -> STOPPED), the provider paid for the progress reached."""
    contract = lock_contract(contract)
    action = Action.STOP if effect == ForceMajeure.Effect.STOP else Action.FORCE_MAJEURE
    if effect not in ForceMajeure.Effect.values:
        raise ContractsError("EFFECT_UNKNOWN", _("Pilih akibat keadaan kahar."))
    new_state = _ppk_step(actor, contract, action)
    event = text_required(event, "EVENT_REQUIRED")
    now = db_now()
    _not_after_today(event_from, now)
    if event_until < event_from or event_from < contract.signed_on:
        raise ContractsError(
            "EVENT_DATES",
            _("Keadaan kahar terjadi setelah kontrak ditandatangani dan berakhir setelah mulainya."),
        )
    stored, mime = _checked_evidence(evidence)
    before = audit.snapshot(contract, _FIELDS)
    new_end = cr.force_majeure_end(
        end_on=contract.end_on, effect=effect, event_from=event_from, event_until=event_until, on=today(now)
    )
    if new_end > contract.end_on:
        check_guarantee_covers(
            letter=contract.award_letter, contract_start=contract.signed_on, handover_due=new_end
        )
    record = ForceMajeure(
        contract=contract,
        event=event,
        event_from=event_from,
        event_until=event_until,
        effect=effect,
        days=(event_until - event_from).days + 1,
        end_before=contract.end_on,
        end_after=new_end,
        evidence_name=(evidence.name or stored)[:255],
        evidence_type=mime,
        evidence_size=evidence.size or 0,
        evidence_sha256=sha256_of(evidence),
        recorded_by=actor,
        recorded_at=now,
    )
    record.evidence.save(stored, evidence, save=False)
    record.save()
    contract.state, contract.end_on = new_state, new_end
    contract.save(update_fields=["state", "end_on"])
    publish("contract", contract.tender)
    audit.record(
        actor=actor,
        action="contracts.contract.stop" if effect == ForceMajeure.Effect.STOP else "contracts.force_majeure",
        obj=contract,
        before=before,
        after=audit.snapshot(contract, _FIELDS)
        | {"event": event, "days": record.days, "effect": effect, "evidence": record.evidence_sha256},
    )
    return record


@transaction.atomic
def warning_issue(
    *, actor: Any, contract: Contract, number: str, issued_on: dt.date, text: str
) -> ContractWarning:
    """Issue surat teguran number n (1 up to closing_rules.warning_limit) to the provider of a running
    contract, dated today or earlier, not before the start nor before the previous teguran."""
    contract = lock_contract(contract)
    _ppk_step(actor, contract, Action.WARN)
    number = text_required(number, "NUMBER_REQUIRED")
    text = text_required(text, "TEXT_REQUIRED")
    now = db_now()
    _not_after_today(issued_on, now)
    earlier = ContractWarning.objects.filter(contract=contract).order_by("-sequence")
    limit = cr.warning_limit(on=today(now))
    if earlier.count() >= limit:
        raise ContractsError("WARNING_LIMIT", _("Teguran sudah diterbitkan %(n)s kali."), status=409, n=limit)
    last = earlier.first()
    if issued_on < contract.start_on or (last is not None and issued_on < last.issued_on):
        raise ContractsError(
            "WARNING_DATE", _("Teguran bertanggal setelah mulai kerja dan tidak sebelum teguran sebelumnya.")
        )
    warning = ContractWarning.objects.create(
        contract=contract,
        sequence=(last.sequence if last else 0) + 1,
        number=number,
        issued_on=issued_on,
        text=text,
        days_late=cr.days_late(planned_end=contract.end_on, on=issued_on),
        issued_by=actor,
        issued_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.warning.issue",
        obj=contract,
        after={
            "warning": warning.sequence,
            "number": number,
            "issued_on": issued_on.isoformat(),
            "text": text,
        },
    )
    return warning


@transaction.atomic
def grace_decide(
    *, actor: Any, contract: Contract, granted: bool, reason: str, last_day: dt.date | None = None
) -> GraceDecision:
    """Once the period has ended without handover, decide (once) whether the provider gets the chance to finish
    (Perpres 16/2018 Pasal 56): granted, up to ``last_day`` within closing_rules.grace_days_allowed (50 days
    after the planned end), with the guarantee extended to cover it and the penalty running; or refused (the
    contract may then be terminated, Pasal 93 ayat (1) huruf a.1)."""
    contract = lock_contract(contract)
    _ppk_step(actor, contract, Action.GRANT_GRACE)
    reason = text_required(reason, "REASON_REQUIRED")
    now = db_now()
    day = today(now)
    late = cr.days_late(planned_end=contract.end_on, on=day)
    if late == 0:
        raise ContractsError(
            "NOT_LATE", _("Masa pelaksanaan belum berakhir: belum ada keterlambatan."), status=409
        )
    if GraceDecision.objects.filter(contract=contract).exists():
        raise ContractsError("GRACE_DECIDED", _("Pemberian kesempatan sudah diputuskan."), status=409)
    if granted:
        if last_day is None or not cr.grace_days_allowed(
            planned_end=contract.end_on, signed_on=contract.signed_on, last_day=last_day
        ):
            limit = rules.late_completion_last_day(planned_end=contract.end_on, signed_on=contract.signed_on)
            raise ContractsError(
                "GRACE_TOO_LONG",
                _("Batas kesempatan setelah akhir pelaksanaan dan paling lambat %(d)s (50 hari kalender)."),
                d=limit.isoformat(),
            )
        check_guarantee_covers(
            letter=contract.award_letter, contract_start=contract.signed_on, handover_due=last_day
        )
    decision = GraceDecision.objects.create(
        contract=contract,
        granted=granted,
        last_day=last_day if granted else None,
        reason=reason,
        decided_on=day,
        days_late=late,
        decided_by=actor,
        decided_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.grace.decide",
        obj=contract,
        after={
            "granted": granted,
            "last_day": last_day.isoformat() if granted and last_day else None,
            "days_late": late,
            "reason": reason,
        },
    )
    return decision


@transaction.atomic
def guarantee_extend(
    *, actor: Any, contract: Contract, valid_until: dt.date, number: str = ""
) -> PerformanceGuarantee:
    """Record the extension of the jaminan pelaksanaan of a signed or running contract (a later validity, with
    the number of the extension letter): a time extension, keadaan kahar or a grace period needs it to cover the
    new end (Perpres 16/2018 Pasal 33 ayat (4), Pasal 56 ayat (2))."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.RECORD_GUARANTEE, role=role)
    guarantee = PerformanceGuarantee.objects.select_for_update().filter(letter=contract.award_letter).first()
    if contract.award_letter is None or guarantee is None:
        raise ContractsError(
            "GUARANTEE_MISSING", _("Kontrak ini tidak memiliki jaminan pelaksanaan."), status=409
        )
    if valid_until <= guarantee.valid_until:
        raise ContractsError(
            "GUARANTEE_NOT_LATER",
            _("Masa berlaku baru harus setelah %(d)s."),
            d=guarantee.valid_until.isoformat(),
        )
    before = audit.snapshot(guarantee, ("number", "valid_until"))
    guarantee.valid_until = valid_until
    if (number or "").strip():
        guarantee.number = number.strip()[:100]
    guarantee.recorded_by, guarantee.recorded_at = actor, db_now()
    guarantee.save(update_fields=["valid_until", "number", "recorded_by", "recorded_at"])
    audit.record(
        actor=actor,
        action="contracts.guarantee.extend",
        obj=guarantee,
        before=before,
        after=audit.snapshot(guarantee, ("number", "valid_until")),
    )
    return guarantee


@transaction.atomic
def contract_terminate(
    *, actor: Any, contract: Contract, ground: str, explanation: str, terminated_on: dt.date
) -> Termination:
    """Terminate the contract (Perpres 16/2018 Pasal 93): on a ground of ayat (1) that applies on the day
    (closing_rules.termination_ground_applies: the lateness grounds once the period has ended, the end of the
    grace only after the 50 days); dated today or earlier, not before the signing. For the provider's fault
    (ayat (2)) the performance guarantee is claimed (recorded), the lateness penalty up to the day is due and a
    blacklist sanction is proposed to the PA/KPA (providers.blacklist_propose)."""
    contract = lock_contract(contract)
    new_state = _ppk_step(actor, contract, Action.TERMINATE)
    now = db_now()
    try:
        rule = cr.termination_ground(code=ground, on=today(now))
    except LookupError as exc:
        raise ContractsError("GROUND_UNKNOWN", _("Pilih alasan pemutusan.")) from exc
    explanation = text_required(explanation, "EXPLANATION_REQUIRED")
    _not_after_today(terminated_on, now)
    if terminated_on < contract.signed_on:
        raise ContractsError("TERMINATION_DATE", _("Pemutusan tidak boleh sebelum kontrak ditandatangani."))
    grace = GraceDecision.objects.filter(contract=contract).first()
    if ground == cr.UNABLE_EVEN_WITH_GRACE and grace is not None and grace.granted:
        raise ContractsError(
            "GRACE_GRANTED",
            _("Kesempatan sudah diberikan sampai %(d)s: putuskan setelah kesempatan berakhir."),
            status=409,
            d=grace.last_day.isoformat() if grace.last_day else "",
        )
    if not cr.termination_ground_applies(
        ground=rule, planned_end=contract.end_on, signed_on=contract.signed_on, on=terminated_on
    ):
        limit = rules.late_completion_last_day(planned_end=contract.end_on, signed_on=contract.signed_on)
        raise ContractsError(
            "TERMINATION_TOO_EARLY",
            _("Alasan ini baru dapat dipakai setelah %(d)s."),
            status=409,
            d=(contract.end_on if rule.lateness == "LATE" else limit).isoformat(),
        )
    late = cr.days_late(planned_end=contract.end_on, on=terminated_on)
    penalty = (
        cr.penalty_as_of(
            basis=contract.value, planned_end=contract.end_on, signed_on=contract.signed_on, on=terminated_on
        )
        if rule.provider_fault
        else 0
    )
    guarantee = PerformanceGuarantee.objects.filter(letter=contract.award_letter).first()
    claimed = rule.provider_fault and guarantee is not None
    advance = AdvancePayment.objects.filter(contract=contract).first()
    advance_claimed = advance_repay = outstanding = Decimal("0")
    if advance is not None:
        repaid = Payment.objects.filter(contract=contract, state=PaymentState.PAID).aggregate(
            s=Sum("advance_repayment")
        )["s"] or Decimal("0")
        outstanding = advance.amount - repaid
        advance_claimed, advance_repay = cr.advance_settlement(
            outstanding=outstanding,
            guarantee_amount=advance.guarantee_amount,
            guarantee_valid=advance.guarantee_valid_until >= terminated_on,
            provider_fault=rule.provider_fault,
        )
    before = audit.snapshot(contract, _FIELDS)
    proposal = None
    if rule.provider_fault and contract.provider is not None:
        proposal = provider_services.blacklist_propose(
            actor=actor,
            provider=contract.provider,
            category=rule.sanction_category,
            violation=f"{Termination.Ground(ground).label}: {explanation}",
            source=f"Pemutusan kontrak {contract.number} ({contract.tender.code})",
            source_url=reverse("contracts:detail", args=[contract.pk]),
        )
    termination = Termination.objects.create(
        contract=contract,
        ground=ground,
        explanation=explanation,
        terminated_on=terminated_on,
        days_late=late,
        penalty_total=penalty,
        provider_fault=rule.provider_fault,
        guarantee_claimed=claimed,
        guarantee_number=guarantee.number if claimed and guarantee else "",
        guarantee_amount=guarantee.amount if claimed and guarantee else None,
        sanction_proposal=proposal,
        advance_outstanding=max(outstanding, Decimal("0")),
        advance_guarantee_claimed=advance_claimed,
        advance_guarantee_number=advance.guarantee_number if advance is not None and advance_claimed else "",
        advance_to_repay=advance_repay,
        terminated_by=actor,
        terminated_at=now,
    )
    contract.state = new_state
    contract.save(update_fields=["state"])
    publish("contract", contract.tender)
    audit.record(
        actor=actor,
        action="contracts.contract.terminate",
        obj=contract,
        before=before,
        after=audit.snapshot(contract, _FIELDS)
        | {
            "ground": ground,
            "terminated_on": terminated_on.isoformat(),
            "days_late": late,
            "penalty": format_rupiah(penalty),
            "guarantee_claimed": claimed,
            "sanction_proposal": proposal.pk if proposal else None,
            "advance_outstanding": format_rupiah(max(outstanding, Decimal("0"))),
            "advance_guarantee_claimed": format_rupiah(advance_claimed),
            "advance_to_repay": format_rupiah(advance_repay),
        },
    )
    return termination
