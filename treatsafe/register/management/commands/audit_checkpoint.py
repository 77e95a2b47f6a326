from django.core.management.base import BaseCommand, CommandError

from treatsafe.register import checkpoints


class Command(BaseCommand):
    help = (
        "Verify the audit log, then append a signed checkpoint of its head (count and MAC) to the\n"
        "checkpoint file outside the database and print it for publication (run daily)."
    )

    def handle(self, *args, **options):
        count, _, problems = checkpoints.verify()
        if problems:
            raise CommandError(
                "The audit log is not intact; no checkpoint written. Run `treatsafe verify-audit`."
            )
        self.stdout.write(checkpoints.line(checkpoints.write()))
