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
