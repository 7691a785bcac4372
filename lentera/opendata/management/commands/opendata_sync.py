from django.core.management.base import BaseCommand

from lentera.opendata.services import opendata_sync


class Command(BaseCommand):
    help = "Publish OCDS releases for public events that have none yet and refresh the public search table."

    def handle(self, *args, **options):
        counts = opendata_sync()
        self.stdout.write(
            f"checked {counts['checked']} objects; new releases: {counts['rup']} RUP, {counts['process']} tender"
        )
