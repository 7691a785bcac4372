from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from lentera.core.demo import load_all


class Command(BaseCommand):
    help = "Load the demo story (Kabupaten Contoh). Idempotent: safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate", action="store_true", help="apply migrations first (one process: a faster start)"
        )

    def handle(self, *args, **options):
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"], stdout=self.stdout)
        password = settings.LENTERA_DEMO_PASSWORD
        with transaction.atomic():
            ctx = load_all(password)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {password}):"))
        for user_id, role, note in ctx.logins:
            self.stdout.write(f"  {user_id:<18} {role:<22} {note}")
        for line in ctx.notes:
            self.stdout.write(line)
