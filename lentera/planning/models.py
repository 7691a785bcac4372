"""Procurement plans (RUP), packages with their HPS, and the Pokja Pemilihan.

Core fields are fixed here so that tendering, bidding and opendata can build on them; the planning app's services
hold the rules (Permendagri 53/2021 Pasal 5, 9, 12, 15-17; Perpres 16/2018 Pasal 26, 38).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import WorkUnit
from lentera.core.money import MoneyField


class ProcurementType(models.TextChoices):
    GOODS = "GOODS", _("Barang")
    WORKS = "WORKS", _("Pekerjaan Konstruksi")
    CONSULTANCY = "CONSULTANCY", _("Jasa Konsultansi")
    OTHER_SERVICES = "OTHER_SERVICES", _("Jasa Lainnya")


class Method(models.TextChoices):
    TENDER = "TENDER", _("Tender")
    TENDER_CEPAT = "TENDER_CEPAT", _("Tender Cepat")
    SELEKSI = "SELEKSI", _("Seleksi")
    PENGADAAN_LANGSUNG = "PENGADAAN_LANGSUNG", _("Pengadaan Langsung")
    PENUNJUKAN_LANGSUNG = "PENUNJUKAN_LANGSUNG", _("Penunjukan Langsung")
    E_PURCHASING = "E_PURCHASING", _("E-Purchasing")
    SWAKELOLA = "SWAKELOLA", _("Swakelola")
    DARURAT = "DARURAT", _("Pengadaan Darurat")


class FundingSource(models.TextChoices):
    APBD = "APBD", _("APBD")
    APBN = "APBN", _("APBN")
    APBDP = "APBDP", _("APBD Perubahan")
    BLUD = "BLUD", _("BLUD")
    OTHER = "OTHER", _("Lainnya")


class RupItem(models.Model):
    """One item of a work unit's procurement plan (RUP) for a fiscal year (Perbup PPU 2/2021 Pasal 1 (18))."""

    work_unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="rup_items")
    code = models.CharField(_("kode RUP"), max_length=30, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    name = models.CharField(_("nama paket"), max_length=300)
    procurement_type = models.CharField(_("jenis pengadaan"), max_length=16, choices=ProcurementType.choices)
    pagu = MoneyField(_("pagu"))
    funding_source = models.CharField(_("sumber dana"), max_length=8, choices=FundingSource.choices)
    planned_method = models.CharField(_("metode rencana"), max_length=24, choices=Method.choices)
    planned_start = models.DateField(_("rencana mulai pemilihan"), null=True, blank=True)
    planned_end = models.DateField(_("rencana selesai pekerjaan"), null=True, blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    reserved_small_business = models.BooleanField(_("dicadangkan untuk usaha kecil"), default=False)
    domestic_products = models.BooleanField(_("produk dalam negeri"), default=False)
    revision = models.PositiveIntegerField(default=0)
    announced_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("item RUP")
        verbose_name_plural = _("RUP")
        ordering = ["-fiscal_year", "code"]
        indexes = [models.Index(fields=["fiscal_year", "work_unit"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Pokja(models.Model):
    """Pokja Pemilihan formed by decree of the Kepala UKPBJ (Permendagri 53/2021 Pasal 9 a-b, 15)."""

    ukpbj = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="pokjas")
    name = models.CharField(_("nama"), max_length=150)
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    formed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dissolved_at = models.DateTimeField(_("dibubarkan"), null=True, blank=True)
    dissolution_decree_number = models.CharField(_("nomor SK pembubaran"), max_length=100, blank=True)
    dissolution_reason = models.TextField(_("alasan pembubaran"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Pokja Pemilihan")
        verbose_name_plural = _("Pokja Pemilihan")
        ordering = ["-decree_date", "name"]

    def __str__(self) -> str:
        return self.name

    def active_members(self) -> models.QuerySet[PokjaMember]:
        return self.members.filter(left_at__isnull=True).select_related("user")


class PokjaMember(models.Model):
    class Qualification(models.TextChoices):
        PENGELOLA_PBJ = "PENGELOLA_PBJ", _("Pengelola PBJ")
        CERTIFIED_CIVIL_SERVANT = "CERTIFIED", _("PNS bersertifikat kompetensi / tingkat dasar")

    pokja = models.ForeignKey(Pokja, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pokja_memberships"
    )
    qualification = models.CharField(max_length=16, choices=Qualification.choices)
    is_chair = models.BooleanField(_("ketua"), default=False)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    home_unit = models.ForeignKey(WorkUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    coordination_note = models.TextField(
        _("catatan koordinasi dengan kepala unit asal"),
        blank=True,
        help_text=_("Required when the member sits outside the UKPBJ (Permendagri 53/2021 Pasal 15)."),
    )
    coordinated_on = models.DateField(_("tanggal koordinasi dengan kepala unit asal"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK penetapan anggota"), max_length=100, blank=True)
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The POKJA role given because of this membership (revoked when the member leaves)."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_decree_number = models.CharField(_("nomor SK pemberhentian"), max_length=100, blank=True)
    left_reason = models.TextField(_("alasan pemberhentian"), blank=True)

    class Meta:
        verbose_name = _("anggota Pokja")
        verbose_name_plural = _("anggota Pokja")
        constraints = [
            models.UniqueConstraint(
                fields=["pokja", "user"], condition=models.Q(left_at__isnull=True), name="pokja_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.pokja}"


class Package(models.Model):
    """A procurement package made by the PPK from one or more RUP items (Permendagri 53/2021 Pasal 5 a-d)."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        READY = "READY", _("Siap dipilih")
        ASSIGNED = "ASSIGNED", _("Diserahkan ke Pokja / Pejabat Pengadaan")
        IN_SELECTION = "IN_SELECTION", _("Dalam pemilihan")
        AWARDED = "AWARDED", _("Selesai dipilih")
        CONTRACTED = "CONTRACTED", _("Berkontrak")
        CANCELLED = "CANCELLED", _("Dibatalkan")

    code = models.CharField(_("kode paket"), max_length=30, unique=True)
    name = models.CharField(_("nama paket"), max_length=300)
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="packages")
    ppk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="packages_as_ppk"
    )
    rup_items = models.ManyToManyField(RupItem, related_name="packages")
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    procurement_type = models.CharField(_("jenis pengadaan"), max_length=16, choices=ProcurementType.choices)
    method = models.CharField(_("metode pemilihan"), max_length=24, choices=Method.choices)
    funding_source = models.CharField(_("sumber dana"), max_length=8, choices=FundingSource.choices)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    pagu = MoneyField(_("pagu"))
    hps_total = MoneyField(_("nilai HPS"), null=True, blank=True)
    hps_set_on = models.DateField(_("tanggal penetapan HPS"), null=True, blank=True)
    specification = models.TextField(_("spesifikasi / KAK"), blank=True)
    kak_file = models.FileField(_("berkas spesifikasi / KAK"), upload_to="planning/kak/%Y/", blank=True)
    draft_contract = models.FileField(_("rancangan kontrak"), upload_to="planning/contract/%Y/", blank=True)
    method_justification = models.TextField(_("justifikasi metode"), blank=True)
    direct_appointment_reason = models.CharField(
        _("alasan penunjukan langsung"),
        max_length=40,
        blank=True,
        help_text=_("A key of rules.DIRECT_APPOINTMENT_REASONS."),
    )
    catalogue_reference = models.CharField(_("rujukan katalog elektronik"), max_length=200, blank=True)
    spec_standard = models.BooleanField(_("spesifikasi dan volume sudah rinci/standar"), default=False)
    providers_qualified = models.BooleanField(_("pelaku usaha sudah terkualifikasi (SIKaP)"), default=False)
    method_rule = models.CharField(
        _("aturan metode yang dipakai"),
        max_length=300,
        blank=True,
        help_text=_("Citation recorded at the method check."),
    )
    ready_at = models.DateTimeField(_("diserahkan ke UKPBJ"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("diserahkan ke Pokja / Pejabat Pengadaan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    pokja = models.ForeignKey(Pokja, null=True, blank=True, on_delete=models.PROTECT, related_name="packages")
    procurement_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="packages_as_pp",
    )
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Pengelola kontrak (Permendagri 53/2021 Pasal 12)."),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Pemeriksa pekerjaan (Permendagri 53/2021 Pasal 12)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paket")
        verbose_name_plural = _("paket")
        ordering = ["-fiscal_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hps_total__isnull=True) | models.Q(hps_total__lte=models.F("pagu")),
                name="package_hps_not_above_pagu",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HpsItem(models.Model):
    """One line of the HPS (owner's estimate). Private: only the total is public (Perpres 16/2018 Pasal 26)."""

    class PriceSource(models.TextChoices):
        MARKET = "MARKET", _("Survei pasar")
        CATALOGUE = "CATALOGUE", _("Katalog elektronik")
        PAST_CONTRACT = "PAST_CONTRACT", _("Kontrak sebelumnya")
        PUBLISHED = "PUBLISHED", _("Harga yang dipublikasikan / standar")
        OTHER = "OTHER", _("Lainnya")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="hps_items")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(_("uraian"), max_length=300)
    unit = models.CharField(_("satuan"), max_length=30)
    quantity = models.DecimalField(_("volume"), max_digits=14, decimal_places=3)
    unit_price = MoneyField(_("harga satuan"))
    price_source = models.CharField(_("sumber harga"), max_length=14, choices=PriceSource.choices)
    source_note = models.CharField(_("keterangan sumber"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("item HPS")
        verbose_name_plural = _("item HPS")
        ordering = ["package", "position", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def total(self):
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class RupItemRevision(models.Model):
    """One public announcement of a RUP item: the first, and one per revision after it (Perbup PPU 2/2021
    Pasal 2 j). ``snapshot`` is what the public saw; rows are never changed."""

    rup_item = models.ForeignKey(RupItem, on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveIntegerField(_("revisi ke"))
    announced_at = models.DateTimeField(_("diumumkan"))
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("alasan revisi"), max_length=300, blank=True)
    snapshot = models.JSONField(_("isi yang diumumkan"))

    class Meta:
        verbose_name = _("pengumuman RUP")
        verbose_name_plural = _("pengumuman RUP")
        ordering = ["rup_item", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["rup_item", "revision"], name="rup_revision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rup_item.code} r{self.revision}"


class ProcurementOfficialRequest(models.Model):
    """A KPA's request for a Pejabat Pengadaan, and the Kepala UKPBJ's assignment (Permendagri 53/2021
    Pasal 16)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu")
        ASSIGNED = "ASSIGNED", _("Ditugaskan")
        REJECTED = "REJECTED", _("Ditolak")

    work_unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, related_name="procurement_official_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    letter_number = models.CharField(_("nomor surat permintaan"), max_length=100)
    note = models.TextField(_("keterangan"), blank=True)
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decree_number = models.CharField(_("nomor SK / surat tugas"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        verbose_name = _("permintaan Pejabat Pengadaan")
        verbose_name_plural = _("permintaan Pejabat Pengadaan")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.work_unit} {self.letter_number}"


class SelectionReport(models.Model):
    """The Pokja's or Pejabat Pengadaan's report of a selection's outcome to the Kepala UKPBJ (Permendagri
    53/2021 Pasal 17)."""

    class Outcome(models.TextChoices):
        AWARDED = "AWARDED", _("Pemenang ditetapkan")
        FAILED = "FAILED", _("Pemilihan gagal")
        CANCELLED = "CANCELLED", _("Pemilihan dibatalkan")

    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="selection_reports")
    pokja = models.ForeignKey(Pokja, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_as = models.CharField(_("dilaporkan sebagai"), max_length=24)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    summary = models.TextField(_("ringkasan"))
    submitted_at = models.DateTimeField(_("dilaporkan"))
    acknowledged_at = models.DateTimeField(_("diterima kepala UKPBJ"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("laporan hasil pemilihan")
        verbose_name_plural = _("laporan hasil pemilihan")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.package.code} {self.outcome}"
