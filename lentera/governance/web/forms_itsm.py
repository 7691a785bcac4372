"""Forms of the ITSM registers (assets, change requests, capacity log)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..itsm.models import AssetKind, ChangeKind, Condition, ResourceKind
from ..itsm.states import ChangeAction
from .forms import DATE, PersonChoiceField

CIA = [(1, "1"), (2, "2"), (3, "3")]


class AssetForm(forms.Form):
    code = forms.CharField(label=_("Kode aset"), max_length=40)
    name = forms.CharField(label=_("Nama aset"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis aset"), choices=AssetKind.choices)
    owner = PersonChoiceField(label=_("Pemilik aset"), queryset=None)
    location = forms.CharField(label=_("Lokasi"), max_length=200)
    confidentiality = forms.TypedChoiceField(label=_("Kerahasiaan (1–3)"), choices=CIA, coerce=int)
    integrity = forms.TypedChoiceField(label=_("Integritas (1–3)"), choices=CIA, coerce=int)
    availability = forms.TypedChoiceField(label=_("Ketersediaan (1–3)"), choices=CIA, coerce=int)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class ChangeRequestForm(forms.Form):
    title = forms.CharField(label=_("Judul perubahan"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis perubahan"), choices=ChangeKind.choices)
    asset: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Aset yang berubah"), queryset=None, required=False
    )  # type: ignore[arg-type]
    description = forms.CharField(label=_("Uraian perubahan"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))
    test_plan = forms.CharField(label=_("Rencana uji"), widget=forms.Textarea(attrs={"rows": 2}))
    rollback_plan = forms.CharField(
        label=_("Rencana pemulihan (rollback)"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets  # type: ignore[attr-defined]


class ChangeActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Tindakan"), choices=ChangeAction.choices)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))
    successful = forms.TypedChoiceField(
        label=_("Hasil (untuk tinjauan)"),
        choices=[("", "–"), ("1", _("Berhasil")), ("0", _("Tidak berhasil"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )


class CapacityForm(forms.Form):
    resource_kind = forms.ChoiceField(label=_("Jenis sumber daya"), choices=ResourceKind.choices)
    resource = forms.CharField(label=_("Sumber daya"), max_length=200)
    asset: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Aset"), queryset=None, required=False)  # type: ignore[arg-type]
    measured_on = forms.DateField(label=_("Tanggal pengukuran"), widget=DATE)
    utilisation_pct = forms.DecimalField(
        label=_("Utilisasi (%)"), min_value=0, max_value=100, decimal_places=1
    )
    forecast_pct = forms.DecimalField(
        label=_("Prakiraan periode berikut (%)"), min_value=0, max_value=100, decimal_places=1
    )
    condition = forms.ChoiceField(label=_("Kondisi"), choices=Condition.choices)
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets  # type: ignore[attr-defined]
