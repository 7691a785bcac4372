from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import Category, Channel, LkppBasis, Priority, Tier


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (the services check each one's content and size)."""

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


def attachments_field() -> forms.FileField:
    return MultipleFileField(
        label=_("Lampiran (PDF, JPEG atau PNG; paling banyak 3, masing-masing 5 MB)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class TicketForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 6}))
    tender = forms.IntegerField(
        label=_("Nomor tender terkait (opsional)"),
        required=False,
        min_value=1,
        help_text=_("Isi bila pertanyaan menyangkut satu tender."),
    )
    attachments = attachments_field()

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            self.fields["reporter_name"] = forms.CharField(label=_("Nama"), max_length=150)
            self.fields["reporter_email"] = forms.EmailField(label=_("Email"))


class OfficerTicketForm(TicketForm):
    channel = forms.ChoiceField(
        label=_("Saluran"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.VISIT, Channel.VISIT.label)],
    )
    priority = forms.ChoiceField(label=_("Prioritas"), choices=Priority.choices, initial=Priority.NORMAL)
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=150)
    reporter_email = forms.EmailField(label=_("Email pelapor"), required=False)
    reporter_phone = forms.CharField(label=_("Telepon pelapor"), max_length=32, required=False)
    reporter_user_id = forms.CharField(
        label=_("User ID pelapor (bila punya akun)"), max_length=150, required=False
    )

    field_order = ["channel", "reporter_name", "reporter_email", "reporter_phone", "reporter_user_id"]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = attachments_field()


class EscalateForm(forms.Form):
    to_tier = forms.ChoiceField(
        label=_("Eskalasi ke"), choices=[(Tier.LPSE, Tier.LPSE.label), (Tier.LKPP, Tier.LKPP.label)]
    )
    reason = forms.CharField(label=_("Alasan eskalasi"), widget=forms.Textarea(attrs={"rows": 2}))
    lkpp_basis = forms.ChoiceField(
        label=_("Dasar penerusan ke LKPP (Lampiran 2.5.3)"),
        choices=[("", "—"), *LkppBasis.choices],
        required=False,
    )
    lkpp_reference = forms.CharField(label=_("Nomor tiket helpdesk LKPP"), max_length=64, required=False)


class FollowUpForm(forms.Form):
    body = forms.CharField(label=_("Tindak lanjut dari LKPP"), widget=forms.Textarea(attrs={"rows": 2}))
    answered = forms.BooleanField(label=_("Ini jawaban akhir LKPP"), required=False)


class ArticleForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    title_id = forms.CharField(label=_("Judul (Bahasa Indonesia)"), max_length=200)
    body_id = forms.CharField(label=_("Isi (Bahasa Indonesia)"), widget=forms.Textarea(attrs={"rows": 8}))
    title_en = forms.CharField(label=_("Judul (Bahasa Inggris, opsional)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Isi (Bahasa Inggris, opsional)"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    published = forms.BooleanField(label=_("Terbitkan (tampil untuk publik)"), required=False)
