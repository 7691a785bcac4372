"""ADP (Agregasi Data Penyedia) sections of a provider's profile (Permendagri 53/2021 Lampiran 2.3 c 5).

The provider keeps them current; every change goes through `services.profile` and is audited. A tender reads
them through `selectors.qualification_data`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .provider import Provider

kbli_validator = RegexValidator(
    r"^\d{5}(\s*,\s*\d{5})*$", _("Kode KBLI terdiri atas 5 digit; pisahkan beberapa kode dengan koma.")
)


class ProfileSection(models.Model):
    """Common fields; each section has its own `provider` foreign key (with its related name)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class BusinessLicence(ProfileSection):
    """NIB (Nomor Induk Berusaha, OSS) or another business licence, with KBLI classification and expiry."""

    class Kind(models.TextChoices):
        NIB = "NIB", _("NIB (Nomor Induk Berusaha)")
        SBU = "SBU", _("Sertifikat Badan Usaha (SBU) konstruksi")
        IZIN_USAHA = "IZIN_USAHA", _("Izin usaha lainnya")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("jenis izin"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=50)
    issuer = models.CharField(_("instansi pemberi izin"), max_length=150)
    issued_on = models.DateField(_("tanggal terbit"))
    expires_on = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila berlaku selama menjalankan usaha."),
    )
    kbli = models.CharField(_("klasifikasi KBLI"), max_length=200, validators=[kbli_validator])
    qualification = models.CharField(_("kualifikasi usaha"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("izin usaha")
        verbose_name_plural = _("izin usaha")
        ordering = ["kind", "number"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        if self.expires_on and self.issued_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("Tanggal berlaku tidak boleh sebelum tanggal terbit.")})

    @property
    def kbli_codes(self) -> tuple[str, ...]:
        return tuple(code.strip() for code in self.kbli.split(",") if code.strip())


class TaxReport(ProfileSection):
    """Latest tax report (SPT Tahunan) submitted, proven by its receipt (bukti penerimaan elektronik)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="tax_reports")
    year = models.PositiveIntegerField(
        _("tahun pajak"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    receipt_number = models.CharField(_("nomor tanda terima (BPE)"), max_length=60)
    submitted_on = models.DateField(_("tanggal penyampaian"))

    class Meta:
        verbose_name = _("laporan pajak (SPT)")
        verbose_name_plural = _("laporan pajak (SPT)")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["provider", "year"], name="tax_report_year_unique")]

    def __str__(self) -> str:
        return f"SPT {self.year}"


class Deed(ProfileSection):
    """Akta pendirian or akta perubahan of a business entity."""

    class Kind(models.TextChoices):
        ESTABLISHMENT = "PENDIRIAN", _("Akta pendirian")
        AMENDMENT = "PERUBAHAN", _("Akta perubahan")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="deeds")
    kind = models.CharField(_("jenis akta"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("nomor akta"), max_length=50)
    date = models.DateField(_("tanggal akta"))
    notary = models.CharField(_("notaris"), max_length=150)
    approval_number = models.CharField(_("nomor pengesahan Kemenkumham"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("akta")
        verbose_name_plural = _("akta")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Owner(ProfileSection):
    """Shareholder / owner (pemilik saham), with the share held."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="owners")
    name = models.CharField(_("nama"), max_length=150)
    id_number = models.CharField(_("NIK / NPWP"), max_length=20)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    share_percent = models.DecimalField(
        _("saham (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("pemilik")
        verbose_name_plural = _("pemilik")
        ordering = ["-share_percent", "name"]

    def __str__(self) -> str:
        return self.name


class Manager(ProfileSection):
    """Pengurus: director, commissioner, or the person in charge."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="managers")
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=100)
    nik = models.CharField(_("NIK"), max_length=16)
    starts_on = models.DateField(_("menjabat sejak"), null=True, blank=True)
    ends_on = models.DateField(_("menjabat sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengurus")
        verbose_name_plural = _("pengurus")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")})


class Expert(ProfileSection):
    """Tenaga ahli with their certificate of competence (SKK / SKA)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("nama"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=100)
    expertise = models.CharField(_("keahlian"), max_length=150)
    years_experience = models.PositiveIntegerField(
        _("pengalaman (tahun)"), validators=[MaxValueValidator(60)]
    )
    certificate_name = models.CharField(_("sertifikat keahlian"), max_length=150, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=80, blank=True)
    certificate_expires_on = models.DateField(_("sertifikat berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tenaga ahli")
        verbose_name_plural = _("tenaga ahli")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.certificate_name and not self.certificate_number:
            raise ValidationError({"certificate_number": _("Nomor sertifikat wajib diisi.")})


class Equipment(ProfileSection):
    """Peralatan: equipment the provider owns or controls."""

    class Ownership(models.TextChoices):
        OWNED = "OWNED", _("Milik sendiri")
        LEASED = "LEASED", _("Sewa")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="equipment")
    name = models.CharField(_("jenis alat"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"), validators=[MinValueValidator(1)])
    capacity = models.CharField(_("kapasitas"), max_length=80, blank=True)
    brand = models.CharField(_("merek / tipe"), max_length=100, blank=True)
    year_made = models.PositiveIntegerField(_("tahun pembuatan"), null=True, blank=True)
    condition = models.CharField(_("kondisi"), max_length=50, blank=True)
    ownership = models.CharField(_("status kepemilikan"), max_length=8, choices=Ownership.choices)
    location = models.CharField(_("lokasi"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("peralatan")
        verbose_name_plural = _("peralatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity})"


class Experience(ProfileSection):
    """Pengalaman: a past contract, with its value and dates."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="experience")
    contract_name = models.CharField(_("nama pekerjaan"), max_length=255)
    client = models.CharField(_("pemberi pekerjaan"), max_length=200)
    location = models.CharField(_("lokasi"), max_length=150, blank=True)
    contract_number = models.CharField(_("nomor kontrak"), max_length=100)
    contract_date = models.DateField(_("tanggal kontrak"))
    value = MoneyField(_("nilai kontrak"), validators=[MinValueValidator(0)])
    completed_on = models.DateField(_("tanggal serah terima"), null=True, blank=True)
    kbli = models.CharField(_("KBLI"), max_length=200, blank=True, validators=[kbli_validator])

    class Meta:
        verbose_name = _("pengalaman")
        verbose_name_plural = _("pengalaman")
        ordering = ["-contract_date"]

    def __str__(self) -> str:
        return self.contract_name

    def clean(self) -> None:
        if self.completed_on and self.contract_date and self.completed_on < self.contract_date:
            raise ValidationError(
                {"completed_on": _("Tanggal serah terima tidak boleh sebelum tanggal kontrak.")}
            )
