"""Opening keys of Pokja members and the witness, and the sealed envelope keys of each tender."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.core.roles import Role

from .. import integration, rules
from ..crypto import (
    WrongPassphrase,
    create_member_key,
    generate_envelope_keypair,
    public_key_fingerprint,
    rewrap_member_key,
    seal_share,
    split_secret,
)
from ..errors import BiddingError
from ..models import KeyShare, MemberOpeningKey, TenderEnvelope
from ..models.keys import b64encode

KEY_HOLDER_ROLES = (Role.POKJA, Role.PENGELOLA_PBJ, Role.KASUBAG_LPSE)
_KEY_AUDIT_ACTIONS = ("bidding.opening_key.create", "bidding.opening_key.replace")


def _validate_passphrase(actor, passphrase: str, confirm: str) -> None:
    """Lentera's opening passphrase policy (length, confirmation, different from the login password)."""
    if passphrase != confirm:
        raise BiddingError("PASSPHRASE_MISMATCH", _("Konfirmasi kata sandi pembukaan tidak sama."))
    if len(passphrase) < rules.PASSPHRASE_MIN_LENGTH:
        raise BiddingError(
            "PASSPHRASE_TOO_SHORT",
            _("Kata sandi pembukaan paling sedikit %(n)s karakter."),
            n=rules.PASSPHRASE_MIN_LENGTH,
        )
    if len(set(passphrase)) < 5:
        raise BiddingError("PASSPHRASE_TOO_SIMPLE", _("Kata sandi pembukaan terlalu sederhana."))
    if actor.has_usable_password() and actor.check_password(passphrase):
        raise BiddingError(
            "PASSPHRASE_IS_LOGIN_PASSWORD",
            _("Kata sandi pembukaan harus berbeda dari kata sandi login."),
        )


def _key_facts(key: MemberOpeningKey) -> dict[str, Any]:
    return {"user_id": key.user.user_id, "fingerprint": key.fingerprint, "generation": key.generation}


@transaction.atomic
def opening_key_set(
    *, actor, passphrase: str, passphrase_confirm: str, replace: bool = False
) -> MemberOpeningKey:
    """Create the actor's opening key (kunci pembukaan), wrapped by a passphrase only they know.

    ``replace=True`` makes a new key pair for someone who lost their passphrase: shares already sealed to the
    old key (envelopes of tenders announced before) can no longer be opened by them. Audited with the new
    fingerprint so envelope creation can check stored keys against the audit chain.
    """
    audit_role_check(actor)
    _validate_passphrase(actor, passphrase, passphrase_confirm)
    existing = MemberOpeningKey.objects.select_for_update(of=("self",)).filter(user=actor).first()
    if existing is not None and not replace:
        raise BiddingError("OPENING_KEY_EXISTS", _("Anda sudah memiliki kunci pembukaan."))
    bundle = create_member_key(passphrase)
    public_b64 = b64encode(bundle.public_key)
    fingerprint = public_key_fingerprint(bundle.public_key)
    if existing is None:
        key = MemberOpeningKey.objects.create(
            user=actor, public_key=public_b64, fingerprint=fingerprint, bundle=bundle.to_dict()
        )
        action, before = "bidding.opening_key.create", None
    else:
        before = _key_facts(existing)
        existing.public_key, existing.fingerprint = public_b64, fingerprint
        existing.bundle = bundle.to_dict()
        existing.generation += 1
        existing.save()
        key, action = existing, "bidding.opening_key.replace"
    audit.record(actor=actor, action=action, obj=key, before=before, after=_key_facts(key))
    return key


@transaction.atomic
def opening_key_change_passphrase(
    *, actor, old_passphrase: str, new_passphrase: str, new_passphrase_confirm: str
) -> MemberOpeningKey:
    """Change the opening passphrase; the key pair (and every share sealed to it) stays the same."""
    audit_role_check(actor)
    key = MemberOpeningKey.objects.select_for_update(of=("self",)).filter(user=actor).first()
    if key is None:
        raise BiddingError("OPENING_KEY_MISSING", _("Anda belum memiliki kunci pembukaan."))
    _validate_passphrase(actor, new_passphrase, new_passphrase_confirm)
    try:
        bundle = rewrap_member_key(key.bundle, old_passphrase, new_passphrase)
    except WrongPassphrase:
        bundle = None
    if bundle is None:
        raise BiddingError("WRONG_PASSPHRASE", _("Kata sandi pembukaan lama salah."))
    key.bundle = bundle.to_dict()
    key.save(update_fields=["bundle", "updated_at"])
    audit.record(actor=actor, action="bidding.opening_key.rewrap", obj=key, after=_key_facts(key))
    return key


