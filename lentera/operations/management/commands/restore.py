"""./lentera.sh restore ARCHIVE (into an empty database and storage) or restore --drill ARCHIVE (a scratch copy)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lentera.core.errors import LenteraError

from ...errors import both_languages


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured EMPTY database and storage, or with --drill into a scratch "
        "database and storage that are checked and thrown away (the result is recorded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--identity", help="age identity file with the backup private key")
        parser.add_argument(
            "--share", action="append", default=[], help="a key share file (give both officials' shares)"
        )
        parser.add_argument("--drill", action="store_true", help="restore into a scratch copy, check, record")

    def handle(self, *args, **options):
        from ... import keys, services

        try:
            identity = keys.load_identity(identity_file=options["identity"], share_files=options["share"])
            path = Path(options["archive"])
            if options["drill"]:
                run, report = services.restore_drill(archive_path=path, identity=identity)
            else:
                report = services.restore_archive(archive_path=path, identity=identity)
        except LenteraError as exc:
            raise CommandError(both_languages(exc)) from exc
        manifest = report.manifest
        what = "restore drill" if options["drill"] else "restore"
        summary = (
            f"{sum(manifest['counts'].values())} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['files'])} files, audit chain verified ({report.audit_checked} events), "
            f"backup of {manifest['created_at']} (Lentera {manifest['app_version']}, {manifest['database_vendor']}) "
            f"in {report.seconds:.1f} s"
        )
        if not report.ok:
            raise CommandError(f"{what} FAILED: " + "; ".join(report.problems))
        self.stdout.write(f"{what} OK: {summary}")
