"""The tender (one selection attempt of a package), its registrations and its documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField
from lentera.planning.models import Method, ProcurementType

from ..enums import Envelope, EvaluationMethod, Qualification, TenderStatus


class Tender(models.Model):
    """One selection attempt for a package (Permendagri 53/2021 Pasal 5 e; Perpres 16/2018 Pasal 38-41, 50).

    A re-tender reuses the package with ``attempt + 1``. The stage is never stored: it is computed from the
    schedule and the clock (`lentera.tendering.selectors.current_stage`); `status` only records the decisions
    that end a tender (failed, cancelled, completed) and whether it has been announced.
    """

    package = models.ForeignKey("planning.Package", on_delete=models.PROTECT, related_name="tenders")
    attempt = models.PositiveSmallIntegerField(_("percobaan ke"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retender",
        verbose_name=_("tender sebelumnya"),
    )
    code = models.CharField(_("kode tender"), max_length=40, unique=True)
    title = models.CharField(_("nama tender"), max_length=300)
    method = models.CharField(_("metode pemilihan"), max_length=24, choices=Method.choices)
    procurement_type = models.CharField(_("jenis pengadaan"), max_length=16, choices=ProcurementType.choices)
    qualification = models.CharField(
        _("metode kualifikasi"), max_length=5, choices=Qualification.choices, default=Qualification.POST
    )
    envelope = models.CharField(
        _("metode penyampaian dokumen"), max_length=10, choices=Envelope.choices, default=Envelope.ONE_FILE
    )
    evaluation_method = models.CharField(
        _("metode evaluasi"),
        max_length=12,
        choices=EvaluationMethod.choices,
        default=EvaluationMethod.LOWEST_PRICE,
    )
    technical_weight = models.DecimalField(
        _("bobot teknis (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    price_weight = models.DecimalField(
        _("bobot harga (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passing_technical_score = models.DecimalField(
        _("ambang batas nilai teknis"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    economic_life_years = models.PositiveSmallIntegerField(_("umur ekonomis (tahun)"), null=True, blank=True)
    reverse_auction = models.BooleanField(_("dengan e-reverse auction"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=TenderStatus.choices, default=TenderStatus.DRAFT
    )
    status_reason = models.TextField(_("alasan"), blank=True)
    hps_total = MoneyField(_("nilai HPS"), null=True, blank=True)
    pagu = MoneyField(_("pagu"), null=True, blank=True)
    pokja = models.ForeignKey(
        "planning.Pokja", null=True, blank=True, on_delete=models.PROTECT, related_name="tenders"
    )
    procurement_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Pejabat Pengadaan"),
    )
    invited_provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penyedia yang diundang / ditunjuk"),
    )
    invitation_reason = models.TextField(_("alasan penunjukan / kondisi darurat"), blank=True)
    evaluation_round = models.PositiveSmallIntegerField(_("putaran evaluasi"), default=1)
    announced_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tender")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["package", "attempt"], name="tender_attempt_once_per_package"),
            models.CheckConstraint(
                condition=models.Q(pokja__isnull=True) | models.Q(procurement_official__isnull=True),
                name="tender_pokja_or_official_not_both",
            ),
        ]
        indexes = [models.Index(fields=["status", "announced_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_works(self) -> bool:
        return self.procurement_type == ProcurementType.WORKS


class TenderRegistration(models.Model):
    """A provider registered for (or invited to) a tender."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="registrations")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="tender_registrations"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("terdaftar"))
    invited = models.BooleanField(_("diundang"), default=False)
    shortlisted = models.BooleanField(_("lulus prakualifikasi"), null=True, blank=True)
    shortlist_reason = models.TextField(_("alasan hasil prakualifikasi"), blank=True)

    class Meta:
        verbose_name = _("pendaftaran peserta")
        verbose_name_plural = _("pendaftaran peserta")
        ordering = ["tender", "registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "provider"], name="tender_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} @ {self.tender.code}"


class TenderDocument(models.Model):
    """The selection document (dokumen pemilihan) and its addenda."""

    class Kind(models.TextChoices):
        SELECTION = "SELECTION", _("Dokumen pemilihan")
        ADDENDUM = "ADDENDUM", _("Adendum dokumen pemilihan")
        OTHER = "OTHER", _("Dokumen pendukung")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("nomor adendum"), default=0)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to="tender_documents/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("keterangan / alasan adendum"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("dokumen tender")
        verbose_name_plural = _("dokumen tender")
        ordering = ["tender", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentDownload(models.Model):  # noqa: DJ008
    """Each download of a tender document by a provider is logged."""

    document = models.ForeignKey(TenderDocument, on_delete=models.CASCADE, related_name="downloads")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField()
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("unduhan dokumen")
        verbose_name_plural = _("unduhan dokumen")
        ordering = ["-downloaded_at"]
