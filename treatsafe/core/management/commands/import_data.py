import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from treatsafe.core.importing import DataFileError, all_datasets, analyze, import_dataset


class Command(BaseCommand):
    help = "Import the reference data (CosIng, UK postcodes); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("datasets", nargs="*", help="only these datasets (default: all)")
        parser.add_argument("--force", action="store_true", help="reload even if unchanged")

    def handle(self, *args, datasets, force, verbosity, **options):
        chosen = [d for d in all_datasets() if not datasets or d.name in datasets]
        unknown = set(datasets) - {d.name for d in chosen}
        if unknown:
            raise CommandError(f"unknown dataset(s): {', '.join(sorted(unknown))}")
        show_bar = verbosity > 0 and sys.stderr.isatty()

        def progress(iterable, path):
            return tqdm(iterable, desc=path.name, unit=" rows", disable=not show_bar, leave=False)

        changed = False
        for dataset in chosen:
            try:
                outcome = import_dataset(dataset, progress, force=force)
            except DataFileError as error:
                raise CommandError(
                    f"{dataset.name}: {error}. Nothing was changed in the database."
                ) from error
            changed |= outcome.changed
            if verbosity > 0:
                state = "imported" if outcome.changed else "unchanged, nothing to do"
                summary = ", ".join(f"{n:,} {table}" for table, n in outcome.counts.items())
                self.stdout.write(f"{dataset.name}: {state} ({summary})")
        if changed:
            analyze()  # the query planner's statistics for what was loaded
