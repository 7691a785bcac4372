"""The Verifikator's decisions on a verification round (Permendagri 53/2021 Lampiran 2.3 c, 2.5.1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import User
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import mail
from ..errors import ProvidersError
from ..models import Document, DocumentCheck, Provider, VerificationRound
from .registration import PROVIDER_AUDIT_FIELDS, ROUND_AUDIT_FIELDS


@dataclass(frozen=True)
class CheckInput:
    """One line of the checklist: does the copy of this document match the original seen in person?"""

    document_id: int
    matches_original: bool | None
    note: str = ""


def _locked_pending_round(round_id: int, actor: User) -> VerificationRound:
    round_ = (
        VerificationRound.objects.select_for_update(of=("self",))
        .select_related("user", "provider")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None:
        raise NotFound("ROUND_NOT_FOUND", _("Pengajuan verifikasi tidak ditemukan."))
    if round_.outcome != VerificationRound.Outcome.PENDING:
        raise ProvidersError("ROUND_ALREADY_DECIDED", _("Pengajuan ini sudah diputuskan."))
    if round_.user_id == actor.pk:
        raise ProvidersError(
            "SELF_VERIFICATION", _("Verifikator tidak boleh memverifikasi dokumennya sendiri.")
        )
    return round_


def _complete_checklist(
    round_: VerificationRound, checks: list[CheckInput]
) -> list[tuple[Document, CheckInput]]:
    """Lampiran 2.5.1 b 2: every document of the round is compared with its original, none skipped.

    Cites: Permendagri 53/2021 Lampiran 2.5.1 b 2.
    """
    by_id = {c.document_id: c for c in checks}
    pairs, unchecked = [], []
    for doc in round_.documents.order_by("kind"):
        check = by_id.get(doc.pk)
        if check is None or check.matches_original is None:
            unchecked.append(str(doc.get_kind_display()))
        else:
            pairs.append((doc, check))
    if unchecked:
        raise ProvidersError(
            "CHECKLIST_INCOMPLETE",
            _("Setiap dokumen harus diperiksa terhadap aslinya: %(kinds)s belum diperiksa."),
            kinds=", ".join(unchecked),
        )
    return pairs


def _record_checks(round_: VerificationRound, pairs, actor: User, now) -> None:
    for doc, check in pairs:
        DocumentCheck.objects.create(
            round=round_,
            document=doc,
            matches_original=bool(check.matches_original),
            note=(check.note or "").strip(),
            checked_by=actor,
            checked_at=now,
        )
        doc.review = Document.Review.ACCEPTED if check.matches_original else Document.Review.REJECTED
        doc.save(update_fields=["review"])


def _decide(round_: VerificationRound, outcome: str, actor: User, note: str, now) -> dict:
    before = audit.snapshot(round_, ROUND_AUDIT_FIELDS)
    round_.outcome, round_.decided_at, round_.decided_by, round_.note = outcome, now, actor, note.strip()
    round_.save(update_fields=["outcome", "decided_at", "decided_by", "note"])
    return before


@transaction.atomic
def verification_approve(
    *,
    actor: User,
    round_id: int,
    checks: list[CheckInput],
    note: str = "",
    base_url: str = "",
    notify: bool = True,
) -> VerificationRound:
    """Approve: every document matches its original; the User ID is activated and the user told by e-mail.

    Permendagri 53/2021 Lampiran 2.3 c 1-2 (the Verifikator verifies documents and approves the activation of
    the User ID) and 2.5.1 (originals shown, copies handed in).

    Cites: Permendagri 53/2021 Lampiran 2.3 c 1-2;
           Perbup PPU 2/2021 Pasal 4 d 3-4.
    """
    ensure_role(actor, Role.VERIFIKATOR)
    round_ = _locked_pending_round(round_id, actor)
    pairs = _complete_checklist(round_, checks)
    mismatched = [str(doc.get_kind_display()) for doc, c in pairs if not c.matches_original]
    if mismatched:
        raise ProvidersError(
            "APPROVE_WITH_MISMATCH",
            _("Tidak dapat disetujui: %(kinds)s tidak sesuai dengan aslinya. Tolak dengan alasan."),
            kinds=", ".join(mismatched),
        )
    now = timezone.now()
    _record_checks(round_, pairs, actor, now)
    before = _decide(round_, VerificationRound.Outcome.APPROVED, actor, note, now)
    user = round_.user
    provider = round_.provider
    if provider is not None and round_.subject == VerificationRound.Subject.PROVIDER:
        provider_before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS)
        provider.status, provider.verified_at = Provider.Status.VERIFIED, now
        provider.save(update_fields=["status", "verified_at", "updated_at"])
        audit.record(
            actor=actor,
            action="providers.provider.verify",
            obj=provider,
            before=provider_before,
            after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS),
        )
    if user.status == User.Status.PENDING:
        accounts_services.user_set_status(
            actor=actor, user=user, status=User.Status.ACTIVE, reason=str(_("Verifikasi dokumen disetujui."))
        )
    audit.record(
        actor=actor,
        action="providers.verification.approve",
        obj=round_,
        before=before,
        after=audit.snapshot(round_, ROUND_AUDIT_FIELDS)
        | {"checks": [{"document": d.pk, "matches_original": True, "note": c.note} for d, c in pairs]},
    )
    if notify:  # False only when loading past verifications (demo data, migrations from another system)
        transaction.on_commit(lambda: mail.send_approved(user, round_, base_url))
    return round_


@transaction.atomic
def verification_reject(
    *, actor: User, round_id: int, checks: list[CheckInput], note: str = "", base_url: str = ""
) -> VerificationRound:
    """Reject with a reason for each document that does not match; the applicant fixes and resubmits.

    Permendagri 53/2021 Lampiran 2.3 c (the Verifikator may refuse a registration that does not meet the
    rules, and informs the applicant about the documents required, 2.3 c 3). The round stays in the history.

    Cites: Permendagri 53/2021 Lampiran 2.3 c (Verifikator berhak menolak pendaftaran yang tidak sesuai ketentuan);
           Permendagri 53/2021 Lampiran 2.3 c 3;
           Perbup PPU 2/2021 Pasal 4 d 4.
    """
    ensure_role(actor, Role.VERIFIKATOR)
    round_ = _locked_pending_round(round_id, actor)
    pairs = _complete_checklist(round_, checks)
    refused = [(doc, c) for doc, c in pairs if not c.matches_original]
    if not refused:
        raise ProvidersError(
            "REJECT_WITHOUT_REASON",
            _("Penolakan harus menyebut dokumen yang tidak sesuai beserta alasannya."),
        )
    no_reason = [str(doc.get_kind_display()) for doc, c in refused if not (c.note or "").strip()]
    if no_reason:
        raise ProvidersError(
            "REASON_REQUIRED",
            _("Alasan wajib diisi untuk setiap dokumen yang tidak sesuai: %(kinds)s."),
            kinds=", ".join(no_reason),
        )
    now = timezone.now()
    _record_checks(round_, pairs, actor, now)
    before = _decide(round_, VerificationRound.Outcome.REJECTED, actor, note, now)
    provider = round_.provider
    if provider is not None and round_.subject == VerificationRound.Subject.PROVIDER:
        provider_before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS)
        provider.status = Provider.Status.REJECTED
        provider.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="providers.provider.reject",
            obj=provider,
            before=provider_before,
            after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS),
        )
    audit.record(
        actor=actor,
        action="providers.verification.reject",
        obj=round_,
        before=before,
        after=audit.snapshot(round_, ROUND_AUDIT_FIELDS)
        | {
            "checks": [
                {"document": d.pk, "matches_original": bool(c.matches_original), "note": c.note}
                for d, c in pairs
            ]
        },
    )
    user = round_.user
    transaction.on_commit(lambda: mail.send_rejected(user, round_, base_url))
    return round_
