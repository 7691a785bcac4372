"""Key material kept by the bidding app: member opening keys, tender envelopes and their sealed shares.

No private key is stored in the clear: member private keys are wrapped under the member's opening passphrase
(argon2id + AES-256-GCM); envelope private keys are split with Shamir and each share is sealed (HPKE) to one
holder's opening key. See docs/sealing.md.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def b64decode(value: str) -> bytes:
    return base64.b64decode(value.encode("ascii"), validate=True)


def b64encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


class MemberOpeningKey(models.Model):
    """A person's opening key (kunci pembukaan): X25519, private half wrapped by their opening passphrase.

    The opening passphrase (kata sandi pembukaan) is separate from the login password; the server never stores
    it. ``bundle`` is :meth:`lentera.bidding.crypto.MemberKeyBundle.to_dict` output.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="opening_key",
        verbose_name=_("pengguna"),
    )
    public_key = models.CharField(_("kunci publik (base64)"), max_length=64)
    fingerprint = models.CharField(_("sidik kunci"), max_length=40)
    bundle = models.JSONField(_("kunci privat terbungkus"))
    generation = models.PositiveIntegerField(_("generasi"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kunci pembukaan anggota")
        verbose_name_plural = _("kunci pembukaan anggota")

    def __str__(self) -> str:
        return f"{self.user} {self.fingerprint}"

    @property
    def public_key_bytes(self) -> bytes:
        return b64decode(self.public_key)


class TenderEnvelope(models.Model):
    """One sealed envelope (sampul) of a tender: an X25519 public key whose private half was split and forgotten.

    ONE_FILE tenders have one envelope (SINGLE); TWO_FILES / TWO_STAGES have File I (administrative, qualification
    and technical, ADMIN_TECH) and File II (price, PRICE).
    """

    class Kind(models.TextChoices):
        SINGLE = "SINGLE", _("Sampul penawaran")
        ADMIN_TECH = "ADMIN_TECH", _("File I: administrasi, kualifikasi dan teknis")
        PRICE = "PRICE", _("File II: harga")

    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="envelopes")
    kind = models.CharField(_("sampul"), max_length=10, choices=Kind.choices)
    public_key = models.CharField(_("kunci publik (base64)"), max_length=64)
    fingerprint = models.CharField(_("sidik kunci"), max_length=40)
    member_count = models.PositiveSmallIntegerField(_("jumlah anggota Pokja"))
    threshold = models.PositiveSmallIntegerField(_("ambang pembukaan"))
    share_count = models.PositiveSmallIntegerField(_("jumlah bagian kunci"))
    has_witness_share = models.BooleanField(_("dengan bagian saksi"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"))
    opened_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    opened_key = models.TextField(
        _("kunci privat setelah dibuka (terbungkus kunci server)"),
        blank=True,
        help_text=_("Empty until the opening; then the rebuilt key wrapped by the server secret."),
    )

    class Meta:
        verbose_name = _("sampul penawaran")
        verbose_name_plural = _("sampul penawaran")
        ordering = ["tender", "kind"]
        constraints = [models.UniqueConstraint(fields=["tender", "kind"], name="envelope_once_per_tender")]

    def __str__(self) -> str:
        return f"{self.tender_id} {self.kind}"

    @property
    def public_key_bytes(self) -> bytes:
        return b64decode(self.public_key)

    @property
    def is_opened(self) -> bool:
        return self.opened_at is not None

    def share_context(self) -> bytes:
        """Binds every sealed share to this envelope (HPKE info)."""
        return f"tender={self.tender_id}|envelope={self.pk}|kind={self.kind}|fp={self.fingerprint}".encode()


class KeyShare(models.Model):
    """One Shamir share of an envelope key, sealed to its holder's opening key."""

    class HolderRole(models.TextChoices):
        MEMBER = "MEMBER", _("Anggota Pokja")
        WITNESS = "WITNESS", _("Saksi (Kepala Subbagian LPSE)")

    envelope = models.ForeignKey(TenderEnvelope, on_delete=models.CASCADE, related_name="shares")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_shares")
    holder_role = models.CharField(max_length=8, choices=HolderRole.choices, default=HolderRole.MEMBER)
    index = models.PositiveSmallIntegerField()
    sealed_share = models.TextField(_("bagian kunci tersegel (base64)"))
    holder_key_fingerprint = models.CharField(max_length=40)
    holder_key_generation = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("bagian kunci sampul")
        verbose_name_plural = _("bagian kunci sampul")
        ordering = ["envelope", "index"]
        constraints = [
            models.UniqueConstraint(fields=["envelope", "holder"], name="share_once_per_holder"),
            models.UniqueConstraint(fields=["envelope", "index"], name="share_index_once"),
        ]

    def __str__(self) -> str:
        return f"{self.envelope} #{self.index} {self.holder}"
