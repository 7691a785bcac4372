"""Personal API tokens: minted only from an interactive session that passed the second factor.

A token has a name, a scope (``read``: safe GET operations only; ``act``: everything its owner's roles allow),
an expiry (``LENTERA_API_TOKEN_DEFAULT_DAYS``, at most ``LENTERA_API_TOKEN_MAX_DAYS``) and a last-used time
(written at most once per ``LENTERA_API_TOKEN_LAST_USED_EVERY_SECONDS``). Only its SHA-256 is stored.
Minting and revoking are audited.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role, is_two_factor_verified
from lentera.core.roles import Role

from ..errors import AccountsError
from ..models import ApiToken, User
from ..selectors import usable_tokens_of

TOKEN_PREFIX = "ltr"
TOKEN_LIMIT = 20
#: HTTP methods a read-scope token may use: the safe ones, which change nothing (RFC 9110 §9.2.1).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_AUDIT_FIELDS = ("name", "prefix", "scope", "expires_at", "revoked_at")


class Credential(enum.Enum):
    """How the caller of a request proved who they are."""

    SESSION_VERIFIED = "session+2fa"  # password, then the TOTP code, in this browser session
    SESSION = "session"  # password only (no second factor in this session)
    TOKEN = "token"  # a personal API token


def credential_of(request: HttpRequest) -> Credential:
    """The credential behind a web or API request (a bearer token wins over a session cookie)."""
    if getattr(request, "lentera_token", None) is not None:
        return Credential.TOKEN
    if is_two_factor_verified(request):
        return Credential.SESSION_VERIFIED
    return Credential.SESSION


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def default_days() -> int:
    return int(settings.LENTERA_API_TOKEN_DEFAULT_DAYS)


def max_days() -> int:
    return int(settings.LENTERA_API_TOKEN_MAX_DAYS)


@transaction.atomic
def token_create(
    *,
    actor: User,
    name: str,
    credential: Credential,
    scope: str = ApiToken.Scope.READ,
    expires_in_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Mint a personal API token; returns the token and its secret, which is shown only this once.

    Only a person signed in interactively who passed the second factor in this session may mint one: a token
    cannot mint tokens, and a password alone is not enough.

    Cites: Permendagri 53/2021 Lampiran 2.4 a (kerahasiaan dan integritas informasi pengadaan barang/jasa);
           Kebijakan Lentera: a token acts with its owner's roles without a second factor, so only a session that
           passed one may mint it, and never another token.
    """
    if credential is not Credential.SESSION_VERIFIED:
        raise AccountsError(
            "TOKEN_NEEDS_INTERACTIVE_2FA",
            _(
                "Token API hanya dapat dibuat dari sesi login di peramban yang sudah melewati verifikasi "
                "dua langkah, bukan dengan token API."
            ),
            status=403,
        )
    if not name.strip():
        raise AccountsError("TOKEN_NAME_REQUIRED", _("Nama token wajib diisi."))
    if scope not in ApiToken.Scope.values:
        raise AccountsError("TOKEN_SCOPE_INVALID", _("Cakupan token harus 'read' atau 'act'."))
    days = default_days() if expires_in_days is None else expires_in_days
    if not 1 <= days <= max_days():
        raise AccountsError(
            "TOKEN_EXPIRY_INVALID",
            _("Masa berlaku token 1 sampai %(max)s hari."),
            max=max_days(),
        )
    if usable_tokens_of(user=actor).count() >= TOKEN_LIMIT:
        raise AccountsError("TOKEN_LIMIT", _("Paling banyak 20 token aktif per pengguna."))
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip(),
        prefix=prefix,
        token_hash=hash_token(secret),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        actor=actor,
        action="accounts.token.create",
        obj=token,
        after=audit.snapshot(token, TOKEN_AUDIT_FIELDS),
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner or a system administrator. Revoking twice changes nothing."""
    if token.user_id != actor.pk:
        ensure_role(actor, Role.SYSADMIN)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        before = audit.snapshot(token, TOKEN_AUDIT_FIELDS)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="accounts.token.revoke",
            obj=token,
            before=before,
            after=audit.snapshot(token, TOKEN_AUDIT_FIELDS),
        )
    return token


def token_authenticate(secret: str, *, method: str = "GET") -> ApiToken | None:
    """The usable token for a presented secret, for a request with this HTTP method.

    Returns None for a secret that matches no token (the API then answers AUTH_REQUIRED). Raises
    AccountsError (401) for a revoked or expired token, and (403) for a read-scope token on a method that is
    not safe: every API operation goes through here, so the scope is enforced in one place.
    """
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.token_hash, hash_token(secret)):
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        raise AccountsError(
            "TOKEN_REVOKED",
            _("Token API ini sudah dicabut. Buat token baru di halaman Akun > Token API."),
            status=401,
        )
    if token.expires_at <= now:
        raise AccountsError(
            "TOKEN_EXPIRED",
            _("Token API ini sudah kedaluwarsa. Buat token baru di halaman Akun > Token API."),
            status=401,
        )
    if not token.user.can_log_in:
        return None
    if token.scope == ApiToken.Scope.READ and method.upper() not in SAFE_METHODS:
        raise AccountsError(
            "TOKEN_READ_ONLY",
            _("Token API ini hanya untuk membaca (cakupan 'read'); tindakan ini memerlukan token 'act'."),
            status=403,
        )
    every = int(settings.LENTERA_API_TOKEN_LAST_USED_EVERY_SECONDS)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every:
        # A conditional UPDATE: under a burst of requests only the first in each interval writes.
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - dt.timedelta(seconds=every))
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
