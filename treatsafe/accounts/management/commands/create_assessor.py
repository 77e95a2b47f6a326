from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from treatsafe.accounts import services


class Command(BaseCommand):
    help = (
        "Create an assessor account (back office).\n\n"
        "Gives EMAIL the assessor role (the assessors group, its permissions on the register and "
        "access to /admin/). A new account gets an email with a link to choose a password. "
        "Running it again for the same address changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the assessor's email address")
        parser.add_argument("--name", default="", help="the assessor's full name")
        parser.add_argument(
            "--base-url",
            default=None,
            help="where the service is served, for the link in the email "
            "(default: TREATSAFE_SITE_URL, else http://127.0.0.1:8000)",
        )

    def handle(self, *args, email, name, base_url, **options):
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        base = (base_url or settings.SITE_URL).rstrip("/")
        user, created = services.create_assessor(email, name, link=lambda path: base + path)
        if created:
            self.stdout.write(f"Created assessor {user.email}; emailed a link to set a password.")
        else:
            self.stdout.write(f"{user.email} is an assessor.")