def audit_role_check(actor) -> None:
    from lentera.core.access import ensure_role

    ensure_role(actor, *KEY_HOLDER_ROLES)


# ------------------------------------------------------------------ envelopes


def envelope_kinds(tender) -> list[str]:
    """ONE_FILE: one envelope; TWO_FILES / TWO_STAGES: File I (administrative/technical) and File II (price).

    Permendagri 53/2021 Lampiran 2.5.2 a; Perpres 16/2018 Pasal 50 (metode penyampaian dokumen).
    """
    from lentera.tendering.enums import Envelope

    if tender.envelope == Envelope.ONE_FILE:
        return [TenderEnvelope.Kind.SINGLE]
    return [TenderEnvelope.Kind.ADMIN_TECH, TenderEnvelope.Kind.PRICE]


def witness_user():
    """The Kepala Subbagian LPSE who holds the optional witness share, or None when the setting is off.

    LENTERA_OPENING_WITNESS_SHARE: empty/0/false = no witness share; 1/true = the one active Kepala Subbagian
    LPSE; any other value = that User ID.
    """
    from lentera.accounts.models import User
    from lentera.accounts.selectors import users_with_role

    value = str(
        getattr(settings, "LENTERA_OPENING_WITNESS_SHARE", None)
        or os.environ.get("LENTERA_OPENING_WITNESS_SHARE", "")
    ).strip()
    if value.lower() in ("", "0", "false", "no", "off"):
        return None
    if value.lower() in ("1", "true", "yes", "on"):
        candidates = list(users_with_role(role=Role.KASUBAG_LPSE))
        if len(candidates) != 1:
            raise BiddingError(
                "WITNESS_AMBIGUOUS",
                _(
                    "Bagian kunci saksi diaktifkan, tetapi Kepala Subbagian LPSE aktif tidak tepat satu orang; "
                    "isi LENTERA_OPENING_WITNESS_SHARE dengan User ID saksi."
                ),
            )
        return candidates[0]
    user = User.objects.filter(user_id=value, is_active=True).first()
    if user is None or not user.has_role(Role.KASUBAG_LPSE):
        raise BiddingError(
            "WITNESS_NOT_FOUND",
            _("Saksi %(user_id)s pada LENTERA_OPENING_WITNESS_SHARE bukan Kepala Subbagian LPSE aktif."),
            user_id=value,
        )
    return user


def _audited_fingerprint(key: MemberOpeningKey) -> str | None:
    event = (
        AuditEvent.objects.filter(
            action__in=_KEY_AUDIT_ACTIONS, object_type="bidding.memberopeningkey", object_id=str(key.pk)
        )
        .order_by("-seq")
        .values_list("after", flat=True)
        .first()
    )
    return (event or {}).get("fingerprint")


def _holders_and_keys(tender) -> tuple[list, Any, dict[int, MemberOpeningKey]]:
    members = integration.pokja_active_users(tender)
    if integration.tender_pokja(tender) is None:
        raise BiddingError("NO_POKJA", _("Tender ini belum memiliki Pokja Pemilihan."))
    if len(members) < rules.MIN_POKJA_MEMBERS_FOR_SEALING:
        raise BiddingError(
            "POKJA_TOO_SMALL_FOR_SEALING",
            _("Pokja harus beranggota paling sedikit %(n)s orang agar kunci sampul dapat dibagi."),
            n=rules.MIN_POKJA_MEMBERS_FOR_SEALING,
        )
    witness = witness_user()
    if witness is not None and any(m.pk == witness.pk for m in members):
        raise BiddingError("WITNESS_IS_MEMBER", _("Saksi tidak boleh sekaligus anggota Pokja tender ini."))
    holders = members + ([witness] if witness is not None else [])
    keys = {k.user_id: k for k in MemberOpeningKey.objects.filter(user__in=holders).select_related("user")}
    missing = [u for u in holders if u.pk not in keys]
    if missing:
        raise BiddingError(
            "OPENING_KEY_MISSING",
            _(
                "Sampul penawaran belum dapat dibuat: anggota berikut belum mengatur kata sandi pembukaan "
                "(menu Kata sandi pembukaan): %(names)s."
            ),
            names=", ".join(f"{u.full_name} ({u.user_id})" for u in missing),
        )
    unverified = [
        keys[u.pk].user for u in holders if _audited_fingerprint(keys[u.pk]) != keys[u.pk].fingerprint
    ]
    if unverified:
        raise BiddingError(
            "OPENING_KEY_UNVERIFIED",
            _(
                "Kunci pembukaan berikut tidak cocok dengan rantai audit (mungkin diganti langsung di basis "
                "data); sampul tidak dibuat: %(names)s."
            ),
            names=", ".join(f"{u.full_name} ({u.user_id})" for u in unverified),
        )
    return members, witness, keys


