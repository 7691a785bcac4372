"""The contract's terms recorded when the PPK signs it: its type (jenis kontrak: lumsum, harga satuan, gabungan,
terima jadi, kontrak payung; for consultancy keluaran or waktu penugasan) and, for a multi-year contract (kontrak
tahun jamak), the budget split per fiscal year (Perpres 16/2018 Pasal 27; the rules are ``terms_rules``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField


class ContractType(models.TextChoices):
    LUMP_SUM = "LUMP_SUM", _("Lumsum")
    UNIT_PRICE = "UNIT_PRICE", _("Harga satuan")
    COMBINED = "COMBINED", _("Gabungan lumsum dan harga satuan")
    TURNKEY = "TURNKEY", _("Terima jadi (turnkey)")
    FRAMEWORK = "FRAMEWORK", _("Kontrak payung")
    OUTPUT = "OUTPUT", _("Keluaran (lumsum)")
    TIME_BASED = "TIME_BASED", _("Waktu penugasan (time based)")


class ContractYear(models.Model):  # noqa: DJ008
    """One fiscal year of a multi-year contract: the amount of the contract value charged to that year's budget."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    amount = MoneyField(_("nilai pada tahun anggaran"))

    class Meta:
        verbose_name = _("tahun anggaran kontrak")
        verbose_name_plural = _("tahun anggaran kontrak")
        ordering = ["contract", "year"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="contract_year_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="contract_year_amount_positive"),
        ]
