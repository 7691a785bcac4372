"""Indicators Lentera computes from its own data for a maturity variable (the variable names its indicator in the
model data). Each answer shows the figure and how it was obtained, with a link to the register it comes from; the
UKPBJ still chooses the level (the model's criteria are descriptive, not thresholds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.accounts.models import Agency, RoleAssignment
from lentera.core.roles import Role

from .. import rules as governance_rules
from ..enums import DecreeKind
from ..models import Certificate, Decree

#: The roles whose holders do procurement work in the UKPBJ (the denominator of the certified share).
PROCUREMENT_ROLES = (
    Role.KEPALA_UKPBJ,
    Role.ADMIN_UKPBJ,
    Role.POKJA,
    Role.PENGELOLA_PBJ,
    Role.PROCUREMENT_OFFICIAL,
)


@dataclass(frozen=True)
class Indicator:
    key: str
    value: str  # the figure, as shown
    how: str  # how Lentera computed it
    link: str  # the page holding the data

    def as_text(self) -> str:
        return f"{self.value} — {self.how}"


def certified_staff_share(agency: Agency, on: dt.date) -> Indicator:
    staff = set(
        RoleAssignment.objects.active(on)
        .filter(agency=agency, role__in=PROCUREMENT_ROLES)
        .values_list("user_id", flat=True)
    )
    certified = {
        c.person_id
        for c in Certificate.objects.filter(agency=agency, person_id__in=staff)
        if governance_rules.certificate_valid_on(issued_on=c.issued_on, expires_on=c.expires_on, on=on)
    }
    share = round(100 * len(certified) / len(staff)) if staff else 0
    return Indicator(
        "certified_staff_share",
        f"{len(certified)}/{len(staff)} ({share}%)",
        _(
            "pegawai berperan Kepala/Admin UKPBJ, Pokja, Pengelola PBJ atau Pejabat Pengadaan pada %(day)s yang "
            "memegang sertifikat PBJ berlaku di register sertifikat"
        )
        % {"day": on.isoformat()},
        reverse("governance:certificate_list"),
    )


def lpse_team_decree(agency: Agency, on: dt.date) -> Indicator:
    decrees = [
        d for d in Decree.objects.filter(agency=agency, kind=DecreeKind.LPSE_TEAM) if d.in_force_on(on)
    ]
    value = ", ".join(d.number for d in decrees) if decrees else _("tidak ada")
    return Indicator(
        "lpse_team_decree",
        value,
        _("Keputusan Bupati Tim Pengelolaan LPSE yang berlaku pada %(day)s di register SK")
        % {"day": on.isoformat()},
        reverse("governance:decree_list"),
    )


def sop_published(agency: Agency, on: dt.date) -> Indicator:
    from ..sops.selectors import published_count

    count = published_count(agency.pk)
    return Indicator(
        "sop_published",
        str(count),
        _("SOP yang diterbitkan dan berlaku di register SOP (Lampiran 2.5 a-f dan SOP lain)"),
        reverse("governance:sop_list"),
    )


def lpse_standards_compliant(agency: Agency, on: dt.date) -> Indicator:
    from ..standards.selectors import compliant_count, standards

    return Indicator(
        "lpse_standards_compliant",
        f"{compliant_count(agency.pk)}/{len(standards())}",
        _("standar LPSE berstatus memenuhi di register 17 standar LPSE"),
        reverse("governance:standard_register") + f"?instansi={agency.pk}",
    )


COMPUTERS: dict[str, Callable[[Agency, dt.date], Indicator]] = {
    "certified_staff_share": certified_staff_share,
    "lpse_team_decree": lpse_team_decree,
    "sop_published": sop_published,
    "lpse_standards_compliant": lpse_standards_compliant,
}


def compute(key: str, agency: Agency, on: dt.date) -> Indicator | None:
    """The indicator ``key`` for ``agency`` on ``on``; None when Lentera has no computer for that key."""
    computer = COMPUTERS.get(key)
    return computer(agency, on) if computer else None
