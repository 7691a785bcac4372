"""Print where each regulation article is enforced: article → rule function → test(s) (lentera.core.rules_index)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lentera.core import rules_index


class Command(BaseCommand):
    help = (
        "Article → rule function (module:qualname, file:line) → test(s). --format markdown writes "
        "docs/regulations.md's content; --check fails when that file is stale or a rule lacks a citation or a test."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("text", "markdown"), default="text")
        parser.add_argument(
            "--output", help="write to this file instead of the terminal (e.g. docs/regulations.md)"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit with an error when docs/regulations.md is stale or a rule has no citation or no test",
        )

    def handle(self, *args, format="text", output=None, check=False, **options):
        root = Path(settings.BASE_DIR)
        rules = rules_index.build(root)
        if check:
            wrong = [f"{rule.target}: {message}" for rule, message in rules_index.problems(rules)]
            doc = root / "docs" / "regulations.md"
            if not doc.exists() or doc.read_text(encoding="utf-8") != rules_index.render_markdown(rules):
                wrong.append(
                    f"{doc.relative_to(root)} is stale: ./lentera.sh manage rules_index --format "
                    "markdown --output docs/regulations.md"
                )
            if wrong:
                raise CommandError("\n".join(wrong))
            self.stdout.write(rules_index._summary(rules))
            return
        text = rules_index.render_markdown(rules) if format == "markdown" else rules_index.render_text(rules)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
