"""Forms of the contracts pages (the SPPBJ and its answer, the guarantee, the signed contract, its start and
payments, the pencatatan record)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.planning.web.forms import RupiahField

from .. import rules, selectors
from ..models import (
    Amendment,
    AwardLetterRefusal,
    Contract,
    ContractType,
    ForceMajeure,
    Handover,
    Termination,
)
from ..models.handover import Criterion

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AwardLetterForm(forms.Form):
    number = forms.CharField(label=_("Nomor SPPBJ"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal"), widget=DATE_INPUT)


#: rows of the split per fiscal year on the forms (a multi-year contract rarely spans more)
YEAR_ROWS = 5


class TermsForm(forms.Form):
    """The contract's type and, for a multi-year contract, its value per fiscal year (YEAR_ROWS rows; empty
    rows are left out). ``cleaned_data`` is the terms service's arguments: contract_type, multi_year, years."""

    contract_type = forms.ChoiceField(label=_("Jenis kontrak"), choices=ContractType.choices)
    multi_year = forms.BooleanField(label=_("Kontrak tahun jamak"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, YEAR_ROWS + 1):
            self.fields[f"year_{i}"] = forms.IntegerField(
                label=_("Tahun anggaran %(i)s") % {"i": i}, required=False, min_value=2000, max_value=2100
            )
            self.fields[f"amount_{i}"] = RupiahField(
                label=_("Nilai tahun anggaran %(i)s (Rp)") % {"i": i},
                max_digits=18,
                decimal_places=2,
                required=False,
            )

    def clean(self):
        d = super().clean() or {}
        years = []
        for i in range(1, YEAR_ROWS + 1):
            year, amount = d.pop(f"year_{i}", None), d.pop(f"amount_{i}", None)
            if year is None and amount is None:
                continue
            if year is None or amount is None:
                raise forms.ValidationError(_("Isi tahun dan nilainya pada baris %(i)s.") % {"i": i})
            years.append((year, amount))
        d["years"] = years
        return d


class ContractForm(TermsForm):
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


class SignedScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Pindaian kontrak yang ditandatangani (PDF, paling besar 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


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


class WithdrawForm(RefuseForm):
    """The provider withdraws after accepting the SPPBJ: the same reason and explanation as a refusal."""


class NoAnswerForm(forms.Form):
    """The PPK records that the answer period passed: nothing to fill in."""


class SanctionForm(forms.Form):
    propose = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=(("1", _("Usulkan sanksi daftar hitam")), ("0", _("Tidak mengusulkan sanksi"))),
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 2}))


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


# ------------------------------------------------------------------ handover, rating, goods data


class HandoverForm(forms.Form):
    number = forms.CharField(label=_("Nomor berita acara"), max_length=100)
    handed_on = forms.DateField(label=_("Tanggal serah terima"), widget=DATE_INPUT)
    inspectors = forms.CharField(label=_("Pemeriksa (PPHP / tim pemeriksa)"), max_length=300)
    inspected_on = forms.DateField(label=_("Tanggal pemeriksaan"), widget=DATE_INPUT)
    result = forms.ChoiceField(label=_("Hasil pemeriksaan"), choices=Handover.Result.choices)
    defects = forms.CharField(
        label=_("Daftar kekurangan / cacat"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhoForm(HandoverForm):
    maintenance_days = forms.IntegerField(label=_("Masa pemeliharaan (hari)"), min_value=1, max_value=3650)
    permanent = forms.BooleanField(label=_("Bangunan permanen"), required=False, initial=True)


#: the labels of the rating criteria of rules.RATING_SCALES
CRITERIA_LABELS = dict(Criterion.choices)


class RatingForm(forms.Form):
    """One score per criterion of the scale in force (built from the rule data), and the comments."""

    comments = forms.CharField(label=_("Catatan penilaian"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria: tuple[str, ...] = (), lowest: int = 1, highest: int = 4, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in range(lowest, highest + 1)]
        for name in criteria:
            self.fields[f"score_{name}"] = forms.TypedChoiceField(
                label=CRITERIA_LABELS.get(name, name), choices=choices, coerce=int
            )
        self.order_fields([f"score_{name}" for name in criteria] + ["comments"])

    @staticmethod
    def service_kwargs(d: dict) -> dict:
        """The rating service's arguments from the cleaned data: the scores by criterion, the comments."""
        scores = {k.removeprefix("score_"): v for k, v in d.items() if k.startswith("score_")}
        return {"scores": scores, "comments": d["comments"]}


class RespondForm(forms.Form):
    response = forms.CharField(label=_("Tanggapan penyedia"), widget=forms.Textarea(attrs={"rows": 3}))


class DeliveryForm(forms.Form):
    name = forms.CharField(label=_("Nama barang"), max_length=300)
    quantity = forms.DecimalField(label=_("Jumlah"), max_digits=14, decimal_places=3, min_value=0)
    unit = forms.CharField(label=_("Satuan"), max_length=40)
    unit_price = RupiahField(label=_("Harga satuan (Rp)"), max_digits=18, decimal_places=2)
    delivered_on = forms.DateField(label=_("Tanggal pengiriman"), widget=DATE_INPUT)


def rating_form(data=None) -> RatingForm:
    """The rating form for the scale in force today (database clock)."""
    scale = rules.rating_scale(selectors.today_local())
    return RatingForm(
        data, criteria=scale.criteria, lowest=scale.lowest, highest=scale.highest, auto_id="rate-%s"
    )


def handover_forms(contract: Contract) -> dict[str, forms.Form]:
    """The forms of the contract page's handover section: the next handover (PHO asks for the maintenance
    period, at least the rule's minimum), the rating, the response, a delivered item."""
    stage = selectors.next_stage(contract)
    if stage == rules.STAGE_PHO:
        minimum = rules.minimum_maintenance_days(permanent=True, on=contract.signed_on)
        handover: forms.Form = PhoForm(auto_id="handover-%s", initial={"maintenance_days": minimum})
    else:
        handover = HandoverForm(auto_id="handover-%s")
    return {
        "handover_form": handover,
        "rating_form": rating_form(),
        "respond_form": RespondForm(auto_id="respond-%s"),
        "delivery_form": DeliveryForm(auto_id="delivery-%s"),
    }


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
