"""Validation of identity numbers of people."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_nip(value: str) -> None:
    """NIP (Nomor Induk Pegawai) of a civil servant: 18 digits (PP 11/2017 on ASN management; BKN rules).

    Layout: birth date YYYYMMDD, appointment YYYYMM, sex (1 male, 2 female), serial (3 digits).
    python-stdnum has no NIP module, so the layout is checked here.
    """
    if not value.isdigit() or len(value) != 18:
        raise ValidationError(_("NIP harus 18 digit angka."), code="NIP_FORMAT")
    try:
        birth = dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
        appointed_year, appointed_month = int(value[8:12]), int(value[12:14])
    except ValueError:
        raise ValidationError(_("NIP memuat tanggal lahir yang tidak valid."), code="NIP_BIRTH_DATE")
    if not (1 <= appointed_month <= 12) or appointed_year < birth.year + 15:
        raise ValidationError(_("NIP memuat TMT pengangkatan yang tidak valid."), code="NIP_APPOINTMENT")
    if value[14] not in "12":
        raise ValidationError(_("NIP memuat kode jenis kelamin yang tidak valid."), code="NIP_SEX")
