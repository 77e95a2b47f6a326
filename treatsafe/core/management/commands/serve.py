from django.conf import settings
from django.core.management.base import BaseCommand

# Django spools uploaded files to disk with no limit of its own (DATA_UPLOAD_MAX_MEMORY_SIZE leaves
# out file data), so the server refuses a larger body before reading it: room for an 8 MB label
# photo and its form, far below waitress's default of 1 GB.
MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = "Serve TreatSafe with the waitress WSGI server (static files included)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from treatsafe.wsgi import application

        db = settings.DATABASES["default"]
        self.stdout.write(f"TreatSafe on http://{host}:{port}/ (database: {db['ENGINE']})")
        self.stdout.write("Press Ctrl+C to stop.")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="TreatSafe",
            max_request_body_size=MAX_REQUEST_BODY_BYTES,
        )
