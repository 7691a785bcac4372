"""The roles a person can hold (Perbup PPU 2/2021 Pasal 1; Permendagri 53/2021 Pasal 9-16)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    PA = "PA", _("Pengguna Anggaran (PA)")
    KPA = "KPA", _("Kuasa Pengguna Anggaran (KPA)")
    PPK = "PPK", _("Pejabat Pembuat Komitmen (PPK)")
    POKJA = "POKJA", _("Anggota Pokja Pemilihan")
    PROCUREMENT_OFFICIAL = "PROCUREMENT_OFFICIAL", _("Pejabat Pengadaan")
    PENGELOLA_PBJ = "PENGELOLA_PBJ", _("Pengelola PBJ")
    KEPALA_UKPBJ = "KEPALA_UKPBJ", _("Kepala UKPBJ")
    ADMIN_UKPBJ = "ADMIN_UKPBJ", _("Admin UKPBJ")
    KASUBAG_LPSE = "KASUBAG_LPSE", _("Kepala Subbagian LPSE")
    SYSADMIN = "SYSADMIN", _("Administrator Sistem")
    VERIFIKATOR = "VERIFIKATOR", _("Verifikator")
    HELPDESK = "HELPDESK", _("Helpdesk")
    TRAINER = "TRAINER", _("Pelatih (Trainer)")
    AUDITOR = "AUDITOR", _("Auditor")
    PENYEDIA = "PENYEDIA", _("Penyedia")


#: Staff roles that can change a procurement's state or see sealed data: TOTP two-factor login is required
#: for anyone holding one of them (issue: "login that a ministry would accept"; Permendagri 53/2021 Lampiran 2.4).
TWO_FACTOR_ROLES: frozenset[str] = frozenset(
    {
        Role.PA,
        Role.KPA,
        Role.PPK,
        Role.POKJA,
        Role.PROCUREMENT_OFFICIAL,
        Role.PENGELOLA_PBJ,
        Role.KEPALA_UKPBJ,
        Role.ADMIN_UKPBJ,
        Role.KASUBAG_LPSE,
        Role.SYSADMIN,
        Role.VERIFIKATOR,
        Role.AUDITOR,
    }
)

#: Short names for tight places (the header's account menu); the full label stays in its title.
SHORT_LABELS: dict[str, object] = {
    Role.POKJA: pgettext_lazy("short role", "Pokja"),
    Role.PROCUREMENT_OFFICIAL: pgettext_lazy("short role", "Pejabat Pengadaan"),
    Role.PENGELOLA_PBJ: pgettext_lazy("short role", "Pengelola PBJ"),
    Role.KEPALA_UKPBJ: pgettext_lazy("short role", "Kepala UKPBJ"),
    Role.ADMIN_UKPBJ: pgettext_lazy("short role", "Admin UKPBJ"),
    Role.KASUBAG_LPSE: pgettext_lazy("short role", "Kasubag LPSE"),
    Role.SYSADMIN: pgettext_lazy("short role", "Admin sistem"),
    Role.TRAINER: pgettext_lazy("short role", "Pelatih"),
}

STAFF_ROLES: frozenset[str] = frozenset(r for r in Role.values if r != Role.PENYEDIA)

#: Roles of the LPSE's management (Permendagri 53/2021 Pasal 12: a Pengelola PBJ in a Pokja may not hold one).
LPSE_MANAGEMENT_ROLES: frozenset[str] = frozenset(
    {Role.KASUBAG_LPSE, Role.SYSADMIN, Role.VERIFIKATOR, Role.HELPDESK}
)

ALL_ROLES: tuple[str, ...] = tuple(Role.values)
