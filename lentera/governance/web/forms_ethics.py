"""Forms of the ethics cases' later steps: the anonymous public report, a hearing record, an appeal and its
decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..ethics.models import EthicsCase
from .forms import DATE


class PublicReportForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Instansi"), queryset=None)  # type: ignore[arg-type]
    subject_name = forms.CharField(label=_("Nama dan jabatan terlapor"), max_length=200)
    allegation = forms.CharField(
        label=_("Uraian dugaan pelanggaran"), widget=forms.Textarea(attrs={"rows": 5})
    )
    contact = forms.CharField(
        label=_("Kontak Anda (tidak wajib; tidak ditampilkan kepada siapa pun)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal sidang"), widget=DATE)
    attendees = forms.CharField(label=_("Yang hadir"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Risalah sidang"), widget=forms.Textarea(attrs={"rows": 4}))


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Alasan banding"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Putusan banding"), choices=EthicsCase.AppealOutcome.choices)
    reasoning = forms.CharField(label=_("Pertimbangan"), widget=forms.Textarea(attrs={"rows": 3}))
    sanction = forms.CharField(
        label=_("Sanksi baru (bila sanksi diubah)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
