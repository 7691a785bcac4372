"""Forms of the planning pages. They parse input only; every rule lives in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import User, WorkUnit
from lentera.core.models import NonWorkingDay
from lentera.core.money import parse_rupiah

from .. import rules
from ..models import FundingSource, HpsItem, Method, Pokja, ProcurementType, RupItem, SelectionReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads
MONEY_HELP = _("Rupiah, tanpa titik: 2400000000")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.user_id})"


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.user_id})"


class RupItemForm(forms.Form):
    work_unit: forms.ModelChoiceField[WorkUnit] = forms.ModelChoiceField(
        label=_("Satuan kerja"), queryset=None
    )
    fiscal_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Nama paket"), max_length=300)
    procurement_type = forms.ChoiceField(label=_("Jenis pengadaan"), choices=ProcurementType.choices)
    pagu = forms.DecimalField(label=_("Pagu (Rp)"), max_digits=18, decimal_places=2, help_text=MONEY_HELP)
    funding_source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)
    planned_method = forms.ChoiceField(label=_("Rencana metode pemilihan"), choices=Method.choices)
    planned_start = forms.DateField(label=_("Rencana mulai pemilihan"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Rencana selesai pekerjaan"), required=False, widget=DATE)
    location = forms.CharField(label=_("Lokasi"), max_length=200, required=False)
    reserved_small_business = forms.BooleanField(label=_("Dicadangkan untuk usaha kecil"), required=False)
    domestic_products = forms.BooleanField(label=_("Produk dalam negeri"), required=False)
    reason = forms.CharField(
        label=_("Alasan revisi"),
        max_length=300,
        required=False,
        help_text=_("Wajib bila RUP sudah diumumkan."),
    )

    def __init__(self, *args, work_units=None, editing: RupItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["work_unit"]).queryset = work_units
        if editing is not None:
            del self.fields["work_unit"]
            del self.fields["fiscal_year"]
        else:
            del self.fields["reason"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ApbdForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)


class PackageCreateForm(forms.Form):
    rup_items: forms.ModelMultipleChoiceField[RupItem] = forms.ModelMultipleChoiceField(
        label=_("Item RUP"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(
        label=_("Nama paket"), max_length=300, required=False, help_text=_("Kosong: nama item RUP.")
    )
    method = forms.ChoiceField(
        label=_("Metode pemilihan"), choices=[("", _("Sesuai rencana RUP")), *Method.choices], required=False
    )
    specification = forms.CharField(
        label=_("Spesifikasi / KAK"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, rup_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rup_items"].queryset = rup_items
        self.fields["rup_items"].label_from_instance = lambda i: (
            f"{i.code} · {i.name} · {i.get_procurement_type_display()}"
        )


class PackageEditForm(forms.Form):
    name = forms.CharField(label=_("Nama paket"), max_length=300)
    location = forms.CharField(label=_("Lokasi"), max_length=200, required=False)
    specification = forms.CharField(
        label=_("Spesifikasi / KAK"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    kak_file = forms.FileField(label=_("Berkas KAK (PDF)"), required=False)
    draft_contract = forms.FileField(label=_("Rancangan kontrak (PDF)"), required=False)
    method = forms.ChoiceField(label=_("Metode pemilihan"), choices=Method.choices)
    method_justification = forms.CharField(
        label=_("Justifikasi metode"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk Tender Cepat, Penunjukan Langsung, Swakelola dan Darurat."),
    )
    direct_appointment_reason = forms.ChoiceField(
        label=_("Alasan penunjukan langsung"),
        required=False,
        choices=[("", "–"), *[(k, v[1]) for k, v in rules.DIRECT_APPOINTMENT_REASONS.items()]],
    )
    catalogue_reference = forms.CharField(
        label=_("Rujukan katalog elektronik"), max_length=200, required=False
    )
    spec_standard = forms.BooleanField(label=_("Spesifikasi dan volume sudah rinci/standar"), required=False)
    providers_qualified = forms.BooleanField(
        label=_("Pelaku usaha sudah terkualifikasi (SIKaP)"), required=False
    )


class RupiahField(forms.DecimalField):
    """A Rupiah amount typed the Indonesian way ("1.250.000" or "1.250.000,50"), shown back as typed."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = parse_rupiah(value)
        if parsed is None:
            raise forms.ValidationError(_("Tulis angka Rupiah, misalnya 1.250.000 atau 1.250.000,50."))
        return super().to_python(str(parsed))

    def widget_attrs(self, widget):
        return {}  # no number-input min/step on a text input


