"""After the opening: who may read an opened bid file, and the files that cannot be opened
(Permendagri 53/2021 Lampiran 2.5.2 a and 2.5.3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied, NotFound

from .. import integration
from ..crypto import (
    SealingReader,
)
from ..errors import BiddingError
from ..models import (
    BidPart,
    OpeningProblem,
    PartCheck,
)
from ..serverkeys import ServerUnwrapFailed, server_unwrap
from ..storage import open_sealed
from .opening import _OPENED_PURPOSE, _opened_aad


@dataclass
class OpenedFile:
    name: str
    content_type: str
    size: int
    chunks: Any


def may_read_opened(user, role: str | None, tender) -> bool:
    """After opening, only the tender's Pokja (acting as Pokja) and auditors may read bids.

    Cites: Permendagri 53/2021 Lampiran 2.4 a (kerahasiaan informasi pengadaan barang/jasa);
           Kebijakan Lentera: the readers of an opened bid are the members of the tender's own Pokja acting as
           Pokja, and auditors acting as auditors; nobody else, not the LPSE's staff.
    """
    from lentera.core.roles import Role

    if role == Role.AUDITOR and user.has_role(Role.AUDITOR):
        return True
    return role == Role.POKJA and integration.is_pokja_member(user, tender)


def opened_part_content(*, actor, role: str | None, part_uid: str) -> OpenedFile:
    """Stream an opened bid file, decrypting on the fly (no plaintext is written anywhere); audited."""
    import uuid

    try:
        uid = uuid.UUID(str(part_uid))
    except ValueError:
        uid = None
    part = (
        BidPart.objects.select_related("envelope__tender", "submission")
        .filter(uid=uid, kind=BidPart.Kind.FILE)
        .first()
        if uid
        else None
    )
    if part is None or not may_read_opened(actor, role, part.envelope.tender) or not part.envelope.is_opened:
        raise NotFound("PART_NOT_FOUND", _("Berkas penawaran tidak ditemukan atau belum dibuka."))
    check = PartCheck.objects.filter(part=part).order_by("-pk").first()
    if check is None or check.result != PartCheck.Result.OK:
        raise BiddingError("PART_NOT_READABLE", _("Berkas ini tidak dapat dibuka; lihat berita acara."))
    env = part.envelope
    try:
        private = server_unwrap(
            env.opened_key, purpose=_OPENED_PURPOSE, salt=env.fingerprint.encode(), aad=_opened_aad(env)
        )
    except ServerUnwrapFailed:
        raise BiddingError("OPENED_KEY_UNAVAILABLE", _("Kunci sampul yang telah dibuka tidak dapat dipakai."))
    with transaction.atomic():
        audit.record(actor=actor, action="bidding.part.read", obj=part, after={"tender_id": env.tender_id})
    segments = list(part.segments.order_by("index"))

    def chunks():
        for segment in segments:
            with open_sealed(segment.storage_name) as source:
                yield from SealingReader(private, source, part.segment_context(segment.index)).chunks()

    return OpenedFile(
        check.file_name or f"{part.uid}.bin",
        check.content_type or "application/octet-stream",
        check.plaintext_size,
        chunks(),
    )


# ------------------------------------------------------------------ files that cannot be opened (Lampiran 2.5.3)


@transaction.atomic
def opening_problem_witness(*, actor, problem: OpeningProblem, note: str = "") -> OpeningProblem:
    """The Kepala Subbagian LPSE confirms, as witness, the record of a bid file that cannot be opened.

    Cites: Permendagri 53/2021 Lampiran 2.5.3 (Kepala Subbagian LPSE menjadi saksi dokumen penawaran yang tidak
           dapat dibuka, dalam berita acara).
    """
    from lentera.core.access import ensure_role
    from lentera.core.roles import Role

    ensure_role(actor, Role.KASUBAG_LPSE)
    problem = OpeningProblem.objects.select_for_update(of=("self",)).get(pk=problem.pk)
    if problem.status != OpeningProblem.Status.DRAFT:
        raise BiddingError("PROBLEM_ALREADY_WITNESSED", _("Berita acara ini sudah dikonfirmasi saksi."))
    now = db_now()
    problem.status, problem.witnessed_by, problem.witnessed_at = OpeningProblem.Status.WITNESSED, actor, now
    problem.witness_note = note.strip()[:2000]
    problem.save()
    from .records import problem_record_render

    problem_record_render(actor=actor, problem=problem)
    audit.record(
        actor=actor,
        action="bidding.opening_problem.witness",
        obj=problem,
        after={"record_sha256": problem.record_sha256, "note": problem.witness_note},
    )
    return problem


@transaction.atomic
def opening_problem_decide(*, actor, problem: OpeningProblem, decision: str) -> OpeningProblem:
    """The Pokja records its decision on a bid file that cannot be opened (Permendagri 53/2021 Lampiran 2.5.3)."""
    problem = (
        OpeningProblem.objects.select_for_update(of=("self",))
        .select_related("session__envelope__tender")
        .get(pk=problem.pk)
    )
    if not integration.is_pokja_member(actor, problem.session.envelope.tender):
        raise AccessDenied("NOT_POKJA_MEMBER", _("Hanya anggota Pokja tender ini yang dapat memutuskan."))
    if problem.status != OpeningProblem.Status.WITNESSED:
        raise BiddingError(
            "PROBLEM_NOT_WITNESSED", _("Keputusan Pokja dicatat setelah berita acara dikonfirmasi saksi.")
        )
    decision = decision.strip()
    if len(decision) < 10:
        raise BiddingError("DECISION_REQUIRED", _("Tuliskan keputusan Pokja beserta alasannya."))
    problem.status, problem.decision = OpeningProblem.Status.DECIDED, decision[:4000]
    problem.decided_by, problem.decided_at = actor, db_now()
    problem.save()
    from .records import problem_record_render

    problem_record_render(actor=actor, problem=problem)
    audit.record(
        actor=actor,
        action="bidding.opening_problem.decide",
        obj=problem,
        after={"decision": problem.decision, "record_sha256": problem.record_sha256},
    )
    return problem


def opening_problem_link_ticket(*, problem_id: int, ticket_id: int, number: str) -> None:
    """Keep the number of the help desk's ticket opened for a bid file that cannot be opened (a projection of the
    event ``servicedesk.ticket.opening_problem_linked``; idempotent: a replay writes the same values)."""
    problem = OpeningProblem.objects.select_for_update().filter(pk=problem_id).first()
    if problem is None or problem.helpdesk_ticket_id == ticket_id:
        return
    problem.helpdesk_ticket_id, problem.helpdesk_ticket_number = ticket_id, number[:32]
    problem.save(update_fields=["helpdesk_ticket_id", "helpdesk_ticket_number"])
    audit.record(
        actor=None,
        action="bidding.opening_problem.ticket_linked",
        obj=problem,
        after={"ticket": ticket_id, "number": number},
    )