@transaction.atomic
def tender_keys_create(*, actor, tender, lazy: bool = False, trigger: str = "") -> list[TenderEnvelope]:
    """Make the tender's envelope key pairs and split each private key among the Pokja (idempotent).

    For the tendering announce service (Permendagri 53/2021 Lampiran 2.1 c 2: bids are sealed from the start),
    and called lazily by the bidding services when bid upload opens and no envelope exists yet (``lazy=True``;
    recorded in the audit event). One X25519 key pair per envelope; the private key is split with Shamir,
    ``threshold`` = Pokja majority (see :func:`lentera.bidding.rules.share_plan`), one share sealed to each
    holder's opening key, and never stored: after this function it exists nowhere.

    Refuses (OPENING_KEY_MISSING) when a Pokja member (or the witness) has no opening key yet, naming them.
    """
    from lentera.tendering.models import Tender

    locked = (
        Tender.objects.select_for_update(of=("self",)).select_related("pokja", "package").get(pk=tender.pk)
    )
    existing = list(TenderEnvelope.objects.filter(tender=locked).order_by("kind"))
    if existing:
        return existing
    if actor is not None and not lazy and not getattr(actor, "is_superuser", False):
        if not integration.is_pokja_member(actor, locked):
            raise AccessDenied(
                "NOT_POKJA_MEMBER", _("Hanya anggota Pokja tender ini yang dapat membuat sampul.")
            )
    members, witness, keys = _holders_and_keys(locked)
    plan = rules.share_plan(len(members), witness=witness is not None)
    holders = [(u, KeyShare.HolderRole.MEMBER) for u in members]
    if witness is not None:
        holders.append((witness, KeyShare.HolderRole.WITNESS))
    now = db_now()
    envelopes = []
    for kind in envelope_kinds(locked):
        private, public = generate_envelope_keypair()
        envelope = TenderEnvelope.objects.create(
            tender=locked,
            kind=kind,
            public_key=b64encode(public),
            fingerprint=public_key_fingerprint(public),
            member_count=plan.member_count,
            threshold=plan.threshold,
            share_count=plan.share_count,
            has_witness_share=plan.witness,
            created_by=actor if actor is not None and getattr(actor, "pk", None) else None,
            created_at=now,
        )
        shares = split_secret(private, plan.threshold, plan.share_count)
        del private  # the only copy; Python cannot wipe it, but no reference outlives this loop
        context = envelope.share_context()
        KeyShare.objects.bulk_create(
            KeyShare(
                envelope=envelope,
                holder=user,
                holder_role=role,
                index=share.index,
                sealed_share=b64encode(seal_share(share, keys[user.pk].public_key_bytes, context)),
                holder_key_fingerprint=keys[user.pk].fingerprint,
                holder_key_generation=keys[user.pk].generation,
            )
            for (user, role), share in zip(holders, shares, strict=True)
        )
        del shares
        audit.record(
            actor=actor,
            action="bidding.envelope.create",
            obj=envelope,
            after={
                "tender": locked.code,
                "kind": kind,
                "public_key": envelope.public_key,
                "fingerprint": envelope.fingerprint,
                "threshold": plan.threshold,
                "share_count": plan.share_count,
                "witness": plan.witness,
                "holders": [
                    {"user_id": u.user_id, "role": r, "key_fingerprint": keys[u.pk].fingerprint}
                    for u, r in holders
                ],
                "lazy": lazy,
                "trigger": trigger,
            },
        )
        envelopes.append(envelope)
    return envelopes


def envelopes_of(tender) -> dict[str, TenderEnvelope]:
    return {e.kind: e for e in TenderEnvelope.objects.filter(tender_id=tender.pk)}


def ensure_envelopes(*, tender, trigger: str) -> dict[str, TenderEnvelope]:
    """The tender's envelopes, created lazily (audited as such) if the announcement did not make them."""
    envelopes = envelopes_of(tender)
    if envelopes:
        return envelopes
    try:
        tender_keys_create(actor=None, tender=tender, lazy=True, trigger=trigger)
    except BiddingError as exc:
        raise BiddingError(
            "ENVELOPE_KEYS_MISSING",
            _("Sampul penawaran tender ini belum siap, sehingga penawaran belum dapat dikirim. %(why)s"),
            why=str(exc),
            status=409,
        )
    return envelopes_of(tender)


__all__ = [
    "ensure_envelopes",
    "envelope_kinds",
    "envelopes_of",
    "opening_key_change_passphrase",
    "opening_key_set",
    "tender_keys_create",
    "witness_user",
]
