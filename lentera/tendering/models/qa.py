"""Explanation (pemberian penjelasan / aanwijzing): provider questions and public Pokja answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class Question(models.Model):
    """A provider's question. Public views show it anonymised (no provider, no asker)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField(_("nomor"))
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    section = models.CharField(_("bagian dokumen"), max_length=200, blank=True)
    text = models.TextField(_("pertanyaan"))
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pertanyaan penjelasan")
        verbose_name_plural = _("pertanyaan penjelasan")
        ordering = ["tender", "number"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="question_number_once")]

    def __str__(self) -> str:
        return f"{self.tender.code} #{self.number}"
