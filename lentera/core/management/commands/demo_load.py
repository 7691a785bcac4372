import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lentera.core.demo import load_all


class _QuietMigrate(MigrateCommand):
    """migrate that reports its progress on one line (a counter on a terminal) instead of a line a migration."""

    def __init__(self, *args, total: int = 0, out=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._total, self._done, self._out = total, 0, out

    def migration_progress_callback(self, action, migration=None, fake=False):
        if action == "apply_success" and self._out is not None:
            self._done += 1
            if self._out.isatty():
                self._out.write(f"\r» database: applying migrations {self._done}/{self._total}", ending="")
                self._out.flush()


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Load the demo story (Kabupaten Contoh). Idempotent: safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate", action="store_true", help="apply migrations first (one process: a faster start)"
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        if options["migrate"]:
            self._migrate(verbose)
        password = settings.LENTERA_DEMO_PASSWORD
        started = time.monotonic()
        with transaction.atomic():
            ctx = load_all(password)
        self.stdout.write(f"» demo story loaded ({time.monotonic() - started:.1f} s)")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {password}):"))
        for user_id, role, note in ctx.logins:
            self.stdout.write(f"  {user_id:<18} {role:<22} {note}")
        for line in ctx.notes:
            self.stdout.write(line)

    def _migrate(self, verbose: bool) -> None:
        if verbose:
            call_command("migrate", interactive=False, verbosity=2, stdout=self.stdout)
            return
        total = pending_migrations()
        if not total:
            self.stdout.write("» database: up to date")
            return
        started = time.monotonic()
        tty = self.stdout.isatty()
        if tty:
            self.stdout.write(f"» database: applying {total} migrations", ending="")
            self.stdout.flush()
        command = _QuietMigrate(total=total, out=self.stdout)
        call_command(command, interactive=False, verbosity=1, stdout=_Discard())
        prefix = "\r" if tty else ""
        self.stdout.write(
            f"{prefix}» database: applied {total} migrations ({time.monotonic() - started:.1f} s)"
        )


class _Discard:
    """Swallows migrate's own per-migration lines (the progress is reported by _QuietMigrate)."""

    def write(self, *_args, **_kwargs) -> None:
        return None

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False
