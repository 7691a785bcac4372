"""The ITSM registers the LPSE standards ask for (issue #17 part 5; Permendagri 53/2021 Lampiran 2.3 huruf b,
2.4 huruf a, 2.5.4): the asset register rated for confidentiality, integrity and availability, change requests
with their approval, and the capacity log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency

from .states import ChangeStatus


class AssetKind(models.TextChoices):
    HARDWARE = "HARDWARE", _("Perangkat keras")
    SOFTWARE = "SOFTWARE", _("Perangkat lunak")
    NETWORK = "NETWORK", _("Jaringan")
    DATA = "DATA", _("Data dan informasi")
    FACILITY = "FACILITY", _("Sarana dan ruangan")
    SERVICE = "SERVICE", _("Layanan pihak ketiga")


class Asset(models.Model):
    """An asset of the LPSE (standard 3, Pengelolaan Aset): owner, location and its confidentiality, integrity
    and availability each rated 1-3; its value is derived from them (``rules.asset_value``)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("kode aset"), max_length=40)
    name = models.CharField(_("nama aset"), max_length=200)
    kind = models.CharField(_("jenis aset"), max_length=12, choices=AssetKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("lokasi"), max_length=200)
    confidentiality = models.PositiveSmallIntegerField(_("kerahasiaan"))
    integrity = models.PositiveSmallIntegerField(_("integritas"))
    availability = models.PositiveSmallIntegerField(_("ketersediaan"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="governance_asset_code_unique"),
            models.CheckConstraint(
                condition=models.Q(confidentiality__gte=1, confidentiality__lte=3)
                & models.Q(integrity__gte=1, integrity__lte=3)
                & models.Q(availability__gte=1, availability__lte=3),
                name="governance_asset_cia_1_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ChangeKind(models.TextChoices):
    NORMAL = "NORMAL", _("Normal")
    EMERGENCY = "EMERGENCY", _("Darurat")


class ChangeRequest(models.Model):
    """A change to the LPSE's services or infrastructure (standard 6, Pengelolaan Perubahan): normal or
    emergency, with its test and rollback plan; recorded → evaluated → approved → implemented → reviewed
    (``states.py``)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("judul perubahan"), max_length=200)
    kind = models.CharField(_("jenis perubahan"), max_length=10, choices=ChangeKind.choices)
    description = models.TextField(_("uraian perubahan"))
    reason = models.TextField(_("alasan"))
    asset = models.ForeignKey(Asset, null=True, blank=True, on_delete=models.PROTECT, related_name="changes")
    test_plan = models.TextField(_("rencana uji"))
    rollback_plan = models.TextField(_("rencana pemulihan (rollback)"))
    status = models.CharField(max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.RECORDED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    evaluation = models.TextField(_("hasil evaluasi"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    implementation_note = models.TextField(_("catatan pelaksanaan"), blank=True)
    implemented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    implemented_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("hasil tinjauan"), blank=True)
    successful = models.BooleanField(_("berhasil"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ResourceKind(models.TextChoices):
    SERVER = "SERVER", _("Server (CPU dan memori)")
    STORAGE = "STORAGE", _("Penyimpanan")
    NETWORK = "NETWORK", _("Jaringan (bandwidth)")
    PEOPLE = "PEOPLE", _("Personel")


class Condition(models.TextChoices):
    GOOD = "GOOD", _("Baik")
    FAIR = "FAIR", _("Cukup")
    POOR = "POOR", _("Kurang")


class CapacityRecord(models.Model):
    """One measurement of the capacity log (standard 7, Kapasitas): a resource's utilisation and condition on a
    day, the forecast for the next period and the follow-up."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    resource_kind = models.CharField(_("jenis sumber daya"), max_length=8, choices=ResourceKind.choices)
    resource = models.CharField(_("sumber daya"), max_length=200)
    asset = models.ForeignKey(Asset, null=True, blank=True, on_delete=models.PROTECT, related_name="capacity")
    measured_on = models.DateField(_("tanggal pengukuran"))
    utilisation_pct = models.DecimalField(_("utilisasi (%)"), max_digits=5, decimal_places=1)
    forecast_pct = models.DecimalField(_("prakiraan periode berikut (%)"), max_digits=5, decimal_places=1)
    condition = models.CharField(_("kondisi"), max_length=4, choices=Condition.choices)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "resource_kind", "resource", "-measured_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(utilisation_pct__gte=0, utilisation_pct__lte=100)
                & models.Q(forecast_pct__gte=0, forecast_pct__lte=100),
                name="governance_capacity_pct_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.measured_on}"
