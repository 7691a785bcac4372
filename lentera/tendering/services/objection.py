"""Objections (sanggah) by bidders, appeals (sanggah banding, works only) to the PA/KPA, and the re-evaluation a
justified one leads to (Perpres 16/2018 Pasal 50 ayat (1) huruf h, ayat (2))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah

from .. import rules, states
from ..enums import OfficialRecordKind, Stage
from ..errors import TenderingError
from ..models import (
    Appeal,
    FollowUp,
    Objection,
    ObjectionAttachment,
    ScheduleChange,
    Tender,
)
from ..states import Trigger
from ._base import (
    authorize,
    check_upload,
    current_winner_decision,
    lock_tender,
    require_provider,
    sha256_of,
)
from .records import notify_registered, official_record_create, publish
from .schedule import _apply_change, _normalise_windows
from .tender import fail_tender

T = TypeVar("T", Objection, Appeal)


def _save_attachments(objection: Objection, files: list[UploadedFile]) -> None:
    for f in files:
        stored = check_upload(f)
        att = ObjectionAttachment(
            objection=objection,
            original_name=(f.name or "lampiran")[:255],
            size=f.size or 0,
            sha256=sha256_of(f),
        )
        att.file.save(stored, f, save=False)  # named after its content type
        att.save()


@transaction.atomic
def objection_file(
    *, actor: Any, tender: Tender, text: str, attachments: list[UploadedFile] | None = None
) -> Objection:
    """Sanggah: a bidder objects within the objection period (5 calendar days after the announcement,
    rules.OBJECTION_5_CALENDAR_DAYS), checked against the database clock, with attachments."""
    tender = lock_tender(tender)
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.OBJECT, actor=actor, at=now, provider=provider)
    if not (text or "").strip():
        raise TenderingError("OBJECTION_EMPTY", _("Isi sanggahan wajib diisi."))
    objection = Objection.objects.create(
        tender=tender,
        provider=provider,
        round=tender.evaluation_round,
        filed_by=actor,
        filed_at=now,
        text=text.strip(),
    )
    _save_attachments(objection, attachments or [])
    audit.record(
        actor=actor,
        action="tendering.objection.file",
        obj=objection,
        after={
            "tender": tender.code,
            "provider": provider.pk,
            "attachments": [a.sha256 for a in objection.attachments.all()],
        },
    )
    return objection


def _answer_followups(
    *, actor: Any, tender: Tender, justified: bool, follow_up: str, now: dt.datetime, what: str
) -> str:
    if not justified:
        return FollowUp.NONE
    if follow_up not in (FollowUp.REEVALUATION, FollowUp.RETENDER):
        raise TenderingError(
            "FOLLOW_UP_REQUIRED",
            _("Sanggahan yang benar harus ditindaklanjuti dengan evaluasi ulang atau tender ulang."),
        )
    if follow_up == FollowUp.RETENDER:
        fail_tender(
            actor=actor,
            tender=tender,
            reason=str(_("%(what)s dinyatakan benar; tender ulang.") % {"what": what}),
            now=now,
        )
    return follow_up


def _take_answer(
    record: T, *, actor: Any, tender: Tender, answer: str, justified: bool, follow_up: str, now, what: str
) -> T:
    """Fill in the answer of a locked objection or appeal (refused if already answered or empty) and carry out
    its follow-up; the caller saves it."""
    if record.answered_at is not None:
        raise TenderingError("ALREADY_ANSWERED", _("Sanggahan ini sudah dijawab."), status=409)
    if not (answer or "").strip():
        raise TenderingError("ANSWER_EMPTY", _("Jawaban tidak boleh kosong."))
    record.answer = answer.strip()
    record.answered_by = actor
    record.answered_at = now
    record.justified = bool(justified)
    record.follow_up = _answer_followups(
        actor=actor, tender=tender, justified=bool(justified), follow_up=follow_up, now=now, what=what
    )
    return record


@transaction.atomic
def objection_answer(
    *, actor: Any, objection: Objection, answer: str, justified: bool, follow_up: str = ""
) -> Objection:
    """The Pokja answers an objection in the answer period (at most 3 calendar days after the objection period,
    rules.OBJECTION_ANSWER_3_CALENDAR_DAYS). A justified objection sends the tender back to re-evaluation
    (tender_reevaluate) or to a re-tender (the tender fails)."""
    tender = lock_tender(objection.tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ANSWER_OBJECTION, actor=actor, at=now)
    objection = _take_answer(
        Objection.objects.select_for_update().get(pk=objection.pk),
        actor=actor,
        tender=tender,
        answer=answer,
        justified=justified,
        follow_up=follow_up,
        now=now,
        what=str(_("Sanggahan")),
    )
    objection.save()
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.OBJECTION_ANSWER,
        context={
            "sections": [
                {
                    "heading": str(_("Sanggahan dari %(p)s") % {"p": objection.provider.name}),
                    "paragraphs": [objection.text],
                },
                {"heading": str(_("Jawaban")), "paragraphs": [objection.answer]},
                {
                    "heading": str(_("Keputusan")),
                    "paragraphs": [
                        str(_("Sanggahan benar")) if objection.justified else str(_("Sanggahan tidak benar")),
                        str(FollowUp(objection.follow_up).label),
                    ],
                },
            ]
        },
        is_public=True,
    )
    publish("award", tender)
    notify_registered(
        tender, _("Jawaban sanggah"), [str(_("Sanggahan telah dijawab; lihat halaman tender."))]
    )
    audit.record(
        actor=actor,
        action="tendering.objection.answer",
        obj=objection,
        after={"justified": objection.justified, "follow_up": objection.follow_up},
    )
    return objection


@transaction.atomic
def appeal_file(
    *,
    actor: Any,
    tender: Tender,
    text: str,
    guarantee_amount: Decimal,
    guarantee_number: str,
    guarantee_issuer: str,
    guarantee_valid_until: dt.date,
) -> Appeal:
    """Sanggah banding (works only) to the PA/KPA by a provider that objected, within 5 calendar days, with a
    guarantee of at least 1% of the HPS (rules.APPEAL_GUARANTEE_CITATION)."""
    tender = lock_tender(tender)
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.APPEAL, actor=actor, at=now, provider=provider)
    minimum = rules.appeal_guarantee(tender.hps_total)
    if Decimal(guarantee_amount) < minimum:
        raise TenderingError(
            "APPEAL_GUARANTEE_TOO_LOW",
            _("Jaminan sanggah banding paling sedikit %(min)s (1%% HPS; %(rule)s)."),
            min=format_rupiah(minimum),
            rule=rules.APPEAL_GUARANTEE_CITATION,
        )
    if (
        not (text or "").strip()
        or not (guarantee_number or "").strip()
        or not (guarantee_issuer or "").strip()
    ):
        raise TenderingError("APPEAL_INCOMPLETE", _("Isi sanggah banding dan data jaminan wajib diisi."))
    if guarantee_valid_until < now.date():
        raise TenderingError("APPEAL_GUARANTEE_EXPIRED", _("Masa berlaku jaminan sudah lewat."))
    objection = (
        Objection.objects.filter(tender=tender, provider=provider, round=tender.evaluation_round)
        .order_by("-filed_at")
        .first()
    )
    assert objection is not None  # authorize: G_OBJECTED
    appeal = Appeal.objects.create(
        tender=tender,
        objection=objection,
        provider=provider,
        filed_by=actor,
        filed_at=now,
        text=text.strip(),
        guarantee_amount=Decimal(guarantee_amount),
        guarantee_number=guarantee_number.strip(),
        guarantee_issuer=guarantee_issuer.strip(),
        guarantee_valid_until=guarantee_valid_until,
    )
    audit.record(
        actor=actor,
        action="tendering.appeal.file",
        obj=appeal,
        after={"guarantee_amount": str(appeal.guarantee_amount), "guarantee_number": appeal.guarantee_number},
    )
    return appeal


@transaction.atomic
def appeal_answer(*, actor: Any, appeal: Appeal, answer: str, justified: bool, follow_up: str = "") -> Appeal:
    """The PA/KPA answers the appeal within 14 calendar days (rules.APPEAL_ANSWER_14_CALENDAR_DAYS). Justified:
    the guarantee is returned and the tender goes back to re-evaluation or re-tender; not justified: the
    guarantee is forfeited to the treasury."""
    tender = lock_tender(appeal.tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ANSWER_APPEAL, actor=actor, at=now)
    appeal = _take_answer(
        Appeal.objects.select_for_update().get(pk=appeal.pk),
        actor=actor,
        tender=tender,
        answer=answer,
        justified=justified,
        follow_up=follow_up,
        now=now,
        what=str(_("Sanggah banding")),
    )
    appeal.guarantee_outcome = (
        Appeal.GuaranteeOutcome.RETURNED if justified else Appeal.GuaranteeOutcome.FORFEITED
    )
    appeal.save()
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.APPEAL_ANSWER,
        context={
            "sections": [
                {
                    "heading": str(_("Sanggah banding dari %(p)s") % {"p": appeal.provider.name}),
                    "paragraphs": [appeal.text],
                },
                {"heading": str(_("Jawaban PA/KPA")), "paragraphs": [appeal.answer]},
                {
                    "heading": str(_("Jaminan sanggah banding")),
                    "paragraphs": [
                        f"{appeal.guarantee_number}, {format_rupiah(appeal.guarantee_amount)}: {appeal.get_guarantee_outcome_display()}"
                    ],
                },
            ],
            "signatories": [{"role": str(_("PA/KPA")), "name": actor.full_name, "nip": actor.nip}],
        },
        is_public=True,
    )
    notify_registered(
        tender, _("Jawaban sanggah banding"), [str(_("Sanggah banding telah dijawab; lihat halaman tender."))]
    )
    audit.record(
        actor=actor,
        action="tendering.appeal.answer",
        obj=appeal,
        after={"justified": appeal.justified, "guarantee_outcome": appeal.guarantee_outcome},
    )
    return appeal


@transaction.atomic
def tender_reevaluate(
    *, actor: Any, tender: Tender, changes: dict[str, tuple[dt.datetime, dt.datetime]], reason: str
) -> Tender:
    """After a justified objection (or appeal) with follow-up REEVALUATION: a new evaluation round, the current
    winner decision superseded, and a new schedule from the evaluation stage on (public, providers told)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.REEVALUATE, actor=actor, at=now, reason=reason)
    changes = _normalise_windows(changes)
    machine = states.machine_of(tender)
    first = machine.stages.index(Stage.EVALUATION)
    needed = set(machine.stages[first:])
    if set(changes) != needed:
        raise TenderingError(
            "REEVALUATION_SCHEDULE", _("Jadwal baru wajib diisi untuk tahap evaluasi dan seterusnya.")
        )
    if changes[Stage.EVALUATION][0] < now:
        raise TenderingError(
            "SCHEDULE_START_IN_PAST",
            _("Awal tahapan %(stage)s tidak dapat diubah karena sudah dimulai, atau diubah ke waktu lampau."),
            stage=Stage.EVALUATION.label,
        )
    decision = current_winner_decision(tender)
    if decision is not None:
        decision.superseded_at = now
        decision.save(update_fields=["superseded_at"])
    tender.evaluation_round += 1
    tender.save(update_fields=["evaluation_round", "updated_at"])
    change = _apply_change(
        actor=actor,
        tender=tender,
        now=now,
        changes=changes,
        reason=reason,
        kind=ScheduleChange.Kind.REEVALUATION,
    )
    audit.record(
        actor=actor,
        action="tendering.tender.reevaluate",
        obj=tender,
        after={"round": tender.evaluation_round, "change": change.pk},
    )
    return tender
