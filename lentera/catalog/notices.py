"""Notices of the catalogue's e-purchasing: what each kind says (rendered when shown, in the reader's language)
and where it points. Written by :mod:`.services.notices`; read by the pages and the API through the selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Notice

TEXTS: dict[str, Any] = {
    "negotiation.open": _("Negosiasi baru untuk pesanan %(number)s: usulan harga menunggu jawaban Anda."),
    "negotiation.counter": _("Tawaran balik pada negosiasi %(number)s menunggu jawaban Anda."),
    "negotiation.accept": _("Negosiasi %(number)s disepakati."),
    "negotiation.refuse": _("Penyedia menolak negosiasi %(number)s."),
    "negotiation.cancel": _("PPK mengakhiri negosiasi %(number)s."),
    "competition.invite": _(
        "Anda diundang ke mini-kompetisi %(number)s; kirim penawaran sebelum batas waktu."
    ),
    "competition.won": _(
        "Penawaran Anda memenangkan mini-kompetisi %(number)s; pesanan %(order)s diterbitkan."
    ),
    "competition.lost": _("Mini-kompetisi %(number)s telah ditetapkan; penawaran Anda tidak menang."),
    "competition.cancel": _("Mini-kompetisi %(number)s dibatalkan PPK."),
}


def text(notice: Notice) -> str:
    template = TEXTS.get(notice.kind)
    if template is None:
        return notice.kind
    try:
        return str(template) % notice.params
    except (KeyError, TypeError, ValueError):
        return str(template)


def link(notice: Notice, *, provider: bool) -> str:
    """Where the notice points for its reader: the order page, or the competition (PPK) / invitation (provider)."""
    if notice.order_id:
        return reverse("catalog:order", args=[notice.order_id])
    if notice.competition_id:
        if provider:
            quotation = notice.params.get("quotation")
            return (
                reverse("catalog:my_quotation", args=[quotation])
                if quotation
                else reverse("catalog:my_quotations")
            )
        return reverse("catalog:competition", args=[notice.competition_id])
    return reverse("catalog:notices")
