"""What the sealed bidding room asks of each role next (shown on the work dashboard)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from lentera.core.clock import db_now
from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import integration
from .models import BidSubmission, KeyShare, MemberOpeningKey, OpeningProblem


def bidding_items(user, role: str) -> list[DashboardItem]:
    try:
        return _items(user, role)
    except NoReverseMatch:  # pages not mounted in a stripped-down URLconf
        return []


def _items(user, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    if role in (Role.POKJA, Role.KASUBAG_LPSE, Role.PENGELOLA_PBJ):
        if not MemberOpeningKey.objects.filter(user_id=user.pk).exists():
            items.append(
                DashboardItem(
                    _("Atur kata sandi pembukaan"),
                    reverse("bidding:opening_key"),
                    None,
                    _("Diperlukan sebelum tender Pokja Anda dapat diumumkan."),
                )
            )
    if role in (Role.POKJA, Role.KASUBAG_LPSE):
        now = db_now()
        waiting: dict[int, Any] = {}
        deadline = None
        for share in KeyShare.objects.filter(
            holder_id=user.pk, envelope__opened_at__isnull=True
        ).select_related("envelope__tender")[:50]:
            tender = share.envelope.tender
            stage = integration.current_stage(tender, now)
            if stage in ("OPENING", "PRICE_OPENING"):
                waiting[tender.pk] = tender
                window = integration.schedule_window(tender, stage)
                if window and (deadline is None or window[1] < deadline):
                    deadline = window[1]
        if waiting:
            items.append(
                DashboardItem(
                    _("Pembukaan penawaran menunggu kata sandi Anda"),
                    reverse("bidding:opening_index"),
                    len(waiting),
                    ", ".join(t.code for t in list(waiting.values())[:5])
                    + " · "
                    + _("Permendagri 53/2021 Lampiran 2.5.2"),
                    deadline=deadline,
                )
            )
    if role == Role.KASUBAG_LPSE:
        count = OpeningProblem.objects.filter(status=OpeningProblem.Status.DRAFT).count()
        if count:
            items.append(
                DashboardItem(
                    _("Berkas penawaran tidak dapat dibuka: konfirmasi sebagai saksi"),
                    reverse("bidding:opening_index"),
                    count,
                    _("Permendagri 53/2021 Lampiran 2.5.3"),
                )
            )
    if role == Role.PENYEDIA:
        provider = integration.provider_of(user)
        if provider is not None:
            accepted = BidSubmission.objects.filter(
                provider=provider, status=BidSubmission.Status.ACCEPTED
            ).count()
            items.append(
                DashboardItem(
                    _("Penawaran saya"),
                    reverse("bidding:index"),
                    accepted,
                    _("Penawaran tersegel yang berlaku."),
                )
            )
    return items
