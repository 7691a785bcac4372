"""What the help desk asks of the desk next (the work dashboard): the queue for the officers; for the head of the
LPSE sub-unit, the Pasal 18 tickets still unanswered close to their tender's stage end."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors


def desk_items(user, role: str) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    if role in (Role.HELPDESK, Role.KASUBAG_LPSE):
        count, due = selectors.active_count_and_due()
        items.append(DashboardItem(_("Tiket helpdesk aktif"), reverse("servicedesk:queue"), count, "", due))
    if role == Role.KASUBAG_LPSE:
        alerts = selectors.pasal18_alerts()
        if alerts:
            items.append(
                DashboardItem(
                    _("Masalah teknis Pokja belum dijawab, tahapan tender segera berakhir"),
                    reverse("servicedesk:desk_detail", args=[alerts[0].pk]),
                    len(alerts),
                    _("Permendagri 53/2021 Pasal 18: selesaikan sebelum tahapan berakhir."),
                    alerts[0].stage_due_at,
                )
            )
    return items
