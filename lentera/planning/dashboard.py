"""What planning asks of each role next (shown on the work dashboard)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import rules, selectors
from .models import Package, ProcurementOfficialRequest


def planning_items(user, role: str) -> list[DashboardItem]:
    try:
        return _items(user, role)
    except NoReverseMatch:  # pages not mounted (e.g. a stripped-down URLconf in another app's test)
        return []


def _items(user, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    packages_url = reverse("planning:package_list")
    if role == Role.PPK:
        mine = selectors.packages_visible_to(user=user, role=role).filter(ppk=user)
        drafts = mine.filter(status=Package.Status.DRAFT)
        items.append(
            DashboardItem(
                _("Paket masih draf"),
                f"{packages_url}?status=DRAFT",
                drafts.count(),
                _("Lengkapi lalu serahkan ke UKPBJ."),
            )
        )
        missing = drafts.filter(hps_total__isnull=True).exclude(method__in=rules.HPS_EXEMPT_METHODS)
        items.append(
            DashboardItem(
                _("Paket belum ber-HPS"),
                f"{packages_url}?status=DRAFT&hps=missing",
                missing.count(),
                _("Perpres 16/2018 Pasal 26"),
            )
        )
    elif role == Role.KEPALA_UKPBJ:
        waiting = (
            selectors.packages_visible_to(user=user, role=role)
            .filter(status=Package.Status.READY)
            .filter(Q(method__in=rules.POKJA_METHODS) | Q(method__in=rules.PROCUREMENT_OFFICIAL_METHODS))
        )
        items.append(
            DashboardItem(
                _("Paket siap tanpa Pokja / Pejabat Pengadaan"),
                f"{packages_url}?status=READY",
                waiting.count(),
            )
        )
        reports = selectors.selection_reports_visible_to(user=user, role=role).filter(
            acknowledged_at__isnull=True
        )
        items.append(
            DashboardItem(
                _("Laporan hasil pemilihan diterima"),
                reverse("planning:report_list"),
                reports.count(),
                _("Permendagri 53/2021 Pasal 17"),
            )
        )
        pending = selectors.official_requests_visible_to(user=user, role=role).filter(
            status=ProcurementOfficialRequest.Status.PENDING
        )
        items.append(
            DashboardItem(
                _("Permintaan Pejabat Pengadaan"), reverse("planning:official_request_list"), pending.count()
            )
        )
    elif role in (Role.KPA, Role.PA):
        pending = selectors.official_requests_visible_to(user=user, role=role).filter(
            status=ProcurementOfficialRequest.Status.PENDING
        )
        items.append(
            DashboardItem(
                _("Permintaan Pejabat Pengadaan"),
                reverse("planning:official_request_list"),
                pending.count(),
                _("Permendagri 53/2021 Pasal 16"),
            )
        )
        items.append(DashboardItem(_("RUP satuan kerja"), reverse("planning:rup_manage")))
    elif role in (Role.POKJA, Role.PROCUREMENT_OFFICIAL):
        assigned = selectors.packages_visible_to(user=user, role=role).filter(status=Package.Status.ASSIGNED)
        items.append(DashboardItem(_("Paket yang ditugaskan kepada Anda"), packages_url, assigned.count()))
    return items
