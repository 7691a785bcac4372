"""Forms of the tendering pages: parsing only; every rule is in the services."""

from __future__ import annotations

import datetime as dt
from typing import overload

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.core.calendar import JAKARTA

from ..enums import Envelope, EvaluationMethod, Qualification, Stage
from ..models import FollowUp

DT_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime typed in WIB (datetime-local has no zone) as an aware datetime."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=JAKARTA)
    return value


def local_input(value: dt.datetime | None) -> str:
    return value.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M") if value else ""


class TenderCreateForm(forms.Form):
    title = forms.CharField(label=_("Nama tender"), max_length=300, required=False)
    qualification = forms.ChoiceField(
        label=_("Metode kualifikasi"), choices=Qualification.choices, initial=Qualification.POST
    )
    envelope = forms.ChoiceField(
        label=_("Metode penyampaian dokumen"), choices=Envelope.choices, initial=Envelope.ONE_FILE
    )
    evaluation_method = forms.ChoiceField(label=_("Metode evaluasi"), choices=EvaluationMethod.choices)
    technical_weight = forms.DecimalField(
        label=_("Bobot teknis (%)"), required=False, max_digits=5, decimal_places=2
    )
    price_weight = forms.DecimalField(
        label=_("Bobot harga (%)"), required=False, max_digits=5, decimal_places=2
    )
    passing_technical_score = forms.DecimalField(
        label=_("Ambang batas nilai teknis"), required=False, max_digits=5, decimal_places=2
    )
    economic_life_years = forms.IntegerField(
        label=_("Umur ekonomis (tahun)"), required=False, min_value=1, max_value=100
    )
    reverse_auction = forms.BooleanField(label=_("Gunakan e-reverse auction"), required=False)
    invited_provider_npwp = forms.CharField(
        label=_("NPWP penyedia yang ditunjuk (Penunjukan Langsung)"), required=False, max_length=16
    )
    invitation_reason = forms.CharField(
        label=_("Alasan penunjukan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScheduleForm(forms.Form):
    """One start/end pair per stage of the method, plus a reason when the schedule is already published."""

    reason = forms.CharField(
        label=_("Alasan perubahan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, stages: tuple[str, ...], initial_windows: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = stages
        initial_windows = initial_windows or {}
        for stage in stages:
            start, end = initial_windows.get(stage, (None, None))
            label = Stage(stage).label
            self.fields[f"{stage}__start"] = forms.DateTimeField(
                label=_("%(stage)s mulai") % {"stage": label},
                widget=DT_INPUT,
                initial=local_input(start),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )
            self.fields[f"{stage}__end"] = forms.DateTimeField(
                label=_("%(stage)s selesai") % {"stage": label},
                widget=DT_INPUT,
                initial=local_input(end),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )

    def windows(self) -> dict[str, tuple[dt.datetime, dt.datetime]]:
        return {
            s: (aware(self.cleaned_data[f"{s}__start"]), aware(self.cleaned_data[f"{s}__end"]))
            for s in self.stages
        }

    def rows(self):
        return [(Stage(s).label, self[f"{s}__start"], self[f"{s}__end"]) for s in self.stages]


class ExtendForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahapan"), choices=Stage.choices)
    new_ends_at = forms.DateTimeField(
        label=_("Akhir baru (WIB)"), widget=DT_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    reason = forms.CharField(
        label=_("Alasan (gangguan yang terjadi)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    outage_reference = forms.CharField(label=_("Rujukan laporan gangguan"), required=False, max_length=100)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas"))
    reason = forms.CharField(
        label=_("Alasan adendum"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(forms.Form):
    section = forms.CharField(label=_("Bagian dokumen"), max_length=200, required=False)
    text = forms.CharField(label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 3}))


TRI = [("", _("belum dinilai")), ("1", _("Lulus")), ("0", _("Tidak lulus"))]


class MemberEvaluationForm(forms.Form):
    administrative_pass = forms.ChoiceField(label=_("Administrasi"), choices=TRI, required=False)
    administrative_note = forms.CharField(label=_("Alasan administrasi"), required=False)
    qualification_pass = forms.ChoiceField(label=_("Kualifikasi"), choices=TRI, required=False)
    qualification_note = forms.CharField(label=_("Alasan kualifikasi"), required=False)
    technical_pass = forms.ChoiceField(label=_("Teknis"), choices=TRI, required=False)
    technical_note = forms.CharField(label=_("Alasan teknis"), required=False)
    technical_score = forms.DecimalField(
        label=_("Nilai teknis (0-100)"), required=False, max_digits=5, decimal_places=2
    )
    price_reasonable = forms.ChoiceField(label=_("Kewajaran harga"), choices=TRI, required=False)
    price_note = forms.CharField(label=_("Alasan harga"), required=False)

    @staticmethod
    def _tri(value: str):
        return None if value in (None, "") else value == "1"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "administrative_pass": self._tri(d["administrative_pass"]),
            "qualification_pass": self._tri(d["qualification_pass"]),
            "technical_pass": self._tri(d["technical_pass"]),
            "technical_score": d["technical_score"],
            "price_reasonable": self._tri(d["price_reasonable"]),
            "notes": {
                "administrative": d["administrative_note"],
                "qualification": d["qualification_note"],
                "technical": d["technical_note"],
                "price": d["price_note"],
            },
        }


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Ringkasan / catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProofForm(forms.Form):
    provider = forms.IntegerField(widget=forms.HiddenInput)
    held_at = forms.DateTimeField(
        label=_("Waktu pembuktian (WIB)"), widget=DT_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    attendees = forms.CharField(label=_("Yang hadir"))
    passed = forms.BooleanField(label=_("Lulus"), required=False)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))


class AuctionStartForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Putaran mulai (WIB)"), widget=DT_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Putaran selesai (WIB)"), widget=DT_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    rounds = forms.IntegerField(label=_("Jumlah putaran"), min_value=1, max_value=5, initial=1)
    reason = forms.CharField(label=_("Dasar"), required=False, max_length=200)


class PriceForm(forms.Form):
    price = forms.DecimalField(label=_("Harga (Rp)"), max_digits=18, decimal_places=2, min_value=0)


class NegotiationForm(forms.Form):
    technical_notes = forms.CharField(
        label=_("Hasil klarifikasi teknis"), widget=forms.Textarea(attrs={"rows": 2})
    )
    agreed_price = forms.DecimalField(label=_("Harga hasil negosiasi (Rp)"), max_digits=18, decimal_places=2)


class InviteForm(forms.Form):
    npwp = forms.CharField(label=_("NPWP penyedia"), max_length=16)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Isi sanggahan"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Lampiran"), required=False)


class DecisionAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 3}))
    justified = forms.BooleanField(label=_("Sanggahan benar"), required=False)
    follow_up = forms.ChoiceField(
        label=_("Tindak lanjut bila benar"),
        choices=[
            ("", "-"),
            (FollowUp.REEVALUATION, FollowUp.REEVALUATION.label),
            (FollowUp.RETENDER, FollowUp.RETENDER.label),
        ],
        required=False,
    )


class AppealForm(forms.Form):
    text = forms.CharField(label=_("Isi sanggah banding"), widget=forms.Textarea(attrs={"rows": 4}))
    guarantee_amount = forms.DecimalField(label=_("Nilai jaminan (Rp)"), max_digits=18, decimal_places=2)
    guarantee_number = forms.CharField(label=_("Nomor jaminan"), max_length=100)
    guarantee_issuer = forms.CharField(label=_("Penerbit jaminan"), max_length=200)
    guarantee_valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DATE_INPUT)
