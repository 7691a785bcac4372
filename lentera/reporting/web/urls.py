from django.urls import path

from . import views

PREFIX = "monitoring/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unduh.<str:fmt>", views.dashboard_download, name="dashboard_download"),
    path("laporan/", views.reports, name="reports"),
    path("laporan/buat/", views.report_create, name="report_create"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("laporan/<int:pk>/status-berkas/", views.report_build, name="report_build"),
    path("laporan/<int:pk>/teks/", views.report_text, name="report_text"),
    path("laporan/<int:pk>/koreksi/", views.report_correct, name="report_correct"),
    path("laporan/<int:pk>/buat-ulang/", views.report_rebuild, name="report_rebuild"),
    path("laporan/<int:pk>/berkas.<str:fmt>", views.report_file, name="report_file"),
    path("laporan/<int:pk>/<str:action>/", views.report_action, name="report_action"),
]
