from django.core.management.base import BaseCommand, CommandError

from treatsafe.register import audit


class Command(BaseCommand):
    help = (
        "Check the register's audit log: every entry's hash and its link to the one before.\n"
        "Exits non-zero and names the first broken entry if anything was edited or deleted."
    )

    def handle(self, *args, **options):
        count, broken = audit.verify()
        if broken:
            raise CommandError(
                f"Audit log broken at entry {broken.entry_id}: {broken.problem}. "
                f"{count - 1} entries before it are intact."
            )
        self.stdout.write(f"Audit log intact: {count} entries, every hash and link verified.")
