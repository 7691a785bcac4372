"""Decrees (SK) of the UKPBJ and the LPSE team, the appointments they make, and staff procurement certificates
(issue #17: MISSION F1, F21; Perbup PPU 2/2021 Pasal 3; Permendagri 53/2021 Pasal 15 and 21)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, WorkUnit
from lentera.core.roles import Role

from .enums import CertificateLevel, DecreeKind, LpseField, Position


class Decree(models.Model):
    """A Keputusan (SK) or surat tugas: number, date, scan, period of validity; it appoints people."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=16, choices=DecreeKind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    title = models.CharField(_("perihal"), max_length=300)
    signed_on = models.DateField(_("tanggal penetapan"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian SK"), upload_to="governance/decrees/%Y/")
    scan_type = models.CharField(max_length=40)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surat keputusan")
        verbose_name_plural = _("surat keputusan")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="governance_decree_number_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="governance_decree_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class Appointment(models.Model):
    """One person appointed by a decree: to a place in the LPSE team and/or to a role in Lentera."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="appointments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("kedudukan"), max_length=20, choices=Position.choices)
    lpse_field = models.CharField(_("bidang"), max_length=16, choices=LpseField.choices, blank=True)
    role = models.CharField(_("peran di Lentera"), max_length=24, choices=Role.choices, blank=True)
    work_unit = models.ForeignKey(WorkUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The role granted by this appointment (it ends with the decree)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penunjukan")
        verbose_name_plural = _("penunjukan")
        ordering = ["decree", "position", "lpse_field", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(position="LPSE_MEMBER") | ~models.Q(lpse_field=""),
                name="governance_member_has_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}"


class Certificate(models.Model):
    """A person's procurement certificate (PBJ): level, number, issue and expiry dates, scan."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("jenis sertifikat"), max_length=12, choices=CertificateLevel.choices)
    number = models.CharField(_("nomor sertifikat"), max_length=100, unique=True)
    issued_on = models.DateField(_("tanggal terbit"))
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian sertifikat"), upload_to="governance/certificates/%Y/", blank=True)
    scan_type = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat PBJ")
        verbose_name_plural = _("sertifikat PBJ")
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("issued_on")),
                name="governance_certificate_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_level_display()})"


# The other parts of governance keep their models in their own packages; importing them here registers them.
from .ethics import models as _ethics_models  # noqa: E402, F401
from .itsm import models as _itsm_models  # noqa: E402, F401
from .maturity import models as _maturity_models  # noqa: E402, F401
from .programme import models as _programme_models  # noqa: E402, F401
from .sops import models as _sop_models  # noqa: E402, F401
from .standards import models as _standard_models  # noqa: E402, F401
