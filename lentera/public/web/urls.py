"""The public portal serves the site root. Its own paths are Indonesian words no other app uses
("pengadaan/", "publik/..."), and lentera.urls puts this app last, so other apps' prefixes win. The audit entries page sits beside core's audit head
page (/transparansi/audit/), since it links entries to this app's pages."""

from django.urls import path

from . import feeds, views

PREFIX = ""

urlpatterns = [
    path("", views.home, name="home"),
    path("pengadaan/", views.tender_search, name="tender_search"),
    path("pengadaan/<str:code>/", views.tender_detail, name="tender_detail"),
    path("publik/rup/", views.rup_list, name="rup_list"),
    path("publik/rup/<str:code>/", views.rup_detail, name="rup_detail"),
    path("publik/pemenang/", views.winner_list, name="winners"),
    path("publik/kontrak/", views.contract_list, name="contracts"),
    path("publik/daftar-hitam/", views.blacklist, name="blacklist"),
    path("transparansi/audit/entri/", views.audit_entries, name="audit_entries"),
    path("publik/penyedia/<int:pk>/", views.provider_detail, name="provider"),
    path("publik/indikator-instansi/", views.buyer_indicators, name="buyer_indicators"),
    path("publik/monitoring/", views.monitoring, name="monitoring"),
    path("publik/monitoring/unduh.csv", views.monitoring_csv, name="monitoring_csv"),
    path("publik/pengumuman-layanan/", views.notice_list, name="notices"),
    path("publik/pengumuman-layanan/atom/", feeds.notice_feed, name="notices_atom"),
    path("publik/pengumuman-layanan/kelola/", views.notice_manage, name="notice_manage"),
    path("publik/pengumuman-layanan/baru/", views.notice_create, name="notice_create"),
    path("publik/pengumuman-layanan/<int:pk>/ubah/", views.notice_edit, name="notice_edit"),
    path("publik/pengumuman-layanan/<int:pk>/tarik/", views.notice_withdraw, name="notice_withdraw"),
]
