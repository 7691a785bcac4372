"""The UKPBJ's code of ethics, the staff's integrity pacts and the ethics cases (issue #17 part 4; Permendagri
53/2021 Pasal 22): a versioned code per agency, one signed pact per staff member and version, and confidential
cases (reported, examined by the majelis pertimbangan kode etik, decided or dismissed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency

from .states import Status


class EthicsCode(models.Model):
    """A version of the code of ethics (obligations and prohibitions for the UKPBJ's civil servants, Pasal 22
    ayat (1)); the latest version whose effective date has come is in force."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi kode etik"))
    effective_on = models.DateField(_("berlaku mulai"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kode etik")
        verbose_name_plural = _("kode etik")
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "version"], name="governance_ethics_code_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class IntegrityPact(models.Model):
    """A staff member's signed integrity pact for one version of the code."""

    code = models.ForeignKey(EthicsCode, on_delete=models.PROTECT, related_name="pacts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["code", "signed_at"]
        constraints = [models.UniqueConstraint(fields=["code", "person"], name="governance_pact_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.code_id}"


class EthicsCase(models.Model):
    """A reported breach of the code. Confidential: read only by the head of UKPBJ of the agency and the
    auditor, each read of the case audited."""

    class Decision(models.TextChoices):
        VIOLATION = "VIOLATION", _("Terbukti melanggar")
        NO_VIOLATION = "NO_VIOLATION", _("Tidak terbukti")

    class Channel(models.TextChoices):
        STAFF = "STAFF", _("Pegawai (dengan akun)")
        PUBLIC = "PUBLIC", _("Masyarakat (tanpa nama)")

    class AppealOutcome(models.TextChoices):
        UPHELD = "UPHELD", _("Putusan dikuatkan")
        AMENDED = "AMENDED", _("Sanksi diubah")
        OVERTURNED = "OVERTURNED", _("Putusan dibatalkan")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("saluran"), max_length=8, choices=Channel.choices, default=Channel.STAFF)
    reporter_contact = models.CharField(_("kontak pelapor (tidak wajib)"), max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("terlapor"),
        null=True, blank=True,
    )  # fmt: skip
    subject_name = models.CharField(_("nama dan jabatan terlapor"), max_length=200, blank=True)
    allegation = models.TextField(_("uraian dugaan pelanggaran"))
    reported_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    screening_note = models.TextField(_("catatan penelaahan"), blank=True)
    decision = models.CharField(_("putusan"), max_length=12, choices=Decision.choices, blank=True)
    reasoning = models.TextField(_("pertimbangan"), blank=True)
    sanction = models.TextField(_("sanksi"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    appeal_grounds = models.TextField(_("alasan banding"), blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_outcome = models.CharField(
        _("putusan banding"), max_length=12, choices=AppealOutcome.choices, blank=True
    )
    appeal_reasoning = models.TextField(_("pertimbangan banding"), blank=True)
    appeal_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"KE-{self.pk}"

    @property
    def subject_label(self) -> str:
        return self.subject.full_name if self.subject_id and self.subject else self.subject_name


class MajelisMember(models.Model):
    """A member of the majelis pertimbangan kode etik examining a case (Pasal 22 ayat (4)-(6))."""

    class Unit(models.TextChoices):
        INSPECTORATE = "INSPECTORATE", _("Unsur inspektorat")
        PERSONNEL = "PERSONNEL", _("Unsur kepegawaian")
        LEGAL = "LEGAL", _("Unsur hukum")

    case = models.ForeignKey(EthicsCase, on_delete=models.CASCADE, related_name="majelis")
    name = models.CharField(_("nama"), max_length=200)
    unit = models.CharField(_("unsur"), max_length=12, choices=Unit.choices)
    is_chair = models.BooleanField(_("ketua"), default=False)

    class Meta:
        ordering = ["case", "-is_chair", "pk"]

    def __str__(self) -> str:
        return self.name


class Hearing(models.Model):
    """The record of a hearing of the majelis on a case under examination (Pasal 22 ayat (3): the majelis
    examines and settles the breach): the day, who attended, the minutes."""

    case = models.ForeignKey(EthicsCase, on_delete=models.PROTECT, related_name="hearings")
    held_on = models.DateField(_("tanggal sidang"))
    attendees = models.TextField(_("yang hadir"))
    minutes = models.TextField(_("risalah sidang"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
