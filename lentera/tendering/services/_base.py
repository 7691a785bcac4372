"""What every tendering service shares: the state-machine check with its guards, files, notices.

:func:`authorize` is the single door: it computes the stage the clock says (inside the caller's transaction,
with the database clock), finds the transition for the trigger in the method's table (`states.py`), checks the
actor holds one of its roles, that a deadline window is open when the transition is strict, and runs every guard
the table names. A service calls it first, then writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment
from lentera.core import uploads
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role

from .. import rules, states
from ..enums import Stage, TenderStatus
from ..errors import TenderingError
from ..models import (
    FollowUp,
    MemberEvaluation,
    Objection,
    Offer,
    ReverseAuction,
    ScheduleEntry,
    Tender,
    TenderDocument,
    TenderRegistration,
    WinnerDecision,
)
from ..timeline import current_stage, require_stage


@dataclass
class GuardContext:
    tender: Tender
    actor: Any
    at: dt.datetime
    stage: str
    provider: Any = None
    reason: str = ""
    windows: dict[str, tuple[dt.datetime, dt.datetime]] | None = None
    agreeing_member_ids: list[int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def lock_tender(tender: Tender) -> Tender:
    """Re-read the tender with a row lock (the caller is inside a transaction)."""
    return (
        Tender.objects.select_for_update(of=("self",))
        .select_related("package", "package__work_unit", "pokja")
        .get(pk=tender.pk)
    )


def agency_of(tender: Tender):
    return tender.package.work_unit.agency_id


def provider_of(user) -> Any:
    """The provider profile of a provider account (providers.selectors.provider_for_user)."""
    if user is None:
        return None
    from lentera.providers.selectors import provider_for_user

    return provider_for_user(user)


def require_provider(user) -> Any:
    provider = provider_of(user)
    if provider is None:
        raise AccessDenied("NOT_A_PROVIDER", _("Akun ini tidak terhubung dengan data penyedia."))
    return provider


def active_member_ids(tender: Tender) -> list[int]:
    pokja = tender.pokja
    if pokja is None:
        return []
    return list(pokja.members.filter(left_at__isnull=True).values_list("user_id", flat=True))


def is_operator(tender: Tender, user) -> bool:
    """A member of the tender's Pokja, or its Pejabat Pengadaan."""
    if user is None or not getattr(user, "pk", None):
        return False
    if tender.procurement_official_id is not None:
        return tender.procurement_official_id == user.pk
    return user.pk in active_member_ids(tender)


def is_budget_holder(tender: Tender, user) -> bool:
    """PA or KPA of the package's work unit."""
    return (
        RoleAssignment.objects.active()
        .filter(user_id=user.pk, role__in=[Role.PA, Role.KPA], work_unit_id=tender.package.work_unit_id)
        .exists()
    )


def complete_evaluator_ids(tender: Tender, round_: int | None = None) -> list[int]:
    """Active members who have evaluated every opened offer of the round."""
    round_ = round_ or tender.evaluation_round
    offers = Offer.objects.filter(tender=tender).count()
    if offers == 0:
        return []
    members = set(active_member_ids(tender))
    counts: dict[int, int] = {}
    for member_id in MemberEvaluation.objects.filter(tender=tender, round=round_).values_list(
        "member_id", flat=True
    ):
        counts[member_id] = counts.get(member_id, 0) + 1
    return sorted(m for m, n in counts.items() if n >= offers and m in members)


# ------------------------------------------------------------------------------------------------- guards


def _g_operator(c: GuardContext) -> None:
    """Only the tender's Pokja Pemilihan (an active member) or, for a package given to one, its Pejabat Pengadaan
    acts for the selection (:func:`is_operator`).

    Cites: Perpres 16/2018 Pasal 13 (Pokja Pemilihan melaksanakan pemilihan Penyedia);
           Perpres 16/2018 Pasal 12 (Pejabat Pengadaan melaksanakan Pengadaan Langsung);
           Permendagri 53/2021 Pasal 16 (Pengelola PBJ ditugaskan sebagai Pejabat Pengadaan di satuan kerja).
    """
    if not is_operator(c.tender, c.actor):
        if c.tender.procurement_official_id is not None:
            raise AccessDenied("NOT_PROCUREMENT_OFFICIAL", _("Anda bukan Pejabat Pengadaan paket ini."))
        raise AccessDenied("NOT_POKJA_MEMBER", _("Anda bukan anggota Pokja Pemilihan tender ini."))


