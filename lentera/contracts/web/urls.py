from django.urls import path

from . import closing, documents, handover, lifecycle, terms, views

PREFIX = "kontrak/"

urlpatterns = [
    path("", lifecycle.index, name="index"),
    path("tender/<int:pk>/sppbj/", views.award_letter, name="award_letter"),
    path("tender/<int:pk>/", views.contract, name="contract"),
    path("paket/<int:package_id>/catat/", views.procurement_record, name="record"),
    path("sppbj/<int:pk>/", lifecycle.letter, name="letter"),
    path("sppbj/<int:pk>/terima/", lifecycle.letter_accept, name="letter_accept"),
    path("sppbj/<int:pk>/tolak/", lifecycle.letter_refuse, name="letter_refuse"),
    path("sppbj/<int:pk>/mundur/", lifecycle.letter_withdraw, name="letter_withdraw"),
    path("sppbj/<int:pk>/tidak-dijawab/", lifecycle.letter_no_answer, name="letter_no_answer"),
    path("sppbj/penolakan/<int:pk>/sanksi/", lifecycle.refusal_sanction, name="refusal_sanction"),
    path("sppbj/<int:pk>/cadangan/", lifecycle.letter_reserve, name="letter_reserve"),
    path("sppbj/<int:pk>/jaminan/", lifecycle.guarantee, name="guarantee"),
    path("<int:pk>/", lifecycle.detail, name="detail"),
    path("<int:pk>/mulai/", lifecycle.start, name="start"),
    path("<int:pk>/uang-muka/", lifecycle.advance, name="advance"),
    path("<int:pk>/tagihan/", lifecycle.invoice, name="invoice"),
    path("<int:pk>/adendum/", lifecycle.amend, name="amend"),
    path("<int:pk>/serah-terima/", handover.handover, name="handover"),
    path("<int:pk>/penilaian/", handover.rate, name="rate"),
    path("<int:pk>/penilaian/tanggapan/", handover.rating_respond, name="rating_respond"),
    path("<int:pk>/barang/", handover.delivery, name="delivery"),
    path("penyedia/<int:provider_id>/kinerja/", handover.provider_ratings, name="provider_ratings"),
    path("<int:pk>/keadaan-kahar/", closing.force_majeure, name="force_majeure"),
    path("<int:pk>/teguran/", closing.warn, name="warn"),
    path("<int:pk>/kesempatan/", closing.grace, name="grace"),
    path("<int:pk>/jaminan/", closing.guarantee_extend, name="guarantee_extend"),
    path("<int:pk>/putus/", closing.terminate, name="terminate"),
    path("keadaan-kahar/<int:pk>/bukti/", closing.force_majeure_evidence, name="force_majeure_evidence"),
    path("<int:pk>/pdf/", documents.pdf_create, name="pdf_create"),
    path("pdf/<int:pk>/", documents.pdf_download, name="pdf_download"),
    path("<int:pk>/ketentuan/", terms.terms, name="terms"),
    path("<int:pk>/pindaian/", terms.signed_scan, name="signed_scan"),
    path("dokumen/<int:pk>/", terms.document_download, name="document_download"),
    path("tagihan/<int:pk>/setujui/", lifecycle.invoice_approve, name="invoice_approve"),
    path("tagihan/<int:pk>/tolak/", lifecycle.invoice_reject, name="invoice_reject"),
    path("tagihan/<int:pk>/bayar/", lifecycle.invoice_pay, name="invoice_pay"),
]
