"""How TreatSafe is served: granian (its HTTP layer in Rust) with one worker process per core,
forked from a master that has already built the read-only reference data (the label index, the
rules, the URL map and the templates), then frozen it (`gc.freeze()`) so the workers share those
pages with the master instead of copying them. SIGHUP replaces the workers gracefully; SIGTERM
stops after the requests in flight. Measured against gunicorn's sync workers, preloaded the same
way, in the same run (README, Performance): about a third of the CPU a request, the same memory.

What every server process does at its edge (`edge()`, also applied by treatsafe.wsgi so a
hand-run WSGI server gets them too):
- refuses request bodies over MAX_REQUEST_BODY_BYTES before reading them (Django spools uploaded
  files to disk with no limit of its own; a body without Content-Length it never reads);
- honours `X-Forwarded-Proto` only from the proxies in TREATSAFE_TRUSTED_PROXIES (default
  127.0.0.1): from any other peer the header is dropped, so a client cannot claim HTTPS;
- replays pages that are the same for every cookie-less visitor without entering Django
  (treatsafe.core.pagecache).
"""

import contextlib
import gc
import os
from collections.abc import Callable, Iterable

from treatsafe.core.clientip import in_networks, parse_networks
from treatsafe.core.pagecache import served_from_memory

# Room for an 8 MB label photo and its form.
MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024
DEFAULT_TRUSTED_PROXIES = "127.0.0.1"
TOO_LARGE = b"The request is too large: send at most 10 MB.\n"


def default_workers() -> int:
    """One worker per core: granian's own threads do the network waiting, so a second worker
    a core only adds contention (README, Performance)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def trusted_proxies(value: str | None = None) -> tuple:
    """TREATSAFE_TRUSTED_PROXIES: comma-separated addresses or networks ("10.0.0.0/8"), read as
    the client-address rule reads them (treatsafe.core.clientip)."""
    text = os.environ.get("TREATSAFE_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    return parse_networks(text if value is None else value)


def is_trusted(address: str | None, networks: Iterable) -> bool:
    return in_networks(address, networks)


def edge(application: Callable, networks: list | None = None) -> Callable:
    """The WSGI application wrapped with the body cap and the trusted-proxy rule."""
    networks = trusted_proxies() if networks is None else networks
    application = served_from_memory(application)

    def served(environ, start_response):
        if "HTTP_X_FORWARDED_PROTO" in environ:
            if is_trusted(environ.get("REMOTE_ADDR"), networks):
                scheme = environ["HTTP_X_FORWARDED_PROTO"].split(",")[0].strip().lower()
                if scheme in ("http", "https"):
                    environ["wsgi.url_scheme"] = scheme
            else:
                del environ["HTTP_X_FORWARDED_PROTO"]
        length = environ.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > MAX_REQUEST_BODY_BYTES:
            start_response(
                "413 Content Too Large",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(TOO_LARGE))),
                    ("Connection", "close"),
                ],
            )
            return [TOO_LARGE]
        return application(environ, start_response)

    return served


# Read-only data that the apps build on first use, built by the master before forking (and the
# one write, the listing cards). Named, not imported: serving is the composition root and core
# imports no higher app.
WARM_UPS = (
    "treatsafe.ingredients.services.get_index",  # the label index (about 1 s, 88 MB)
    "treatsafe.treatments.rules.get_ruleset",
    "treatsafe.register.density.density.cells",  # the register's density map
    "treatsafe.register.indexing.vocabulary.words",  # the words of its names (slips corrected)
    "treatsafe.register.counting.accredited_points.build",  # search totals counted in memory
    # the one write: listing cards missing (a database loaded by an older release) or made by
    # an older recipe, so that searches read cards rather than joins (a no-op when all are)
    "treatsafe.register.cards.write_missing",
    "treatsafe.geo.services.warm_up",  # postcode districts and local authorities
)
TEMPLATES = ("core/home.html", "register/search.html", "ingredients/check.html")


def warm_up() -> None:
    """Build, in the master, everything read-only that a request would otherwise build on
    first use, so no request pays for it and forked workers share it."""
    from django.db import DatabaseError, connections
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils.module_loading import import_string

    from treatsafe.core.errors import DomainError

    get_resolver().url_patterns  # noqa: B018 - imports every view module and builds the URL map
    for name in TEMPLATES:
        with contextlib.suppress(TemplateDoesNotExist):  # a renamed one costs its first request
            get_template(name)
    for path in WARM_UPS:
        build = _resolve(path, import_string)
        # not imported or migrated yet: the first request that needs it says so
        with contextlib.suppress(DomainError, DatabaseError):
            build()
    connections.close_all()  # never share a database connection with forked workers


def _resolve(path: str, import_string):
    """`package.module.attribute.method` as a callable."""
    module_path, _, name = path.rpartition(".")
    try:
        return import_string(path)
    except ImportError:
        return getattr(import_string(module_path), name)


def freeze() -> None:
    """Move every object built so far out of the collector's sight: the workers' collections
    then never touch (and so never copy) the master's pages."""
    gc.collect()
    gc.freeze()


APPLICATION = "treatsafe.wsgi:application"


def server_options(*, host: str, port: int, workers: int, threads: int) -> dict:
    """granian's settings: the WSGI application, `threads` to run requests in each worker."""
    return {
        "target": APPLICATION,
        "address": host,
        "port": port,
        "interface": "wsgi",
        "workers": workers,
        "blocking_threads": threads,
        "backlog": 2048,
        "websockets": False,
        "log_level": "warning",
        "log_access": False,
        "respawn_failed_workers": True,
        "workers_kill_timeout": 20,  # requests in flight get this long on a restart or stop
    }


def run_server(options: dict) -> None:
    """Serve with granian in this process. Its workers are forked (not spawned), so they start
    with everything the master built and froze, and load the application it already imported."""
    import multiprocessing

    from granian.constants import Interfaces
    from granian.server import Server

    multiprocessing.set_start_method("fork", force=True)
    settings = {**options, "interface": Interfaces(options["interface"])}
    Server(**settings).serve()
