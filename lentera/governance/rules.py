"""Rules of UKPBJ and LPSE governance, with their figures as dated rule data (issue #17).

A change (a new Perbup, a new LKPP policy) is a new row with the day it takes effect; a decree or a certificate is
judged by the row in force on the day that matters (the decree's signing, the appointment's start).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lentera.core.dated import RuleError as RuleError
from lentera.core.dated import row_in_force

from .enums import DecreeKind, Position
from .errors import GovernanceError

#: Perbup Penajam Paser Utara 2/2021 was promulgated in 2021; its Pasal 3 applies from then on.
PERBUP_PPU_2_2021_FROM = dt.date(2021, 1, 1)


# ------------------------------------------------------------------------------------ the LPSE team


@dataclass(frozen=True)
class LpseTeamShape:
    members_per_field: int  # at most, in each of the three fields
    single_posts: frozenset[str]  # positions held by one person only
    secretary_role: str  # the Lentera role the secretary holds with the post ("merangkap admin sistem")
    starts: dt.date
    ends: dt.date | None
    citation: str


LPSE_TEAM_SHAPES: tuple[LpseTeamShape, ...] = (
    LpseTeamShape(
        4,
        frozenset({Position.LPSE_CHAIR, Position.LPSE_SECRETARY}),
        "SYSADMIN",
        PERBUP_PPU_2_2021_FROM,
        None,
        "Perbup PPU 2/2021 Pasal 3 ayat (2) huruf a-c",
    ),
)


def lpse_team_shape(on: dt.date) -> LpseTeamShape:
    """The shape of the Tim Pengelolaan LPSE in force on ``on``.

    Cites: Perbup PPU 2/2021 Pasal 3 ayat (2) huruf a-c.
    """
    return row_in_force(LPSE_TEAM_SHAPES, on)


def check_lpse_team_post(
    *,
    decree_kind: str,
    position: str,
    lpse_field: str,
    role: str,
    held: Mapping[tuple[str, str], int],
    on: dt.date,
) -> None:
    """May one more person be appointed to ``position`` (in ``lpse_field``) by a decree that already appoints
    ``held[(position, field)]`` people? The LPSE team is set by a Keputusan Bupati (ayat (4)); it has one chair
    and one secretary who is also the system administrator (ayat (2) a-b), and three fields of at most 4 members
    each (ayat (2) c). The secretariat (ayat (3)) has no fixed size.

    Cites: Perbup PPU 2/2021 Pasal 3 ayat (2) huruf a-c;
           Perbup PPU 2/2021 Pasal 3 ayat (4).
    """
    if position == Position.STAFF:
        if lpse_field:
            raise GovernanceError(
                "FIELD_NOT_LPSE", _("Bidang hanya diisi untuk anggota Tim Pengelolaan LPSE.")
            )
        if not role:
            raise GovernanceError("ROLE_REQUIRED", _("Penugasan pegawai harus menyebut perannya di Lentera."))
        return
    if decree_kind != DecreeKind.LPSE_TEAM:
        raise GovernanceError(
            "LPSE_TEAM_NEEDS_BUPATI_DECREE",
            _("Tim Pengelolaan LPSE ditetapkan dengan Keputusan Bupati (%(rule)s)."),
            rule="Perbup PPU 2/2021 Pasal 3 ayat (4)",
        )
    shape = lpse_team_shape(on)
    if position == Position.LPSE_MEMBER:
        if not lpse_field:
            raise GovernanceError(
                "FIELD_REQUIRED", _("Anggota tim harus ditempatkan pada salah satu bidang.")
            )
        if held.get((position, lpse_field), 0) >= shape.members_per_field:
            raise GovernanceError(
                "LPSE_FIELD_FULL",
                _("Setiap bidang Tim Pengelolaan LPSE beranggotakan paling banyak %(max)s orang (%(rule)s)."),
                status=409,
                max=shape.members_per_field,
                rule=shape.citation,
            )
        return
    if lpse_field:
        raise GovernanceError(
            "FIELD_NOT_LPSE", _("Bidang hanya diisi untuk anggota bidang Tim Pengelolaan LPSE.")
        )
    if position in shape.single_posts and held.get((position, ""), 0) >= 1:
        raise GovernanceError(
            "LPSE_POST_TAKEN",
            _("Ketua dan sekretaris Tim Pengelolaan LPSE masing-masing dijabat satu orang (%(rule)s)."),
            status=409,
            rule=shape.citation,
        )
    if position == Position.LPSE_SECRETARY and role and role != shape.secretary_role:
        raise GovernanceError(
            "SECRETARY_IS_SYSADMIN",
            _("Sekretaris Tim Pengelolaan LPSE merangkap admin sistem (%(rule)s)."),
            rule=shape.citation,
        )


# ------------------------------------------------------------------------------------ competence


@dataclass(frozen=True)
class CertificateWarning:
    days_before: int  # an expiry this close (or past) is shown on the head of UKPBJ's dashboard
    starts: dt.date
    ends: dt.date | None
    citation: str


CERTIFICATE_WARNINGS: tuple[CertificateWarning, ...] = (
    CertificateWarning(
        90,
        PERBUP_PPU_2_2021_FROM,
        None,
        "Kebijakan Lentera: three months leave time to book a renewal with LKPP before the certificate lapses",
    ),
)


def certificate_warning_days(on: dt.date) -> int:
    """How many days before a certificate's expiry the head of UKPBJ is warned, so the UKPBJ can plan the
    renewal in its yearly competence plan.

    Cites: Permendagri 53/2021 Pasal 21;
           Kebijakan Lentera: a warning 90 days ahead (time to book an LKPP renewal before the lapse).
    """
    return row_in_force(CERTIFICATE_WARNINGS, on).days_before


def certificate_valid_on(*, issued_on: dt.date, expires_on: dt.date | None, on: dt.date) -> bool:
    """Is a procurement certificate in force on ``on`` (issued by then, not yet past its last valid day)?

    Cites: Permendagri 53/2021 Pasal 15 ayat (3);
           Permendagri 53/2021 Pasal 21.
    """
    return issued_on <= on and (expires_on is None or on <= expires_on)


def check_pokja_certificate(*, registered_to_member: bool, valid: bool, number: str) -> None:
    """A civil servant who is not a Pengelola PBJ joins a Pokja Pemilihan only with a procurement competence or
    level-1 certificate: when the number recorded for the membership is in the UKPBJ's register, it must be the
    member's own and in force on the day the Pokja role starts (planning's composition rule already requires the
    number to be recorded).

    Cites: Permendagri 53/2021 Pasal 15 ayat (3).
    """
    if not registered_to_member:
        raise GovernanceError(
            "POKJA_CERTIFICATE_OF_ANOTHER",
            _(
                "Sertifikat %(number)s terdaftar atas nama orang lain (Permendagri 53/2021 Pasal 15 ayat (3))."
            ),
            number=number,
        )
    if not valid:
        raise GovernanceError(
            "POKJA_CERTIFICATE_EXPIRED",
            _(
                "Sertifikat %(number)s tidak berlaku pada tanggal penugasan: anggota Pokja yang bukan Pengelola PBJ "
                "wajib memiliki sertifikat kompetensi / tingkat dasar PBJ yang berlaku (Permendagri 53/2021 "
                "Pasal 15 ayat (3))."
            ),
            number=number,
        )
