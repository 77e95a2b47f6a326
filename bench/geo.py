"""Benchmark the uk_geo import (target: under 60 s on the 2-core machine) and postcode lookups.

Run: .venv/bin/python bench/geo.py   (uses a fresh SQLite database in a temporary folder)
"""

import os
import sys
import tempfile
import time
from pathlib import Path

# bench/http.py would shadow the standard library's http package (Django imports it).
_BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _BENCH]

IMPORT_TARGET_SECONDS = 60
LOOKUPS = 2000


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="treatsafe-bench-geo-"))
    os.environ["TREATSAFE_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    from treatsafe.geo.models import UnitPostcode
    from treatsafe.geo.services import lookup_postcode

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("import_data", "uk_geo", "--force")
    import_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("import_data", "uk_geo", "--force")
    reload_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("import_data", "uk_geo")
    rerun_seconds = time.perf_counter() - started

    postcodes = list(UnitPostcode.objects.values_list("postcode", flat=True)[::40][:LOOKUPS])
    started = time.perf_counter()
    for postcode in postcodes:
        lookup_postcode(postcode.lower().replace(" ", ""))
    per_lookup_ms = (time.perf_counter() - started) / len(postcodes) * 1000

    print(f"uk_geo import: {import_seconds:.1f} s (target < {IMPORT_TARGET_SECONDS} s)")
    print(f"uk_geo forced reload over loaded tables: {reload_seconds:.1f} s")
    print(f"uk_geo unchanged re-run: {rerun_seconds:.2f} s")
    print(f"lookup_postcode: {per_lookup_ms:.2f} ms per unit postcode ({len(postcodes)} lookups)")
    return 0 if max(import_seconds, reload_seconds) < IMPORT_TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
