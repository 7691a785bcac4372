"""Appending to and verifying the hash-chained audit log.

Every write service calls :func:`record` inside its transaction. Appends are serialised (a PostgreSQL
transaction-level advisory lock; SQLite's IMMEDIATE transactions already serialise writers), so that the
sequence number and the previous hash are read and written by one appender at a time and the chain stays valid
under many concurrent writers. Call :func:`record` as the last step of a service, so the lock is held briefly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from . import request_context
from .clock import db_now
from .models import AuditEvent

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x4C4E5452  # "LNTR"


def _normalise(value: Any) -> Any:
    """JSON round trip so the stored value and the hashed value are the same thing."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


#: The fields that name a person (who acted, from where). In the second canonical form they are hashed only
#: through :func:`personal_digest`, salted per event, so a public event can be published without them.
PERSONAL_FIELDS = ("actor_user_id", "actor_label", "client_ip")
CANON_V2 = 2


def canonical_json(body: dict[str, Any]) -> bytes:
    """UTF-8 JSON, keys sorted, no spaces: the bytes hashed (documented in docs/architecture.md)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def personal_digest(event: AuditEvent) -> str:
    """SHA-256 of the event's personal fields and its random salt: commits to who acted and from where
    without revealing it (the salt, kept in the database only, stops guessing IPs and user ids)."""
    body = {name: getattr(event, name) for name in PERSONAL_FIELDS} | {"salt": event.personal_salt}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def canonical_time(at: dt.datetime) -> str:
    """A time as hashed: UTC, ISO-8601 with microseconds."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_body(event: AuditEvent) -> dict[str, Any]:
    """What is hashed for an event. Form 1 (events written before form 2 existed) holds the personal fields
    themselves; form 2 holds ``"v": 2`` and their salted digest as ``"personal"`` instead."""
    body = {
        "seq": event.seq,
        "occurred_at": canonical_time(event.occurred_at),
        "role": event.role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "channel": event.channel,
        "prev_hash": event.prev_hash,
    }
    if event.canon_version == CANON_V2:
        return body | {"v": CANON_V2, "personal": personal_digest(event)}
    return body | {name: getattr(event, name) for name in PERSONAL_FIELDS}


def canonical_bytes(event: AuditEvent) -> bytes:
    """The exact bytes hashed for an event (documented in docs/architecture.md)."""
    return canonical_json(canonical_body(event))


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a model instance, as a JSON-able dict for before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        value = getattr(obj, attname)
        if isinstance(value, models.fields.files.FieldFile):
            value = value.name or None
        out[name] = value
    return _normalise(out)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    role: str | None = None,
    anonymous: bool = False,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction (services use `atomic`).

    ``anonymous``: the event keeps no client address either (an anonymous report must not be traceable to its
    sender through the audit log)."""
    ctx = request_context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = ""
    if actor is not None:
        actor_label = str(getattr(actor, "user_id", "") or getattr(actor, "get_username", lambda: "")())
    with transaction.atomic():
        _lock()
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        event = AuditEvent(
            seq=(last["seq"] + 1) if last else 1,
            occurred_at=db_now(),
            actor_user_id=actor_id,
            actor_label=actor_label[:150],
            role=(role if role is not None else ctx.role) or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=_normalise(before),
            after=_normalise(after),
            client_ip=None if anonymous else ctx.client_ip,
            channel=ctx.channel,
            prev_hash=last["hash"] if last else GENESIS_HASH,
            canon_version=CANON_V2,
            personal_salt=secrets.token_hex(16),
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify_chain() -> VerifyResult:
    """Walk the whole chain; name the first event that was edited, deleted or inserted out of order."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in _events():
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                problem = f"event #{expected_seq} is missing (deleted) before event #{event.seq}"
            else:
                problem = f"event #{event.seq} is out of order (expected #{expected_seq})"
            return VerifyResult(False, checked, prev_hash, expected_seq, problem)
        if event.prev_hash != prev_hash:
            problem = f"event #{event.seq} does not follow the event before it (inserted, or one was removed)"
            return VerifyResult(False, checked, prev_hash, event.seq, problem)
        if compute_hash(event) != event.hash:
            problem = f"event #{event.seq} was edited after it was written ({event.action})"
            return VerifyResult(False, checked, prev_hash, event.seq, problem)
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    return VerifyResult(True, checked, prev_hash)


def head() -> dict[str, Any]:
    """The newest event's sequence number and hash: publish it so anyone can pin the chain."""
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash", "occurred_at").first()
    if not last:
        return {"seq": 0, "hash": GENESIS_HASH, "occurred_at": None}
    return dict(last)
