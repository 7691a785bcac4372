"""Domain events: how a lower app tells higher ones what happened, without importing them.

A service records an event inside its transaction::

    events.record("tendering.tender.announced", obj=tender, actor=actor)

and a higher app subscribes in its ``AppConfig.ready()``::

    events.subscribe("tendering.tender.announced", make_envelopes, key="bidding.envelopes")

Subscribers run after the transaction commits (``transaction.on_commit``), one by one, each in its own
transaction; a rolled-back change tells nobody. Subscribers are projections (open data releases, the public
tender table, envelopes made early for convenience), never business rules: a rule stays in the service that
enforces it. The event row is stored with the change, so a failing subscriber never loses it: it stays
``pending`` for that subscriber, a task retries it, and ``./lentera.sh manage events_replay`` runs the
subscribers again over stored events (projections are idempotent, so a replay rebuilds them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction

from .clock import db_now

log = logging.getLogger(__name__)

#: Automatic retries of a failing subscriber (by task); after that it waits, pending, for ``events_replay``.
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Subscriber:
    key: str
    handler: Callable[[Any], None]


_subscribers: dict[str, list[Subscriber]] = {}


def subscribe(name: str, handler: Callable[[Any], None], *, key: str) -> None:
    """Call ``handler(event)`` after each committed event ``name``; ``key`` names the subscriber (stable, unique
    per event name: it is what ``pending`` and a replay refer to). Subscribing the same key twice is a no-op."""
    subs = _subscribers.setdefault(name, [])
    if all(s.key != key for s in subs):
        subs.append(Subscriber(key, handler))


def unsubscribe(name: str, *, key: str) -> None:
    """Remove a subscriber (tests)."""
    _subscribers[name] = [s for s in _subscribers.get(name, ()) if s.key != key]


def subscribers_of(name: str) -> list[Subscriber]:
    return list(_subscribers.get(name, ()))


def record(
    name: str,
    *,
    obj: models.Model | None = None,
    actor: Any = None,
    payload: dict | None = None,
    immediate: bool = False,
):
    """Store the event with the current transaction and dispatch it to its subscribers after the commit.

    ``immediate`` runs the subscribers now, inside the current transaction (each in a savepoint), for a
    projection of a projection (the public tender table follows each OCDS release) that must commit with it.
    """
    from .models import DomainEvent

    event = DomainEvent.objects.create(
        name=name,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        payload=payload or {},
        actor_user_id=getattr(actor, "pk", None),
        created_at=db_now(),
        pending=[s.key for s in subscribers_of(name)],
    )
    if event.pending and immediate:
        dispatch(event.pk)
    elif event.pending:
        transaction.on_commit(lambda: dispatch(event.pk), robust=True)
    return event


def instance_of(event) -> models.Model | None:
    """The object an event is about, read fresh (None when it no longer exists)."""
    if not event.object_type:
        return None
    model = apps.get_model(event.object_type)
    return model._default_manager.filter(pk=event.object_id).first()


def actor_of(event):
    """The user who caused the event (None for the system or a deleted account)."""
    from django.contrib.auth import get_user_model

    if event.actor_user_id is None:
        return None
    return get_user_model()._default_manager.filter(pk=event.actor_user_id).first()


def dispatch(event_id: int, *, only: set[str] | None = None, replay: bool = False) -> list[str]:
    """Run the event's pending subscribers (or, on a replay, every subscriber in ``only`` or all); returns the
    keys that failed. A failure is logged and kept pending; a retry task is queued for it."""
    from .models import DomainEvent

    event = DomainEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    wanted = set(only) if only else None
    keys = [s.key for s in subscribers_of(event.name)] if replay else list(event.pending)
    failed: list[str] = []
    errors: list[str] = []
    for sub in subscribers_of(event.name):
        if sub.key not in keys or (wanted is not None and sub.key not in wanted):
            continue
        try:
            with transaction.atomic():
                sub.handler(event)
        except Exception as exc:  # noqa: BLE001 - a projection never fails the change it reflects
            log.exception("event %s #%s: subscriber %s failed", event.name, event.pk, sub.key)
            failed.append(sub.key)
            errors.append(f"{sub.key}: {exc!r}"[:500])
    skipped = [k for k in event.pending if wanted is not None and k not in wanted]
    still = list(dict.fromkeys([*failed, *skipped]))
    DomainEvent.objects.filter(pk=event.pk).update(
        pending=still,
        attempts=models.F("attempts") + 1,
        last_error="\n".join(errors),
        dispatched_at=db_now() if not still else None,
    )
    if failed and not replay and event.attempts + 1 < MAX_ATTEMPTS:
        _queue_retry(event.pk)
    return failed


def _queue_retry(event_id: int) -> None:
    from .tasks import retry_event

    try:
        retry_event.enqueue(event_id)
    except Exception:  # noqa: BLE001 - events_replay (and the next retry) still find it
        log.exception("could not queue the retry of event #%s", event_id)


def replay(*, name: str | None = None, pending_only: bool = False, stdout=None) -> dict[str, int]:
    """Run subscribers again over stored events (all, one ``name``, or only those still pending)."""
    from .models import DomainEvent

    counts = {"events": 0, "failed": 0}
    qs = DomainEvent.objects.order_by("pk")
    if name:
        qs = qs.filter(name=name)
    if pending_only:
        qs = qs.exclude(pending=[])
    for event_id in qs.values_list("pk", flat=True).iterator(chunk_size=500):
        counts["events"] += 1
        counts["failed"] += len(dispatch(event_id, replay=not pending_only))
    if stdout is not None:
        stdout.write(f"{counts['events']} events replayed, {counts['failed']} subscriber failures")
    return counts
