"""Enumerations shared by the tendering models, the state machines and other apps (bidding, opendata).

Kept apart from `states.py` so models can import them without importing the transition table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Every stage (tahapan) of every selection method. Which ones a tender uses depends on its method."""

    DRAFT = "DRAFT", _("Persiapan")
    # Tender / Seleksi / Tender Cepat
    ANNOUNCEMENT = "ANNOUNCEMENT", _("Pengumuman")
    DOCUMENT_DOWNLOAD = "DOCUMENT_DOWNLOAD", _("Pendaftaran dan pengunduhan dokumen pemilihan")
    QUALIFICATION_UPLOAD = "QUALIFICATION_UPLOAD", _("Penyampaian dokumen kualifikasi")
    QUALIFICATION_EVALUATION = "QUALIFICATION_EVALUATION", _("Evaluasi kualifikasi")
    SHORTLIST_ANNOUNCEMENT = "SHORTLIST_ANNOUNCEMENT", _("Pengumuman hasil prakualifikasi")
    EXPLANATION = "EXPLANATION", _("Pemberian penjelasan")
    BID_UPLOAD = "BID_UPLOAD", _("Upload dokumen penawaran")
    OPENING = "OPENING", _("Pembukaan dokumen penawaran")
    EVALUATION = "EVALUATION", _("Evaluasi penawaran")
    PRICE_OPENING = "PRICE_OPENING", _("Pembukaan penawaran harga (file II)")
    PRICE_EVALUATION = "PRICE_EVALUATION", _("Evaluasi penawaran harga")
    QUALIFICATION_PROOF = "QUALIFICATION_PROOF", _("Pembuktian kualifikasi")
    WINNER_DECISION = "WINNER_DECISION", _("Penetapan pemenang")
    WINNER_ANNOUNCEMENT = "WINNER_ANNOUNCEMENT", _("Pengumuman pemenang")
    OBJECTION = "OBJECTION", _("Masa sanggah")
    OBJECTION_ANSWER = "OBJECTION_ANSWER", _("Jawaban sanggah")
    APPEAL = "APPEAL", _("Masa sanggah banding")
    APPEAL_ANSWER = "APPEAL_ANSWER", _("Jawaban sanggah banding")
    AWARD_LETTER = "AWARD_LETTER", _("Surat Penunjukan Penyedia Barang/Jasa (SPPBJ)")
    CONTRACT_SIGNING = "CONTRACT_SIGNING", _("Penandatanganan kontrak")
    # Pengadaan Langsung / Penunjukan Langsung
    INVITATION = "INVITATION", _("Undangan")
    OFFER = "OFFER", _("Pemasukan penawaran")
    CLARIFICATION_NEGOTIATION = "CLARIFICATION_NEGOTIATION", _("Klarifikasi dan negosiasi teknis dan harga")
    ORDER = "ORDER", _("Penetapan penyedia dan pesanan / kontrak")
    # terminal
    FAILED = "FAILED", _("Gagal")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    COMPLETED = "COMPLETED", _("Selesai")


TERMINAL_STAGES = frozenset({Stage.FAILED, Stage.CANCELLED, Stage.COMPLETED})


class Qualification(models.TextChoices):
    POST = "PASCA", _("Pascakualifikasi")
    PRE = "PRA", _("Prakualifikasi")


class Envelope(models.TextChoices):
    ONE_FILE = "ONE_FILE", _("Satu file")
    TWO_FILES = "TWO_FILES", _("Dua file")
    TWO_STAGES = "TWO_STAGES", _("Dua tahap")


class EvaluationMethod(models.TextChoices):
    LOWEST_PRICE = "LOWEST_PRICE", _("Harga terendah")
    MERIT_POINT = "MERIT_POINT", _("Sistem nilai")
    LIFE_CYCLE = "LIFE_CYCLE", _("Penilaian biaya selama umur ekonomis")


class TenderStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    ANNOUNCED = "ANNOUNCED", _("Berlangsung")
    FAILED = "FAILED", _("Gagal")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    COMPLETED = "COMPLETED", _("Selesai")


class OfficialRecordKind(models.TextChoices):
    EXPLANATION = "EXPLANATION", _("Berita Acara Pemberian Penjelasan")
    OPENING = "OPENING", _("Berita Acara Pembukaan Penawaran")
    OPENING_PROBLEM = "OPENING_PROBLEM", _("Berita Acara Penawaran yang Tidak Dapat Dibuka")
    PRICE_OPENING = "PRICE_OPENING", _("Berita Acara Pembukaan Penawaran Harga")
    EVALUATION = "EVALUATION", _("Berita Acara Evaluasi Penawaran")
    REVERSE_AUCTION = "REVERSE_AUCTION", _("Berita Acara E-Reverse Auction")
    QUALIFICATION_PROOF = "QUALIFICATION_PROOF", _("Berita Acara Pembuktian Kualifikasi")
    NEGOTIATION = "NEGOTIATION", _("Berita Acara Klarifikasi dan Negosiasi")
    WINNER_DECISION = "WINNER_DECISION", _("Berita Acara Hasil Pemilihan (BAHP) dan Penetapan Pemenang")
    OBJECTION_ANSWER = "OBJECTION_ANSWER", _("Jawaban Sanggah")
    APPEAL_ANSWER = "APPEAL_ANSWER", _("Jawaban Sanggah Banding")
    FAILURE = "FAILURE", _("Berita Acara Tender Gagal")
    CANCELLATION = "CANCELLATION", _("Berita Acara Pembatalan")
    AWARD_LETTER = "AWARD_LETTER", _("Surat Penunjukan Penyedia Barang/Jasa (SPPBJ)")
    OTHER = "OTHER", _("Berita acara lainnya")
