"""What the accounts app asks of each role next (shown on the work dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors
from .models import User

ADMIN_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)


def accounts_items(user: User, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    if role in ADMIN_ROLES:
        people = reverse("accounts:people")
        pending = selectors.people_visible_to(user=user, status=User.Status.PENDING).count()
        items.append(
            DashboardItem(
                _("Akun pegawai menunggu aktivasi"),
                f"{people}?status={User.Status.PENDING}",
                pending,
                _("Periksa SK / surat tugas, lalu aktifkan."),
            )
        )
        ending = selectors.assignments_ending_soon(user=user, days=30).count()
        items.append(
            DashboardItem(
                _("Penugasan peran berakhir dalam 30 hari"),
                f"{people}?berakhir=30",
                ending,
                _("Perpanjang dengan SK baru atau biarkan berakhir."),
            )
        )
    if not user_has_device(user, confirmed=True):
        items.append(
            DashboardItem(
                _("Aktifkan verifikasi dua langkah"),
                reverse("accounts:otp"),
                hint=_("Lindungi akun Anda dengan aplikasi autentikator (TOTP)."),
            )
        )
    tokens = selectors.tokens_of(user=user).filter(revoked_at__isnull=True).count()
    items.append(
        DashboardItem(
            _("Token API pribadi"),
            reverse("accounts:account"),
            tokens,
            _("Untuk integrasi lewat API; cabut yang tidak dipakai."),
        )
    )
    return items
