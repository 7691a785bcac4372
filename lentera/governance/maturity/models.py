"""The UKPBJ maturity model as versioned data, and each year's self-assessment with its roadmap (issue #17 part 2:
MISSION F20; Permendagri 53/2021 Pasal 24-25; the model of Peraturan LKPP 10/2021).

The model is never code: a version (its levels, domains, variables and per-level criteria) is loaded from a data
file (``data/*.json``, seeded by migration 0002; a corrected version by ``manage.py governance_maturity_load``). An
assessment keeps the version it was made on, so loading a new version never changes a past assessment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency


class MaturityModel(models.Model):
    """One version of the maturity model, as published by LKPP (or corrected by an admin)."""

    code = models.CharField(_("kode versi"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=300)
    source = models.TextField(_("sumber"))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("model kematangan UKPBJ")
        verbose_name_plural = _("model kematangan UKPBJ")
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return self.code


class MaturityLevel(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("tingkat"))
    name = models.CharField(_("nama"), max_length=60)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["model", "rank"]
        constraints = [models.UniqueConstraint(fields=["model", "rank"], name="governance_level_rank_unique")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class MaturityDomain(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["model", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="governance_domain_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MaturityVariable(models.Model):
    domain = models.ForeignKey(MaturityDomain, on_delete=models.CASCADE, related_name="variables")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    #: the key of an indicator Lentera computes from its own data (maturity/indicators.py), or blank
    indicator = models.CharField(_("indikator Lentera"), max_length=40, blank=True)
    #: True while the text is Lentera's placeholder awaiting the official annex
    placeholder = models.BooleanField(default=False)

    class Meta:
        ordering = ["domain__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="governance_variable_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MaturityCriterion(models.Model):
    """What a variable looks like at one level: description, key drivers, the evidence expected."""

    variable = models.ForeignKey(MaturityVariable, on_delete=models.CASCADE, related_name="criteria")
    rank = models.PositiveSmallIntegerField(_("tingkat"))
    description = models.TextField(_("uraian"), blank=True)
    key_drivers = models.TextField(_("faktor pendorong utama"), blank=True)
    evidence = models.TextField(_("bukti yang diharapkan"), blank=True)

    class Meta:
        ordering = ["variable", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["variable", "rank"], name="governance_criterion_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variable_id}: {self.rank}"


class Assessment(models.Model):
    """An agency's self-assessment for one year (Permendagri 53/2021 Pasal 24 ayat (1)-(2))."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Sedang diisi")
        SUBMITTED = "SUBMITTED", _("Disampaikan (dibekukan)")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    model = models.ForeignKey(MaturityModel, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian mandiri kematangan UKPBJ")
        verbose_name_plural = _("penilaian mandiri kematangan UKPBJ")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="governance_assessment_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def frozen(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """The level the UKPBJ gives itself on one variable, why, and the evidence."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    variable = models.ForeignKey(MaturityVariable, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("tingkat"))
    justification = models.TextField(_("alasan"))
    evidence_file = models.FileField(_("dokumen bukti"), upload_to="governance/maturity/%Y/", blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    evidence_link = models.CharField(_("tautan data di Lentera"), max_length=300, blank=True)
    #: the figure Lentera computed for the variable's indicator when the answer was saved (kept with it)
    computed = models.TextField(_("angka dari Lentera"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "variable__domain__order", "variable__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "variable"], name="governance_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variable_id}: {self.level}"


class RoadmapTarget(models.Model):
    """The level the UKPBJ aims at on a variable by a year (the peta jalan of Pasal 24 ayat (1))."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    variable = models.ForeignKey(MaturityVariable, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    level = models.PositiveSmallIntegerField(_("tingkat sasaran"))

    class Meta:
        ordering = ["assessment", "variable__domain__order", "variable__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "variable", "year"], name="governance_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.variable_id} {self.year}: {self.level}"


class RoadmapAction(models.Model):
    """An action of the roadmap: what, who, by when, and whether it is done."""

    class Status(models.TextChoices):
        PLANNED = "PLANNED", _("Direncanakan")
        DONE = "DONE", _("Selesai")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    variable = models.ForeignKey(MaturityVariable, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("tindakan"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
