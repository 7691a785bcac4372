from django.core.management.base import BaseCommand

from lentera.opendata import bulk
from lentera.opendata.selectors import fiscal_years


class Command(BaseCommand):
    help = "Generate the bulk OCDS release packages per fiscal year into storage (JSON, CSV, XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="fiscal year (default: every year)")
        parser.add_argument("--format", choices=sorted(bulk.FORMATS), action="append")
        parser.add_argument("--base-url", default="http://localhost:8000")

    def handle(self, *args, **options):
        years = options["year"] or [row["fiscal_year"] for row in fiscal_years()]
        formats = options["format"] or ["json", "csv", "xlsx"]
        for year in years:
            for fmt in formats:
                uri = f"{options['base_url']}/api/v1/opendata/bulk/{year}.{fmt}"
                name = bulk.bulk_file(year, fmt, uri=uri)
                self.stdout.write(f"{year} {fmt}: {name or 'no data'}")
