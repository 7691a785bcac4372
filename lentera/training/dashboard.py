"""What the training service asks next (the work dashboard): a trainer's sessions of today and the coming week
(attendance is taken on the day); the front desk's and verifier's bookings of today; a provider's or staff
member's own upcoming sessions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors


def training_items(user, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    if role in (Role.TRAINER, Role.KASUBAG_LPSE):
        soon = selectors.sessions_soon(user=user, role=role, days=7)
        items.append(
            DashboardItem(
                _("Sesi pelatihan 7 hari ke depan"),
                reverse("training:manage_session", args=[soon[0].pk]) if soon else reverse("training:manage"),
                len(soon),
                _("Presensi dicatat pada hari sesi."),
                soon[0].starts_at if soon else None,
            )
        )
    if role in (Role.HELPDESK, Role.KASUBAG_LPSE, Role.VERIFIKATOR):
        items.append(
            DashboardItem(
                _("Pemesanan ruang layanan hari ini"),
                reverse("training:schedule"),
                selectors.bookings_today_count(),
            )
        )
    if role == Role.PENYEDIA:
        items.append(
            DashboardItem(_("Pesan ruang pemasukan penawaran atau verifikasi"), reverse("training:bookings"))
        )
    if user.is_authenticated:
        upcoming = selectors.own_upcoming(user)
        if upcoming:
            items.append(
                DashboardItem(
                    _("Pelatihan yang Anda ikuti"),
                    reverse("training:mine"),
                    len(upcoming),
                    "",
                    upcoming[0].session.starts_at,
                )
            )
    return items
