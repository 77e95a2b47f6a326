from django.core.management.base import BaseCommand, CommandError

from treatsafe.register import checkpoints


class Command(BaseCommand):
    help = (
        "Check the register's audit log: every entry's MAC, its link to the one before, and the\n"
        "signed checkpoints kept outside the database (catch deleted newest entries and an\n"
        "emptied log). Exits non-zero and names every problem found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-checkpoint",
            action="store_true",
            help="after a clean check, print a signed checkpoint of the head for publication",
        )

    def handle(self, *args, **options):
        count, checked, problems = checkpoints.verify()
        if problems:
            where = checkpoints.path()
            lines = [
                f"  - {p.problem}"
                if p.line_number == 0
                else f"  - {where} line {p.line_number}: {p.problem}"
                for p in problems
            ]
            raise CommandError("Audit log NOT intact:\n" + "\n".join(lines))
        plural = "" if checked == 1 else "s"
        self.stdout.write(
            f"Audit log intact: {count} entries, every MAC and link verified, "
            f"held against {checked} signed checkpoint{plural}."
        )
        if checked == 0 and count:
            self.stdout.write(
                f"No checkpoint found at {checkpoints.path()}: deleted newest entries cannot be "
                "detected until `treatsafe audit-checkpoint` writes one."
            )
        if options["print_checkpoint"]:
            self.stdout.write(checkpoints.line(checkpoints.current()))
