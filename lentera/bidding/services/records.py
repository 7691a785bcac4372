"""Official records (berita acara) of the opening, rendered to PDF with WeasyPrint from the recorded data.

The PDF's SHA-256 goes into the audit chain. When the tendering app publishes its official record helper
(`official_record_create`), the same PDF is also filed there, so the tender's list of berita acara is complete.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from .. import integration
from ..models import OpeningProblem, OpeningSession, TenderEnvelope


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def _record_kind(envelope: TenderEnvelope) -> str:
    from lentera.tendering.enums import OfficialRecordKind

    if envelope.kind == TenderEnvelope.Kind.PRICE:
        return OfficialRecordKind.PRICE_OPENING
    return OfficialRecordKind.OPENING


def opening_record_render(*, actor, session: OpeningSession) -> None:
    """Berita Acara Pembukaan Penawaran: time, members present, every bidder, receipt hashes, file checks, prices."""
    envelope = session.envelope
    tender = envelope.tender
    opened = list(
        session.opened_bids.select_related("submission__provider")
        .prefetch_related("checks__part")
        .order_by("submission__submitted_at", "pk")
    )
    context = {
        "tender": tender,
        "envelope": envelope,
        "session": session,
        "opened": opened,
        "problems": list(session.problems.select_related("opened_bid__submission__provider")),
        "shows_price": envelope.kind in (TenderEnvelope.Kind.SINGLE, TenderEnvelope.Kind.PRICE),
    }
    pdf = render_pdf("bidding/records/opening.html", context)
    session.record_sha256 = hashlib.sha256(pdf).hexdigest()
    session.record_pdf.save(
        f"ba-pembukaan-{tender.code}-{envelope.kind.lower()}.pdf", ContentFile(pdf), save=False
    )
    session.save(update_fields=["record_pdf", "record_sha256"])
    if integration.official_record_supported():
        integration.official_record_create(
            actor=actor,
            tender=tender,
            kind=_record_kind(envelope),
            pdf=pdf,
            context={"bidding_session": session.pk, "sha256": session.record_sha256},
        )


def problem_record_render(*, actor, problem: OpeningProblem) -> None:
    """Berita acara of a bid file that cannot be opened (Permendagri 53/2021 Lampiran 2.5.3)."""
    session = problem.session
    context = {
        "problem": problem,
        "session": session,
        "tender": session.envelope.tender,
        "envelope": session.envelope,
        "bid": problem.opened_bid,
        "checks": list(problem.opened_bid.checks.select_related("part")),
    }
    pdf = render_pdf("bidding/records/problem.html", context)
    problem.record_sha256 = hashlib.sha256(pdf).hexdigest()
    problem.record_pdf.save(f"ba-berkas-tidak-dapat-dibuka-{problem.pk}.pdf", ContentFile(pdf), save=False)
    problem.save(update_fields=["record_pdf", "record_sha256"])
