from django.core.management.base import BaseCommand

from treatsafe.register import recompute


class Command(BaseCommand):
    help = (
        "Recompute the checkers' verdicts on every listed product and treatment.\n"
        "Only when the rules or reference data changed, unless --force; unlawful offers are "
        "unpublished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recompute even if unchanged")

    def handle(self, *args, force=False, **options):
        outcome = recompute.recompute_verdicts(force=force)
        if not outcome.changed:
            self.stdout.write("Verdicts are up to date with the rules and reference data.")
            return
        self.stdout.write(
            f"Recomputed {outcome.products} products and {outcome.offers} treatments offered; "
            f"{outcome.unpublished} unlawful offer(s) unpublished."
        )
