from django.urls import path

from . import competition, media, negotiation, notices, views

PREFIX = "katalog/"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("produk/<int:pk>/", views.product_page, name="product"),
    path("bandingkan/", views.compare_page, name="compare"),
    path("produk/<int:pk>/berkas/<int:file_id>/", media.product_file, name="product_file"),
    path("ukpbj/etalase/", views.categories, name="categories"),
    path("ukpbj/etalase/<int:pk>/", views.category, name="category"),
    path("ukpbj/permohonan/", views.admissions, name="admissions"),
    path("ukpbj/permohonan/<int:pk>/", views.admission, name="admission"),
    path("ukpbj/permohonan/<int:pk>/dokumen/<int:doc>/", views.admission_document, name="admission_document"),
    path("ukpbj/permohonan/<int:pk>/<str:action>/", views.admission_decide, name="admission_decide"),
    path("ukpbj/kurasi/", views.curation, name="curation"),
    path("ukpbj/kurasi/<int:pk>/<str:action>/", views.curation_decide, name="curation_decide"),
    path("penyedia/etalase/", views.my_admissions, name="my_admissions"),
    path("penyedia/etalase/<int:pk>/ajukan/", views.apply, name="apply"),
    path("penyedia/produk/", views.my_products, name="my_products"),
    path("penyedia/produk/baru/<int:pk>/", views.product_new, name="product_new"),
    path("penyedia/produk/<int:pk>/", views.my_product, name="my_product"),
    path("penyedia/produk/<int:pk>/berkas/", media.my_product_file_add, name="my_product_file_add"),
    path(
        "penyedia/produk/<int:pk>/berkas/<int:file_id>/hapus/",
        media.my_product_file_remove,
        name="my_product_file_remove",
    ),
    path("penyedia/pesanan/", views.provider_orders, name="provider_orders"),
    path(
        "penyedia/pesanan/<int:pk>/<str:action>/", views.provider_order_decide, name="provider_order_decide"
    ),
    path("ppk/pesanan/", views.ppk_orders, name="ppk_orders"),
    path("pesanan/<int:pk>/", views.order_page, name="order"),
    path("ppk/pesan/<int:pk>/", views.order_new, name="order_new"),
    path("ppk/pesanan/<int:pk>/batal/", views.ppk_order_cancel, name="ppk_order_cancel"),
    path("ppk/nego/<int:pk>/", negotiation.negotiation_new, name="negotiation_new"),
    path("pesanan/<int:pk>/nego/<str:action>/", negotiation.negotiation_act, name="negotiation_act"),
    path("ppk/mini-kompetisi/", competition.competitions, name="competitions"),
    path("ppk/mini-kompetisi/baru/<int:pk>/", competition.competition_new, name="competition_new"),
    path("ppk/mini-kompetisi/<int:pk>/", competition.competition, name="competition"),
    path("ppk/mini-kompetisi/<int:pk>/<str:action>/", competition.competition_act, name="competition_act"),
    path("ukpbj/statistik/", notices.statistics, name="statistics"),
    path("pemberitahuan/", notices.notices_page, name="notices"),
    path("pemberitahuan/baca/", notices.notices_read, name="notices_read"),
    path("penyedia/mini-kompetisi/", competition.my_quotations, name="my_quotations"),
    path("penyedia/mini-kompetisi/<int:pk>/", competition.my_quotation, name="my_quotation"),
]
