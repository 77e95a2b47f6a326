# ruff: noqa: E402 (the standard library is imported after the sys.path fix below)
"""Benchmark: register search at 100,000 practitioners, against a naive full scan.

    .venv/bin/python bench/search.py [--practitioners 100000] [--queries 300]
    DATABASE_URL=postgres://user@host/db .venv/bin/python bench/search.py

On SQLite it uses its own database file (var/bench/search.sqlite3); on PostgreSQL its own
database (`treatsafe_bench`, created on the server in DATABASE_URL). It never touches the
development database. The first run migrates, imports the reference data and generates the demo
register (a few minutes); later runs reuse it.

Measured, in one run, on the same random real postcodes and treatments:
- indexed: GET /api/v1/practitioners/search?postcode=..&radius_miles=25&treatment=..&limit=20
  through Django's test client (postcode look-up, the total within the radius, bounding-box
  query on the indexed search rows, exact haversine on the candidates, one query to build the
  answer, JSON);
- baseline: the same postcode look-up, then every published offer of the treatment read from the
  database and haversine computed in Python for each, filtered, counted, sorted, the same answer
  built.
Each indexed search is new to the process and to the database (no answer or total kept from
before: each counts its total); then the same searches are timed again, each answer now kept by
the process (`repeated`: one query for the register's version). Every query's answer (listings,
distances, total) is compared with the baseline's (the first
--baseline-queries of them timed), so the speed-up is for identical results. The last line is
`speedup_vs_baseline: <number>` (p95 of baseline / p95 of indexed; the smaller of the place and
name sections).
"""

import os
import sys

# bench/http.py is named like the standard library's `http` package: run as a script, this
# folder comes first on sys.path and would shadow it (Django imports `http.cookies`).
sys.path[:] = [
    p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))
]

import argparse
import contextlib
import json
import platform
import random
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DATABASE = "treatsafe_bench"


