"""What contracts shows on lower apps' pages through ``core.panels`` (registered in apps.py): the provider's
performance rating history (Peraturan LKPP 4/2021), to staff only, on the staff view of a provider (link to the
history page) and beside each offer in the Pokja's evaluation (the average, flagged under the rule data's line)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext as _

from lentera.core.panels import Panel

from . import selectors


def _panel(provider_id: int, role: str | None) -> Panel | None:
    if role not in selectors.RATING_READERS:
        return None
    summary = selectors.provider_rating_summary(provider_id)
    if summary["count"]:
        text = _("rata-rata %(avg)s dari %(n)s kontrak") % {
            "avg": localize(summary["average"]),
            "n": summary["count"],
        }
        if summary["flagged"]:
            text += " · " + _("di bawah batas %(line)s") % {"line": localize(summary["flag_below"])}
    else:
        text = _("belum ada penilaian")
    return Panel(
        _("Riwayat kinerja penyedia"),
        text,
        reverse("contracts:provider_ratings", args=[provider_id]),
        warn=bool(summary["flagged"]),
    )


def provider_staff(*, provider: Any, role: str | None) -> Panel | None:
    return _panel(provider.pk, role)


def tendering_offer(*, provider_id: int, role: str | None) -> Panel | None:
    return _panel(provider_id, role)
