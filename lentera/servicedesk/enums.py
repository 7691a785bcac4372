"""The ticket's channels, categories and priorities (issue #16; Perbup PPU 2/2021 Pasal 4 e)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "WEB", _("Formulir web")
    API = "API", _("API")
    PHONE = "PHONE", _("Telepon (dicatat petugas)")
    VISIT = "VISIT", _("Kunjungan langsung (dicatat petugas)")


#: Channels only a helpdesk officer records (a call or a visit at the LPSE's desk).
OFFICER_CHANNELS = frozenset({Channel.PHONE, Channel.VISIT})


class Category(models.TextChoices):
    CONSULTATION = "CONSULTATION", _("Konsultasi pengadaan secara elektronik")
    FEATURE_INFO = "FEATURE_INFO", _("Informasi fitur sistem")
    TECH_APPLICATION = "TECH_APPLICATION", _("Masalah teknis: aplikasi")
    TECH_INFRASTRUCTURE = "TECH_INFRASTRUCTURE", _("Masalah teknis: infrastruktur")
    COMPLAINT = "COMPLAINT", _("Pengaduan atas layanan LPSE")
    ACCOUNT = "ACCOUNT", _("Akun / pendaftaran")
    OTHER = "OTHER", _("Lainnya")


TECHNICAL = frozenset({Category.TECH_APPLICATION, Category.TECH_INFRASTRUCTURE})


class Priority(models.TextChoices):
    LOW = "LOW", _("Rendah")
    NORMAL = "NORMAL", _("Normal")
    HIGH = "HIGH", _("Tinggi")
