from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
