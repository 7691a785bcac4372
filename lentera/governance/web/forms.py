from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role
from lentera.planning.web.forms import RupiahField

from ..enums import CertificateLevel, DecreeKind, LpseField, Position

SCAN_ACCEPT = {"accept": "application/pdf,image/jpeg,image/png"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.user_id})"


class DecreeForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Instansi"), queryset=None)
    kind = forms.ChoiceField(label=_("Jenis SK"), choices=DecreeKind.choices)
    number = forms.CharField(label=_("Nomor SK"), max_length=100)
    title = forms.CharField(label=_("Perihal"), max_length=300)
    signed_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Berlaku sampai (kosongkan bila tidak dibatasi)"), required=False, widget=DATE
    )
    scan = forms.FileField(
        label=_("Pindaian SK (PDF, JPEG atau PNG; paling besar 5 MB)"),
        widget=forms.ClearableFileInput(SCAN_ACCEPT),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


STAFF_ROLE_CHOICES = [("", _("— Tanpa peran di Lentera —"))] + [
    (value, label) for value, label in Role.choices if value != Role.PENYEDIA
]


class AppointmentForm(forms.Form):
    person = PersonChoiceField(label=_("Pegawai"), queryset=None)
    position = forms.ChoiceField(label=_("Kedudukan"), choices=Position.choices)
    lpse_field = forms.ChoiceField(
        label=_("Bidang (anggota Tim LPSE)"),
        choices=[("", _("— Tidak ada —")), *LpseField.choices],
        required=False,
    )
    role = forms.ChoiceField(label=_("Peran di Lentera"), choices=STAFF_ROLE_CHOICES, required=False)
    work_unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Satuan kerja (bila perannya di unit tertentu)"), queryset=None, required=False
    )

    def __init__(self, *args, people=None, work_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["work_unit"].queryset = work_units  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500)


class CertificateForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Instansi"), queryset=None)
    person = PersonChoiceField(label=_("Pegawai"), queryset=None)
    level = forms.ChoiceField(label=_("Jenis sertifikat"), choices=CertificateLevel.choices)
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=100)
    issued_on = forms.DateField(label=_("Tanggal terbit"), widget=DATE)
    expires_on = forms.DateField(
        label=_("Berlaku sampai (kosongkan bila tidak dibatasi)"), required=False, widget=DATE
    )
    scan = forms.FileField(
        label=_("Pindaian sertifikat (PDF, JPEG atau PNG; tidak wajib)"),
        required=False,
        widget=forms.ClearableFileInput(SCAN_ACCEPT),
    )

    def __init__(self, *args, agencies=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ maturity (F20)


class AssessmentStartForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Instansi"), queryset=None)
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2000, max_value=2100)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Tingkat"), coerce=int, choices=())
    justification = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_link = forms.CharField(
        label=_("Tautan data di Lentera (mis. /tata-kelola/sertifikat/)"), max_length=300, required=False
    )
    evidence_file = forms.FileField(
        label=_("Dokumen bukti (PDF, dokumen kantor, gambar; paling besar 5 MB)"), required=False
    )

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.rank, f"{lv.rank}. {lv.name}") for lv in levels]  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    variable = forms.TypedChoiceField(label=_("Variabel"), coerce=int, choices=())
    year = forms.IntegerField(label=_("Tahun sasaran"), min_value=2000, max_value=2100)
    level = forms.TypedChoiceField(label=_("Tingkat sasaran"), coerce=int, choices=())

    def __init__(self, *args, variables=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variable"].choices = [(v.pk, f"{v.code} {v.name}") for v in variables]  # type: ignore[attr-defined]
        self.fields["level"].choices = [(lv.rank, f"{lv.rank}. {lv.name}") for lv in levels]  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    variable = forms.TypedChoiceField(label=_("Variabel"), coerce=int, choices=())
    description = forms.CharField(label=_("Tindakan"), max_length=1000)
    owner = PersonChoiceField(label=_("Penanggung jawab"), queryset=None)
    due_on = forms.DateField(label=_("Batas waktu"), widget=DATE)

    def __init__(self, *args, variables=(), people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variable"].choices = [(v.pk, f"{v.code} {v.name}") for v in variables]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ SOP register (F22)


class SopForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Instansi"), queryset=None)
    code = forms.CharField(label=_("Kode SOP"), max_length=40)
    title = forms.CharField(label=_("Judul"), max_length=300)
    item = forms.ChoiceField(label=_("Butir Lampiran 2.5"), choices=())
    carried_by = forms.CharField(
        label=_("Halaman Lentera yang menjalankannya"), max_length=300, required=False
    )

    def __init__(self, *args, agencies=None, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["item"].choices = items  # type: ignore[attr-defined]


class SopDraftForm(forms.Form):
    change_summary = forms.CharField(label=_("Ringkasan perubahan"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(
        label=_("Dokumen SOP (PDF; paling besar 5 MB)"),
        widget=forms.ClearableFileInput({"accept": "application/pdf"}),
    )


class SopApproveForm(forms.Form):
    decree: forms.ModelChoiceField = forms.ModelChoiceField(label=_("SK penetapan"), queryset=None)
    effective_on = forms.DateField(label=_("Berlaku mulai"), widget=DATE)

    def __init__(self, *args, decrees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decree"].queryset = decrees  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ LPSE standards (F18)


class StandardRecordForm(forms.Form):
    sop: forms.ModelChoiceField = forms.ModelChoiceField(label=_("SOP"), queryset=None, required=False)
    coordinator_decree: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("SK koordinator"), queryset=None, required=False
    )
    status = forms.ChoiceField(label=_("Status kepatuhan"), choices=())
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sops=None, decrees=None, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sop"].queryset = sops  # type: ignore[attr-defined]
        self.fields["coordinator_decree"].queryset = decrees  # type: ignore[attr-defined]
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Judul bukti"), max_length=300)
    link = forms.CharField(
        label=_("Tautan register di Lentera (mis. /tata-kelola/sop/)"), max_length=300, required=False
    )
    document = forms.FileField(label=_("Dokumen (paling besar 5 MB)"), required=False)


class ReviewStartForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal penilaian"), widget=DATE)


class RiskForm(forms.Form):
    threat = forms.CharField(label=_("Ancaman"), max_length=300)
    vulnerability = forms.CharField(label=_("Kerentanan"), max_length=300)
    likelihood = forms.IntegerField(label=_("Kemungkinan (1–5)"), min_value=1, max_value=5)
    impact = forms.IntegerField(label=_("Dampak (1–5)"), min_value=1, max_value=5)
    treatment = forms.CharField(label=_("Penanganan"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(label=_("Pemilik risiko"), queryset=None)
    review_on = forms.DateField(label=_("Tanggal tinjauan"), widget=DATE)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ work programme


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Judul program kerja"), max_length=300)
    team_decree: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("SK Tim LPSE"), queryset=None, required=False
    )  # type: ignore[arg-type]

    def __init__(self, *args, decrees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_decree"].queryset = decrees  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Kegiatan"), max_length=300)
    lpse_field = forms.ChoiceField(
        label=_("Bidang"), choices=[("", _("Sekretaris / seluruh tim"))] + LpseField.choices, required=False
    )
    target = forms.CharField(label=_("Sasaran / keluaran"), max_length=300)
    target_quantity = forms.IntegerField(label=_("Target volume"), min_value=1)
    unit = forms.CharField(label=_("Satuan"), max_length=40)
    budget = RupiahField(label=_("Anggaran (Rp)"), min_value=0, max_digits=18, decimal_places=2)
    planned_start = forms.DateField(label=_("Rencana mulai"), widget=DATE)
    planned_end = forms.DateField(label=_("Rencana selesai"), widget=DATE)
    person_in_charge = PersonChoiceField(label=_("Penanggung jawab"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_in_charge"].queryset = people  # type: ignore[attr-defined]


class RealisationForm(forms.Form):
    activity: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Kegiatan"), queryset=None)  # type: ignore[arg-type]
    realised_on = forms.DateField(label=_("Tanggal pelaksanaan"), widget=DATE)
    quantity = forms.IntegerField(label=_("Volume tercapai"), min_value=0)
    spent = RupiahField(label=_("Realisasi anggaran (Rp)"), min_value=0, max_digits=18, decimal_places=2)
    note = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class ReportPeriodForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), widget=DATE)
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=DATE)


# ------------------------------------------------------------------------------------ code of ethics


class EthicsCodeForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=300)
    body = forms.CharField(
        label=_("Isi kode etik (kewajiban dan larangan)"), widget=forms.Textarea(attrs={"rows": 8})
    )
    effective_on = forms.DateField(label=_("Berlaku mulai"), widget=DATE)


class CaseReportForm(forms.Form):
    subject = PersonChoiceField(label=_("Pegawai terlapor"), queryset=None)
    allegation = forms.CharField(
        label=_("Uraian dugaan pelanggaran"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = people  # type: ignore[attr-defined]


class CaseDismissForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Putusan"),
        choices=[("VIOLATION", _("Terbukti melanggar")), ("NO_VIOLATION", _("Tidak terbukti"))],
    )
    reasoning = forms.CharField(label=_("Pertimbangan"), widget=forms.Textarea(attrs={"rows": 3}))
    sanction = forms.CharField(
        label=_("Sanksi (bila terbukti)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