def _g_ppk(c: GuardContext) -> None:
    """Only the package's PPK issues the SPPBJ, signs the contract and records a swakelola/emergency procurement.

    Cites: Perpres 16/2018 Pasal 52 ayat (1) huruf a-b.
    """
    if c.actor is None or c.tender.package.ppk_id != c.actor.pk:
        raise AccessDenied("NOT_PPK", _("Hanya PPK paket ini yang dapat melakukannya."))


def _g_budget_holder(c: GuardContext) -> None:
    """Only the PA or KPA of the package's work unit cancels the selection and answers a sanggah banding.

    Cites: Perpres 16/2018 Pasal 51 (PA/KPA menyatakan pemilihan gagal atau membatalkannya; ayat belum dikonfirmasi);
           Peraturan LKPP 12/2021 (PA/KPA menjawab sanggah banding; pasal belum dikonfirmasi).
    """
    if c.actor is None or not is_budget_holder(c.tender, c.actor):
        raise AccessDenied("NOT_PA_KPA", _("Hanya PA/KPA satuan kerja paket ini yang dapat melakukannya."))


def _g_reason(c: GuardContext) -> None:
    if not (c.reason or "").strip():
        raise TenderingError("REASON_REQUIRED", _("Alasan wajib diisi."))


def _g_schedule_valid(c: GuardContext) -> None:
    windows = c.windows
    if windows is None:
        windows = {
            s: (a, b)
            for s, a, b in ScheduleEntry.objects.filter(tender=c.tender).values_list(
                "stage", "starts_at", "ends_at"
            )
        }
    problems = rules.check_schedule(
        c.tender, states.machine_of(c.tender).stages, windows, agency_of(c.tender)
    )
    if problems:
        first = problems[0]
        raise TenderingError(
            first.code,
            _("Jadwal tidak sah: %(stage)s: %(problem)s (%(citation)s)."),
            stage=Stage(first.stage).label,
            problem=first.message,
            citation=first.citation,
        )


def _g_document(c: GuardContext) -> None:
    if not TenderDocument.objects.filter(tender=c.tender, kind=TenderDocument.Kind.SELECTION).exists():
        raise TenderingError("DOCUMENT_MISSING", _("Dokumen pemilihan belum diunggah."))


def _g_invited(c: GuardContext) -> None:
    """Penunjukan Langsung invites one chosen provider, and says why (the reason of Pasal 38).

    Cites: Perpres 16/2018 Pasal 50 ayat (6) (Penunjukan Langsung: undangan kepada satu Pelaku Usaha yang dipilih);
           Perpres 16/2018 Pasal 38 ayat (4)-(5) (kriteria Penunjukan Langsung).
    """
    if c.tender.invited_provider_id is None or not c.tender.invitation_reason.strip():
        raise TenderingError(
            "INVITED_PROVIDER_MISSING",
            _("Penunjukan Langsung memerlukan satu penyedia yang diundang dan alasannya."),
        )


def _g_can_bid(c: GuardContext) -> None:
    if c.provider is None:
        raise AccessDenied("NOT_A_PROVIDER", _("Akun ini tidak terhubung dengan data penyedia."))
    from lentera.providers.services import ensure_can_bid

    ensure_can_bid(provider=c.provider, at=c.at)


def _g_prequalified(c: GuardContext) -> None:
    """Tender Cepat: only providers already qualified, i.e. verified with a business licence valid today (read from
    the provider's ADP).

    Cites: Perpres 16/2018 Pasal 50 ayat (4) huruf a (diubah Perpres 12/2021: peserta telah terkualifikasi).
    """
    from lentera.core.calendar import local_date
    from lentera.providers.selectors import qualification_data

    data = qualification_data(c.provider)
    if not data.licences_valid_on(local_date(c.at)):
        raise TenderingError(
            "PROVIDER_NOT_QUALIFIED",
            _(
                "Tender Cepat hanya untuk penyedia yang sudah terkualifikasi (izin usaha berlaku tercatat di ADP)."
            ),
            status=403,
        )


