import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from treatsafe.core.errors import DomainError
from treatsafe.register import demo, extensions


class Command(BaseCommand):
    help = (
        "Generate a synthetic demo register (clearly marked as demo data).\n"
        "Made-up practitioners at real postcodes in all four nations, every accreditation state, "
        "and some unlawful offers the checkers keep unpublished. Idempotent: the same "
        "--practitioners again does nothing; a different number replaces the demo records."
    )
    requires_system_checks = []  # a data load: Django's checks of the URLs and settings took 1 s

    def add_arguments(self, parser):
        parser.add_argument(
            "--practitioners", type=int, default=3000, help="how many (0 removes the demo data)"
        )
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed")
        parser.add_argument("--force", action="store_true", help="regenerate even if unchanged")

    def handle(self, *args, practitioners, seed, force, **options):
        if practitioners < 0 or practitioners > 500_000:
            raise CommandError("--practitioners must be between 0 and 500,000.")
        started = time.monotonic()
        for remove in reversed(extensions.DEMO_REMOVERS):
            remove()  # records, reviews...: their demo rows point at demo listings
        try:
            outcome = demo.generate(practitioners, seed=seed, force=force)
        except DomainError as error:
            raise CommandError(error.message) from error
        if not outcome.changed:
            self.stdout.write(
                f"The demo register already has {practitioners:,} practitioners: nothing to do."
            )
            self._run_hooks(seed)
            return
        if practitioners == 0:
            self._run_hooks(seed)
            self.stdout.write("Demo data removed.")
            return
        statuses = ", ".join(
            f"{count:,} {status}" for status, count in sorted(outcome.statuses.items())
        )
        nations = ", ".join(
            f"{count:,} in {nation}" for nation, count in sorted(outcome.nations.items())
        )
        self.stdout.write(
            f"Demo data: {outcome.practitioners:,} practitioners ({statuses}); "
            f"{outcome.clinics:,} clinics ({nations}); {outcome.offers:,} treatments offered, "
            f"{outcome.unlawful:,} found unlawful and kept unpublished. "
            f"Every record is marked as demo data. ({time.monotonic() - started:.1f} s)"
        )
        self._run_hooks(seed)

    def _run_hooks(self, seed):
        """Demo data of the apps above the register (treatment records, reviews, reports), in
        one transaction: one commit and one signed audit checkpoint, not one per record."""
        lines = []
        with transaction.atomic():
            for hook in extensions.DEMO_HOOKS:
                lines.append(hook(seed))
        for line in filter(None, lines):
            self.stdout.write(line)
