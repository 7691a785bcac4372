"""The lifecycles of the catalogue as explicit transition tables (issue #15).

Admission:  SUBMITTED ──admit──▶ ADMITTED      SUBMITTED ──refuse──▶ REFUSED
Product:    PENDING ──approve──▶ LIVE          PENDING ──reject──▶ REJECTED
            LIVE (a price change waits as a ProductChange; the product stays live at its old price)
Change:     PENDING ──approve──▶ APPROVED      PENDING ──reject──▶ REJECTED
Order:      ORDERED ──accept──▶ ACCEPTED       ORDERED ──refuse──▶ REFUSED      ORDERED ──cancel──▶ CANCELLED
            ACCEPTED ──issue──▶ CONTRACTED (the PPK's Surat Pesanan: a contract of the contracts app)
            NEGOTIATING ──counter──▶ NEGOTIATING (a new round)   NEGOTIATING ──agree──▶ ACCEPTED
            NEGOTIATING ──refuse──▶ REFUSED (provider)         NEGOTIATING ──cancel──▶ CANCELLED (PPK)
Round:      OPEN ──counter──▶ COUNTERED   OPEN ──agree──▶ ACCEPTED   OPEN ──refuse/cancel──▶ CLOSED
            OPEN ──renew──▶ LAPSED (its answer deadline passed; the PPK proposes anew)
Competition: OPEN ──award──▶ AWARDED (after the deadline: the lowest compliant quotation becomes an ACCEPTED
            order)   OPEN ──fail──▶ FAILED (none compliant)   OPEN ──cancel──▶ CANCELLED (PPK)

Services look the row up inside their transaction (:func:`transition`); anything else is refused with
``TRANSITION_NOT_ALLOWED`` and changes nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import CatalogError


class AdmissionStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Menunggu evaluasi")
    ADMITTED = "ADMITTED", _("Diterima")
    REFUSED = "REFUSED", _("Ditolak")


class ProductStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu kurasi")
    LIVE = "LIVE", _("Tayang")
    REJECTED = "REJECTED", _("Ditolak kurator")


class ChangeStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu kurasi")
    APPROVED = "APPROVED", _("Disetujui")
    REJECTED = "REJECTED", _("Ditolak")


class OrderStatus(models.TextChoices):
    ORDERED = "ORDERED", _("Menunggu jawaban penyedia")
    ACCEPTED = "ACCEPTED", _("Diterima penyedia")
    REFUSED = "REFUSED", _("Ditolak penyedia")
    CANCELLED = "CANCELLED", _("Dibatalkan PPK")
    CONTRACTED = "CONTRACTED", _("Surat pesanan terbit")
    NEGOTIATING = "NEGOTIATING", _("Negosiasi")


class OrderMethod(models.TextChoices):
    DIRECT = "DIRECT", _("Pemesanan langsung")
    NEGOTIATION = "NEGOTIATION", _("Negosiasi")
    COMPETITION = "COMPETITION", _("Mini-kompetisi")


class CompetitionStatus(models.TextChoices):
    OPEN = "OPEN", _("Menerima penawaran")
    AWARDED = "AWARDED", _("Pemenang ditetapkan")
    FAILED = "FAILED", _("Gagal (tidak ada penawaran yang memenuhi)")
    CANCELLED = "CANCELLED", _("Dibatalkan PPK")


class RoundSide(models.TextChoices):
    PPK = "PPK", _("PPK")
    PROVIDER = "PROVIDER", _("Penyedia")


class RoundOutcome(models.TextChoices):
    OPEN = "OPEN", _("Menunggu jawaban")
    COUNTERED = "COUNTERED", _("Ditawar balik")
    ACCEPTED = "ACCEPTED", _("Disepakati")
    CLOSED = "CLOSED", _("Negosiasi diakhiri")
    LAPSED = "LAPSED", _("Lewat batas waktu")


#: Orders that hold part of the package's budget.
BUDGET_HOLDING = frozenset(
    {OrderStatus.ORDERED, OrderStatus.NEGOTIATING, OrderStatus.ACCEPTED, OrderStatus.CONTRACTED}
)

TRANSITIONS: dict[str, dict[tuple[str, str], str]] = {
    "admission": {
        (AdmissionStatus.SUBMITTED, "admit"): AdmissionStatus.ADMITTED,
        (AdmissionStatus.SUBMITTED, "refuse"): AdmissionStatus.REFUSED,
    },
    "product": {
        (ProductStatus.PENDING, "approve"): ProductStatus.LIVE,
        (ProductStatus.PENDING, "reject"): ProductStatus.REJECTED,
        (ProductStatus.LIVE, "approve"): ProductStatus.LIVE,
        (ProductStatus.LIVE, "reject"): ProductStatus.LIVE,
    },
    "change": {
        (ChangeStatus.PENDING, "approve"): ChangeStatus.APPROVED,
        (ChangeStatus.PENDING, "reject"): ChangeStatus.REJECTED,
    },
    "order": {
        (OrderStatus.ORDERED, "accept"): OrderStatus.ACCEPTED,
        (OrderStatus.ORDERED, "refuse"): OrderStatus.REFUSED,
        (OrderStatus.ORDERED, "cancel"): OrderStatus.CANCELLED,
        (OrderStatus.ACCEPTED, "issue"): OrderStatus.CONTRACTED,
        (OrderStatus.NEGOTIATING, "counter"): OrderStatus.NEGOTIATING,
        (OrderStatus.NEGOTIATING, "agree"): OrderStatus.ACCEPTED,
        (OrderStatus.NEGOTIATING, "refuse"): OrderStatus.REFUSED,
        (OrderStatus.NEGOTIATING, "cancel"): OrderStatus.CANCELLED,
    },
    "competition": {
        (CompetitionStatus.OPEN, "award"): CompetitionStatus.AWARDED,
        (CompetitionStatus.OPEN, "fail"): CompetitionStatus.FAILED,
        (CompetitionStatus.OPEN, "cancel"): CompetitionStatus.CANCELLED,
    },
    "round": {
        (RoundOutcome.OPEN, "counter"): RoundOutcome.COUNTERED,
        (RoundOutcome.OPEN, "agree"): RoundOutcome.ACCEPTED,
        (RoundOutcome.OPEN, "refuse"): RoundOutcome.CLOSED,
        (RoundOutcome.OPEN, "cancel"): RoundOutcome.CLOSED,
        (RoundOutcome.OPEN, "renew"): RoundOutcome.LAPSED,
    },
}


def transition(table: str, state: str, action: str) -> str:
    """The state after ``action`` in ``state``, or a refusal (409) that changes nothing."""
    to = TRANSITIONS[table].get((state, action))
    if to is None:
        raise CatalogError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan ini tidak dapat dilakukan pada status sekarang."),
            status=409,
        )
    return to
