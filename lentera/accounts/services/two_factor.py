"""Logging in: the password step and the second factor (TOTP: enrolling a device, checking a code), each audited.

django-otp keeps on the device the time step of the last accepted code (``last_t``) and refuses any code of
that step or earlier, so a code cannot be replayed. A replay is told apart from a wrong code: the person sees
that the code was already used and must wait for the next one.
"""

from __future__ import annotations

import io
import time

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.core import audit

from ..errors import AccountsError
from ..models import User

DEVICE_NAME = "Lentera"


def login_record(*, actor: User) -> None:
    """Audit the password step of a login (the session is opened by django.contrib.auth.login)."""
    audit.record(actor=actor, action="accounts.login", obj=actor, after={"second_factor": "pending"})


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, to scan with an authenticator app (no write)."""
    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode()


@transaction.atomic
def totp_enrolment_device(*, actor: User) -> TOTPDevice:
    """The device a person enrols (scans as a QR code): their pending one, or a new one (audited)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
        audit.record(
            actor=actor, action="accounts.totp.enrol_start", obj=actor, after={"device": device.persistent_id}
        )
    return device


def _was_already_used(device: TOTPDevice, token: str) -> bool:
    """True when `token` is the code of a time step already accepted (at or before ``last_t``)."""
    try:
        value = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return bool(totp.verify(value, device.tolerance)) and totp.t() <= device.last_t


def second_factor_verify(*, actor: User, token: str) -> TOTPDevice:
    """Check a TOTP code of the person's device (confirming it on enrolment); returns the device.

    Refusals (each also audited, and counted by django-otp's throttling): TOTP_THROTTLED after repeated
    failures, TOTP_REUSED for a code already accepted in its 30-second window, TOTP_WRONG otherwise.
    """
    token = token.strip()
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
        enrolling = device is None
        if device is None:
            device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
        if device is None:
            raise AccountsError(
                "TOTP_NO_DEVICE", _("Belum ada perangkat autentikator. Muat ulang halaman ini.")
            )
        allowed, _info = device.verify_is_allowed()
        refusal: AccountsError | None = None
        if not allowed:
            refusal = AccountsError(
                "TOTP_THROTTLED", _("Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."), status=429
            )
        elif not device.verify_token(token):  # saves last_t on success, the throttle count on failure
            if _was_already_used(device, token):
                refusal = AccountsError(
                    "TOTP_REUSED",
                    _(
                        "Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi autentikator (paling lama 30 detik)."
                    ),
                )
            else:
                refusal = AccountsError("TOTP_WRONG", _("Kode salah atau sudah kedaluwarsa. Coba lagi."))
        if refusal is not None:
            audit.record(
                actor=actor,
                action="accounts.login.second_factor_refused",
                obj=actor,
                after={"reason": refusal.code},
            )
        else:
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            audit.record(
                actor=actor, action="accounts.login.second_factor", obj=actor, after={"enrolled": enrolling}
            )
    if refusal is not None:
        raise refusal
    return device
