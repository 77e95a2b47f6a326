from django.core.management.base import BaseCommand

from treatsafe.notifications import feeds, services


class Command(BaseCommand):
    help = "Print the public decisions feed (Atom), e.g. to publish it as a static file."

    def add_arguments(self, parser):
        parser.add_argument("--listing", type=int, default=None, help="one listing's decisions")
        parser.add_argument("--limit", type=int, default=200)

    def handle(self, *args, listing, limit, **options):
        items = services.decisions(listing, limit)
        path = (
            f"/notifications/decisions/{listing}.atom"
            if listing
            else "/notifications/decisions.atom"
        )
        self.stdout.write(feeds.atom(items, "TreatSafe register: decisions", "/register/", path))
