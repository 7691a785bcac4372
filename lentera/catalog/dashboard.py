"""What the catalogue asks of each role next (the work dashboard): the UKPBJ's applications and curation queue,
the provider's unanswered orders, the PPK's orders still waiting for the provider and those accepted that wait
for the Surat Pesanan."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import purchases, selectors
from .states import OrderStatus, RoundSide


def catalog_items(user, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    if role in (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ):
        waiting = selectors.admission_queue().count()
        if waiting:
            items.append(
                DashboardItem(
                    _("Permohonan etalase menunggu evaluasi"), reverse("catalog:admissions"), waiting
                )
            )
        curation = selectors.curation_queue().count()
        if curation:
            items.append(
                DashboardItem(_("Produk katalog menunggu kurasi"), reverse("catalog:curation"), curation)
            )
    elif role == Role.PENYEDIA:
        orders = selectors.provider_orders(user).filter(status=OrderStatus.ORDERED).count()
        if orders:
            items.append(
                DashboardItem(
                    _("Pesanan katalog menunggu jawaban Anda"), reverse("catalog:provider_orders"), orders
                )
            )
        nego = purchases.negotiations_awaiting(
            selectors.provider_orders(user), answered_by=RoundSide.PROVIDER
        )
        if nego:
            items.append(
                DashboardItem(
                    _("Negosiasi katalog menunggu jawaban Anda"), reverse("catalog:provider_orders"), nego
                )
            )
    elif role == Role.PPK:
        nego = purchases.negotiations_awaiting(selectors.ppk_orders(user), answered_by=RoundSide.PPK)
        if nego:
            items.append(
                DashboardItem(
                    _("Negosiasi katalog menunggu jawaban Anda"), reverse("catalog:ppk_orders"), nego
                )
            )
        orders = selectors.ppk_orders(user).filter(status=OrderStatus.ORDERED).count()
        if orders:
            items.append(
                DashboardItem(
                    _("Pesanan katalog menunggu jawaban penyedia"), reverse("catalog:ppk_orders"), orders
                )
            )
        accepted = selectors.ppk_orders(user).filter(status=OrderStatus.ACCEPTED).count()
        if accepted:
            items.append(
                DashboardItem(
                    _("Pesanan katalog diterima: terbitkan Surat Pesanan"),
                    reverse("catalog:ppk_orders"),
                    accepted,
                )
            )
    return items
