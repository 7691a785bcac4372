"""Forms of the catalogue's pages. The product form is built from its category's attributes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Attribute, Category

DATE = forms.DateInput(attrs={"type": "date"})


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Kode etalase"), max_length=40)
    name = forms.CharField(label=_("Nama etalase"), max_length=200)
    unit_of_sale = forms.CharField(label=_("Satuan penjualan"), max_length=40)
    parent: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Induk"), queryset=None, required=False)  # type: ignore[arg-type]
    required_documents = forms.CharField(
        label=_("Dokumen persyaratan (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class AttributeForm(forms.Form):
    code = forms.SlugField(label=_("Kode atribut"), max_length=40)
    label = forms.CharField(label=_("Nama atribut"), max_length=120)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Attribute.Kind.choices)
    unit = forms.CharField(label=_("Satuan (untuk angka)"), max_length=20, required=False)
    choices = forms.CharField(
        label=_("Pilihan (dipisah koma, untuk pilihan)"), max_length=500, required=False
    )
    required_value = forms.BooleanField(label=_("Wajib diisi"), required=False, initial=True)


class AdmitForm(forms.Form):
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DATE)
    criteria = forms.CharField(label=_("Kriteria evaluasi"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class ApplyForm(forms.Form):
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, category: Category, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = category.document_names
        for i, name in enumerate(self.requirements):
            self.fields[f"doc_{i}"] = forms.FileField(
                label=f"{name} (PDF/JPEG/PNG)",
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
            )

    def documents(self) -> dict[str, Any]:
        return {name: self.cleaned_data[f"doc_{i}"] for i, name in enumerate(self.requirements)}


class PriceForm(forms.Form):
    price = forms.DecimalField(label=_("Harga satuan (Rp)"), min_value=0, max_digits=18, decimal_places=2)
    valid_from = forms.DateField(label=_("Harga berlaku mulai"), widget=DATE)
    valid_until = forms.DateField(label=_("Harga berlaku sampai"), widget=DATE)


class ProductForm(PriceForm):
    name = forms.CharField(label=_("Nama produk"), max_length=200)
    brand = forms.CharField(label=_("Merek"), max_length=100)
    model = forms.CharField(label=_("Tipe/model"), max_length=100, required=False)
    tkdn = forms.DecimalField(label=_("TKDN (%)"), min_value=0, max_value=100, decimal_places=2)
    delivery_areas = forms.CharField(label=_("Wilayah pengiriman"), max_length=300)
    delivery_days = forms.IntegerField(label=_("Waktu pengiriman (hari)"), min_value=1)
    stock = forms.IntegerField(label=_("Stok"), min_value=0)

    field_order = ["name", "brand", "model", "tkdn", "price", "valid_from", "valid_until"]

    def __init__(self, *args: Any, attributes: list[Attribute], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attribute_codes: list[tuple[str, str]] = []
        for a in attributes:
            name = f"attr_{a.code}"
            self.attribute_codes.append((name, a.code))
            label = f"{a.label} ({a.unit})" if a.unit else a.label
            if a.kind == Attribute.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=[("", "—"), *[(c, c) for c in a.choices]], required=a.required
                )
            else:
                self.fields[name] = forms.CharField(label=label, max_length=300, required=a.required)

    def attributes(self) -> dict[str, Any]:
        return {
            code: self.cleaned_data.get(name) or ""
            for name, code in self.attribute_codes
            if self.cleaned_data.get(name)
        }


class OrderForm(forms.Form):
    package: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Paket e-Purchasing"), queryset=None)  # type: ignore[arg-type]
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1)
    delivery_address = forms.CharField(label=_("Alamat pengiriman"), max_length=300)
    split_reason = forms.CharField(
        label=_("Alasan melanjutkan (jika ada peringatan pemecahan pembelian)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Diisi bila pesanan ini bersama pesanan satuan kerja Anda yang lain ke penyedia dan etalase yang sama "
            "dalam waktu singkat melebihi batas yang wajib Tender."
        ),
    )

    def __init__(self, *args: Any, packages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = packages  # type: ignore[attr-defined]


class PurchaseOrderForm(forms.Form):
    number = forms.CharField(label=_("Nomor surat pesanan"), max_length=100)
    issued_on = forms.DateField(
        label=_("Tanggal surat pesanan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deliver_by = forms.DateField(
        label=_("Batas waktu pengiriman"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk tanggal surat ditambah waktu pengiriman produk."),
    )


class CounterForm(forms.Form):
    """A negotiation proposal: the unit price (at most the listed one), quantity, delivery time, terms and the
    deadline for the other side's answer."""

    unit_price = forms.DecimalField(label=_("Harga satuan yang diusulkan"), min_value=1, decimal_places=2)
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1)
    delivery_days = forms.IntegerField(
        label=_("Waktu pengiriman (hari)"), min_value=1, max_value=365, required=False
    )
    terms = forms.CharField(
        label=_("Syarat tambahan (ongkos kirim, instalasi, garansi)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    respond_by = forms.DateTimeField(
        label=_("Batas jawaban pihak lain"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class NegotiationForm(OrderForm, CounterForm):
    """The PPK opens a negotiation: the package and delivery address of an order, and the first proposal."""

    field_order = [
        "package",
        "unit_price",
        "quantity",
        "delivery_days",
        "terms",
        "respond_by",
        "delivery_address",
        "split_reason",
    ]


class CompetitionForm(forms.Form):
    """The PPK's mini-competition request in one etalase: the package, the providers invited (those listing in
    the etalase today), the specification, quantity, delivery address and the quotation deadline."""

    package: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Paket e-Purchasing"), queryset=None)  # type: ignore[arg-type]
    providers = forms.MultipleChoiceField(
        label=_("Penyedia yang diundang"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    specification = forms.CharField(
        label=_("Spesifikasi yang diminta"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1)
    delivery_address = forms.CharField(label=_("Alamat pengiriman"), max_length=300)
    deadline = forms.DateTimeField(
        label=_("Batas penawaran"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def __init__(self, *args: Any, packages: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = packages  # type: ignore[attr-defined]
        self.fields["providers"].choices = [(p.pk, p.name) for p in providers]  # type: ignore[attr-defined]


class QuotationForm(forms.Form):
    """The invited provider's sealed quotation: one of its listed products in the etalase, unit price, delivery."""

    product: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Produk yang ditawarkan"), queryset=None)  # type: ignore[arg-type]
    unit_price = forms.DecimalField(label=_("Harga satuan yang ditawarkan"), min_value=1, decimal_places=2)
    delivery_days = forms.IntegerField(
        label=_("Waktu pengiriman (hari)"), min_value=1, max_value=365, required=False
    )

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]
