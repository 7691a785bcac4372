"""The catalogue's rules, one function each with its article, and their dated rule data (issue #15).

The Perpres text is not in the project's seeds: articles are cited as the issue and docs/regulations.md give them;
Peraturan LKPP 9/2021 (katalog elektronik) is cited without an article where the seeds do not confirm one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import CatalogError

PERPRES_12_2021_IN_FORCE = dt.date(2021, 2, 2)


@dataclass(frozen=True)
class DirectOrderLimit:
    """A direct order (no negotiation, no mini-competition) may be placed up to ``max_value`` per order."""

    max_value: Decimal
    starts: dt.date
    ends: dt.date | None
    citation: str

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)


#: Dated rule data. e-Katalog v6 lets a Pejabat Pengadaan buy up to Rp200 juta and leaves larger purchases to the
#: PPK with negotiation; Lentera applies the same figure to a direct order at the listed price.
DIRECT_ORDER_LIMITS: tuple[DirectOrderLimit, ...] = (
    DirectOrderLimit(
        Decimal("200000000"),
        PERPRES_12_2021_IN_FORCE,
        None,
        "Peraturan LKPP 9/2021 (e-purchasing katalog; pasal belum dikonfirmasi)",
    ),
)

#: TKDN is a percentage of local content (0-100).
TKDN_RANGE = (Decimal("0"), Decimal("100"))
#: The longest admission period the UKPBJ may give at once (days).
ADMISSION_MAX_DAYS = 3 * 366


def attribute_values_clean(attributes: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The product's attribute values checked against its category: every required attribute stated, a number
    is a number (stored as text with the category's unit shown beside it), a choice is one of the category's
    choices, no attribute the category does not define.

    Cites: Peraturan LKPP 9/2021 (informasi produk sesuai etalase);
           Perpres 16/2018 Pasal 38 ayat (2) (barang yang tercantum dalam katalog elektronik).
    """
    by_code = {a.code: a for a in attributes}
    unknown = sorted(set(values) - set(by_code))
    if unknown:
        raise CatalogError(
            "ATTRIBUTE_UNKNOWN", _("Atribut %(codes)s tidak ada di etalase ini."), codes=", ".join(unknown)
        )
    clean: dict[str, Any] = {}
    for code, attribute in by_code.items():
        raw = values.get(code)
        text = "" if raw is None else str(raw).strip()
        if not text:
            if attribute.required:
                raise CatalogError(
                    "ATTRIBUTE_REQUIRED", _("Atribut “%(label)s” wajib diisi."), label=attribute.label
                )
            continue
        if attribute.kind == "NUMBER":
            try:
                number = Decimal(text.replace(",", "."))
            except InvalidOperation:
                raise CatalogError(
                    "ATTRIBUTE_NOT_A_NUMBER", _("Atribut “%(label)s” harus angka."), label=attribute.label
                ) from None
            if not number.is_finite():
                raise CatalogError(
                    "ATTRIBUTE_NOT_A_NUMBER", _("Atribut “%(label)s” harus angka."), label=attribute.label
                )
            clean[code] = str(number.normalize()) if number != number.to_integral() else str(int(number))
        elif attribute.kind == "CHOICE":
            if text not in attribute.choices:
                raise CatalogError(
                    "ATTRIBUTE_NOT_A_CHOICE",
                    _("Atribut “%(label)s” harus salah satu dari: %(choices)s."),
                    label=attribute.label,
                    choices=", ".join(attribute.choices),
                )
            clean[code] = text
        else:
            clean[code] = text[:300]
    return clean


def tkdn_valid(value: Any) -> Decimal:
    """TKDN (tingkat komponen dalam negeri) is a percentage between 0 and 100, shown on every product so buyers
    can prefer domestic products.

    Cites: Perpres 16/2018 Pasal 66 (penggunaan produk dalam negeri; diubah Perpres 12/2021);
           Peraturan LKPP 9/2021 (TKDN pada informasi produk).
    """
    try:
        tkdn = Decimal(str(value))
    except (InvalidOperation, ValueError):
        tkdn = Decimal("-1")
    low, high = TKDN_RANGE
    if not tkdn.is_finite() or tkdn < low or tkdn > high:
        raise CatalogError("TKDN_OUT_OF_RANGE", _("TKDN harus antara 0 dan 100 persen."))
    return tkdn.quantize(Decimal("0.01"))