class HpsLineForm(forms.Form):
    """One HPS line. A row left wholly blank is ignored (the table always offers an empty row to type into);
    a row that is partly filled needs its description, unit, volume, unit price and price source."""

    REQUIRED = ("description", "unit", "quantity", "unit_price", "price_source")

    description = forms.CharField(label=_("Uraian"), max_length=300, required=False)
    unit = forms.CharField(label=_("Satuan"), max_length=30, required=False)
    quantity = forms.DecimalField(
        label=_("Volume"), max_digits=14, decimal_places=3, required=False, min_value=Decimal("0.001")
    )
    unit_price = RupiahField(
        label=_("Harga satuan (Rp)"), max_digits=18, decimal_places=2, required=False, min_value=0
    )
    price_source = forms.ChoiceField(
        label=_("Sumber harga"),
        choices=[("", _("— Pilih sumber harga —")), *HpsItem.PriceSource.choices],
        required=False,
    )
    source_note = forms.CharField(label=_("Keterangan sumber"), max_length=300, required=False)

    def is_blank(self) -> bool:
        """Nothing typed in the row (what the browser sends for an unused row)."""
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return {}
        for name in self.REQUIRED:
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, _("Wajib diisi bila baris ini dipakai."))
        return data


HpsLineFormSet = forms.formset_factory(HpsLineForm, extra=1, can_delete=True, max_num=200, validate_max=True)


def hps_lines_in_use(formset: forms.BaseFormSet) -> list[dict]:
    """The cleaned rows of a valid HPS formset that are in use (blank and removed rows left out)."""
    return [f for f in formset.cleaned_data if f and not f.get("DELETE")]


class HpsDateForm(forms.Form):
    hps_set_on = forms.DateField(label=_("Tanggal penetapan HPS"), widget=DATE)


class OfficialsForm(forms.Form):
    contract_manager = UserChoiceField(label=_("Pengelola kontrak"), queryset=None, required=False)
    inspector = UserChoiceField(label=_("Pemeriksa hasil pekerjaan"), queryset=None, required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract_manager"].queryset = users
        self.fields["inspector"].queryset = users


class ChangePpkForm(forms.Form):
    ppk = UserChoiceField(label=_("PPK baru"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ppk"].queryset = users


class AssignPokjaForm(forms.Form):
    pokja: forms.ModelChoiceField[Pokja] = forms.ModelChoiceField(label=_("Pokja Pemilihan"), queryset=None)

    def __init__(self, *args, pokjas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pokja"].queryset = pokjas


class AssignOfficialForm(forms.Form):
    official = UserChoiceField(label=_("Pejabat Pengadaan"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = users


class ReportForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil pemilihan"), choices=SelectionReport.Outcome.choices)
    summary = forms.CharField(label=_("Ringkasan pelaksanaan"), widget=forms.Textarea(attrs={"rows": 5}))


class PokjaForm(forms.Form):
    name = forms.CharField(label=_("Nama Pokja"), max_length=150)
    decree_number = forms.CharField(label=_("Nomor SK Kepala UKPBJ"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    members = UserMultipleChoiceField(
        label=_("Anggota Pengelola PBJ"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    chair = UserChoiceField(label=_("Ketua"), queryset=None, required=False)

    def __init__(self, *args, pengelola=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = pengelola
        self.fields["chair"].queryset = pengelola


class CertifiedMemberForm(forms.Form):
    """A civil servant with a PBJ competence / level-1 certificate (Permendagri 53/2021 Pasal 15 ayat (3)-(4))."""

    user = UserChoiceField(label=_("PNS bersertifikat"), queryset=None, required=False)
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), max_length=100, required=False)
    coordination_note = forms.CharField(
        label=_("Koordinasi dengan pimpinan satuan kerja asal"), max_length=500, required=False
    )
    coordinated_on = forms.DateField(label=_("Tanggal koordinasi"), required=False, widget=DATE)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


CertifiedMemberFormSet = forms.formset_factory(CertifiedMemberForm, extra=2, max_num=10)


class MembersChangeForm(forms.Form):
    remove = UserMultipleChoiceField(
        label=_("Berhentikan"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    add = UserMultipleChoiceField(
        label=_("Tetapkan Pengelola PBJ"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    decree_number = forms.CharField(label=_("Nomor SK perubahan"), max_length=100)
    reason = forms.CharField(label=_("Alasan"), max_length=500, required=False)

    def __init__(self, *args, current=None, pengelola=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = current
        self.fields["add"].queryset = pengelola


class DissolveForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor SK pembubaran"), max_length=100)
    reason = forms.CharField(label=_("Alasan"), max_length=500)


class OfficialRequestForm(forms.Form):
    work_unit: forms.ModelChoiceField[WorkUnit] = forms.ModelChoiceField(
        label=_("Satuan kerja"), queryset=None
    )
    letter_number = forms.CharField(label=_("Nomor surat permintaan"), max_length=100)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, work_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = work_units


class OfficialAssignForm(forms.Form):
    official = UserChoiceField(label=_("Pengelola PBJ"), queryset=None)
    decree_number = forms.CharField(label=_("Nomor SK / surat tugas"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), required=False, widget=DATE)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = users


class NonWorkingDayForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    kind = forms.ChoiceField(label=_("Jenis"), choices=NonWorkingDay.Kind.choices)
    name = forms.CharField(label=_("Keterangan"), max_length=200)
