from django.urls import path

from lentera.core.redirects import moved_permanently

from . import hps_views as hv
from . import package_views as pv
from . import pokja_views as kv
from . import rup_views as rv

PREFIX = "perencanaan/"

urlpatterns = [
    # the public RUP is one page in the public portal; the old addresses answer 301 (query kept)
    path("rup/", moved_permanently("public:rup_list"), name="rup_public"),
    path("rup/<str:code>/", moved_permanently("public:rup_detail"), name="rup_public_detail"),
    path("rup-satker/", rv.rup_manage, name="rup_manage"),
    path("rup-satker/baru/", rv.rup_create, name="rup_create"),
    path("rup-satker/<int:pk>/ubah/", rv.rup_edit, name="rup_edit"),
    path("rup-satker/<int:pk>/batal/", rv.rup_cancel, name="rup_cancel"),
    path("apbd/", rv.apbd_view, name="apbd"),
    path("paket/", pv.package_list, name="package_list"),
    path("paket/baru/", pv.package_create, name="package_create"),
    path("paket/<int:pk>/", pv.package_detail, name="package_detail"),
    path("paket/<int:pk>/ubah/", pv.package_edit, name="package_edit"),
    path("paket/<int:pk>/hps/", hv.package_hps, name="package_hps"),
    path("paket/<int:pk>/siap/", pv.package_ready, name="package_ready"),
    path("paket/<int:pk>/draf/", pv.package_reopen, name="package_reopen"),
    path("paket/<int:pk>/batal/", pv.package_cancel, name="package_cancel"),
    path("paket/<int:pk>/pejabat/", pv.package_officials, name="package_officials"),
    path("paket/<int:pk>/ppk/", pv.package_change_ppk, name="package_change_ppk"),
    path("paket/<int:pk>/serahkan/", pv.package_assign, name="package_assign"),
    path("paket/<int:pk>/laporan/", pv.report_submit, name="report_submit"),
    path("paket/<int:pk>/dokumen/<str:which>/", pv.package_document, name="package_document"),
    path("pokja/", kv.pokja_list, name="pokja_list"),
    path("pokja/baru/", kv.pokja_create, name="pokja_create"),
    path("pokja/<int:pk>/", kv.pokja_detail, name="pokja_detail"),
    path("pokja/<int:pk>/anggota/", kv.pokja_members, name="pokja_members"),
    path("pokja/<int:pk>/bubarkan/", kv.pokja_dissolve, name="pokja_dissolve"),
    path("pejabat-pengadaan/", kv.official_request_list, name="official_request_list"),
    path("pejabat-pengadaan/minta/", kv.official_request_create, name="official_request_create"),
    path("pejabat-pengadaan/<int:pk>/tugaskan/", kv.official_request_assign, name="official_request_assign"),
    path("pejabat-pengadaan/<int:pk>/tolak/", kv.official_request_reject, name="official_request_reject"),
    path("laporan/", kv.report_list, name="report_list"),
    path("laporan/<int:pk>/terima/", kv.report_acknowledge, name="report_acknowledge"),
    path("kalender/", kv.calendar_view, name="calendar"),
    path("kalender/<int:pk>/hapus/", kv.calendar_remove, name="calendar_remove"),
]