def price_period_valid(*, price: Any, valid_from: dt.date, valid_until: dt.date, today: dt.date) -> Decimal:
    """A proposed price is more than zero and has a validity period that has not ended (a price with no end is
    not a catalogue price: the provider states until when it holds it).

    Cites: Peraturan LKPP 9/2021 (masa berlaku harga produk katalog).
    """
    try:
        amount = Decimal(str(price))
    except (InvalidOperation, ValueError):
        amount = Decimal("0")
    if not amount.is_finite() or amount <= 0:
        raise CatalogError("PRICE_INVALID", _("Harga satuan harus lebih dari nol."))
    if valid_until < valid_from or valid_until < today:
        raise CatalogError(
            "PRICE_PERIOD_INVALID", _("Masa berlaku harga harus berakhir setelah mulainya dan belum lewat.")
        )
    return amount.quantize(Decimal("0.01"))


def price_in_force(*, valid_from: dt.date | None, valid_until: dt.date | None, day: dt.date) -> bool:
    """The listed price may be used on ``day`` only inside its validity period (checked at the database clock
    when an order is placed).

    Cites: Perpres 16/2018 Pasal 50 ayat (5) (diubah Perpres 12/2021: e-purchasing atas katalog elektronik);
           Peraturan LKPP 9/2021 (masa berlaku harga produk katalog).
    """
    return valid_from is not None and valid_until is not None and valid_from <= day <= valid_until


def admission_period_valid(*, valid_from: dt.date, valid_until: dt.date, today: dt.date) -> None:
    """The UKPBJ admits a provider for a stated period: it ends after it starts, not in the past, at most
    ``ADMISSION_MAX_DAYS`` long.

    Cites: Peraturan LKPP 9/2021 (masa berlaku kontrak katalog penyedia);
           Kebijakan Lentera: an admission without an end would keep a provider listed for ever.
    """
    if valid_until < valid_from or valid_until < today:
        raise CatalogError(
            "ADMISSION_PERIOD_INVALID", _("Masa berlaku harus berakhir setelah mulainya dan belum lewat.")
        )
    if (valid_until - valid_from).days > ADMISSION_MAX_DAYS:
        raise CatalogError(
            "ADMISSION_PERIOD_TOO_LONG", _("Masa berlaku paling lama %(days)s hari."), days=ADMISSION_MAX_DAYS
        )


def admission_in_force(
    *, status: str, valid_from: dt.date | None, valid_until: dt.date | None, day: dt.date
) -> bool:
    """A provider lists and sells in a category only while its admission is in force on ``day``.

    Cites: Perpres 16/2018 Pasal 38 ayat (2) (barang yang tercantum dalam katalog elektronik);
           Peraturan LKPP 9/2021 (penyedia katalog).
    """
    return (
        status == "ADMITTED"
        and valid_from is not None
        and valid_until is not None
        and valid_from <= day <= valid_until
    )


def provider_not_blacklisted(*, blacklisted: bool) -> None:
    """No order to, and no listing of, a provider with a daftar hitam entry in force (read at the moment of the
    order; expiry is computed, so the provider comes back when the sanction ends).

    Cites: Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: sanksi daftar hitam).
    """
    if blacklisted:
        raise CatalogError(
            "PROVIDER_BLACKLISTED", _("Penyedia sedang dikenai sanksi daftar hitam."), status=403
        )


def direct_order_limit(on: dt.date) -> DirectOrderLimit:
    """The largest direct order in force on a day (dated rule data above).

    Cites: Peraturan LKPP 9/2021 (e-purchasing katalog);
           Perpres 16/2018 Pasal 50 ayat (5) (diubah Perpres 12/2021).
    """
    for rule in DIRECT_ORDER_LIMITS:
        if rule.in_force(on):
            return rule
    raise CatalogError(
        "RULE_NOT_IN_FORCE",
        _("Tidak ada batas pemesanan langsung yang berlaku pada %(day)s."),
        day=on.isoformat(),
    )


