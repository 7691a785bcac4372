"""Bid submissions (penawaran): versions, their sealed parts and the sealed segments of each part.

Nothing here holds plaintext: prices, form fields, file names and file contents are all inside sealed segments
in the file storage. The rows only say who submitted what size when, and the SHA-256 of every sealed segment.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .keys import TenderEnvelope


def segment_context(
    *, tender_id: int, provider_id: int, envelope: TenderEnvelope, part_uid: str, kind: str, index: int
) -> bytes:
    """AEAD context of one sealed segment: moved to another tender, bidder, envelope, part or place, it won't open."""
    return (
        f"lentera bid|tender={tender_id}|provider={provider_id}|envelope={envelope.pk}:{envelope.kind}"
        f"|part={part_uid}|kind={kind}|segment={index}"
    ).encode()


def meta_context(*, tender_id: int, provider_id: int, envelope: TenderEnvelope, part_uid: str) -> bytes:
    """HPKE info of a part's sealed file name and content type."""
    return (
        f"lentera bid meta v1|tender={tender_id}|provider={provider_id}|envelope={envelope.pk}:{envelope.kind}"
        f"|part={part_uid}"
    ).encode()


class BidSubmission(models.Model):
    """One version of a provider's bid for a tender. The last ACCEPTED version is the bid that counts."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Sedang disiapkan")
        ACCEPTED = "ACCEPTED", _("Diterima")
        SUPERSEDED = "SUPERSEDED", _("Digantikan versi baru")
        WITHDRAWN = "WITHDRAWN", _("Ditarik")
        ABANDONED = "ABANDONED", _("Tidak diselesaikan")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="bid_submissions")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="bid_submissions"
    )
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"))
    submitted_at = models.DateTimeField(_("diterima server"), null=True, blank=True)
    ended_at = models.DateTimeField(_("digantikan / ditarik"), null=True, blank=True)
    receipt = models.JSONField(_("tanda terima"), null=True, blank=True)
    receipt_sha256 = models.CharField(_("hash tanda terima"), max_length=64, blank=True)
    withdrawal_receipt = models.JSONField(_("tanda terima penarikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("penawaran")
        verbose_name_plural = _("penawaran")
        ordering = ["tender", "provider", "version"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "provider", "version"], name="bid_version_once"),
            models.UniqueConstraint(
                fields=["tender", "provider"],
                condition=models.Q(status="ACCEPTED"),
                name="bid_one_accepted_per_provider",
            ),
            models.UniqueConstraint(
                fields=["tender", "provider"],
                condition=models.Q(status="DRAFT"),
                name="bid_one_draft_per_provider",
            ),
        ]
        indexes = [models.Index(fields=["tender", "status"])]

    def __str__(self) -> str:
        return f"{self.tender_id}/{self.provider_id} v{self.version} {self.status}"


class BidPart(models.Model):
    """One sealed part of a submission: the form (price and fields, sealed JSON) or one file.

    A file part is also the resumable upload session: ``received_size`` is the offset a client resumes from.
    """

    class Kind(models.TextChoices):
        FORM = "FORM", _("Formulir penawaran")
        FILE = "FILE", _("Berkas")

    class Status(models.TextChoices):
        UPLOADING = "UPLOADING", _("Sedang diunggah")
        COMPLETE = "COMPLETE", _("Lengkap")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(BidSubmission, on_delete=models.CASCADE, related_name="parts")
    envelope = models.ForeignKey(TenderEnvelope, on_delete=models.PROTECT, related_name="parts")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADING)
    declared_size = models.PositiveBigIntegerField(_("ukuran yang dinyatakan"), default=0)
    received_size = models.PositiveBigIntegerField(_("ukuran diterima"), default=0)
    segment_count = models.PositiveIntegerField(default=0)
    sealed_meta = models.TextField(_("nama dan jenis berkas (tersegel)"), blank=True)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bagian penawaran")
        verbose_name_plural = _("bagian penawaran")
        ordering = ["submission", "envelope", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind} {self.uid}"

    def segment_context(self, index: int) -> bytes:
        sub = self.submission
        return segment_context(
            tender_id=sub.tender_id,
            provider_id=sub.provider_id,
            envelope=self.envelope,
            part_uid=str(self.uid),
            kind=self.kind,
            index=index,
        )

    def meta_context(self) -> bytes:
        sub = self.submission
        return meta_context(
            tender_id=sub.tender_id,
            provider_id=sub.provider_id,
            envelope=self.envelope,
            part_uid=str(self.uid),
        )


class BidSegment(models.Model):
    """One sealed stream in storage (a whole small part, or one chunk of a resumable upload)."""

    part = models.ForeignKey(BidPart, on_delete=models.CASCADE, related_name="segments")
    index = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField(max_length=64)
    sealed_size = models.PositiveBigIntegerField()
    plaintext_size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("segmen tersegel")
        verbose_name_plural = _("segmen tersegel")
        ordering = ["part", "index"]
        constraints = [models.UniqueConstraint(fields=["part", "index"], name="segment_index_once")]

    def __str__(self) -> str:
        return f"{self.part_id}#{self.index}"
