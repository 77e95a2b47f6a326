"""`treatsafe serve` (granian): several worker processes on loopback by default, bounded request
bodies, read-only reference data built before forking, HTTPS trusted only from the configured
proxies, graceful restarts. The last tests run the real server."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from treatsafe.core import serving
from treatsafe.ingredients import photos


@pytest.fixture
def served(monkeypatch):
    """Run `serve` up to the point where granian would start, recording what it was given."""
    seen = {"steps": []}
    monkeypatch.setattr(serving, "warm_up", lambda: seen["steps"].append("warm_up"))
    monkeypatch.setattr(serving, "freeze", lambda: seen["steps"].append("freeze"))

    def run(options):
        seen["steps"].append("run")
        seen.update(options)

    monkeypatch.setattr(serving, "run_server", run)

    def serve(*args):
        call_command("serve", *args, stdout=open(os.devnull, "w"))  # noqa: SIM115
        return seen

    return serve


def test_serve_listens_on_loopback_only_by_default(served):
    options = served()
    assert (options["address"], options["port"]) == ("127.0.0.1", 8000)


def test_serve_runs_one_worker_per_core_by_default(served):
    options = served()
    assert options["workers"] == len(os.sched_getaffinity(0))
    assert options["blocking_threads"] == 1
    assert options["interface"] == "wsgi"


def test_workers_and_threads_flags_set_the_processes_and_threads(served):
    options = served("--workers", "3", "--threads", "4", "--port", "8123")
    assert (options["workers"], options["blocking_threads"]) == (3, 4)
    assert options["port"] == 8123


@pytest.mark.parametrize("flag", ["--workers", "--threads"])
def test_zero_workers_or_threads_are_refused(served, flag):
    with pytest.raises(CommandError):
        served(flag, "0")


def test_reference_data_is_built_before_forking_and_then_frozen(served):
    options = served()
    assert options["steps"] == ["warm_up", "freeze", "run"]
    # the workers load the application the master has already imported, with its edge
    assert options["target"] == "treatsafe.wsgi:application"


def test_the_options_are_ones_granian_accepts():
    from granian.constants import Interfaces
    from granian.server import Server

    options = serving.server_options(host="127.0.0.1", port=8123, workers=2, threads=1)
    server = Server(**{**options, "interface": Interfaces(options["interface"])})
    assert (server.workers, server.blocking_threads) == (2, 1)


@pytest.mark.django_db
def test_warming_up_builds_the_label_index_density_map_and_name_words_so_no_request_pays(
    monkeypatch,
):
    from django.db import connections

    from tests.register.builders import make_listing
    from treatsafe.ingredients import services as ingredients

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction

    from treatsafe.register import indexing, search

    make_listing("accredited", name="Perdita Vanstone")
    monkeypatch.setattr(indexing, "vocabulary", indexing.Vocabulary())  # never read yet
    ingredients._index_cache.clear()
    search.density.clear()
    serving.warm_up()
    assert "cosing" in ingredients._index_cache
    assert search.density._cells is not None
    assert "vanstone" in indexing.vocabulary
    before = ingredients._index_cache["cosing"][1]
    ingredients.check_label("AQUA, GLYCERIN")
    assert ingredients._index_cache["cosing"][1] is before


def _call(app, **environ):
    status = []
    environ = {"REQUEST_METHOD": "POST", "REMOTE_ADDR": "127.0.0.1", **environ}
    body = app(environ, lambda s, headers: status.append(s))
    return status[0] if status else None, b"".join(body)


def test_request_bodies_much_larger_than_a_label_photo_are_refused_unread():
    reached = []
    app = serving.edge(lambda environ, start: reached.append(environ) or [b""], [])
    status, body = _call(app, CONTENT_LENGTH=str(2 * photos.MAX_PHOTO_BYTES))
    assert status.startswith("413") and b"10 MB" in body
    assert reached == []
    assert photos.MAX_PHOTO_BYTES < serving.MAX_REQUEST_BODY_BYTES <= 2 * photos.MAX_PHOTO_BYTES
    _call(app, CONTENT_LENGTH=str(photos.MAX_PHOTO_BYTES + 100_000))
    assert len(reached) == 1  # a photo and its form still get through


def test_forwarded_proto_is_dropped_unless_the_peer_is_a_trusted_proxy():
    seen = []
    app = serving.edge(
        lambda environ, start: seen.append(dict(environ)) or [],
        serving.trusted_proxies("10.0.0.0/8"),
    )
    _call(
        app, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_PROTO="https", **{"wsgi.url_scheme": "http"}
    )
    _call(
        app,
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_PROTO="https",
        **{"wsgi.url_scheme": "http"},
    )
    trusted, untrusted = seen
    assert trusted["HTTP_X_FORWARDED_PROTO"] == "https" and trusted["wsgi.url_scheme"] == "https"
    assert "HTTP_X_FORWARDED_PROTO" not in untrusted and untrusted["wsgi.url_scheme"] == "http"


# --- the real server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, tmp_path, **env):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "TREATSAFE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
            "TREATSAFE_HTTPS": "1",
            **env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "treatsafe.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                "2",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                self.get("/static/treatsafe/treatsafe.css", proto="https")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def get(self, path, proto=None, method="GET", headers=None):
        """(status, headers) without following redirects."""
        request = urllib.request.Request(self.url + path, method=method, headers=headers or {})
        if proto:
            request.add_header("X-Forwarded-Proto", proto)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


STATIC = "/static/treatsafe/treatsafe.css"


@pytest.mark.slow
def test_https_from_a_trusted_proxy_gets_hsts_and_no_redirect(behind_proxy):
    status, headers = behind_proxy.get(STATIC, proto="https")
    assert status == 200  # static files are served, and no redirect loop
    assert "max-age=" in headers["Strict-Transport-Security"]


@pytest.mark.slow
def test_plain_http_through_the_proxy_is_redirected_to_https(behind_proxy):
    status, headers = behind_proxy.get(STATIC, proto="http")
    assert status == 301 and headers["Location"].startswith("https://")


@pytest.mark.slow
def test_a_forwarded_https_claim_from_an_untrusted_peer_is_ignored(tmp_path):
    # 127.0.0.1 connects, but only a documentation address is trusted
    server = Server(tmp_path, TREATSAFE_TRUSTED_PROXIES="192.0.2.1")
    try:
        status, headers = server.get(STATIC, proto="https")
    except RuntimeError:
        raise
    finally:
        server.stop()
    assert status == 301 and headers["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in headers


@pytest.mark.slow
def test_the_real_server_refuses_a_huge_body_before_reading_it(behind_proxy):
    status, _ = behind_proxy.get(
        "/api/v1/labels/check",
        proto="https",
        method="POST",
        headers={"Content-Length": str(50 * 1024 * 1024), "Content-Type": "application/json"},
    )
    assert status == 413


def _workers(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(p) for p in out.stdout.split()}


@pytest.mark.slow
def test_sighup_replaces_the_workers_while_the_server_keeps_answering(behind_proxy):
    master = behind_proxy.process.pid
    before = _workers(master)
    assert len(before) == 2
    os.kill(master, signal.SIGHUP)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = _workers(master)
        if len(after) == 2 and not after & before:
            break
        time.sleep(0.2)
    assert len(after) == 2 and not after & before
    assert behind_proxy.get(STATIC, proto="https")[0] == 200
