"""Forms of the providers pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from lentera.accounts import selectors as account_selectors
from lentera.accounts.models import User
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ..models import BlacklistEntry, Document, IdentityChangeDocument, Provider
from ..sections import IDENTITY_FIELDS, Section

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: Which form field shows a service error, by the start of its code; other codes show above the form.
ERROR_FIELDS = {
    "NPWP": "npwp",
    "NIK": "number",
    "USER_ID": "user_id",
    "PASSWORD": "password1",
    "FILE": "file",
    "DEED": "number",
    "DECREE": "number",
    "NIB": "number",
}


def add_service_error(form: forms.BaseForm, exc: LenteraError) -> None:
    """Show a service refusal on the field it concerns (when the form has it), else above the form."""
    for prefix, field in ERROR_FIELDS.items():
        if exc.code.startswith(prefix) and field in form.fields:
            form.add_error(field, str(exc))
            return
    form.add_error(None, str(exc))


class SignupEmailForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SignupAccountForm(forms.Form):
    user_id = forms.CharField(label=_("User ID"), max_length=64, help_text=_("Huruf, angka, titik, strip."))
    full_name = forms.CharField(label=_("Nama lengkap pemegang akun"), max_length=150)
    phone = forms.CharField(label=_("Telepon / HP"), max_length=30, required=False)
    password1 = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Paling sedikit 10 karakter, memuat huruf besar, huruf kecil dan angka."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    business_form = forms.ChoiceField(label=_("Bentuk usaha"), choices=Provider.BusinessForm.choices)
    name = forms.CharField(label=_("Nama penyedia (badan usaha / perorangan)"), max_length=200)
    npwp = forms.CharField(
        label=_("NPWP"), max_length=25, help_text=_("NPWP badan usaha, atau NPWP pribadi bagi perorangan.")
    )
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 2}))
    city = forms.CharField(label=_("Kabupaten/kota"), max_length=100)
    province = forms.CharField(label=_("Provinsi"), max_length=100)
    postal_code = forms.CharField(label=_("Kode pos"), max_length=5, required=False)
    provider_phone = forms.CharField(label=_("Telepon kantor"), max_length=30, required=False)
    representative_name = forms.CharField(label=_("Nama direktur/pemilik/pejabat berwenang"), max_length=150)
    representative_position = forms.CharField(label=_("Jabatan"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class DocumentUploadForm(forms.Form):
    #: The stored document, set by the view once the upload service accepted it (absent until then).
    saved: Document

    kind = forms.ChoiceField(label=_("Jenis dokumen"))
    file = forms.FileField(
        label=_("Berkas (PDF, JPEG atau PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    number = forms.CharField(
        label=_("Nomor (NIK pada KTP, NPWP, nomor akta atau nomor SK)"), max_length=100, required=False
    )
    issued_on = forms.DateField(label=_("Tanggal akta / SK"), required=False, widget=DATE)
    issuer = forms.CharField(label=_("Notaris (untuk akta)"), max_length=150, required=False)

    def __init__(self, *args, kinds: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k, Document.Kind(k).label) for k in kinds]


class ChecklistForm(forms.Form):
    """One yes/no + note per document of the round, and the verifier's overall note."""

    note = forms.CharField(
        label=_("Catatan verifikator"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        for doc in self.documents:
            self.fields[f"match_{doc.pk}"] = forms.TypedChoiceField(
                label=_("Sesuai dengan dokumen asli yang diperlihatkan?"),
                choices=[("yes", _("Ya")), ("no", _("Tidak"))],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"note_{doc.pk}"] = forms.CharField(
                label=_("Catatan / alasan"), required=False, widget=forms.TextInput()
            )

    def rows(self):
        return [(doc, self[f"match_{doc.pk}"], self[f"note_{doc.pk}"]) for doc in self.documents]

    def checks(self):
        from ..services import CheckInput

        out = []
        for doc in self.documents:
            value = self.cleaned_data.get(f"match_{doc.pk}")
            matches = {"yes": True, "no": False}.get(value)
            out.append(CheckInput(doc.pk, matches, self.cleaned_data.get(f"note_{doc.pk}", "")))
        return out


IdentityForm = modelform_factory(
    Provider, fields=IDENTITY_FIELDS, widgets={"address": forms.Textarea(attrs={"rows": 2})}
)


SCAN_ACCEPT = {"accept": "application/pdf,image/jpeg,image/png"}


def _kind_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=IdentityChangeDocument.Kind.choices, required=False)


class IdentityDocumentsForm(forms.Form):
    """A verified provider's identity form: the supporting documents of a change to verified data, and a note
    for the Verifikator (shown with the prefix `dok`, beside the identity fields)."""

    note = forms.CharField(
        label=_("Keterangan perubahan untuk verifikator"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    kind_1 = _kind_field(_("Jenis dokumen pendukung 1"))
    file_1 = forms.FileField(
        label=_("Dokumen pendukung 1 (PDF, JPEG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=SCAN_ACCEPT),
    )
    kind_2 = _kind_field(_("Jenis dokumen pendukung 2"))
    file_2 = forms.FileField(
        label=_("Dokumen pendukung 2 (PDF, JPEG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=SCAN_ACCEPT),
    )

    def documents(self) -> list[tuple[str, object]]:
        out = []
        for n in (1, 2):
            file = self.cleaned_data.get(f"file_{n}")
            if file:
                out.append((self.cleaned_data.get(f"kind_{n}") or IdentityChangeDocument.Kind.OTHER, file))
        return out


class IdentityChangeDocumentForm(forms.Form):
    """One more supporting document for the pending identity change."""

    kind = forms.ChoiceField(label=_("Jenis dokumen pendukung"), choices=IdentityChangeDocument.Kind.choices)
    file = forms.FileField(
        label=_("Berkas (PDF, JPEG atau PNG)"), widget=forms.ClearableFileInput(attrs=SCAN_ACCEPT)
    )


class IdentityDecisionForm(forms.Form):
    """The Verifikator's note (approval) or reason (refusal, required by the service)."""

    reason = forms.CharField(
        label=_("Catatan / alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Wajib diisi bila ditolak: sebutkan dokumen atau data yang tidak sesuai."),
    )


def section_form_class(section: Section) -> type[forms.ModelForm]:
    widgets: dict[str, type[forms.Widget] | forms.Widget] = dict.fromkeys(section.date_fields(), DATE)
    return modelform_factory(section.model, fields=section.fields, widgets=widgets)


class StaffRegisterForm(forms.Form):
    user_id = forms.CharField(label=_("User ID"), max_length=64)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    nip = forms.CharField(label=_("NIP"), max_length=18, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    role = forms.ChoiceField(
        label=_("Peran"), choices=[(r.value, r.label) for r in Role if r != Role.PENYEDIA]
    )
    work_unit = forms.ModelChoiceField(label=_("Satuan kerja"), queryset=account_selectors.all_work_units())
    decree_number = forms.CharField(label=_("Nomor surat tugas / SK"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal surat tugas / SK"), widget=DATE)
    file = forms.FileField(label=_("Salinan surat tugas / SK (PDF, JPEG atau PNG)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class BlacklistForm(forms.Form):
    npwp = forms.CharField(label=_("NPWP"), max_length=25)
    provider_name = forms.CharField(
        label=_("Nama penyedia"),
        max_length=200,
        required=False,
        help_text=_("Diisi otomatis bila NPWP terdaftar."),
    )
    decree_number = forms.CharField(label=_("Nomor SK penetapan"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    category = forms.ChoiceField(label=_("Kategori pelanggaran"), choices=BlacklistEntry.Category.choices)
    violation = forms.CharField(label=_("Uraian pelanggaran"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Mulai berlaku"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Berakhir"),
        widget=DATE,
        required=False,
        help_text=_("Kosongkan: dihitung dari kategori (2 tahun atau 1 tahun)."),
    )
    requested_by: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("PA/KPA yang menetapkan"),
        queryset=None,
        required=False,
        help_text=_("Wajib bila Anda bukan PA/KPA."),
    )
    proposal = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, requesters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].queryset = requesters
