from django.urls import path

from . import views

PREFIX = "tata-kelola/"

urlpatterns = [
    path("sk/", views.decree_list, name="decree_list"),
    path("sk/baru/", views.decree_create, name="decree_create"),
    path("sk/<int:pk>/", views.decree_detail, name="decree_detail"),
    path("sk/<int:pk>/pindaian/", views.decree_scan, name="decree_scan"),
    path("sk/<int:pk>/penunjukan/", views.appointment_add, name="appointment_add"),
    path("sk/<int:pk>/cabut/", views.decree_revoke, name="decree_revoke"),
    path("sk/struktur/", views.org_chart, name="org_chart"),
    path("sertifikat/", views.certificate_list, name="certificate_list"),
    path("sertifikat/baru/", views.certificate_create, name="certificate_create"),
]

from . import maturity  # noqa: E402

urlpatterns += [
    path("kematangan/", maturity.assessment_list, name="assessment_list"),
    path("kematangan/baru/", maturity.assessment_start, name="assessment_start"),
    path("kematangan/<int:pk>/", maturity.assessment_detail, name="assessment_detail"),
    path("kematangan/<int:pk>/variabel/<int:variable_id>/", maturity.answer_save, name="answer_save"),
    path(
        "kematangan/<int:pk>/variabel/<int:variable_id>/bukti/",
        maturity.answer_evidence,
        name="answer_evidence",
    ),
    path("kematangan/<int:pk>/sasaran/", maturity.roadmap_target, name="roadmap_target"),
    path("kematangan/<int:pk>/tindakan/", maturity.action_add, name="action_add"),
    path("kematangan/tindakan/<int:pk>/selesai/", maturity.action_done, name="action_done"),
    path("kematangan/<int:pk>/sampaikan/", maturity.assessment_submit, name="assessment_submit"),
]

from . import sops  # noqa: E402

urlpatterns += [
    path("sop/", sops.sop_list, name="sop_list"),
    path("sop/baru/", sops.sop_create, name="sop_create"),
    path("sop/<int:pk>/", sops.sop_detail, name="sop_detail"),
    path("sop/<int:pk>/versi/", sops.version_draft, name="sop_version_draft"),
    path("sop/versi/<int:pk>/tetapkan/", sops.version_approve, name="sop_version_approve"),
    path("sop/versi/<int:pk>/terbitkan/", sops.version_publish, name="sop_version_publish"),
    path("sop/versi/<int:pk>/baca/", sops.acknowledge, name="sop_acknowledge"),
    path("sop/versi/<int:pk>/berkas/", sops.version_file, name="sop_version_file"),
    path("sop/publik/", sops.sop_public, name="sop_public"),
    path("sop/publik/<int:pk>/berkas/", sops.sop_public_file, name="sop_public_file"),
]

from . import standards  # noqa: E402

urlpatterns += [
    path("standar/", standards.standard_register, name="standard_register"),
    path("standar/<int:number>/", standards.standard_detail, name="standard_detail"),
    path("standar/<int:number>/ubah/", standards.standard_update, name="standard_update"),
    path("standar/<int:number>/bukti/", standards.evidence_add, name="standard_evidence_add"),
    path("standar/bukti/<int:pk>/", standards.evidence_file, name="standard_evidence_file"),
    path("standar/penilaian/baru/", standards.review_start, name="review_start"),
    path("standar/penilaian/<int:pk>/", standards.review_detail, name="review_detail"),
    path("standar/penilaian/<int:pk>/nilai/", standards.review_rate, name="review_rate"),
    path("standar/penilaian/<int:pk>/selesai/", standards.review_complete, name="review_complete"),
]
urlpatterns += [
    path("standar/risiko/", standards.risk_register, name="risk_register"),
    path("standar/risiko/baru/", standards.risk_create, name="risk_create"),
]

from . import programme  # noqa: E402

urlpatterns += [
    path("program-kerja/", programme.programme_list, name="programme_list"),
    path("program-kerja/baru/", programme.programme_create, name="programme_create"),
    path("program-kerja/<int:pk>/", programme.programme_detail, name="programme_detail"),
    path("program-kerja/<int:pk>/kegiatan/", programme.activity_add, name="activity_add"),
    path("program-kerja/<int:pk>/realisasi/", programme.realisation_add, name="realisation_add"),
    path("program-kerja/<int:pk>/laporan.pdf", programme.programme_report_pdf, name="programme_report_pdf"),
]

from . import ethics  # noqa: E402

urlpatterns += [
    path("kode-etik/", ethics.ethics_code, name="ethics_code"),
    path("kode-etik/baru/", ethics.code_publish, name="ethics_code_publish"),
    path("kode-etik/<int:pk>/pakta/", ethics.pact_sign, name="ethics_pact_sign"),
    path("kode-etik/pengaduan/", ethics.case_report, name="ethics_case_report"),
    path("kode-etik/kasus/", ethics.case_list, name="ethics_case_list"),
    path("kode-etik/kasus/<int:pk>/", ethics.case_detail, name="ethics_case_detail"),
    path("kode-etik/kasus/<int:pk>/periksa/", ethics.case_examine, name="ethics_case_examine"),
    path("kode-etik/kasus/<int:pk>/hentikan/", ethics.case_dismiss, name="ethics_case_dismiss"),
    path("kode-etik/kasus/<int:pk>/putus/", ethics.case_decide, name="ethics_case_decide"),
    path("kode-etik/kasus/<int:pk>/sidang/", ethics.case_hearing, name="ethics_case_hearing"),
    path("kode-etik/kasus/<int:pk>/banding/", ethics.case_appeal, name="ethics_case_appeal"),
    path(
        "kode-etik/kasus/<int:pk>/putus-banding/", ethics.case_decide_appeal, name="ethics_case_decide_appeal"
    ),
    path("kode-etik/pengaduan-publik/", ethics.public_report, name="ethics_public_report"),
]

from . import exports  # noqa: E402

urlpatterns += [
    path("sk/unduh.xlsx", exports.decree_list_xlsx, name="decree_list_xlsx"),
    path("sertifikat/unduh.xlsx", exports.certificate_list_xlsx, name="certificate_list_xlsx"),
    path("program-kerja/<int:pk>/laporan.xlsx", exports.programme_report_xlsx, name="programme_report_xlsx"),
    path("standar/unduh.xlsx", exports.standard_register_xlsx, name="standard_register_xlsx"),
    path("standar/risiko/unduh.xlsx", exports.risk_register_xlsx, name="risk_register_xlsx"),
]

from . import itsm  # noqa: E402

urlpatterns += [
    path("standar/aset/", itsm.asset_register, name="asset_register"),
    path("standar/aset/baru/", itsm.asset_create, name="asset_create"),
    path("standar/perubahan/", itsm.change_list, name="change_list"),
    path("standar/perubahan/baru/", itsm.change_create, name="change_create"),
    path("standar/perubahan/<int:pk>/", itsm.change_detail, name="change_detail"),
    path("standar/perubahan/<int:pk>/tindakan/", itsm.change_act, name="change_act"),
    path("standar/kapasitas/", itsm.capacity_log, name="capacity_log"),
    path("standar/kapasitas/baru/", itsm.capacity_create, name="capacity_create"),
    path("standar/itsm/unduh.xlsx", itsm.itsm_xlsx, name="itsm_xlsx"),
]
