"""Purge abandoned sealed uploads (drafts never submitted before a bid deadline long past). Dry run by default."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lentera.bidding.services.cleanup import PurgeReport, abandoned_uploads_purge, retention_days_setting
from lentera.core import request_context


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


class Command(BaseCommand):
    help = (
        "Remove the sealed files and rows of bid drafts whose tender's bid upload deadline passed more than "
        "the retention period ago (LENTERA_ABANDONED_UPLOAD_RETENTION_DAYS, default 30). Accepted, superseded "
        "and withdrawn submissions are never touched. Prints what it would remove; --apply removes it, with "
        "one audit event per tender."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="delete (without it: a dry run)")
        parser.add_argument(
            "--retention-days",
            type=int,
            default=None,
            help=f"days after the deadline to keep drafts (default: the setting, now {retention_days_setting()})",
        )

    def handle(self, *args, **options):
        apply = bool(options["apply"])
        days = options["retention_days"]
        if days is not None and days < 0:
            raise CommandError("--retention-days must not be negative")
        token = request_context.set_current(request_context.RequestContext(channel="cli"))
        try:
            report = abandoned_uploads_purge(actor=None, retention_days=days, dry_run=not apply)
        finally:
            request_context.reset(token)
        self._print(report)

    def _print(self, report: PurgeReport) -> None:
        verb = "removed" if not report.dry_run else "would remove"
        self.stdout.write(
            f"{'APPLY' if not report.dry_run else 'DRY RUN'}: drafts of tenders whose bid deadline is before "
            f"{report.cutoff.isoformat()} (now {report.now.isoformat()}, retention {report.retention_days} days)"
        )
        for t in report.tenders:
            self.stdout.write(
                f"  {t.tender_code} (deadline {t.deadline.isoformat()}): {verb} {len(t.submissions)} draft(s), "
                f"{t.parts} part(s) ({t.uploading_parts} unfinished), {t.segments} segment(s), "
                f"{t.files} file(s), {_mib(t.bytes)}"
            )
            for s in t.submissions:
                self.stdout.write(f"    submission {s['uid']} provider {s['provider_id']} v{s['version']}")
            for name in t.stray_files:
                self.stdout.write(f"    stray file {name}")
        for r in report.refused:
            self.stdout.write(self.style.WARNING(f"  REFUSED submission {r.submission_uid}: {r.reason}"))
        for tender_id in report.no_deadline:
            self.stdout.write(f"  tender id {tender_id}: drafts but no bid upload schedule; left alone")
        self.stdout.write(
            f"Total: {verb} {report.total('submissions')} draft(s), {report.total('parts')} part(s), "
            f"{report.total('segments')} segment(s), {report.total('files')} file(s), "
            f"{_mib(report.total('bytes'))} in {len(report.tenders)} tender(s)."
        )
        if report.dry_run and report.tenders:
            self.stdout.write("Nothing was changed. Run again with --apply to delete.")
