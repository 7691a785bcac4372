"""Organisations, people, their roles and their API tokens (MISSION F1; Perbup PPU 2/2021 Pasal 1 (12-13))."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role

from .validators import validate_nip


class Agency(models.Model):
    """Instansi: a ministry, a province or a regency/city government."""

    class Kind(models.TextChoices):
        MINISTRY = "MINISTRY", _("Kementerian/Lembaga")
        PROVINCE = "PROVINCE", _("Pemerintah Provinsi")
        REGENCY = "REGENCY", _("Pemerintah Kabupaten")
        CITY = "CITY", _("Pemerintah Kota")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    apbd_agreed_years = models.JSONField(
        _("tahun APBD disepakati"),
        default=list,
        blank=True,
        help_text=_("Fiscal years whose APBD/APBN is agreed (RUP items are announced only then)."),
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkUnit(models.Model):
    """Satuan kerja; the UKPBJ is a work unit of kind UKPBJ, its LPSE a sub-unit of kind LPSE."""

    class Kind(models.TextChoices):
        SATKER = "SATKER", _("Satuan Kerja")
        UKPBJ = "UKPBJ", _("UKPBJ")
        LPSE = "LPSE", _("LPSE (subbagian UKPBJ)")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="work_units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.SATKER)

    class Meta:
        verbose_name = _("satuan kerja")
        verbose_name_plural = _("satuan kerja")
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="workunit_code_unique_in_agency")
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(user_id__iexact=username)

    def create_user(self, user_id: str, email: str, password: str | None = None, **extra) -> User:
        user = self.model(user_id=user_id, email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, user_id: str, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("full_name", user_id)
        return self.create_user(user_id, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with one User ID (unique, case-insensitive)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu verifikasi")
        ACTIVE = "ACTIVE", _("Aktif")
        DEACTIVATED = "DEACTIVATED", _("Dinonaktifkan")

    user_id = models.CharField(_("User ID"), max_length=64, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[validate_nip])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField(_("alasan status"), blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("May open the Django admin (superusers only)."))
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=5, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "user_id"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(Lower("user_id"), name="user_id_unique_ci"),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.user_id})"

    @property
    def can_log_in(self) -> bool:
        return self.is_active and self.status == self.Status.ACTIVE

    def active_assignments(self, on: dt.date | None = None) -> models.QuerySet[RoleAssignment]:
        return RoleAssignment.objects.active(on).filter(user=self)

    def active_role_codes(self, on: dt.date | None = None) -> list[str]:
        cache_key = "_active_role_codes"
        if on is None and hasattr(self, cache_key):
            return getattr(self, cache_key)
        codes = sorted(set(self.active_assignments(on).values_list("role", flat=True)))
        if on is None:
            setattr(self, cache_key, codes)
        return codes

    def has_role(self, role: str) -> bool:
        return role in self.active_role_codes()


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day, revoked_at__isnull=True).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        )


class RoleAssignment(models.Model):
    """A role held inside an organisation for a period, by decree (SK / surat tugas)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    work_unit = models.ForeignKey(WorkUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK / surat tugas"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_file = models.FileField(_("berkas SK"), upload_to="decrees/%Y/", blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        ordering = ["user", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_period_valid",
            )
        ]

    def __str__(self) -> str:
        where = self.work_unit or self.agency or ""
        return f"{self.get_role_display()} {where}".strip()

    def is_active_on(self, day: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.starts_on <= day
            and (self.ends_on is None or self.ends_on >= day)
        )


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once, at creation.

    Minted only from a browser session that passed the second factor (services.tokens.token_create).
    """

    class Scope(models.TextChoices):
        READ = "read", _("Baca saja (hanya operasi GET)")
        ACT = "act", _("Baca dan bertindak (semua yang diizinkan peran Anda)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    scope = models.CharField(_("cakupan"), max_length=4, choices=Scope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(scope__in=["read", "act"]), name="apitoken_scope_valid")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
