"""Forms of the contracts pages (the SPPBJ, the signed contract, the pencatatan record)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contract

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AwardLetterForm(forms.Form):
    number = forms.CharField(label=_("Nomor SPPBJ"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal"), widget=DATE_INPUT)


class ContractForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bentuk kontrak"), choices=Contract.Kind.choices, initial=Contract.Kind.AGREEMENT
    )
    number = forms.CharField(label=_("Nomor kontrak"), max_length=100)
    value = forms.DecimalField(label=_("Nilai kontrak (Rp)"), max_digits=18, decimal_places=2, required=False)
    signed_on = forms.DateField(label=_("Tanggal tanda tangan"), widget=DATE_INPUT)
    start_on = forms.DateField(label=_("Mulai pelaksanaan"), widget=DATE_INPUT)
    end_on = forms.DateField(label=_("Akhir pelaksanaan"), widget=DATE_INPUT)
    provider_signatory = forms.CharField(label=_("Penandatangan penyedia"), max_length=200, required=False)
    provider_signatory_title = forms.CharField(
        label=_("Jabatan penandatangan"), max_length=100, required=False
    )
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label=_("Dokumen kontrak"), required=False)


class RecordForm(forms.Form):
    number = forms.CharField(label=_("Nomor kontrak / surat perintah"), max_length=100)
    value = forms.DecimalField(label=_("Nilai (Rp)"), max_digits=18, decimal_places=2)
    start_on = forms.DateField(label=_("Mulai"), widget=DATE_INPUT)
    end_on = forms.DateField(label=_("Selesai"), widget=DATE_INPUT)
    provider_npwp = forms.CharField(label=_("NPWP penyedia (darurat)"), max_length=16, required=False)
    reason = forms.CharField(label=_("Dasar / keterangan"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
