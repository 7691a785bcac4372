"""The opening (pembukaan): sessions collecting Pokja shares, per-part checks, opened bids, problem records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .keys import KeyShare, TenderEnvelope
from .submissions import BidPart, BidSubmission


class OpeningSession(models.Model):
    """Collects the shares of one envelope, one member at a time, until the threshold opens it.

    Each deposited share is kept only wrapped by a key derived from the server secret and this session's salt,
    and is erased when the session opens the envelope, expires or is cancelled.
    """

    class Status(models.TextChoices):
        COLLECTING = "COLLECTING", _("Mengumpulkan kata sandi pembukaan")
        OPENED = "OPENED", _("Dibuka")
        EXPIRED = "EXPIRED", _("Kedaluwarsa")

    envelope = models.ForeignKey(TenderEnvelope, on_delete=models.PROTECT, related_name="opening_sessions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COLLECTING)
    salt = models.CharField(max_length=44)
    threshold = models.PositiveSmallIntegerField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    present = models.JSONField(_("yang hadir"), default=list, help_text="[{user_id, full_name, role, at}]")
    summary = models.JSONField(default=dict, blank=True)
    record_pdf = models.FileField(_("berita acara (PDF)"), upload_to="bidding/records/%Y/", blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("sesi pembukaan")
        verbose_name_plural = _("sesi pembukaan")
        ordering = ["envelope", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["envelope"], condition=models.Q(status="COLLECTING"), name="one_collecting_session"
            ),
            models.UniqueConstraint(
                fields=["envelope"], condition=models.Q(status="OPENED"), name="one_opened_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.envelope} {self.status}"


class OpeningDeposit(models.Model):
    """A member's recovered share, wrapped by the session key (server secret + session salt) until the opening."""

    session = models.ForeignKey(OpeningSession, on_delete=models.CASCADE, related_name="deposits")
    share = models.ForeignKey(KeyShare, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    wrapped_share = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "holder"], name="deposit_once_per_holder")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.holder_id}"


class OpenedBid(models.Model):
    """What the opening found in one provider's accepted submission for one envelope."""

    session = models.ForeignKey(OpeningSession, on_delete=models.PROTECT, related_name="opened_bids")
    submission = models.ForeignKey(BidSubmission, on_delete=models.PROTECT, related_name="opened")
    offer_price = MoneyField(_("harga penawaran"), null=True, blank=True)
    form_fields = models.JSONField(default=dict, blank=True)
    all_parts_ok = models.BooleanField(default=False)
    receipt_ok = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("penawaran yang dibuka")
        verbose_name_plural = _("penawaran yang dibuka")
        ordering = ["session", "submission__submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "submission"], name="opened_bid_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.submission_id}"


class PartCheck(models.Model):
    """The result of opening one sealed part: every chunk's tag and every segment hash against the receipt."""

    class Result(models.TextChoices):
        OK = "OK", _("Dapat dibuka, utuh")
        CORRUPT = "CORRUPT", _("Tidak dapat dibuka (rusak atau diubah)")
        HASH_MISMATCH = "HASH_MISMATCH", _("Tidak cocok dengan tanda terima")
        MISSING = "MISSING", _("Berkas hilang dari penyimpanan")

    opened_bid = models.ForeignKey(OpenedBid, on_delete=models.CASCADE, related_name="checks")
    part = models.ForeignKey(BidPart, on_delete=models.PROTECT, related_name="checks")
    result = models.CharField(max_length=14, choices=Result.choices)
    detail = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    plaintext_size = models.PositiveBigIntegerField(default=0)
    plaintext_sha256 = models.CharField(max_length=64, blank=True)
    segment_hashes = models.JSONField(default=list)

    class Meta:
        ordering = ["opened_bid", "part__position", "pk"]

    def __str__(self) -> str:
        return f"{self.part_id} {self.result}"


class OpeningProblem(models.Model):
    """Draft official record of a bid file that cannot be opened (Permendagri 53/2021 Lampiran 2.5.3).

    Lentera drafts it at the opening; the Kepala Subbagian LPSE confirms it as witness; the Pokja records its
    decision under the selection document's rules.
    """

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf, menunggu konfirmasi saksi")
        WITNESSED = "WITNESSED", _("Dikonfirmasi Kepala Subbagian LPSE")
        DECIDED = "DECIDED", _("Diputuskan Pokja")

    session = models.ForeignKey(OpeningSession, on_delete=models.PROTECT, related_name="problems")
    opened_bid = models.ForeignKey(OpenedBid, on_delete=models.PROTECT, related_name="problems")
    description = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    witnessed_at = models.DateTimeField(null=True, blank=True)
    witness_note = models.TextField(blank=True)
    decision = models.TextField(_("keputusan Pokja"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    record_pdf = models.FileField(upload_to="bidding/records/%Y/", blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)
    #: the help desk's ticket opened for it (event "servicedesk.ticket.opening_problem_linked"; no import)
    helpdesk_ticket_id = models.PositiveIntegerField(null=True, blank=True)
    helpdesk_ticket_number = models.CharField(_("tiket helpdesk"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("berita acara berkas tidak dapat dibuka")
        verbose_name_plural = _("berita acara berkas tidak dapat dibuka")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.session_id} {self.status}"
