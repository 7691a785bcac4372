"""Make the backup key pair, on an offline machine (docs/operations.md, "Key custody")."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Generate the backup key pair. Prints the PUBLIC key (for LENTERA_BACKUP_PUBLIC_KEY on the app servers); "
        "writes the private key as one age identity file (--identity) or as two shares (--shares PREFIX), one "
        "for each of two officials, both needed to restore. Run it on an offline machine, never on an app server."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--identity", help="write the private key to this file (age identity format)")
        group.add_argument("--shares", help="write PREFIX-1.txt and PREFIX-2.txt (two shares, both needed)")

    def _write(self, path: Path, text: str) -> None:
        if path.exists():
            raise CommandError(f"{path} exists; refusing to overwrite a key")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text + "\n")
        self.stdout.write(f"wrote {path}")

    def handle(self, *args, **options):
        from ... import keys

        public, private = keys.generate()
        if options["identity"]:
            self._write(Path(options["identity"]), f"# public key: {public}\n{private}")
        else:
            one, two = keys.split(private)
            self._write(Path(f"{options['shares']}-1.txt"), one)
            self._write(Path(f"{options['shares']}-2.txt"), two)
        self.stdout.write(f"LENTERA_BACKUP_PUBLIC_KEY={public}")
