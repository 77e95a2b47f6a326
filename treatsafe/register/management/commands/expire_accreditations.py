from django.core.management.base import BaseCommand

from treatsafe.register import accrediting


class Command(BaseCommand):
    help = (
        "The daily job: record accreditations past their date, suspend accredited listings "
        "whose insurance has ended, and remind practitioners 30 days before expiry."
    )

    def handle(self, *args, **options):
        expired = accrediting.expire_due()
        lapsed = accrediting.suspend_uninsured()
        reminded = accrediting.remind_expiring()
        self.stdout.write(f"{expired} accreditation(s) marked as expired.")
        self.stdout.write(f"{lapsed} listing(s) suspended: their insurance has ended.")
        self.stdout.write(f"{reminded} accreditation(s) ending within 30 days.")
