from django.conf import settings
from django.core.management.base import BaseCommand


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
        serve(application, host=host, port=port, threads=threads, ident="TreatSafe")
