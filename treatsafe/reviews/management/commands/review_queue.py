from django.core.management.base import BaseCommand

from treatsafe.reviews.models import Review, ReviewFlag


class Command(BaseCommand):
    help = "How many reviews wait for a moderator (held, and reported by someone)."

    def handle(self, *args, **options):
        held = Review.objects.filter(status=Review.State.HELD).count()
        flagged = ReviewFlag.objects.filter(resolved_at__isnull=True).count()
        self.stdout.write(f"{held:,} held for moderation; {flagged:,} reports to look at.")
