from django.core.management.base import BaseCommand

from treatsafe.register import accrediting


class Command(BaseCommand):
    help = "Record the expiry of every accreditation past its date (run daily)."

    def handle(self, *args, **options):
        count = accrediting.expire_due()
        self.stdout.write(f"{count} accreditation(s) marked as expired.")
