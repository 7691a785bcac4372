"""Forms of the reporting pages: the dashboard's filters, a new report, its free text, the submission and a
correction's reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.planning.models import Method

from ..models import Report


class FilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Semester"),
        choices=[("", _("Setahun")), ("1", _("Semester I")), ("2", _("Semester II"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    satker = forms.TypedChoiceField(label=_("Satuan kerja"), coerce=int, empty_value=None, required=False)
    metode = forms.ChoiceField(
        label=_("Metode"), choices=[("", _("Semua metode")), *Method.choices], required=False
    )
    instansi = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["satker"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Semua satuan kerja")), *units]


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Periode"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    agency = forms.TypedChoiceField(label=_("Instansi"), coerce=int)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = agencies


class TextForm(forms.Form):
    analysis = forms.CharField(label=_("Analisis"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    recommendations = forms.CharField(
        label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("Tanggal penyampaian"), widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.CharField(label=_("Disampaikan kepada"), max_length=300)


class CorrectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan koreksi"), widget=forms.Textarea(attrs={"rows": 3}))
