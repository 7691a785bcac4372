from django.urls import path

from . import opening, views

PREFIX = "penawaran/"

urlpatterns = [
    path("", views.provider_index, name="index"),
    path("tender/<int:tender_id>/", views.bid_room, name="bid_room"),
    path("tender/<int:tender_id>/kirim/", views.bid_submit, name="bid_submit"),
    path("tender/<int:tender_id>/tarik/", views.bid_withdraw, name="bid_withdraw"),
    path("tanda-terima/<uuid:uid>.json", views.receipt_download, name="receipt"),
    path("kunci-tanda-terima/", views.receipt_key_page, name="receipt_key"),
    path("kunci-tanda-terima.pem", views.receipt_key_pem, name="receipt_key_pem"),
    path("kata-sandi-pembukaan/", opening.opening_key_page, name="opening_key"),
    path("pembukaan/", opening.opening_index, name="opening_index"),
    path("pembukaan/<int:tender_id>/", opening.opening_room, name="opening_room"),
    path(
        "pembukaan/<int:tender_id>/sampul/<str:kind>/", opening.opening_passphrase, name="opening_passphrase"
    ),
    path(
        "pembukaan/<int:tender_id>/berita-acara/<int:session_id>.pdf",
        opening.opening_record,
        name="opening_record",
    ),
    path("berkas/<uuid:uid>/", opening.part_download, name="part_download"),
    path("masalah/<int:pk>/", opening.problem_page, name="problem"),
    path("masalah/<int:pk>/berita-acara.pdf", opening.problem_record, name="problem_record"),
]
