"""lentera.core.events: stored with the change, dispatched after the commit, never lost when a subscriber fails."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from lentera.core import events
from lentera.core.models import DomainEvent

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "test.thing.happened"


@pytest.fixture
def calls():
    seen: list[int] = []
    events.subscribe(NAME, lambda event: seen.append(event.pk), key="test.seen")
    yield seen
    events.unsubscribe(NAME, key="test.seen")


def test_subscriber_runs_after_commit_not_before(calls):
    with transaction.atomic():
        event = events.record(NAME, payload={"n": 1})
        assert calls == []
    assert calls == [event.pk]
    event.refresh_from_db()
    assert event.pending == [] and event.dispatched_at is not None


def test_rolled_back_change_tells_nobody(calls):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.record(NAME)
        raise RuntimeError("the service refused")
    assert calls == [] and not DomainEvent.objects.exists()


def test_failing_subscriber_keeps_the_event_pending_and_replay_delivers_it(calls):
    broken = {"on": True}

    def flaky(event):
        if broken["on"]:
            raise ValueError("index down")

    events.subscribe(NAME, flaky, key="test.flaky")
    try:
        with transaction.atomic():
            event = events.record(NAME)
        event.refresh_from_db()
        assert calls == [event.pk]  # the healthy subscriber ran once; retries run only the pending one
        assert event.pending == ["test.flaky"] and "index down" in event.last_error
        assert event.attempts == events.MAX_ATTEMPTS, "retried by the task, then left for events_replay"
        broken["on"] = False
        call_command("events_replay", "--pending")
        event.refresh_from_db()
        assert event.pending == [] and event.dispatched_at is not None
    finally:
        events.unsubscribe(NAME, key="test.flaky")


def test_replay_runs_every_subscriber_again(calls):
    with transaction.atomic():
        event = events.record(NAME)
    assert calls == [event.pk]
    counts = events.replay(name=NAME)
    assert counts == {"events": 1, "failed": 0} and calls == [event.pk, event.pk]
