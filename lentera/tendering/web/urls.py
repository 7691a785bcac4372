from django.urls import path

from lentera.core.redirects import moved_permanently

from .views import actions, lifecycle, pages

PREFIX = "tender/"

urlpatterns = [
    path("", moved_permanently("public:tender_search"), name="list"),  # one public search page
    path("kerja/", pages.workspace, name="workspace"),
    path("paket/<int:package_id>/buat/", lifecycle.tender_create, name="create"),
    path("<int:pk>/", pages.tender_detail, name="detail"),
    path("<int:pk>/berita-acara/<int:record_id>/", pages.record_download, name="record_download"),
    path("<int:pk>/dokumen/<int:doc_id>/unduh/", pages.document_download, name="document_download"),
    path("<int:pk>/dokumen/<int:doc_id>/lihat/", pages.document_view_staff, name="document_view"),
    path("<int:pk>/jadwal/", lifecycle.schedule, name="schedule"),
    path("<int:pk>/perpanjang/", lifecycle.stage_extend, name="extend"),
    path("<int:pk>/dokumen/", lifecycle.document_upload, name="document_upload"),
    path("<int:pk>/umumkan/", lifecycle.announce, name="announce"),
    path("<int:pk>/gagal/", lifecycle.fail, name="fail"),
    path("<int:pk>/batal/", lifecycle.cancel, name="cancel"),
    path("<int:pk>/ulang/", lifecycle.retender, name="retender"),
    path("<int:pk>/daftar/", actions.register, name="register"),
    path("<int:pk>/tanya/", actions.ask, name="ask"),
    path("<int:pk>/pertanyaan/<int:question_id>/jawab/", actions.answer, name="answer"),
    path("<int:pk>/ba-penjelasan/", actions.explanation_record, name="explanation_record"),
    path("<int:pk>/undang/", actions.invite, name="invite"),
    path("<int:pk>/penawaran/", actions.direct_offer, name="direct_offer"),
    path("<int:pk>/evaluasi/", actions.evaluation, name="evaluation"),
    path("<int:pk>/evaluasi/<int:offer_id>/", actions.evaluate_offer, name="evaluate_offer"),
    path("<int:pk>/evaluasi/tetapkan/", actions.evaluation_decide, name="evaluation_decide"),
    path("<int:pk>/pembuktian/", actions.qualification_proof, name="qualification_proof"),
    path("<int:pk>/prakualifikasi/", actions.shortlist, name="shortlist"),
    path("<int:pk>/auction/mulai/", actions.auction_start, name="auction_start"),
    path("<int:pk>/auction/tawar/", actions.auction_bid, name="auction_bid"),
    path("<int:pk>/auction/tutup/", actions.auction_close, name="auction_close"),
    path("<int:pk>/negosiasi/<int:offer_id>/", actions.negotiate, name="negotiate"),
    path("<int:pk>/pemenang/tetapkan/", actions.winner_decide, name="winner_decide"),
    path("<int:pk>/pemenang/umumkan/", actions.winner_announce, name="winner_announce"),
    path("<int:pk>/sanggah/", actions.objection_file, name="objection_file"),
    path("<int:pk>/sanggah/<int:objection_id>/jawab/", actions.objection_answer, name="objection_answer"),
    path("<int:pk>/sanggah-banding/", actions.appeal_file, name="appeal_file"),
    path("<int:pk>/sanggah-banding/<int:appeal_id>/jawab/", actions.appeal_answer, name="appeal_answer"),
    path("<int:pk>/evaluasi-ulang/", actions.reevaluate, name="reevaluate"),
]
