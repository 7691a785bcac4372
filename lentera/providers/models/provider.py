"""Providers (Penyedia): one profile per NPWP, the ADP (Lampiran 2.3 c 5), and the blacklist (daftar hitam).

The core `Provider` fields are fixed here so tendering and bidding can build on them; the providers app adds the
registration, verification and ADP sections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    """A provider: a business (badan usaha) or a person (perorangan), unique by NPWP."""

    class BusinessForm(models.TextChoices):
        PT = "PT", _("Perseroan Terbatas (PT)")
        CV = "CV", _("Persekutuan Komanditer (CV)")
        FIRMA = "FIRMA", _("Firma")
        KOPERASI = "KOPERASI", _("Koperasi")
        PERSEROAN_PERORANGAN = "PT_PERORANGAN", _("Perseroan Perorangan")
        OTHER_ENTITY = "OTHER", _("Badan usaha lain")
        INDIVIDUAL = "INDIVIDUAL", _("Perorangan")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf pendaftaran")
        SUBMITTED = "SUBMITTED", _("Menunggu verifikasi")
        REJECTED = "REJECTED", _("Perlu perbaikan")
        VERIFIED = "VERIFIED", _("Terverifikasi")

    npwp = models.CharField(_("NPWP"), max_length=16, unique=True, help_text=_("Digits only, 15 or 16."))
    name = models.CharField(_("nama penyedia"), max_length=200)
    business_form = models.CharField(_("bentuk usaha"), max_length=14, choices=BusinessForm.choices)
    address = models.TextField(_("alamat"), blank=True)
    city = models.CharField(_("kabupaten/kota"), max_length=100, blank=True)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email perusahaan"), blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider", verbose_name=_("akun")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_small_business = models.BooleanField(_("usaha kecil"), default=False)
    # Added by the providers app: the person who answers for the provider (KTP, Lampiran 2.5.1 b 2 a).
    representative_name = models.CharField(
        _("nama direktur/pemilik/pejabat berwenang"), max_length=150, blank=True
    )
    representative_position = models.CharField(_("jabatan"), max_length=100, blank=True)
    representative_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penyedia")
        verbose_name_plural = _("penyedia")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_individual(self) -> bool:
        return self.business_form == self.BusinessForm.INDIVIDUAL

    @property
    def npwp_display(self) -> str:
        from lentera.providers.identifiers import npwp_display

        return npwp_display(self.npwp)