def _registration(c: GuardContext) -> TenderRegistration | None:
    if c.provider is None:
        return None
    return TenderRegistration.objects.filter(tender=c.tender, provider=c.provider).first()


def _g_registered(c: GuardContext) -> None:
    """Only a provider registered for the tender downloads its documents, asks and bids.

    Cites: Perpres 16/2018 Pasal 50 ayat (1) huruf c (pendaftaran dan pengambilan Dokumen Pemilihan).
    """
    if _registration(c) is None:
        raise AccessDenied("NOT_REGISTERED", _("Anda belum terdaftar sebagai peserta tender ini."))


def _g_shortlisted(c: GuardContext) -> None:
    """Prakualifikasi: only providers who passed the qualification (shortlisted) bid.

    Cites: Perpres 16/2018 Pasal 50 ayat (1) huruf a (pelaksanaan Kualifikasi sebelum penawaran).
    """
    reg = _registration(c)
    if reg is None or reg.shortlisted is not True:
        raise AccessDenied(
            "NOT_SHORTLISTED", _("Hanya peserta yang lulus prakualifikasi yang dapat menawar.")
        )


def _g_bidder(c: GuardContext) -> None:
    """Only a provider whose offer was opened files a sanggah (and a sanggah banding, and bids in the auction).

    Cites: Perpres 16/2018 Pasal 50 ayat (1) huruf h;
           Peraturan LKPP 12/2021 (sanggah diajukan oleh peserta yang menyampaikan penawaran; pasal belum
           dikonfirmasi).
    """
    if c.provider is None or not Offer.objects.filter(tender=c.tender, provider=c.provider).exists():
        raise AccessDenied(
            "NOT_A_BIDDER", _("Hanya peserta yang menyampaikan penawaran yang dapat melakukannya.")
        )


def _g_objected(c: GuardContext) -> None:
    """A sanggah banding only from a provider who filed a sanggah in this round.

    Cites: Perpres 16/2018 Pasal 50 ayat (2);
           Peraturan LKPP 12/2021 (sanggah banding hanya oleh peserta yang menyampaikan sanggah; pasal belum
           dikonfirmasi).
    """
    if not Objection.objects.filter(
        tender=c.tender, provider=c.provider, round=c.tender.evaluation_round
    ).exists():
        raise TenderingError("NO_OBJECTION", _("Sanggah banding hanya dapat diajukan oleh penyanggah."))


def _g_works(c: GuardContext) -> None:
    """A sanggah banding only in the selection of construction works.

    Cites: Perpres 16/2018 Pasal 50 ayat (2).
    """
    if not c.tender.is_works:
        raise TenderingError("WORKS_ONLY", _("Sanggah banding hanya untuk pekerjaan konstruksi."))


def _g_majority(c: GuardContext) -> None:
    """A Pokja decision (shortlist, evaluation, winner) needs more than half of its active members
    (:func:`rules.majority_needed`); a Pejabat Pengadaan decides alone.

    Cites: Peraturan LKPP 12/2021 (keputusan Pokja Pemilihan diambil dengan suara terbanyak anggotanya; pasal belum
           dikonfirmasi).
    """
    members = active_member_ids(c.tender)
    if c.tender.procurement_official_id is not None:
        return
    agreeing = c.agreeing_member_ids
    if agreeing is None:
        agreeing = complete_evaluator_ids(c.tender)
    agreeing = [m for m in agreeing if m in members]
    if len(set(agreeing)) < rules.majority_needed(len(members)):
        raise TenderingError(
            "MAJORITY_REQUIRED",
            _(
                "Keputusan Pokja memerlukan lebih dari separuh anggota (%(needed)s dari %(total)s); baru %(have)s."
            ),
            needed=rules.majority_needed(len(members)),
            total=len(members),
            have=len(set(agreeing)),
        )


