"""Run event subscribers again over stored events: rebuilds projections (open data, the public table)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lentera.core import events


class Command(BaseCommand):
    help = "Replay stored domain events to their subscribers (projections are idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--name", help="only events of this name, e.g. tendering.tender.changed")
        parser.add_argument("--pending", action="store_true", help="only subscribers that have not succeeded")

    def handle(self, *args, name=None, pending=False, **options):
        counts = events.replay(name=name, pending_only=pending, stdout=self.stdout)
        if counts["failed"]:
            self.stderr.write(f"{counts['failed']} subscriber runs failed; see the log")
