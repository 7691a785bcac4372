from django.core.management.base import BaseCommand

from lentera.reporting.availability import record_availability


class Command(BaseCommand):
    help = "Probe LENTERA_HEALTH_URL once and store an availability sample (run every LENTERA_HEALTH_INTERVAL_MINUTES)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=None, help="probe this URL instead of LENTERA_HEALTH_URL")
        parser.add_argument("--enqueue", action="store_true", help="queue the django-tasks task instead")

    def handle(self, *args, url=None, enqueue=False, **options):
        if enqueue:
            from lentera.reporting.tasks import record_availability_task

            record_availability_task.enqueue(url)
            self.stdout.write("queued")
            return
        sample = record_availability(url=url)
        self.stdout.write(
            f"{sample.checked_at.isoformat()} {'OK' if sample.ok else 'DOWN'} "
            f"status={sample.status_code} latency_ms={sample.latency_ms} {sample.error}".rstrip()
        )
