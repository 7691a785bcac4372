"""Forms of the contracts pages (the SPPBJ and its answer, the guarantee, the signed contract, its start and
payments, the pencatatan record)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.planning.web.forms import RupiahField

from ..models import Amendment, AwardLetterRefusal, Contract, ForceMajeure, Termination

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


# ------------------------------------------------------------------ the lifecycle (SPPBJ answer, guarantee, start,
# payments); each form posts to its own URL and the page comes back with the result


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=AwardLetterRefusal.Reason.choices)
    explanation = forms.CharField(label=_("Penjelasan"), widget=forms.Textarea(attrs={"rows": 2}))


class ReserveForm(forms.Form):
    number = forms.CharField(label=_("Nomor SPPBJ cadangan"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Alasan penunjukan"), widget=forms.Textarea(attrs={"rows": 2}))


class GuaranteeForm(forms.Form):
    issuer = forms.CharField(label=_("Penerbit jaminan"), max_length=200)
    number = forms.CharField(label=_("Nomor jaminan"), max_length=100)
    amount = RupiahField(label=_("Nilai jaminan (Rp)"), max_digits=18, decimal_places=2)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DATE_INPUT)


class StartForm(forms.Form):
    number = forms.CharField(label=_("Nomor SPMK / Surat Pesanan"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal surat"), widget=DATE_INPUT)
    start_on = forms.DateField(label=_("Mulai kerja"), widget=DATE_INPUT)


class AdvanceForm(forms.Form):
    amount = RupiahField(label=_("Uang muka (Rp)"), max_digits=18, decimal_places=2)
    guarantee_issuer = forms.CharField(label=_("Penerbit jaminan uang muka"), max_length=200)
    guarantee_number = forms.CharField(label=_("Nomor jaminan uang muka"), max_length=100)
    guarantee_amount = RupiahField(label=_("Nilai jaminan uang muka (Rp)"), max_digits=18, decimal_places=2)
    guarantee_valid_until = forms.DateField(label=_("Jaminan berlaku sampai"), widget=DATE_INPUT)
    paid_on = forms.DateField(label=_("Tanggal bayar"), widget=DATE_INPUT)


class InvoiceForm(forms.Form):
    progress_percent = forms.DecimalField(
        label=_("Kemajuan kumulatif (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    amount = RupiahField(label=_("Nilai tagihan (Rp)"), max_digits=18, decimal_places=2)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan / alasan"), required=False, max_length=2000)


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Tanggal bayar"), widget=DATE_INPUT)


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Nomor adendum"), max_length=100)
    kind = forms.ChoiceField(label=_("Jenis perubahan"), choices=Amendment.Kind.choices)
    justification = forms.CharField(label=_("Alasan perubahan"), widget=forms.Textarea(attrs={"rows": 2}))
    signed_on = forms.DateField(label=_("Tanggal adendum"), widget=DATE_INPUT)
    value = RupiahField(label=_("Nilai kontrak baru (Rp)"), max_digits=18, decimal_places=2, required=False)
    end_on = forms.DateField(label=_("Akhir pelaksanaan baru"), widget=DATE_INPUT, required=False)


# ------------------------------------------------------------------ keadaan kahar, lateness, termination


class ForceMajeureForm(forms.Form):
    event = forms.CharField(label=_("Peristiwa keadaan kahar"), widget=forms.Textarea(attrs={"rows": 2}))
    event_from = forms.DateField(label=_("Terjadi sejak"), widget=DATE_INPUT)
    event_until = forms.DateField(label=_("Sampai"), widget=DATE_INPUT)
    effect = forms.ChoiceField(label=_("Akibat"), choices=ForceMajeure.Effect.choices)
    evidence = forms.FileField(label=_("Bukti (PDF, JPEG atau PNG)"))


class WarningForm(forms.Form):
    number = forms.CharField(label=_("Nomor surat teguran"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal surat"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Isi teguran"), widget=forms.Textarea(attrs={"rows": 3}))


class GraceForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=((True, _("Beri kesempatan menyelesaikan")), (False, _("Tidak diberi kesempatan"))),
        coerce=lambda v: v in (True, "True", "true", "1"),
    )
    last_day = forms.DateField(label=_("Batas penyelesaian"), widget=DATE_INPUT, required=False)
    reason = forms.CharField(label=_("Pertimbangan PPK"), widget=forms.Textarea(attrs={"rows": 2}))


class GuaranteeExtendForm(forms.Form):
    valid_until = forms.DateField(label=_("Jaminan berlaku sampai"), widget=DATE_INPUT)
    number = forms.CharField(label=_("Nomor perpanjangan jaminan"), max_length=100, required=False)


class TerminationForm(forms.Form):
    ground = forms.ChoiceField(label=_("Alasan pemutusan"), choices=Termination.Ground.choices)
    explanation = forms.CharField(label=_("Uraian dan bukti"), widget=forms.Textarea(attrs={"rows": 3}))
    terminated_on = forms.DateField(label=_("Tanggal pemutusan"), widget=DATE_INPUT)
