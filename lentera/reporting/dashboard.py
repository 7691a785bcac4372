"""What the reporting app shows on the work dashboard: the monitoring page for the UKPBJ and the auditor, and the
reports waiting for the head's approval (or still in draft for the UKPBJ)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors
from .states import READERS, ReportState


def reporting_items(user, role: str) -> list[DashboardItem]:
    if role not in READERS:
        return []
    items = [
        DashboardItem(
            _("Monitoring pengadaan: RUP sampai pembayaran"),
            reverse("reporting:dashboard"),
            None,
            _("Realisasi, efisiensi dan persaingan per satuan kerja dan metode."),
        )
    ]
    reports = selectors.reports_listed(user=user, role=role)
    waiting_state = ReportState.REVIEWED if role == Role.KEPALA_UKPBJ else ReportState.DRAFT
    if role != Role.AUDITOR:
        waiting = [r for r in reports if r.state == waiting_state]
        items.append(
            DashboardItem(
                _("Laporan UKPBJ menunggu persetujuan")
                if role == Role.KEPALA_UKPBJ
                else _("Laporan UKPBJ masih draf"),
                reverse("reporting:reports"),
                len(waiting),
                _("Permendagri 53/2021 Pasal 26: laporan setiap semester dan tahun."),
            )
        )
    return items