def within_package_budget(*, pagu: Decimal, committed: Decimal, amount: Decimal) -> None:
    """The catalogue orders of one package never add up to more than its pagu (the RUP budget reserved for it);
    checked in the order's transaction with the package row locked.

    Cites: Perpres 16/2018 Pasal 38 ayat (2) (paket e-purchasing dari RUP);
           Kebijakan Lentera: the RUP budget is reserved by each order and can never be exceeded (issue #15).
    """
    if committed + amount > pagu:
        raise CatalogError(
            "BUDGET_EXCEEDED",
            _("Nilai pesanan melebihi sisa pagu paket (sisa %(left)s)."),
            left=f"Rp{(pagu - committed):,.0f}".replace(",", "."),
        )


def e_purchasing_package(*, method: str, status: str) -> None:
    """A catalogue order is placed only on a package whose method is E-Purchasing and that is ready (not a draft,
    not cancelled).

    Cites: Perpres 16/2018 Pasal 38 ayat (1) huruf a dan ayat (2);
           Permendagri 53/2021 Pasal 5 huruf f.
    """
    if method != "E_PURCHASING":
        raise CatalogError("METHOD_NOT_E_PURCHASING", _("Metode paket bukan E-Purchasing."))
    if status not in ("READY", "ASSIGNED", "IN_SELECTION", "CONTRACTED"):
        raise CatalogError("PACKAGE_NOT_READY", _("Paket belum siap atau sudah dibatalkan."))


@dataclass(frozen=True)
class SplitPurchaseRule:
    """Orders of one work unit to one provider in one category within ``window_days`` that together exceed
    ``threshold`` (the value above which goods and other services must be tendered) are warned as a possible
    split purchase."""

    threshold: Decimal
    window_days: int
    starts: dt.date
    ends: dt.date | None
    citation: str

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)


#: Dated rule data. The threshold is the Pengadaan Langsung limit for goods and other services that MISSION.md F8
#: gives (Rp200 juta; above it a Tender is required); the 30-day window is Lentera's (the issue asks for "a short
#: window" and names no figure).
SPLIT_PURCHASE_RULES: tuple[SplitPurchaseRule, ...] = (
    SplitPurchaseRule(
        Decimal("200000000"),
        30,
        PERPRES_12_2021_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 38 (batas Pengadaan Langsung Rp200 juta, MISSION.md F8)",
    ),
)


def split_purchase_rule(on: dt.date) -> SplitPurchaseRule:
    """The split-purchase threshold and window in force on a day (dated rule data above).

    Cites: Perpres 16/2018 Pasal 38 (diubah Perpres 12/2021; batas Pengadaan Langsung menurut MISSION.md F8);
           Kebijakan Lentera: the window of 30 days is the project's, the issue asks for a short window (#15).
    """
    for rule in SPLIT_PURCHASE_RULES:
        if rule.in_force(on):
            return rule
    raise CatalogError(
        "RULE_NOT_IN_FORCE",
        _("Tidak ada aturan pemecahan pembelian yang berlaku pada %(day)s."),
        day=on.isoformat(),
    )


def split_purchase_warning(
    *, earlier_total: Decimal, earlier_count: int, amount: Decimal, threshold: Decimal
) -> bool:
    """A new order is a possible split purchase when the same work unit already ordered from the same provider in
    the same category within the window (at least one order) and, with this one, the orders exceed the threshold
    above which the purchase would have needed a Tender.

    Cites: Perpres 16/2018 Pasal 38 (diubah Perpres 12/2021; batas Pengadaan Langsung menurut MISSION.md F8);
           Kebijakan Lentera: repeated orders under the threshold that add up above it are warned and the PPK
           confirms with a reason (issue #15); the order is not refused, the red flag lets an auditor look.
    """
    return earlier_count > 0 and earlier_total + amount > threshold


