"""Providers take part: registration, document downloads (each logged), questions in the explanation stage and
the Pokja's public answers, and the explanation record (Permendagri 53/2021 Pasal 5 e; Perpres 16/2018 Pasal 50
ayat (1) huruf c-d)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import NotFound

from ..enums import OfficialRecordKind
from ..errors import TenderingError
from ..models import DocumentDownload, OfficialRecord, Question, Tender, TenderDocument, TenderRegistration
from ..states import Trigger
from ._base import authorize, is_operator, lock_tender, require_provider
from .records import official_record_create, publish

MAX_QUESTION_CHARS = 4000


@transaction.atomic
def registration_create(*, actor: Any, tender: Tender) -> TenderRegistration:
    """A provider registers for a tender. Refused when not verified, deactivated or blacklisted
    (providers.services.ensure_can_bid), outside the registration stages, and for Tender Cepat when not already
    qualified."""
    tender = lock_tender(tender)
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.REGISTER, actor=actor, at=now, provider=provider)
    existing = TenderRegistration.objects.filter(tender=tender, provider=provider).first()
    if existing is not None:
        return existing
    reg = TenderRegistration.objects.create(
        tender=tender, provider=provider, registered_by=actor, registered_at=now
    )
    audit.record(
        actor=actor,
        action="tendering.registration.create",
        obj=reg,
        after={"tender": tender.code, "provider": provider.pk, "registered_at": now},
    )
    return reg


@transaction.atomic
def document_download(
    *, actor: Any, document: TenderDocument, client_ip: str | None = None
) -> TenderDocument:
    """A registered provider downloads a tender document; every download is logged (who, when, from where).
    Pokja members, the PPK and auditors read documents through selectors without this log."""
    tender = lock_tender(document.tender)
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.DOWNLOAD, actor=actor, at=now, provider=provider)
    DocumentDownload.objects.create(
        document=document, provider=provider, user=actor, downloaded_at=now, client_ip=client_ip
    )
    audit.record(
        actor=actor,
        action="tendering.document.download",
        obj=document,
        after={"tender": tender.code, "provider": provider.pk, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def question_ask(*, actor: Any, tender: Tender, text: str, section: str = "") -> Question:
    """A registered provider asks a question during the explanation stage (strict window). Public pages show
    the question without the provider."""
    tender = lock_tender(tender)
    provider = require_provider(actor)
    now = db_now()
    text = (text or "").strip()
    if not text:
        raise TenderingError("QUESTION_EMPTY", _("Pertanyaan tidak boleh kosong."))
    if len(text) > MAX_QUESTION_CHARS:
        raise TenderingError("QUESTION_TOO_LONG", _("Pertanyaan paling banyak 4000 karakter."))
    authorize(tender=tender, trigger=Trigger.ASK, actor=actor, at=now, provider=provider)
    number = (Question.objects.filter(tender=tender).aggregate(n=Max("number"))["n"] or 0) + 1
    q = Question.objects.create(
        tender=tender,
        number=number,
        provider=provider,
        asked_by=actor,
        asked_at=now,
        section=(section or "").strip()[:200],
        text=text,
    )
    audit.record(
        actor=actor, action="tendering.question.ask", obj=q, after={"tender": tender.code, "number": number}
    )
    return q


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    """A Pokja member answers a question publicly during the explanation stage (an answer may be corrected
    while the stage lasts)."""
    tender = lock_tender(question.tender)
    now = db_now()
    answer = (answer or "").strip()
    if not answer:
        raise TenderingError("ANSWER_EMPTY", _("Jawaban tidak boleh kosong."))
    authorize(tender=tender, trigger=Trigger.ANSWER, actor=actor, at=now)
    question = Question.objects.select_for_update().get(pk=question.pk)
    before = {"answer": question.answer}
    question.answer = answer
    question.answered_by = actor
    question.answered_at = now
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    publish("tender", tender)
    audit.record(
        actor=actor, action="tendering.question.answer", obj=question, before=before, after={"answer": answer}
    )
    return question


@transaction.atomic
def explanation_record_create(*, actor: Any, tender: Tender) -> OfficialRecord:
    """Berita acara pemberian penjelasan: every question (anonymised) and its answer, and the addenda so far.
    A Pokja member makes it once the explanation stage has started (it can be made again after late answers)."""
    from ..enums import Stage
    from ..timeline import stage_window

    tender = lock_tender(tender)
    if not is_operator(tender, actor):
        raise NotFound("TENDER_NOT_FOUND", _("Tender tidak ditemukan."))
    window = stage_window(tender, Stage.EXPLANATION)
    if window is None or window[0] > db_now():
        raise TenderingError(
            "EXPLANATION_NOT_STARTED", _("Tahap pemberian penjelasan belum dimulai."), status=409
        )
    rows = [
        [str(q.number), q.section or "-", q.text, q.answer or str(_("(belum dijawab)"))]
        for q in Question.objects.filter(tender=tender).order_by("number")
    ]
    addenda = [
        [str(d.number), d.title, d.note, d.sha256[:16]]
        for d in TenderDocument.objects.filter(tender=tender, kind=TenderDocument.Kind.ADDENDUM).order_by(
            "number"
        )
    ]
    context = {
        "sections": [
            {
                "heading": str(_("Pertanyaan dan jawaban")),
                "paragraphs": [str(_("Identitas penanya tidak dicantumkan."))],
                "columns": [str(_("No")), str(_("Bagian dokumen")), str(_("Pertanyaan")), str(_("Jawaban"))],
                "rows": rows,
            },
            {
                "heading": str(_("Adendum dokumen pemilihan")),
                "columns": [str(_("No")), str(_("Judul")), str(_("Alasan")), "SHA-256"],
                "rows": addenda,
            },
        ]
    }
    return official_record_create(
        actor=actor, tender=tender, kind=OfficialRecordKind.EXPLANATION, context=context, is_public=True
    )
