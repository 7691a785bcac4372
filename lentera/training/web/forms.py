"""Forms of the training pages: date and times are entered in WIB and turned into aware datetimes here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.core.calendar import JAKARTA

from .. import selectors
from ..enums import Audience


class SlotForm(forms.Form):
    """A day and two times (WIB)."""

    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Mulai (WIB)"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Selesai (WIB)"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(k) is not None for k in ("day", "start", "end")):
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=JAKARTA)
            data["ends_at"] = dt.datetime.combine(data["day"], data["end"], tzinfo=JAKARTA)
        return data


class CourseForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=32)
    title = forms.CharField(label=_("Judul"), max_length=200)
    audience = forms.ChoiceField(label=_("Peserta sasaran"), choices=Audience.choices)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SessionForm(SlotForm):
    course: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Pelatihan"), queryset=None)  # type: ignore[arg-type]
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=1, max_value=500)
    room: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[arg-type]
        label=_("Ruang pelatihan"), queryset=None, required=False
    )
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    trainer: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[arg-type]
        label=_("Pelatih"), queryset=None, required=False, help_text=_("Kosong: Anda sendiri.")
    )

    field_order = ["course", "day", "start", "end", "capacity", "room", "online_url", "trainer"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = selectors.courses()  # type: ignore[attr-defined]
        self.fields["room"].queryset = selectors.training_rooms()  # type: ignore[attr-defined]
        self.fields["trainer"].queryset = selectors.trainer_queryset()  # type: ignore[attr-defined]


class BookingForm(SlotForm):
    room: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Ruang"), queryset=None)  # type: ignore[arg-type]
    purpose = forms.CharField(label=_("Keperluan"), max_length=200)

    field_order = ["room", "day", "start", "end", "purpose"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = selectors.provider_rooms()  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai (1-5)"), choices=[(i, str(i)) for i in range(1, 6)], coerce=int
    )
    comment = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500)
