"""NIK and NPWP, validated with python-stdnum (never by hand-written rules)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from .errors import ProvidersError


def clean_nik(value: str) -> str:
    """A valid NIK (16 digits: region, birth date, serial) in compact form, or ProvidersError."""
    value = (value or "").strip()
    if not value:
        raise ProvidersError("NIK_REQUIRED", _("NIK wajib diisi."))
    try:
        return stdnum_nik.validate(value)
    except InvalidLength:
        raise ProvidersError("NIK_LENGTH", _("NIK harus 16 digit angka."))
    except InvalidFormat:
        raise ProvidersError("NIK_FORMAT", _("NIK hanya boleh berisi angka."))
    except (InvalidComponent, ValidationError):
        raise ProvidersError(
            "NIK_INVALID", _("NIK tidak valid: kode wilayah atau tanggal lahir di dalamnya tidak sesuai.")
        )


def clean_npwp(value: str) -> str:
    """A valid NPWP in its canonical form: 16 digits, digits only.

    Both forms are accepted (python-stdnum): the old 15-digit number (check digit over the first 9) and the
    16-digit form in use since 2024 (a NIK for citizens, or the old number with a leading 0). The old number is
    stored with the leading 0, so one taxpayer has one key whichever form was typed (one provider per NPWP).
    """
    value = (value or "").strip()
    if not value:
        raise ProvidersError("NPWP_REQUIRED", _("NPWP wajib diisi."))
    try:
        compact = stdnum_npwp.validate(value)
    except InvalidChecksum:
        raise ProvidersError("NPWP_CHECK_DIGIT", _("NPWP tidak valid: digit pemeriksa tidak cocok."))
    except InvalidLength:
        raise ProvidersError("NPWP_LENGTH", _("NPWP harus 15 atau 16 digit angka."))
    except InvalidFormat:
        raise ProvidersError("NPWP_FORMAT", _("NPWP hanya boleh berisi angka, titik dan strip."))
    except (InvalidComponent, ValidationError):
        raise ProvidersError("NPWP_INVALID", _("NPWP tidak valid."))
    return compact if len(compact) == 16 else "0" + compact


def npwp_display(value: str) -> str:
    """The usual printed form: 99.999.999.9-999.999 for numbers derived from the old format, else 16 digits."""
    if len(value) == 16 and value.startswith("0"):
        return stdnum_npwp.format(value[1:])
    if len(value) == 15:
        return stdnum_npwp.format(value)
    return value
