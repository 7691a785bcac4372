"""The anonymous reporter's follow-up link: ``/bantuan/ikuti/<token>/`` reads the public part of the ticket and
takes replies. The token is signed with the project's SECRET_KEY (django.core.signing) and carries a random
secret of 32 bytes; the ticket keeps only the secret's SHA-256 (``Ticket.follow_up_hash``), so neither a copy of
the database nor a guess opens a ticket."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "lentera.servicedesk.follow-up"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_link_secret(ticket_pk: int) -> tuple[str, str]:
    """(token for the link, hash to store on the ticket)."""
    secret = secrets.token_urlsafe(32)
    return signing.dumps({"t": ticket_pk, "k": secret}, salt=SALT), _digest(secret)


def ticket_pk_of(token: str) -> tuple[int, str] | None:
    """(ticket pk, secret hash) a well-signed token names; None for a forged or damaged one."""
    try:
        data = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int) or not isinstance(data.get("k"), str):
        return None
    return data["t"], _digest(data["k"])


def matches(stored_hash: str, presented_hash: str) -> bool:
    return bool(stored_hash) and constant_time_compare(stored_hash, presented_hash)
