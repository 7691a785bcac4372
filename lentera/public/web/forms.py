from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.planning.models import FundingSource, Method, ProcurementType

from ..models import ServiceNotice


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ServiceNotice.Kind.choices)
    severity = forms.ChoiceField(label=_("Tingkat"), choices=ServiceNotice.Severity.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}))
    affected_features = forms.CharField(
        label=_("Fitur terdampak"),
        max_length=300,
        required=False,
        help_text=_("Misalnya: unggah penawaran, pendaftaran penyedia."),
    )
    starts_at = forms.DateTimeField(
        label=_("Mulai (WIB)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai (WIB)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    show_from = forms.DateTimeField(
        label=_("Tampilkan sejak (WIB)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Kosongkan untuk menampilkan segera."),
    )


class RupFilterForm(forms.Form):
    """Filters of the public RUP page (all optional)."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    fiscal_year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    work_unit = forms.IntegerField(required=False, widget=forms.Select)
    procurement_type = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua")), *ProcurementType.choices]
    )
    method = forms.ChoiceField(label=_("Metode"), required=False, choices=[("", _("Semua")), *Method.choices])
    funding_source = forms.ChoiceField(
        label=_("Sumber dana"), required=False, choices=[("", _("Semua")), *FundingSource.choices]
    )
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)
