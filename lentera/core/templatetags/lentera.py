"""Formatting for Indonesian users: Rupiah, dates in Asia/Jakarta, role names."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from lentera.core.money import format_rupiah
from lentera.core.roles import Role

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1234567.5 -> 'Rp1.234.568' (rounded to the rupiah; Indonesian grouping)."""
    return format_rupiah(value)


@register.filter
def wib(value: dt.datetime | None, fmt: str = "j F Y H:i") -> str:
    """A stored UTC datetime shown in Asia/Jakarta with the WIB suffix."""
    if not value:
        return "–"
    local = (
        timezone.localtime(value, timezone.get_fixed_timezone(7 * 60)) if timezone.is_aware(value) else value
    )
    return f"{date_format(local, fmt)} WIB"


@register.filter
def role_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(Role(code).label)
    except ValueError:
        return code


@register.filter
def role_short(code: str | None) -> str:
    """PPK, KPA, Pokja, Kepala UKPBJ…: the role's short name (the abbreviation in its label, or a short form)."""
    from lentera.core.roles import SHORT_LABELS

    if not code:
        return ""
    if code in SHORT_LABELS:
        return str(SHORT_LABELS[code])
    label = role_label(code)
    if label.endswith(")") and "(" in label:
        return label.rsplit("(", 1)[1][:-1]
    return label


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%".replace(".", ",")


@register.simple_tag
def mail_goes_to_console() -> bool:
    """True when e-mail is printed on the server console instead of sent (the development default)."""
    from django.conf import settings

    return str(getattr(settings, "EMAIL_BACKEND", "")).endswith("console.EmailBackend")


@register.filter
def offer_source(reference: str | None) -> str:
    """Where an offer came from, as a sentence: the bid room's internal reference ("bidding:<uid>") is not
    something a Pokja member should have to read."""
    from django.utils.translation import gettext

    if not reference:
        return "–"
    if reference.startswith("bidding:"):
        return gettext("Penawaran elektronik dari ruang penawaran (dibuka pada pembukaan)")
    return reference
