"""Deactivation of User IDs, the blacklist (daftar hitam), and the eligibility check tendering calls."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import User
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import rules
from ..errors import ProvidersError
from ..identifiers import clean_npwp
from ..models import BlacklistEntry, BlacklistProposal, Provider

DEACTIVATION_ROLES = (Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ)
BLACKLIST_ENTRY_ROLES = (Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.SYSADMIN, Role.PA, Role.KPA)
BLACKLIST_REQUESTER_ROLES = (Role.PA, Role.KPA)
BLACKLIST_AUDIT_FIELDS = (
    "npwp",
    "provider_name",
    "decree_number",
    "decree_date",
    "violation",
    "category",
    "starts_on",
    "ends_on",
    "requested_by",
    "entered_by",
)


@transaction.atomic
def account_deactivate(*, actor: User, user: User, reason: str) -> User:
    """Deactivate a User ID for a breach of the terms of use, with the reason.

    Permendagri 53/2021 Lampiran 2.3 c ("Verifikator dapat menonaktifkan User ID Pengguna SPSE apabila
    ditemukan pelanggaran ..."); Perbup PPU 2/2021 Pasal 4 d 5. A deactivated user cannot log in.

    Cites: Permendagri 53/2021 Lampiran 2.3 c (Verifikator dapat menonaktifkan User ID bila ditemukan pelanggaran);
           Perbup PPU 2/2021 Pasal 4 d 5.
    """
    ensure_role(actor, *DEACTIVATION_ROLES)
    if user.pk == actor.pk:
        raise ProvidersError("SELF_DEACTIVATION", _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.status != User.Status.ACTIVE:
        raise ProvidersError("ACCOUNT_NOT_ACTIVE", _("Hanya akun yang aktif yang dapat dinonaktifkan."))
    if not (reason or "").strip():
        raise ProvidersError("REASON_REQUIRED", _("Alasan penonaktifan wajib diisi."))
    return accounts_services.user_set_status(
        actor=actor, user=user, status=User.Status.DEACTIVATED, reason=reason.strip()
    )


@transaction.atomic
def account_reactivate(*, actor: User, user: User, reason: str) -> User:
    """Reactivate a deactivated User ID (Lampiran 2.3 c), with the reason (e.g. the breach was resolved)."""
    ensure_role(actor, *DEACTIVATION_ROLES)
    if user.status != User.Status.DEACTIVATED:
        raise ProvidersError(
            "ACCOUNT_NOT_DEACTIVATED", _("Hanya akun yang dinonaktifkan yang dapat diaktifkan kembali.")
        )
    if not (reason or "").strip():
        raise ProvidersError("REASON_REQUIRED", _("Alasan pengaktifan kembali wajib diisi."))
    return accounts_services.user_set_status(
        actor=actor, user=user, status=User.Status.ACTIVE, reason=reason.strip()
    )


def _requester(actor: User, requested_by: User | None) -> User:
    """The PA/KPA who imposes the sanction (Perpres 12/2021 Pasal 78): named, or the actor when a PA/KPA."""
    if requested_by is None:
        if set(actor.active_role_codes()) & set(BLACKLIST_REQUESTER_ROLES):
            return actor
        raise ProvidersError("REQUESTER_REQUIRED", _("Sebutkan PA/KPA yang menetapkan sanksi daftar hitam."))
    if not set(requested_by.active_role_codes()) & set(BLACKLIST_REQUESTER_ROLES):
        raise ProvidersError(
            "REQUESTER_NOT_PA_KPA",
            _("Sanksi daftar hitam ditetapkan oleh PA/KPA; pengguna ini bukan PA/KPA."),
        )
    return requested_by


@transaction.atomic
def blacklist_create(
    *,
    actor: User,
    npwp: str,
    decree_number: str,
    decree_date: dt.date | None,
    violation: str,
    category: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    provider_name: str = "",
    requested_by: User | None = None,
    proposal: BlacklistProposal | None = None,
) -> BlacklistEntry:
    """Enter a blacklist sanction on the request of a PA/KPA (Perpres 16/2018 as changed by 12/2021, Pasal 78).

    Duration by category: 2 years (false documents, collusion), 1 year (withdrawal, non-performance). The end
    date is computed from the start and the category; a different end date is refused. The entry is keyed by
    NPWP and may exist before any provider with that NPWP registers. An open ``proposal`` of the same NPWP (a
    PPK's, after a termination) is closed with the entry.

    Cites: Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: daftar hitam atas usulan PA/KPA);
           Perbup PPU 2/2021 Pasal 4 d 5 (permintaan dari PA berkaitan dengan daftar hitam).
    """
    ensure_role(actor, *BLACKLIST_ENTRY_ROLES)
    requester = _requester(actor, requested_by)
    npwp = clean_npwp(npwp)
    if (
        not (decree_number or "").strip()
        or decree_date is None
        or starts_on is None
        or not (violation or "").strip()
    ):
        raise ProvidersError(
            "BLACKLIST_DATA_REQUIRED",
            _("Nomor dan tanggal SK, pelanggaran dan tanggal mulai berlaku wajib diisi."),
        )
    if category not in rules.BLACKLIST_YEARS:
        raise ProvidersError("BLACKLIST_CATEGORY_INVALID", _("Kategori pelanggaran tidak dikenal."))
    if starts_on < decree_date:
        raise ProvidersError(
            "BLACKLIST_START_BEFORE_DECREE", _("Tanggal mulai berlaku tidak boleh sebelum tanggal SK.")
        )
    expected_end = rules.blacklist_end(category, starts_on)
    if ends_on is not None and ends_on != expected_end:
        raise ProvidersError(
            "BLACKLIST_END_INVALID",
            _("Tanggal berakhir harus %(expected)s (%(years)s tahun sejak mulai berlaku, sesuai kategori)."),
            expected=date_format(expected_end, "j F Y"),
            years=rules.BLACKLIST_YEARS[category],
        )
    registered = Provider.objects.filter(npwp=npwp).first()
    name = (provider_name or "").strip() or (registered.name if registered else "")
    if not name:
        raise ProvidersError("BLACKLIST_NAME_REQUIRED", _("Nama penyedia wajib diisi."))
    try:
        with transaction.atomic():
            entry = BlacklistEntry.objects.create(
                npwp=npwp,
                provider_name=name,
                decree_number=decree_number.strip(),
                decree_date=decree_date,
                violation=violation.strip(),
                category=category,
                starts_on=starts_on,
                ends_on=expected_end,
                requested_by=requester,
                entered_by=actor,
            )
    except IntegrityError:
        raise ProvidersError(
            "BLACKLIST_DUPLICATE", _("SK ini sudah dicatat dalam daftar hitam untuk NPWP tersebut.")
        )
    if proposal is not None:
        _close_proposal(actor=actor, proposal=proposal, npwp=npwp, entry=entry)
    audit.record(
        actor=actor,
        action="providers.blacklist.create",
        obj=entry,
        after=audit.snapshot(entry, BLACKLIST_AUDIT_FIELDS),
    )
    return entry


PROPOSER_ROLES = (Role.PPK, Role.PA, Role.KPA)
PROPOSAL_FIELDS = ("npwp", "category", "violation", "source", "status", "entry", "decision_note")


@transaction.atomic
def blacklist_propose(
    *, actor: User, provider: Provider, category: str, violation: str, source: str, source_url: str = ""
) -> BlacklistProposal:
    """Propose a blacklist sanction for the PA/KPA to decide (Perpres 16/2018 Pasal 93 ayat (2) huruf d: the
    provider whose contract is terminated for its fault is put on the blacklist; Pasal 78: on the PA/KPA's
    decision). Nothing is blacklisted yet: the verifier or the UKPBJ's admin enters the sanction through
    ``blacklist_create`` with the proposal, or dismisses it (``blacklist_proposal_dismiss``).

    Cites: Perpres 16/2018 Pasal 93 ayat (2) huruf d (diubah Perpres 12/2021);
           Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: daftar hitam atas usulan PA/KPA).
    """
    ensure_role(actor, *PROPOSER_ROLES)
    if category not in rules.BLACKLIST_YEARS:
        raise ProvidersError("BLACKLIST_CATEGORY_INVALID", _("Kategori pelanggaran tidak dikenal."))
    if not (violation or "").strip() or not (source or "").strip():
        raise ProvidersError("BLACKLIST_DATA_REQUIRED", _("Uraian pelanggaran dan asal usulan wajib diisi."))
    proposal = BlacklistProposal.objects.create(
        provider=provider,
        npwp=provider.npwp,
        provider_name=provider.name,
        category=category,
        violation=violation.strip(),
        source=source.strip()[:200],
        source_url=source_url[:300],
        proposed_by=actor,
        proposed_at=db_now(),
    )
    audit.record(
        actor=actor,
        action="providers.blacklist.propose",
        obj=proposal,
        after=audit.snapshot(proposal, PROPOSAL_FIELDS),
    )
    return proposal


def _open_proposal(proposal: BlacklistProposal) -> BlacklistProposal:
    fresh = BlacklistProposal.objects.select_for_update().get(pk=proposal.pk)
    if fresh.status != BlacklistProposal.Status.OPEN:
        raise ProvidersError("PROPOSAL_DECIDED", _("Usulan daftar hitam ini sudah diputuskan."), status=409)
    return fresh


def _close_proposal(*, actor: User, proposal: BlacklistProposal, npwp: str, entry: BlacklistEntry) -> None:
    fresh = _open_proposal(proposal)
    if fresh.npwp != npwp:
        raise ProvidersError("PROPOSAL_NPWP", _("NPWP sanksi berbeda dengan NPWP usulan."))
    fresh.status, fresh.entry, fresh.decided_by, fresh.decided_at = (
        BlacklistProposal.Status.ENTERED,
        entry,
        actor,
        db_now(),
    )
    fresh.save(update_fields=["status", "entry", "decided_by", "decided_at"])


@transaction.atomic
def blacklist_proposal_dismiss(*, actor: User, proposal: BlacklistProposal, note: str) -> BlacklistProposal:
    """Close a proposal without a sanction (the PA/KPA decided not to impose it), with the reason.

    Cites: Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: daftar hitam ditetapkan PA/KPA).
    """
    ensure_role(actor, *BLACKLIST_ENTRY_ROLES)
    fresh = _open_proposal(proposal)
    if not (note or "").strip():
        raise ProvidersError("REASON_REQUIRED", _("Alasan wajib diisi."))
    before = audit.snapshot(fresh, PROPOSAL_FIELDS)
    fresh.status, fresh.decision_note = BlacklistProposal.Status.DISMISSED, note.strip()
    fresh.decided_by, fresh.decided_at = actor, db_now()
    fresh.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="providers.blacklist.dismiss",
        obj=fresh,
        before=before,
        after=audit.snapshot(fresh, PROPOSAL_FIELDS),
    )
    return fresh


def _local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def active_blacklist_entry(*, npwp: str, at: dt.datetime) -> BlacklistEntry | None:
    """The entry in force for this NPWP at `at` (local date, Asia/Jakarta), if any: expiry is computed."""
    return BlacklistEntry.objects.active_on(_local_day(at)).filter(npwp=npwp).order_by("-ends_on").first()


def ensure_can_bid(*, provider: Provider, at: dt.datetime) -> None:
    """Refuse a provider that may not register for or bid in a tender at `at` (pass `clock.db_now()`).

    Called by tendering and bidding inside their own transactions. Refuses with a ProvidersError (403):
    PROVIDER_NOT_VERIFIED — documents not verified (Permendagri 53/2021 Lampiran 2.5.1; 2.3 c 2);
    ACCOUNT_DEACTIVATED — the User ID was deactivated (Lampiran 2.3 c; Perbup PPU 2/2021 Pasal 4 d 5);
    PROVIDER_BLACKLISTED — an active daftar hitam entry on its NPWP (Perpres 16/2018 as changed by Perpres
    12/2021, Pasal 78): a blacklisted provider can still log in, but cannot take part in any tender.

    Cites: Permendagri 53/2021 Lampiran 2.5.1 b 2;
           Permendagri 53/2021 Lampiran 2.3 c;
           Perbup PPU 2/2021 Pasal 4 d 5;
           Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: daftar hitam).
    """
    fresh = Provider.objects.select_related("account").get(pk=provider.pk)
    if fresh.status != Provider.Status.VERIFIED:
        raise ProvidersError(
            "PROVIDER_NOT_VERIFIED", _("Data penyedia belum diverifikasi oleh Verifikator."), status=403
        )
    if fresh.account.status != User.Status.ACTIVE or not fresh.account.is_active:
        raise ProvidersError("ACCOUNT_DEACTIVATED", _("User ID penyedia ini dinonaktifkan."), status=403)
    entry = active_blacklist_entry(npwp=fresh.npwp, at=at)
    if entry is not None:
        raise ProvidersError(
            "PROVIDER_BLACKLISTED",
            _(
                "Penyedia ini masuk daftar hitam sampai %(until)s (SK %(decree)s) dan tidak dapat ikut tender."
            ),
            status=403,
            until=date_format(entry.ends_on, "j F Y"),
            decree=entry.decree_number,
        )
