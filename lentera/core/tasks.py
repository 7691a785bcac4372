"""Background work of core (django-tasks): retrying an event's failed subscribers."""

from __future__ import annotations

from django_tasks import task


@task()
def retry_event(event_id: int) -> list[str]:
    """Run the still-pending subscribers of one event again; returns the keys that failed again."""
    from .events import dispatch

    return dispatch(event_id)
