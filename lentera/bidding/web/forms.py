from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OpeningKeyForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Kata sandi pembukaan"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    passphrase_confirm = forms.CharField(
        label=_("Ulangi kata sandi pembukaan"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    replace = forms.BooleanField(
        label=_(
            "Saya lupa kata sandi lama: buat kunci baru. Bagian kunci tender yang sudah diumumkan tidak dapat "
            "lagi saya buka."
        ),
        required=False,
    )


class PassphraseChangeForm(forms.Form):
    old_passphrase = forms.CharField(
        label=_("Kata sandi pembukaan lama"), widget=forms.PasswordInput, strip=False
    )
    new_passphrase = forms.CharField(
        label=_("Kata sandi pembukaan baru"), widget=forms.PasswordInput, strip=False
    )
    new_passphrase_confirm = forms.CharField(
        label=_("Ulangi kata sandi pembukaan baru"), widget=forms.PasswordInput, strip=False
    )


class OpeningPassphraseForm(forms.Form):
    passphrase = forms.CharField(label=_("Kata sandi pembukaan"), widget=forms.PasswordInput, strip=False)


class WitnessForm(forms.Form):
    note = forms.CharField(label=_("Catatan saksi"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("Keputusan Pokja dan alasannya"), widget=forms.Textarea(attrs={"rows": 4})
    )