def split_purchase_confirmed(*, warned: bool, reason: str, window_days: int, threshold: Decimal) -> str:
    """A warned order goes ahead only with the PPK's reason (recorded on the order and in the audit event).

    Cites: Kebijakan Lentera: the PPK confirms a split-purchase warning with a reason (issue #15).
    """
    reason = (reason or "").strip()
    if warned and not reason:
        raise CatalogError(
            "SPLIT_PURCHASE_CONFIRM",
            _(
                "Pesanan ini bersama pesanan lain satuan kerja Anda ke penyedia yang sama di etalase yang sama "
                "dalam %(days)s hari melebihi %(limit)s, batas di atasnya wajib Tender. Isi alasan untuk "
                "melanjutkan."
            ),
            status=409,
            days=window_days,
            limit=f"Rp{threshold:,.0f}".replace(",", "."),
        )
    return reason if warned else ""


# --- negotiation (e-purchasing by negotiation) -----------------------------------------------------------------


@dataclass(frozen=True)
class NegotiationRule:
    """How long a negotiation proposal may give the other side to answer: at most ``max_response_days`` days
    after it is made."""

    max_response_days: int
    starts: dt.date
    ends: dt.date | None
    citation: str

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)


#: Dated rule data. Neither the seeds nor the issue give a figure for the negotiation's answer period; 7 days is
#: Lentera's (a week keeps the price validity and the budget reservation from being held open for long).
NEGOTIATION_RULES: tuple[NegotiationRule, ...] = (
    NegotiationRule(7, PERPRES_12_2021_IN_FORCE, None, "Kebijakan Lentera (batas jawaban negosiasi)"),
)


def negotiation_rule(on: dt.date) -> NegotiationRule:
    """The negotiation's answer period in force on a day (dated rule data above).

    Cites: Kebijakan Lentera: a proposal states by when the other side answers, at most 7 days (issue #15).
    """
    for rule in NEGOTIATION_RULES:
        if rule.in_force(on):
            return rule
    raise CatalogError(
        "RULE_NOT_IN_FORCE",
        _("Tidak ada aturan negosiasi yang berlaku pada %(day)s."),
        day=on.isoformat(),
    )


def negotiated_price_within_listed(*, price: Any, listed: Decimal) -> Decimal:
    """A negotiated unit price is more than zero and never above the unit price listed in the catalogue at that
    moment: the listed price is the highest the provider may ask, negotiation only lowers it (checked on every
    proposal and again when it is agreed, against the price in force then).

    Cites: Perpres 16/2018 Pasal 38 ayat (2) (diubah Perpres 12/2021: e-purchasing atas katalog elektronik);
           Peraturan LKPP 9/2021 (negosiasi harga dalam e-purchasing; harga tayang adalah harga tertinggi).
    """
    try:
        amount = Decimal(str(price))
    except (InvalidOperation, ValueError):
        amount = Decimal("0")
    if not amount.is_finite() or amount <= 0:
        raise CatalogError("PRICE_INVALID", _("Harga satuan harus lebih dari nol."))
    amount = amount.quantize(Decimal("0.01"))
    if amount > listed:
        raise CatalogError(
            "NEGOTIATED_ABOVE_LISTED",
            _("Harga negosiasi tidak boleh melebihi harga tayang %(listed)s."),
            listed=f"Rp{listed:,.0f}".replace(",", "."),
        )
    return amount


def negotiation_deadline_valid(*, respond_by: dt.datetime, now: dt.datetime, max_days: int) -> None:
    """A proposal's answer deadline is after the moment it is made and at most ``max_days`` later (read at the
    database clock in the proposal's transaction).

    Cites: Kebijakan Lentera: every negotiation round has an answer deadline (issue #15).
    """
    if not now < respond_by <= now + dt.timedelta(days=max_days):
        raise CatalogError(
            "NEGOTIATION_DEADLINE_INVALID",
            _("Batas jawaban harus sesudah sekarang dan paling lama %(days)s hari lagi."),
            days=max_days,
        )


def negotiation_round_answerable(*, respond_by: dt.datetime, now: dt.datetime) -> None:
    """The other side may accept or counter a proposal only until its answer deadline (read at the database clock
    in the answer's transaction); after it the proposal has lapsed and only the PPK may propose anew or cancel.

    Cites: Kebijakan Lentera: a lapsed negotiation round cannot be accepted (issue #15).
    """
    if now > respond_by:
        raise CatalogError(
            "NEGOTIATION_LAPSED",
            _("Batas jawaban putaran negosiasi ini sudah lewat."),
            status=409,
        )