def configure() -> str:
    """Point Django at the benchmark database before anything connects."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / 'search.sqlite3'}"
    from treatsafe import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        # Its own database, not a schema of the given one: extensions (pg_trgm, cube,
        # earthdistance) live in one schema per database, usually `public`, which a bench
        # schema's search path would either miss or share with the development tables.
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            if not conn.execute(query, [BENCH_DATABASE]).fetchone():
                conn.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        database["NAME"] = BENCH_DATABASE
        return "postgresql"
    return "sqlite"


def prepare(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from treatsafe.register import demo
    from treatsafe.register.models import Practitioner

    call_command("migrate", verbosity=0)
    call_command("import_data", verbosity=0)
    if Practitioner.objects.filter(is_demo=True).count() != n:
        started = time.monotonic()
        print(f"generating {n:,} demo practitioners ...", flush=True)
        demo.generate(n, history=False)
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    from treatsafe.register import cards

    cards.write_missing()  # as the server's warm-up does (a database from an older release)
    if connection.vendor == "postgresql":  # what autovacuum does in service: statistics, and
        with connection.cursor() as cursor:  # the visibility map index-only scans rely on
            cursor.execute("VACUUM ANALYZE")


def naive_search(place, treatment: str, radius: float, limit: int, today):
    """The baseline: every listing offering the treatment, haversine in Python for each; the
    nearest `limit` and how many lie within the radius."""
    from treatsafe.geo.services import haversine_miles
    from treatsafe.register.accreditation import Status
    from treatsafe.register.models import Offer
    from treatsafe.register.search import Hit

    rows = Offer.objects.filter(treatment=treatment, is_published=True).values_list(
        "practitioner_id",
        "clinic_id",
        "practitioner__status",
        "practitioner__accredited_until",
        "clinic__latitude",
        "clinic__longitude",
    )
    best = {}
    for practitioner_id, clinic_id, status, until, lat, lon in rows.iterator(chunk_size=5000):
        if status != Status.ACCREDITED or until is None or until < today:
            continue
        distance = haversine_miles(place.latitude, place.longitude, lat, lon)
        if distance <= radius and (
            practitioner_id not in best or distance < best[practitioner_id].distance_miles
        ):
            best[practitioner_id] = Hit(practitioner_id, clinic_id, distance)
    ranked = sorted(best.values(), key=lambda h: (h.distance_miles, h.practitioner_id))
    return ranked[:limit], len(ranked)


@contextlib.contextmanager
def cpu_in_view(spent: list):
    """The CPU time of each search's view (the API operation's place look-up and answer), one
    entry a request, appended to `spent` while the block runs."""
    from treatsafe.register import lookup
    from treatsafe.register import search as register_search

    def timed(function):
        def measured(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[-1] += time.process_time() - started

        return measured

    originals = register_search.locate, lookup.place_answer_json

    def locate(*args, **kwargs):
        spent.append(0.0)  # the view's first step: a new request
        return timed(originals[0])(*args, **kwargs)

    register_search.locate, lookup.place_answer_json = locate, timed(originals[1])
    try:
        yield
    finally:
        register_search.locate, lookup.place_answer_json = originals


def ms(seconds: list, p: int) -> str:
    return f"{percentile(seconds, p) * 1000:.2f}"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summarise(name, timings):
    p50 = percentile(timings, 50) * 1000
    p95 = percentile(timings, 95) * 1000
    qps = len(timings) / sum(timings)
    print(f"  {name:<9} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   {qps:8.1f} queries/s")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--baseline-queries", type=int, default=40)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        run_all(sys.argv[1:])
        return
    run_one(args)


def run_all(argv) -> None:
    """SQLite always; PostgreSQL too when DATABASE_URL is set. One process each, since Django
    is configured once per process. The last line is the smaller speed-up."""
    runs = [("sqlite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        runs.append(("postgresql", dict(os.environ)))
    speedups = {}
    for name, env in runs:
        result = subprocess.run(
            [sys.executable, __file__, "--child", *argv],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(result.stderr)
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            raise SystemExit(f"the {name} benchmark failed")
        print("\n".join(lines[:-1]), flush=True)
        speedups[name] = float(lines[-1].split(":")[1])
    print(f"speedup_vs_baseline: {min(speedups.values()):.1f}")


def run_one(args) -> None:
    vendor = configure()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from treatsafe.geo.models import UnitPostcode
    from treatsafe.register.demo import PRICES
    from treatsafe.register.listings import hydrate
    from treatsafe.register.search import locate

    prepare(args.practitioners)
    rng = random.Random(7)
    postcodes = list(UnitPostcode.objects.order_by("postcode").values_list("postcode", flat=True))
    from treatsafe.geo.models import PostcodeDistrict

    districts = list(
        PostcodeDistrict.objects.filter(
            latitude__isnull=False, non_geographic=False, terminated=False
        )
        .order_by("district")
        .values_list("district", flat=True)
    )
    points = [
        rng.choice(postcodes if rng.random() < 0.5 else districts) for _ in range(args.queries)
    ]
    treatments = [rng.choice(list(PRICES)) for _ in range(args.queries)]
    client = Client()
    today = timezone.localdate()
    pairs = list(zip(points, treatments, strict=True))

    def indexed(postcode, treatment):
        response = client.get(
            "/api/v1/practitioners/search",
            {"postcode": postcode, "radius_miles": 25, "treatment": treatment, "limit": 20},
        )
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    def baseline(postcode, treatment):
        place = locate(postcode)
        hits, total = naive_search(place, treatment, 25, 20, today)
        return json.loads(json.dumps({"results": hydrate(hits, today), "total": total}))

    def key(answer):
        return [(r["id"], r["distance_miles"]) for r in answer["results"]], answer["total"]

    from treatsafe.register import counting, lookup
    from treatsafe.register.models import SearchTotal

    counting.accredited_points.build()  # as the server's master does before forking

    warm_rng = random.Random(8)
    for _ in range(20):  # warm up on other places
        indexed(rng.choice(districts), warm_rng.choice(list(PRICES)))
    # every timed search new: no total kept by an earlier run, no answer kept by this process
    SearchTotal.objects.all().delete()
    lookup.place_answers.clear()
    timings, answers, view_cpu, request_cpu = [], [], [], []
    with cpu_in_view(view_cpu):
        for postcode, treatment in pairs:
            started, cpu = time.perf_counter(), time.process_time()
            answers.append(indexed(postcode, treatment))
            timings.append(time.perf_counter() - started)
            request_cpu.append(time.process_time() - cpu)
    # the view's CPU without the listing cards (each hit joined from its rows), at other new
    # places with the same treatments, for comparison in the same run
    joined_cpu = []
    with cpu_in_view(joined_cpu), contextlib.ExitStack() as undo:
        from treatsafe.register import listings

        undo.callback(setattr, listings, "cards_kept", listings.cards_kept)
        listings.cards_kept = lambda: False
        for treatment in treatments:
            indexed(rng.choice(postcodes), treatment)
    repeat_timings = []  # the same searches again: each answer kept by this process
    for (postcode, treatment), answer in zip(pairs, answers, strict=True):
        started = time.perf_counter()
        again = indexed(postcode, treatment)
        repeat_timings.append(time.perf_counter() - started)
        assert again == answer
    found = sum(len(answer["results"]) for answer in answers)
    # every query's answer checked against the baseline's; the first --baseline-queries timed
    base_timings, agree = [], 0
    for i, (postcode, treatment) in enumerate(pairs):
        started = time.perf_counter()
        slow = baseline(postcode, treatment)
        if i < args.baseline_queries:
            base_timings.append(time.perf_counter() - started)
        agree += key(slow) == key(answers[i])
    print(
        f"register search benchmark: {args.practitioners:,} practitioners, {vendor} "
        f"({connection.vendor}), {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  query: nearest 20 accredited within 25 miles offering one treatment, and the total "
        f"within; {len(pairs)} queries ({found / len(pairs):.1f} results on average), "
        f"{len(base_timings)} of them timed on the baseline; identical to the baseline "
        f"(listings, distances, total) {agree}/{len(pairs)}"
    )
    p95_indexed = summarise("indexed", timings)
    print(
        f"  CPU of the new searches: in the view mean {statistics.mean(view_cpu) * 1000:.2f} ms, "
        f"p50 {ms(view_cpu, 50)} ms, p95 {ms(view_cpu, 95)} ms (target: under 2 ms); "
        "whole request in Django's test client p50 "
        f"{ms(request_cpu, 50)} ms; without the listing cards, at other new places: view p50 "
        f"{ms(joined_cpu, 50)} ms, p95 {ms(joined_cpu, 95)} ms"
    )
    summarise("repeated", repeat_timings)
    p95_baseline = summarise("baseline", base_timings)
    p50_ratio = statistics.median(base_timings) / statistics.median(timings)
    ratio = p95_baseline / p95_indexed
    print(f"  ratio     p50 {p50_ratio:.1f}x   p95 {ratio:.1f}x")
    if agree != len(pairs):
        print("WARNING: the indexed search and the baseline disagreed on some answers")
    name_ratio = bench_names(args, client, rng)
    print(f"speedup_vs_baseline: {min(ratio, name_ratio):.1f}")


def typo(rng: random.Random, text: str) -> str:
    """One realistic slip in a word of 5 letters or more: a letter dropped, doubled or swapped."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long:
        return text
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        word = word[:at] + word[at + 1 :]
    elif kind == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[i] = word
    return " ".join(words)


