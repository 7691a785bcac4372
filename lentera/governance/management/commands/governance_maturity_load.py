"""Load a corrected version of the UKPBJ maturity model from a JSON file (the shape of
lentera/governance/maturity/data/lkpp-10-2021-lentera-1.json). Past assessments keep the version they were made on."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lentera.core.errors import LenteraError
from lentera.governance.maturity import loader, services


class Command(BaseCommand):
    help = "Load a new version of the UKPBJ maturity model (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            version = services.model_version_load(actor=None, data=loader.read(path))
        except (LenteraError, OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{version.code}: {version.domains.count()} domains loaded")
