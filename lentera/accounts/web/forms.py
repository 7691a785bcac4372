from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role

from .. import selectors
from ..models import ApiToken, User


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User ID"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("Kode 6 digit dari aplikasi autentikator"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100, help_text=_("Misalnya: integrasi SIPD"))
    scope = forms.ChoiceField(
        label=_("Cakupan"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Pilih 'baca saja' bila aplikasi hanya perlu membaca data."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Masa berlaku (hari)"),
        min_value=1,
        help_text=_("Setelah itu token tidak berlaku lagi; buat token baru bila masih perlu."),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class StaffCreateForm(forms.Form):
    user_id = forms.CharField(label=_("User ID"), max_length=64)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    nip = forms.CharField(
        label=_("NIP"), max_length=18, required=False, help_text=_("18 digit, untuk aparatur sipil negara")
    )


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Peran"), choices=[(r.value, r.label) for r in Role if r != Role.PENYEDIA]
    )
    work_unit = forms.ModelChoiceField(label=_("Satuan kerja"), queryset=selectors.work_units_by_pk(()))
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput)
    ends_on = forms.DateField(label=_("Berakhir"), required=False, widget=DateInput)
    decree_number = forms.CharField(label=_("Nomor SK / surat tugas"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), required=False, widget=DateInput)
    decree_file = forms.FileField(label=_("Berkas SK (PDF/JPG/PNG, maks. 5 MB)"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["work_unit"].queryset = units


class RoleRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=User.Status.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=500, required=False)
