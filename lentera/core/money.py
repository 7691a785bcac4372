"""Money is Rupiah, kept as Decimal with 2 places; shown rounded with Indonesian grouping."""

from __future__ import annotations

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
