"""./lentera.sh backup: one encrypted archive of the database and every stored file (docs/operations.md)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from lentera.core.errors import LenteraError

from ...errors import both_languages


class Command(BaseCommand):
    help = "Back up the database and every stored file into one archive encrypted for the backup public key."

    def add_arguments(self, parser):
        parser.add_argument("--no-retention", action="store_true", help="keep every older archive this time")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the recurring backup task for the task worker (every LENTERA_BACKUP_INTERVAL_HOURS)",
        )

    def handle(self, *args, **options):
        from ... import services, tasks

        if options["schedule"]:
            queued = tasks.schedule_next(delay_hours=0)
            self.stdout.write("backup task queued" if queued else "a backup task is already queued")
            return
        t0 = time.monotonic()
        try:
            run = services.backup_create(actor=None, apply_retention=not options["no_retention"])
        except LenteraError as exc:
            raise CommandError(both_languages(exc)) from exc
        self.stdout.write(
            f"backup OK: {run.archive_name} ({run.size_bytes} bytes, {run.row_count} rows, {run.file_count} files, "
            f"audit head #{run.audit_head_seq}) in {run.duration_ms} ms (command {time.monotonic() - t0:.2f} s)\n"
            + "\n".join(f"  -> {where}" for where in run.locations)
        )
