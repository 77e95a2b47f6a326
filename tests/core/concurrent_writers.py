"""Run by tests/core/test_concurrent_writes.py in a fresh process on a fresh SQLite file:
several threads, each with its own database connection (as a threaded or multi-process server
has), write at once through the real views: practitioners save products, assessors race
each other on the same applications. Prints the count of each status as JSON."""

import json
import sys
import threading
from collections import Counter

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tests.register.builders import make_assessor, make_listing, make_user  # noqa: E402
from treatsafe.register.standards import STANDARDS  # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 12

call_command("migrate", verbosity=0)
practitioners = [make_user() for _ in range(4)]
for user in practitioners:
    make_listing(user=user, treatments=())
applications = [make_listing(status="applied") for _ in range(3)]
assessors = [make_assessor() for _ in range(3)]
connection.close()

statuses: Counter = Counter()
lock = threading.Lock()
start = threading.Barrier(len(practitioners) + len(assessors))


def count(response_or_error) -> None:
    key = getattr(response_or_error, "status_code", type(response_or_error).__name__)
    with lock:
        statuses[str(key)] += 1


def practitioner(user) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    start.wait()
    for n in range(ROUNDS):
        form = {
            "name": f"Serum {n}",
            "manufacturer": "Example Labs",
            "source": "plant",
            "route": "topical",
            "regulatory_status": "cosmetic",
        }
        count(client.post("/register/my-listing/products/add/", form))
    connection.close()


def assessor(user) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    start.wait()
    for listing in applications:  # every assessor works on every application at once
        count(client.post(f"/register/assess/{listing.pk}/decisions/start_assessment/"))
        for standard in STANDARDS[:ROUNDS]:
            form = {f"{standard.code}-finding": "met", f"{standard.code}-evidence": "Seen"}
            count(client.post(f"/register/assess/{listing.pk}/standards/{standard.code}/", form))
        count(client.post(f"/register/assess/{listing.pk}/decisions/accredit/"))
    connection.close()


threads = [threading.Thread(target=practitioner, args=(u,)) for u in practitioners]
threads += [threading.Thread(target=assessor, args=(u,)) for u in assessors]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(dict(statuses)))
