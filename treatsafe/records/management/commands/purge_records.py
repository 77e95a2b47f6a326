from django.core.management.base import BaseCommand

from treatsafe.records import services


class Command(BaseCommand):
    help = (
        "Remove treatment records whose retention period (TREATSAFE_RECORD_RETENTION_DAYS after "
        "the treatment) has ended. Run it daily, for example from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args, dry_run, **options):
        count = services.purge_expired(dry_run=dry_run)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{count:,} treatment record{'s' if count != 1 else ''} {verb}.")
