from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.core.money import format_rupiah, parse_rupiah
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


class SearchAmountField(forms.CharField):
    """An HPS bound typed the Indonesian way ("1.250.000" or "1250000"); refused with a sentence otherwise."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        amount = parse_rupiah(text)
        if amount is None:
            raise forms.ValidationError(_("Tulis angka Rupiah tanpa huruf, misalnya 500.000.000."))
        if amount < 0:
            raise forms.ValidationError(_("Nilai HPS tidak boleh negatif."))
        return amount


class TenderSearchForm(forms.Form):
    """Validates the public search's filters so a wrong one is named next to its field instead of silently
    dropped. The option lists themselves stay pre-rendered (selectors.coded_options) for speed."""

    tahun = forms.CharField(required=False)
    hps_min = SearchAmountField(required=False)
    hps_max = SearchAmountField(required=False)
    satker = forms.CharField(required=False)

    def clean_tahun(self) -> int | None:
        raw = (self.cleaned_data.get("tahun") or "").strip()
        if not raw:
            return None
        first, last = year_range()
        try:
            year = int(raw)
        except ValueError:
            raise forms.ValidationError(
                _("Tahun anggaran harus berupa angka tahun, misalnya %(year)s.") % {"year": last - 1}
            )
        if not first <= year <= last:
            raise forms.ValidationError(
                _("Tahun anggaran %(year)s di luar rentang data (%(first)s–%(last)s).")
                % {"year": year, "first": first, "last": last}
            )
        return year

    def clean_satker(self) -> int | None:
        raw = (self.cleaned_data.get("satker") or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise forms.ValidationError(_("Pilih satuan kerja dari daftar."))
        return int(raw)

    def clean(self):
        data = super().clean()
        low, high = data.get("hps_min"), data.get("hps_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "hps_max",
                _("HPS paling banyak (%(high)s) lebih kecil dari HPS paling sedikit (%(low)s).")
                % {"high": format_rupiah(high), "low": format_rupiah(low)},
            )
        return data


def year_range() -> tuple[int, int]:
    """The fiscal years the search offers (the same list as its select)."""
    this_year = timezone.localdate().year
    return this_year - 11, this_year + 1


class MonitoringFilterForm(forms.Form):
    """Filters of the public monitoring page: the fiscal year and, optionally, a semester."""

    tahun = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Semester"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Setahun")), (1, _("Semester 1")), (2, _("Semester 2"))],
    )
