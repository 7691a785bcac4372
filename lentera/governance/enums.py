"""Choices of the governance app: kinds of decree, the functions a decree appoints to, certificate levels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    LPSE_TEAM = "LPSE_TEAM", _("Keputusan Bupati: Tim Pengelolaan LPSE")
    UKPBJ_STAFF = "UKPBJ_STAFF", _("SK penugasan pegawai UKPBJ")
    OTHER = "OTHER", _("SK / surat tugas lain")


class Position(models.TextChoices):
    """The place an appointment gives in the Tim Pengelolaan LPSE (Perbup PPU 2/2021 Pasal 3 ayat (2)-(3)), or
    a plain staff function of the UKPBJ."""

    LPSE_CHAIR = "LPSE_CHAIR", _("Ketua Tim Pengelolaan LPSE")
    LPSE_SECRETARY = "LPSE_SECRETARY", _("Sekretaris merangkap admin sistem")
    LPSE_MEMBER = "LPSE_MEMBER", _("Anggota bidang Tim Pengelolaan LPSE")
    LPSE_SECRETARIAT = "LPSE_SECRETARIAT", _("Sekretariat Tim Pengelolaan LPSE")
    STAFF = "STAFF", _("Pegawai UKPBJ (fungsi/peran)")


class LpseField(models.TextChoices):
    """The three fields of the LPSE team (Perbup PPU 2/2021 Pasal 3 ayat (2) huruf c)."""

    SYSTEM = "SYSTEM", _("Administrasi sistem (PPE)")
    REGISTRATION = "REGISTRATION", _("Registrasi dan verifikasi")
    SERVICE = "SERVICE", _("Layanan pengguna (Help Desk) dan pelatihan")


class CertificateLevel(models.TextChoices):
    BASIC = "BASIC", _("Sertifikat keahlian tingkat dasar / level-1 PBJ")
    POKJA = "POKJA", _("Sertifikat kompetensi okupasi Pokja Pemilihan")
    OFFICIAL = "OFFICIAL", _("Sertifikat kompetensi okupasi Pejabat Pengadaan")
    PPK = "PPK", _("Sertifikat kompetensi okupasi PPK")
    FUNCTIONAL = "FUNCTIONAL", _("Sertifikat kompetensi jabatan fungsional Pengelola PBJ")
