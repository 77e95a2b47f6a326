from django.core.management.base import BaseCommand

from treatsafe.register import accrediting, counting


class Command(BaseCommand):
    help = (
        "The daily job: record accreditations past their date, suspend accredited listings "
        "whose insurance has ended, remind practitioners 30 days before expiry, and forget "
        "search totals counted before the register last changed."
    )

    def handle(self, *args, **options):
        expired = accrediting.expire_due()
        lapsed = accrediting.suspend_uninsured()
        reminded = accrediting.remind_expiring()
        self.stdout.write(f"{expired} accreditation(s) marked as expired.")
        self.stdout.write(f"{lapsed} listing(s) suspended: their insurance has ended.")
        self.stdout.write(f"{reminded} accreditation(s) ending within 30 days.")
        self.stdout.write(f"{counting.forget_stale()} stale search total(s) removed.")