def _g_auction_applicable(c: GuardContext) -> None:
    """E-reverse auction: in a Tender Cepat, in a tender whose document sets it, or when exactly
    REVERSE_AUCTION_PASSED_COUNT offers passed the technical evaluation (REVERSE_AUCTION_CITATION).

    Cites: Perpres 16/2018 Pasal 50 ayat (4) (Tender Cepat);
           Peraturan LKPP 12/2021 (e-reverse auction bila penawaran yang lulus evaluasi teknis hanya 2; pasal belum
           dikonfirmasi).
    """
    from ..models import EvaluationDecision

    if c.tender.reverse_auction or c.tender.method == "TENDER_CEPAT":
        return
    decision = (
        EvaluationDecision.objects.filter(tender=c.tender, round=c.tender.evaluation_round)
        .order_by("-decided_at")
        .first()
    )
    if (
        decision is not None
        and decision.results.filter(technical_pass=True).count() == rules.REVERSE_AUCTION_PASSED_COUNT
    ):
        return
    raise TenderingError(
        "AUCTION_NOT_APPLICABLE",
        _(
            "E-reverse auction hanya untuk Tender Cepat, tender yang menetapkannya, atau bila hanya 2 penawaran lulus teknis."
        ),
    )


def _g_auction_round_open(c: GuardContext) -> None:
    auction = ReverseAuction.objects.filter(
        tender=c.tender, round=c.tender.evaluation_round, closed_at=None
    ).first()
    if auction is None or not auction.rounds.filter(starts_at__lte=c.at, ends_at__gt=c.at).exists():
        raise TenderingError(
            "AUCTION_CLOSED", _("Tidak ada putaran e-reverse auction yang sedang dibuka."), status=409
        )


def _g_justified(c: GuardContext) -> None:
    """Re-evaluation only after a sanggah (or sanggah banding) of this round was answered justified with
    re-evaluation as its follow-up.

    Cites: Perpres 16/2018 Pasal 51 (evaluasi ulang; ayat belum dikonfirmasi);
           Peraturan LKPP 12/2021 (sanggah/sanggah banding dinyatakan benar: evaluasi ulang; pasal belum
           dikonfirmasi).
    """
    from ..models import Appeal

    r = c.tender.evaluation_round
    if not (
        Objection.objects.filter(
            tender=c.tender, round=r, justified=True, follow_up=FollowUp.REEVALUATION
        ).exists()
        or Appeal.objects.filter(
            tender=c.tender, objection__round=r, justified=True, follow_up=FollowUp.REEVALUATION
        ).exists()
    ):
        raise TenderingError(
            "NO_JUSTIFIED_OBJECTION", _("Evaluasi ulang hanya setelah sanggahan dinyatakan benar.")
        )


def current_winner_decision(tender: Tender) -> WinnerDecision | None:
    return (
        WinnerDecision.objects.filter(tender=tender, round=tender.evaluation_round, superseded_at=None)
        .select_related("winner", "winner__provider", "reserve1", "reserve2")
        .first()
    )


def _g_winner_announced(c: GuardContext) -> None:
    """The SPPBJ (or, in Pengadaan Langsung, the order) only after the winner is decided and announced.

    Cites: Perpres 16/2018 Pasal 50 ayat (1) huruf g;
           Perpres 16/2018 Pasal 52 ayat (1) huruf a.
    """
    wd = current_winner_decision(c.tender)
    if wd is None or wd.announced_at is None:
        raise TenderingError("WINNER_NOT_ANNOUNCED", _("Pemenang belum ditetapkan dan diumumkan."))


def _g_award_letter(c: GuardContext) -> None:
    """The contract is signed only after the SPPBJ is issued.

    Cites: Perpres 16/2018 Pasal 52 ayat (1) huruf a-b.
    """
    # The SPPBJ is the contracts app's record; tendering reads only whether one exists (its reverse relation).
    if not Tender.objects.filter(pk=c.tender.pk, award_letter__isnull=False).exists():
        raise TenderingError("AWARD_LETTER_MISSING", _("SPPBJ belum diterbitkan."))


