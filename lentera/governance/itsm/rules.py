"""The rules of the LPSE's ITSM registers (issue #17 part 5). Figures are dated rule data (Kebijakan Lentera until
LKPP's standard texts are loaded: the texts Lentera holds name the registers, not their scales)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lentera.core.dated import row_in_force
from lentera.core.roles import Role

from ..errors import GovernanceError
from .models import ChangeKind


@dataclass(frozen=True)
class AssetScale:
    levels: int  # confidentiality, integrity and availability are each rated 1..levels
    medium_from: int  # value (C + I + A) from which an asset is of medium value
    high_from: int  # ... and of high value
    starts: dt.date
    ends: dt.date | None
    citation: str


ASSET_SCALES: tuple[AssetScale, ...] = (
    AssetScale(
        3, 5, 7, dt.date(2021, 1, 1), None,
        "Kebijakan Lentera: C, I and A rated 1-3 (the LPSE standard's asset form) and summed; bands until LKPP's "
        "asset standard text is loaded",
    ),
)  # fmt: skip


def asset_value(*, confidentiality: int, integrity: int, availability: int, on: dt.date) -> tuple[int, str]:
    """An asset's value and band (LOW, MEDIUM, HIGH) from its confidentiality, integrity and availability, each
    rated on the scale in force (1-3). The LPSE keeps procurement information confidential, intact and available
    (Lampiran 2.4 huruf a): the asset register ranks what carries it.

    Cites: Permendagri 53/2021 Lampiran 2.4 huruf a;
           Kebijakan Lentera: value = C + I + A with dated bands (ASSET_SCALES); the 1-3 ratings are the LPSE
           standard's asset register (shared/REFERENCE.md), its article not confirmed.
    """
    scale = row_in_force(ASSET_SCALES, on)
    ratings = (confidentiality, integrity, availability)
    if not all(1 <= r <= scale.levels for r in ratings):
        raise GovernanceError(
            "ASSET_RATING_INVALID",
            _("Kerahasiaan, integritas dan ketersediaan dinilai 1 sampai %(max)s."),
            max=scale.levels,
        )
    value = sum(ratings)
    band = "HIGH" if value >= scale.high_from else "MEDIUM" if value >= scale.medium_from else "LOW"
    return value, band


def check_change_plan(*, kind: str, test_plan: str, rollback_plan: str) -> None:
    """A change request, normal or emergency, carries its test plan and its rollback plan, so that a change to
    the servers and network does not put the service's availability at risk.

    Cites: Permendagri 53/2021 Lampiran 2.5.4 (the Kasubag LPSE's mechanism for maintaining and securing the
    servers and network);
           Permendagri 53/2021 Lampiran 2.3 huruf b (the system administrator's reliability and availability);
    Kebijakan Lentera: both plans required for both kinds (the LPSE standard's change form, shared/REFERENCE.md).
    """
    if kind not in ChangeKind.values:
        raise GovernanceError("CHANGE_KIND_UNKNOWN", _("Jenis perubahan tidak dikenal."))
    if not test_plan.strip() or not rollback_plan.strip():
        raise GovernanceError(
            "CHANGE_PLAN_REQUIRED", _("Rencana uji dan rencana pemulihan (rollback) wajib diisi.")
        )


#: Who may approve or reject a change request: the head of the LPSE sub-unit, who coordinates and evaluates the
#: service's standards and makes the maintenance mechanism (Lampiran 2.3 huruf a, 2.5.4), and the head of UKPBJ.
APPROVER_ROLES = (Role.KASUBAG_LPSE, Role.KEPALA_UKPBJ)


def check_change_approver(*, is_approver: bool, approver_id: int, requester_id: int) -> None:
    """A change is approved or rejected by the Kasubag LPSE or the head of UKPBJ, and never by the person who
    asked for it.

    Cites: Permendagri 53/2021 Lampiran 2.3 huruf a (the Kasubag LPSE coordinates, monitors and evaluates);
           Permendagri 53/2021 Lampiran 2.5.4 (the Kasubag LPSE's maintenance mechanism);
           Kebijakan Lentera: separation of duties (requester ≠ approver).
    """
    if not is_approver:
        raise GovernanceError(
            "CHANGE_APPROVER_REQUIRED",
            _("Perubahan disetujui atau ditolak oleh Kepala Subbagian LPSE atau Kepala UKPBJ."),
            status=403,
        )
    if approver_id == requester_id:
        raise GovernanceError(
            "CHANGE_SELF_APPROVAL",
            _("Pengaju perubahan tidak dapat menyetujui atau menolak perubahannya sendiri."),
            status=409,
        )


@dataclass(frozen=True)
class CapacityThresholds:
    watch_from: Decimal  # utilisation or forecast (%) from which a resource is watched
    act_from: Decimal  # ... and from which it needs action (more capacity)
    starts: dt.date
    ends: dt.date | None
    citation: str


CAPACITY_THRESHOLDS: tuple[CapacityThresholds, ...] = (
    CapacityThresholds(
        Decimal("70"), Decimal("85"), dt.date(2021, 1, 1), None,
        "Kebijakan Lentera: watch from 70 %, act from 85 % until LKPP's capacity standard text is loaded",
    ),
)  # fmt: skip


def capacity_thresholds(on: dt.date) -> CapacityThresholds:
    """The capacity thresholds in force on ``on`` (dated rule data).

    Cites: Permendagri 53/2021 Lampiran 2.5.4;
           Kebijakan Lentera: watch from 70 %, act from 85 % until LKPP's capacity standard text is loaded.
    """
    return row_in_force(CAPACITY_THRESHOLDS, on)


def check_capacity_record(
    *, utilisation_pct: Decimal, forecast_pct: Decimal, measured_on: dt.date, today: dt.date, follow_up: str
) -> None:
    """A capacity measurement: utilisation and forecast are percentages (0-100), measured on a day that has come
    (the database clock); a resource that needs action carries its follow-up.

    Cites: Permendagri 53/2021 Lampiran 2.3 huruf b (angka 1 and 3: the system administrator manages the capacity
    of the service's assets);
           Permendagri 53/2021 Lampiran 2.5.4 (maintaining performance and capacity);
           Kebijakan Lentera: the follow-up required from the "act" threshold (capacity_status).
    """
    for value in (utilisation_pct, forecast_pct):
        if not (Decimal(0) <= value <= Decimal(100)):
            raise GovernanceError(
                "CAPACITY_PCT_INVALID", _("Utilisasi dan prakiraan diisi 0 sampai 100 persen.")
            )
    if measured_on > today:
        raise GovernanceError("CAPACITY_DATE_FUTURE", _("Tanggal pengukuran belum tiba."))
    status = capacity_status(utilisation_pct=utilisation_pct, forecast_pct=forecast_pct, on=measured_on)
    if status == "ACT" and not follow_up.strip():
        raise GovernanceError(
            "CAPACITY_FOLLOW_UP_REQUIRED",
            _("Utilisasi atau prakiraan melewati batas: tindak lanjut wajib diisi."),
        )


def capacity_status(*, utilisation_pct: Decimal, forecast_pct: Decimal, on: dt.date) -> str:
    """OK, WATCH or ACT for a measurement: the higher of its utilisation and forecast against the thresholds in
    force on its day.

    Cites: Permendagri 53/2021 Lampiran 2.5.4 (maintaining performance and capacity);
           Kebijakan Lentera: dated thresholds (CAPACITY_THRESHOLDS).
    """
    limits = capacity_thresholds(on)
    top = max(utilisation_pct, forecast_pct)
    return "ACT" if top >= limits.act_from else "WATCH" if top >= limits.watch_from else "OK"
