from django.core.management.base import BaseCommand, CommandError

from lentera.core.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Check the whole audit chain; name the first event that was edited, deleted or inserted out of order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head", help="a head hash pinned earlier: fail unless the chain still holds it"
        )

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"BROKEN at event #{result.first_bad_seq}: {result.problem} ({result.checked} events valid before it)"
            )
        if options.get("expect_head"):
            from lentera.core.models import AuditEvent

            if not AuditEvent.objects.filter(hash=options["expect_head"]).exists():
                raise CommandError(f"the pinned head {options['expect_head']} is not in the chain")
        self.stdout.write(f"OK: {result.checked} events, head {result.head_hash}")