def name_queries(rng: random.Random, count: int) -> list[tuple[str, int]]:
    """(query, the listing it was taken from): full names, surnames with a first initial
    dropped, clinic names, names in capitals, and names with one typo."""
    from treatsafe.register.accreditation import Status
    from treatsafe.register.models import Practitioner

    public = Practitioner.objects.exclude(status=Status.DRAFT)
    ids = list(public.values_list("pk", flat=True))
    picks = Practitioner.objects.in_bulk(rng.sample(ids, count))
    queries = []
    for pk in sorted(picks):
        listing = picks[pk]
        kind = rng.choice(("full", "full", "typo", "typo", "clinic", "capitals"))
        if kind == "clinic":
            clinic = listing.clinics.order_by("pk").first()
            text = clinic.name if clinic else listing.name
        elif kind == "typo":
            text = typo(rng, listing.name)
        elif kind == "capitals":
            text = listing.name.upper()
        else:
            text = listing.name
        queries.append((text, pk))
    rng.shuffle(queries)
    return queries


def naive_names(text: str, keys: list[tuple[int, str]]) -> list[int]:
    """The baseline: every listing's folded names read from the database, each scored with the
    same similarity in Python; the best 20."""
    from treatsafe.register.lookup import PER_PAGE, query_words, score

    words = query_words(text)
    scored = [(score(words, key), key, pk) for pk, key in keys]
    scored.sort(key=lambda r: (-r[0], r[1], r[2]))
    return [pk for _, _, pk in scored[:PER_PAGE]]


def bench_names(args, client, rng) -> float:
    """Name look-ups at the same register size: the text index against a full scan."""
    from treatsafe.register.indexing import KEY_SEPARATOR, fold
    from treatsafe.register.models import NameEntry

    queries = name_queries(rng, args.queries)

    def indexed(text):
        response = client.get("/api/v1/practitioners/lookup", {"q": text, "by": "name"})
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    for text, _ in queries[:20]:  # warm up
        indexed(text)
    timings, found = [], 0
    for text, pk in queries:
        started = time.perf_counter()
        answer = indexed(text)
        timings.append(time.perf_counter() - started)
        named = [fold(r["name"]) for r in answer["results"]]
        named += [fold(r["clinic"]["name"]) for r in answer["results"] if r["clinic"]]
        found += pk in [r["id"] for r in answer["results"]] or fold(text) in named
    base_timings, base_found = [], 0
    for text, pk in queries[: args.baseline_queries]:
        started = time.perf_counter()
        keys = list(NameEntry.objects.values_list("practitioner_id", "key").iterator(5000))
        ranked = naive_names(text, keys)
        base_timings.append(time.perf_counter() - started)
        key_of = dict(keys)
        named = {part for r in ranked for part in key_of[r].split(KEY_SEPARATOR)}
        base_found += pk in ranked or fold(text) in named
    print(
        f"  name look-up: {len(timings)} queries (full names, clinic names, capitals, one typo), "
        f"first page of 20; the source listing (or one of the same name) on it: "
        f"indexed {found}/{len(timings)}, "
        f"baseline {base_found}/{len(base_timings)}"
    )
    p95_indexed = summarise("indexed", timings)
    p95_baseline = summarise("baseline", base_timings)
    ratio = p95_baseline / p95_indexed
    print(f"  ratio     p95 {ratio:.1f}x")
    return ratio


if __name__ == "__main__":
    main()
