"""The rules of e-purchasing by mini-competition (issue #15): several admitted providers of comparable products in
one etalase quote by a deadline; after it the lowest compliant quotation wins.

The project's seeds (Perbup PPU 2/2021, Permendagri 53/2021) do not carry the articles on the e-catalogue's
mini-competition; the issue and REFERENCE.md name Perpres 16/2018 (as amended by Perpres 12/2021) Pasal 38 and
Peraturan LKPP 9/2021. Articles not in the seeds are cited without an article (not confirmed); the figures are
dated rule data, Lentera's where no figure is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .errors import CatalogError
from .rules import PERPRES_12_2021_IN_FORCE


@dataclass(frozen=True)
class CompetitionRule:
    """How a mini-competition runs from ``starts`` (to ``ends``, inclusive): at least ``min_providers`` invited,
    a deadline at least ``min_hours`` and at most ``max_days`` after the request."""

    min_providers: int
    min_hours: int
    max_days: int
    starts: dt.date
    ends: dt.date | None
    source: str

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)


#: Dated rule data. "Competition among several providers" needs at least two; the quotation period is Lentera's
#: (a day at least so a provider can answer, two weeks at most so prices and the budget are not held long).
COMPETITION_RULES: tuple[CompetitionRule, ...] = (
    CompetitionRule(
        2,
        24,
        14,
        PERPRES_12_2021_IN_FORCE,
        None,
        "Peraturan LKPP 9/2021 (mini-kompetisi; pasal belum dikonfirmasi)",
    ),
)


def competition_rule(on: dt.date) -> CompetitionRule:
    """The mini-competition's figures in force on a day (dated rule data above).

    Cites: Peraturan LKPP 9/2021 (e-purchasing dengan mini-kompetisi; pasal belum dikonfirmasi);
           Kebijakan Lentera: the quotation period (at least 24 hours, at most 14 days) is the project's.
    """
    for rule in COMPETITION_RULES:
        if rule.in_force(on):
            return rule
    raise CatalogError(
        "RULE_NOT_IN_FORCE",
        _("Tidak ada aturan mini-kompetisi yang berlaku pada %(day)s."),
        day=on.isoformat(),
    )


def competition_invitees_enough(*, count: int, minimum: int) -> None:
    """A mini-competition is a competition among several providers of the etalase: at least ``minimum`` (2)
    distinct admitted providers are invited.

    Cites: Perpres 16/2018 Pasal 38 ayat (2) (diubah Perpres 12/2021: e-purchasing atas katalog elektronik);
           Peraturan LKPP 9/2021 (mini-kompetisi di antara penyedia katalog; pasal belum dikonfirmasi).
    """
    if count < minimum:
        raise CatalogError(
            "COMPETITION_TOO_FEW_PROVIDERS",
            _("Mini-kompetisi mengundang paling sedikit %(n)s penyedia yang diterima di etalase ini."),
            n=minimum,
        )


def competition_deadline_valid(
    *, deadline: dt.datetime, now: dt.datetime, min_hours: int, max_days: int
) -> None:
    """The quotation deadline is at least ``min_hours`` after the request and at most ``max_days`` later (read at
    the database clock in the request's transaction).

    Cites: Kebijakan Lentera: every invited provider has time to answer, and prices and budget are not held long.
    """
    if not now + dt.timedelta(hours=min_hours) <= deadline <= now + dt.timedelta(days=max_days):
        raise CatalogError(
            "COMPETITION_DEADLINE_INVALID",
            _("Batas penawaran paling cepat %(hours)s jam dan paling lama %(days)s hari dari sekarang."),
            hours=min_hours,
            days=max_days,
        )


def quotation_in_time(*, deadline: dt.datetime, now: dt.datetime) -> None:
    """A quotation is sent (or replaced) only before the deadline, read at the database clock inside the
    quotation's transaction; after it nothing is accepted.

    Cites: Peraturan LKPP 9/2021 (penawaran mini-kompetisi sampai batas waktu; pasal belum dikonfirmasi);
           Kebijakan Lentera: the same deadline rule as a tender's bids, checked against the database clock.
    """
    if now >= deadline:
        raise CatalogError(
            "COMPETITION_CLOSED", _("Batas waktu penawaran mini-kompetisi sudah lewat."), status=409
        )


def quotations_openable(*, deadline: dt.datetime, now: dt.datetime) -> None:
    """The quotations stay sealed until the deadline: the PPK opens them and sets the winner only after it.

    Cites: Peraturan LKPP 9/2021 (penawaran dibuka setelah batas waktu; pasal belum dikonfirmasi);
           Kebijakan Lentera: no one, the PPK included, sees a price before the deadline.
    """
    if now < deadline:
        raise CatalogError(
            "COMPETITION_NOT_CLOSED",
            _("Penawaran masih tersegel sampai batas waktu penawaran."),
            status=409,
        )


@dataclass(frozen=True)
class Offer:
    """An opened quotation as the evaluation sees it."""

    key: int
    unit_price: Decimal
    submitted_at: dt.datetime
    compliant: bool


def competition_winner(offers: Sequence[Offer]) -> Offer | None:
    """The lowest compliant unit price wins; between equal prices the quotation sent first. None when no
    quotation is compliant (the competition fails).

    Cites: Perpres 16/2018 Pasal 38 ayat (2) (diubah Perpres 12/2021: e-purchasing atas katalog elektronik);
           Peraturan LKPP 9/2021 (harga terendah yang memenuhi persyaratan; pasal belum dikonfirmasi).
    """
    compliant = [o for o in offers if o.compliant]
    if not compliant:
        return None
    return min(compliant, key=lambda o: (o.unit_price, o.submitted_at, o.key))
