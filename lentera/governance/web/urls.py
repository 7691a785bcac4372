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
    path("kematangan/<int:pk>/sasaran/", maturity.target_set, name="target_set"),
    path("kematangan/<int:pk>/tindakan/", maturity.action_add, name="action_add"),
    path("kematangan/tindakan/<int:pk>/selesai/", maturity.action_done, name="action_done"),
    path("kematangan/<int:pk>/sampaikan/", maturity.assessment_submit, name="assessment_submit"),
]
