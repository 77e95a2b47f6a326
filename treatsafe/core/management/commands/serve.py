from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from treatsafe.core import serving

# Kept here too: tests and docs name the cap by this command.
MAX_REQUEST_BODY_BYTES = serving.MAX_REQUEST_BODY_BYTES


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Serve TreatSafe on every core (granian; static files included)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=_positive,
            default=None,
            help=f"server processes (default: one per core, here {serving.default_workers()})",
        )
        parser.add_argument(
            "--threads",
            type=_positive,
            default=1,
            help="threads running requests in each process (default 1, the fastest measured)",
        )

    def handle(self, *args, host, port, workers, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        workers = workers or serving.default_workers()
        import treatsafe.wsgi  # noqa: F401 - the application the workers will serve, loaded once

        serving.warm_up()
        db = settings.DATABASES["default"]
        self.stdout.write(
            f"Starting TreatSafe on http://{host}:{port}/ (database: {db['ENGINE']}; "
            f"{workers} worker{'s' if workers != 1 else ''} x {threads} thread"
            f"{'s' if threads != 1 else ''})"
        )
        self.stdout.write("Press Ctrl+C to stop; send SIGHUP to restart the workers gracefully.")
        self.stdout.flush()
        serving.freeze()
        serving.run_server(
            serving.server_options(host=host, port=port, workers=workers, threads=threads)
        )
