"""The ticket's channels, categories and priorities (issue #16; Perbup PPU 2/2021 Pasal 4 e)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "WEB", _("Formulir web")
    API = "API", _("API")
    PHONE = "PHONE", _("Telepon (dicatat petugas)")
    VISIT = "VISIT", _("Kunjungan langsung (dicatat petugas)")
    SYSTEM = "SYSTEM", _("Otomatis oleh sistem")


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


class Tier(models.TextChoices):
    """Who holds the ticket (Permendagri 53/2021 Lampiran 2.5.3): the help desk, the head of the LPSE sub-unit
    (with the LPSE's admins), or LKPP once the head of the sub-unit forwards it."""

    HELPDESK = "HELPDESK", _("Helpdesk")
    LPSE = "LPSE", _("Kasubag / Admin LPSE")
    LKPP = "LKPP", _("LKPP")


#: The order of the tiers: an escalation only moves up.
TIER_ORDER = (Tier.HELPDESK, Tier.LPSE, Tier.LKPP)


def tier_above(tier: str, to: str) -> bool:
    """True when ``to`` is a higher tier than ``tier``."""
    return TIER_ORDER.index(Tier(to)) > TIER_ORDER.index(Tier(tier))


class EscalationTrigger(models.TextChoices):
    MANUAL = "MANUAL", _("Eskalasi oleh petugas")
    FIRST_RESPONSE_BREACH = "FIRST_RESPONSE", _("Batas tanggapan pertama terlewati")
    RESOLUTION_BREACH = "RESOLUTION", _("Batas penyelesaian terlewati")


class LkppBasis(models.TextChoices):
    """Why the head of the LPSE sub-unit forwards a technical problem to LKPP (Lampiran 2.5.3 a-b)."""

    UNSOLVED = "UNSOLVED", _("Masalah aplikasi SPSE yang tidak dapat diselesaikan LPSE")
    NOT_COVERED = "NOT_COVERED", _("Masalah yang belum tercakup dalam aplikasi SPSE")


class ArticleStatus(models.TextChoices):
    """A knowledge-base article is written as a draft; only a published one is public (and may be cited)."""

    DRAFT = "DRAFT", _("Draf")
    PUBLISHED = "PUBLISHED", _("Terbit")


class AnswerScope(models.TextChoices):
    """What the desk's answer covered (Permendagri 53/2021 Lampiran 2.3 d angka 7: the help desk answers only
    technical problems of the application and the infrastructure); anything else is out of scope, closed with a
    referral."""

    APPLICATION = "APPLICATION", _("Teknis: aplikasi")
    INFRASTRUCTURE = "INFRASTRUCTURE", _("Teknis: infrastruktur")
    OUT_OF_SCOPE = "OUT_OF_SCOPE", _("Di luar lingkup helpdesk")


class Referral(models.TextChoices):
    """Where an out-of-scope question is referred (Kebijakan Lentera; the list is rule data in rules.py)."""

    LKPP = "LKPP", _("LKPP (kebijakan dan regulasi pengadaan)")
    POKJA = "POKJA", _("Pokja Pemilihan / Pejabat Pengadaan paket terkait")
    PPK = "PPK", _("PPK paket terkait")
    UKPBJ = "UKPBJ", _("Kepala UKPBJ")
    APIP = "APIP", _("APIP / Inspektorat (pengaduan)")
    OTHER = "OTHER", _("Pihak lain (lihat keterangan)")
