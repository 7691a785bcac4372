"""Signed links: the sign-up e-mail check, and the applicant's link to continue an application.

Both are signed with the project's SECRET_KEY (django.core.signing) and time-limited; nothing is stored.
An applicant's account stays PENDING (it cannot log in) until the Verifikator approves it, so the applicant
reaches their application through the link sent to the verified e-mail address.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import rules
from .errors import ProvidersError

EMAIL_SALT = "lentera.providers.signup-email"
APPLICANT_SALT = "lentera.providers.applicant"


def make_email_token(email: str) -> str:
    return signing.dumps({"e": email}, salt=EMAIL_SALT)


def read_email_token(token: str) -> str:
    """The e-mail address a sign-up link was sent to; refuses a forged or expired link."""
    try:
        data = signing.loads(token or "", salt=EMAIL_SALT, max_age=rules.email_link_max_age())
    except signing.SignatureExpired:
        raise ProvidersError(
            "EMAIL_LINK_EXPIRED", _("Tautan verifikasi email sudah kedaluwarsa. Minta tautan baru.")
        )
    except signing.BadSignature:
        raise ProvidersError("EMAIL_LINK_INVALID", _("Tautan verifikasi email tidak valid."))
    return data["e"]


def _fingerprint(user) -> str:
    return salted_hmac(APPLICANT_SALT, f"{user.pk}:{user.password}:{user.email}").hexdigest()[:24]


def make_applicant_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=APPLICANT_SALT)


def read_applicant_token(token: str):
    """The pending applicant a continuation link belongs to, or ProvidersError."""
    user_model = get_user_model()
    try:
        data = signing.loads(token or "", salt=APPLICANT_SALT, max_age=rules.applicant_link_max_age())
    except signing.SignatureExpired:
        raise ProvidersError(
            "APPLICANT_LINK_EXPIRED", _("Tautan pendaftaran sudah kedaluwarsa. Minta tautan baru.")
        )
    except signing.BadSignature:
        raise ProvidersError("APPLICANT_LINK_INVALID", _("Tautan pendaftaran tidak valid."))
    user = user_model.objects.filter(pk=data.get("u")).first()
    if user is None or data.get("f") != _fingerprint(user):
        raise ProvidersError("APPLICANT_LINK_INVALID", _("Tautan pendaftaran tidak valid."))
    return user
