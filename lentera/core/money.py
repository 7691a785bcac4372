"""Money is Rupiah, kept as Decimal with 2 places; shown rounded with Indonesian grouping."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

MAX_DIGITS = 18
DECIMAL_PLACES = 2


def MoneyField(verbose_name=None, **kwargs) -> models.DecimalField:  # noqa: N802 - a field factory
    kwargs.setdefault("max_digits", MAX_DIGITS)
    kwargs.setdefault("decimal_places", DECIMAL_PLACES)
    return models.DecimalField(verbose_name, **kwargs)


def to_money(value) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount of money: {value!r}") from exc


def format_rupiah(value, *, cents: bool = False) -> str:
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if cents:
        whole, frac = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}".split(".")
    else:
        whole, frac = f"{amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):f}", ""
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}Rp{grouped}" + (f",{frac}" if frac else "")


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_rupiah(text: object) -> Decimal | None:
    """An amount as people type it: "Rp1.250.000", "1.250.000,50", "1250000" or "1250000.5"; None if it is not
    one. Dots group thousands in Indonesian; a comma starts the decimals."""
    raw = re.sub(r"(?i)^rp\.?", "", str(text or "").strip()).replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif _GROUPED.match(raw):
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