GUARDS: dict[str, Callable[[GuardContext], None]] = {
    states.G_OPERATOR: _g_operator,
    states.G_PPK: _g_ppk,
    states.G_BUDGET_HOLDER: _g_budget_holder,
    states.G_REASON: _g_reason,
    states.G_OUTAGE: _g_reason,
    states.G_SCHEDULE_VALID: _g_schedule_valid,
    states.G_DOCUMENT: _g_document,
    states.G_INVITED: _g_invited,
    states.G_CAN_BID: _g_can_bid,
    states.G_PREQUALIFIED: _g_prequalified,
    states.G_REGISTERED: _g_registered,
    states.G_SHORTLISTED: _g_shortlisted,
    states.G_BIDDER: _g_bidder,
    states.G_OBJECTED: _g_objected,
    states.G_WORKS: _g_works,
    states.G_MEMBER_MAJORITY: _g_majority,
    states.G_AUCTION_APPLICABLE: _g_auction_applicable,
    states.G_AUCTION_ROUND_OPEN: _g_auction_round_open,
    states.G_JUSTIFIED: _g_justified,
    states.G_WINNER_ANNOUNCED: _g_winner_announced,
    states.G_AWARD_LETTER: _g_award_letter,
}


def authorize(
    *,
    tender: Tender,
    trigger: str,
    actor: Any,
    at: dt.datetime,
    provider: Any = None,
    reason: str = "",
    windows: dict | None = None,
    agreeing_member_ids: Iterable[int] | None = None,
    skip: Iterable[str] = (),
) -> states.Transition:
    """Check `trigger` by `actor` at `at` against the method's table; return the transition (or raise).

    `skip` names guards the calling service checks itself later in the same transaction (documented there).
    """
    machine = states.machine_of(tender)
    stage = current_stage(tender, at)
    transition = machine.find(stage, trigger)
    if transition is None:
        raise TenderingError(
            "STAGE_NOT_ALLOWED",
            _("%(action)s tidak dapat dilakukan pada tahapan %(stage)s."),
            status=409,
            action=states.Trigger(trigger).label,
            stage=Stage(stage).label,
        )
    if actor is None:
        if states.SYSTEM not in transition.roles:
            raise AccessDenied("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    else:
        held = set(actor.active_role_codes())
        if not held & transition.roles:
            raise AccessDenied("ROLE_NOT_ALLOWED", _("Tindakan ini tidak diizinkan untuk peran Anda."))
    if transition.strict:
        require_stage(tender, stage, at)
    ctx = GuardContext(
        tender=tender,
        actor=actor,
        at=at,
        stage=stage,
        provider=provider,
        reason=reason,
        windows=windows,
        agreeing_member_ids=list(agreeing_member_ids) if agreeing_member_ids is not None else None,
    )
    skip = set(skip)
    for guard in transition.guards:
        if guard in skip:
            continue
        if actor is None and guard == states.G_OPERATOR:
            continue  # a SYSTEM call (the bidding app's opening acting on the Pokja's quorum)
        GUARDS[guard](ctx)
    return transition


def ensure_running(tender: Tender) -> None:
    if tender.status != TenderStatus.ANNOUNCED:
        raise TenderingError("TENDER_NOT_RUNNING", _("Tender ini tidak sedang berlangsung."), status=409)


# ------------------------------------------------------------------------------------------------- files

MAX_FILE_BYTES = 20 * 1024 * 1024


def check_upload(upload: UploadedFile | None, *, required: bool = True) -> str:
    """Refuse a missing, oversize, empty or wrongly typed file; the type comes from the bytes, not the name
    (lentera.core.uploads.check_content, the one check web and API share). Returns the name to store it under,
    with the extension its content has ('' when an optional file is absent)."""
    if upload is None:
        if required:
            raise TenderingError("FILE_REQUIRED", _("Berkas wajib diunggah."))
        return ""
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise TenderingError("FILE_TOO_LARGE", _("Berkas lebih dari 20 MB."))
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    mime = uploads.check_content(
        head=head,
        size=upload.size,
        allowed=uploads.DOCUMENT_TYPES,
        file_name=os.path.basename(upload.name or ""),
        error=TenderingError,
    )
    return uploads.storage_name(upload.name or "", mime)


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
