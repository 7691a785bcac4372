"""Opened offers, each Pokja member's evaluation, the Pokja's decisions, e-reverse auction and winners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .tender import Tender


class Offer(models.Model):
    """An offer as opened. Written only by `services.offers_record_opened` (the bidding app's opening calls it).

    `data` holds what the evaluation needs, as opened: ``{"administrative": {...}, "technical": {...},
    "price_items": [{"description", "quantity", "unit_price", "total"}], "life_cycle": {"operating_per_year",
    "maintenance_per_year", "residual_value"}, ...}``. Sealed bid files stay in the bidding app.
    """

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="offers")
    read_price = MoneyField(_("harga penawaran (dibacakan)"), null=True, blank=True)
    corrected_price = MoneyField(_("harga terkoreksi"), null=True, blank=True)
    negotiated_price = MoneyField(_("harga hasil negosiasi"), null=True, blank=True)
    opened_at = models.DateTimeField(_("dibuka"))
    price_opened_at = models.DateTimeField(_("harga dibuka"), null=True, blank=True)
    source_reference = models.CharField(_("rujukan sumber"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("penawaran terbuka")
        verbose_name_plural = _("penawaran terbuka")
        ordering = ["tender", "read_price", "pk"]
        constraints = [models.UniqueConstraint(fields=["tender", "provider"], name="offer_once_per_provider")]

    def __str__(self) -> str:
        return f"{self.provider} @ {self.tender.code}"


class MemberEvaluation(models.Model):  # noqa: DJ008
    """One Pokja member's evaluation of one offer, in one evaluation round (each member's is recorded)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="member_evaluations")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="member_evaluations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    administrative_pass = models.BooleanField(_("lulus administrasi"), null=True)
    qualification_pass = models.BooleanField(_("lulus kualifikasi"), null=True)
    technical_pass = models.BooleanField(_("lulus teknis"), null=True)
    technical_score = models.DecimalField(
        _("nilai teknis"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    price_reasonable = models.BooleanField(_("harga wajar"), null=True)
    notes = models.JSONField(default=dict, blank=True, help_text="{aspect: reason}")
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("evaluasi anggota Pokja")
        verbose_name_plural = _("evaluasi anggota Pokja")
        ordering = ["tender", "round", "offer", "member"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "member", "round"], name="member_evaluation_once")
        ]


class EvaluationDecision(models.Model):  # noqa: DJ008
    """The Pokja's evaluation decision (by majority of its members) for one round."""

    class Scope(models.TextChoices):
        TECHNICAL = "TECHNICAL", _("Evaluasi administrasi dan teknis (file I)")
        FULL = "FULL", _("Evaluasi lengkap")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="evaluation_decisions")
    round = models.PositiveSmallIntegerField(default=1)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FULL)
    agreeing_member_ids = models.JSONField(default=list)
    member_count = models.PositiveSmallIntegerField()
    summary = models.TextField(_("ringkasan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("keputusan evaluasi")
        verbose_name_plural = _("keputusan evaluasi")
        ordering = ["tender", "round", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "round", "scope"], name="evaluation_decision_once")
        ]


class EvaluationResult(models.Model):  # noqa: DJ008
    """The Pokja's result for one offer in an evaluation decision (public summary after the announcement)."""

    decision = models.ForeignKey(EvaluationDecision, on_delete=models.CASCADE, related_name="results")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="results")
    administrative_pass = models.BooleanField(null=True)
    qualification_pass = models.BooleanField(null=True)
    technical_pass = models.BooleanField(null=True)
    technical_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    read_price = MoneyField(null=True, blank=True)
    corrected_price = MoneyField(null=True, blank=True)
    correction_note = models.TextField(blank=True)
    price_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    life_cycle_cost = MoneyField(null=True, blank=True)
    above_hps = models.BooleanField(default=False)
    below_80_percent = models.BooleanField(default=False)
    reasonableness_note = models.TextField(blank=True)
    performance_guarantee_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    performance_guarantee_amount = MoneyField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    failure_reasons = models.JSONField(default=list, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("hasil evaluasi")
        verbose_name_plural = _("hasil evaluasi")
        ordering = ["decision", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "offer"], name="evaluation_result_once")]


class QualificationProof(models.Model):  # noqa: DJ008
    """Pembuktian kualifikasi: the record of checking the original documents of a candidate winner."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="qualification_proofs")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="qualification_proofs"
    )
    round = models.PositiveSmallIntegerField(default=1)
    held_at = models.DateTimeField(_("waktu pembuktian"))
    attendees = models.TextField(_("yang hadir"))
    passed = models.BooleanField(_("lulus"))
    notes = models.TextField(_("catatan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pembuktian kualifikasi")
        verbose_name_plural = _("pembuktian kualifikasi")
        ordering = ["tender", "round", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "provider", "round"], name="qualification_proof_once_per_provider"
            )
        ]


class ReverseAuction(models.Model):  # noqa: DJ008
    """E-reverse auction: bidder identities hidden (aliases), rounds with fixed end times, server-clock bids."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="auctions")
    round = models.PositiveSmallIntegerField(_("putaran evaluasi"), default=1)
    reason = models.CharField(_("dasar"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("e-reverse auction")
        verbose_name_plural = _("e-reverse auction")
        constraints = [models.UniqueConstraint(fields=["tender", "round"], name="auction_once_per_round")]


class AuctionRound(models.Model):  # noqa: DJ008
    auction = models.ForeignKey(ReverseAuction, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["auction", "number"]
        constraints = [
            models.UniqueConstraint(fields=["auction", "number"], name="auction_round_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="auction_round_ends_after_start"
            ),
        ]


class AuctionParticipant(models.Model):  # noqa: DJ008
    auction = models.ForeignKey(ReverseAuction, on_delete=models.CASCADE, related_name="participants")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    alias = models.CharField(max_length=20)
    starting_price = MoneyField()

    class Meta:
        ordering = ["auction", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["auction", "offer"], name="auction_participant_once"),
            models.UniqueConstraint(fields=["auction", "alias"], name="auction_alias_once"),
        ]


class AuctionBid(models.Model):  # noqa: DJ008
    round = models.ForeignKey(AuctionRound, on_delete=models.CASCADE, related_name="bids")
    participant = models.ForeignKey(AuctionParticipant, on_delete=models.CASCADE, related_name="bids")
    price = MoneyField()
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round", "placed_at", "pk"]


class Negotiation(models.Model):  # noqa: DJ008
    """Klarifikasi dan negosiasi teknis dan harga (Pengadaan Langsung, Penunjukan Langsung)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="negotiations")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="negotiations")
    held_at = models.DateTimeField()
    technical_notes = models.TextField(_("hasil klarifikasi teknis"))
    agreed_price = MoneyField(_("harga hasil negosiasi"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("klarifikasi dan negosiasi")
        verbose_name_plural = _("klarifikasi dan negosiasi")
        ordering = ["tender", "held_at"]


class WinnerDecision(models.Model):  # noqa: DJ008
    """Penetapan pemenang (winner and reserve winners 1 and 2), later announced publicly."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="winner_decisions")
    round = models.PositiveSmallIntegerField(default=1)
    winner = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="+")
    reserve1 = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reserve2 = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agreeing_member_ids = models.JSONField(default=list)
    member_count = models.PositiveSmallIntegerField(default=1)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    announced_at = models.DateTimeField(null=True, blank=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penetapan pemenang")
        verbose_name_plural = _("penetapan pemenang")
        ordering = ["tender", "-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "round"], name="winner_decision_once_per_round")
        ]
