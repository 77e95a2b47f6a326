# ruff: noqa: E402 (the standard library is imported after the sys.path fix below)
"""Benchmark: the real server over HTTP on loopback, with 100,000 demo practitioners.

    .venv/bin/python bench/http.py [--data-dir var/bench/http] [--duration 8] [--no-gunicorn]

Prepares its own data directory (migrated, reference data imported, 100,000 demo practitioners:
minutes on the first run, reused after), then, one server at a time on a free loopback port:
- `treatsafe serve` (granian, one worker per core, forked from the warmed and frozen master);
- gunicorn (two sync workers per core, preloaded and frozen the same way), when installed, for
  the choice of server;
- the baseline: waitress with one thread, a single-threaded server.
For each it measures search (`GET /api/v1/practitioners/search`, 300 random real postcodes and
treatments, asked again and again as the places people search are), new search (20,000 other
postcodes, so nearly every request is a place no worker has answered yet: a worker keeps the
answers it gave while the register is unchanged), label check (`POST /api/v1/labels/check`,
realistic labels) and the home page:
- closed loop to saturation with wrk (Debian's `wrk`, 2 threads, 32 connections): req/s, p50, p99;
- open loop at fixed offered rates (search at 200 and 500 req/s, bounded in time) with a Python
  load generator in a separate process that sends on schedule whatever the replies, timing each
  request from when it was due (so a slow server cannot hide its queue);
- each worker's private memory (USS, from /proc) after the warm-up;
- the warm-up itself: every search path as many times as the server has workers, whose latency
  is the cold figure (a worker counts a search's total the first time, then remembers it until
  the register changes); the figures above are the steady state that follows.
Every request must answer 200: errors are counted and printed. The machine is the one the server
runs on: the load generator takes CPU from it, as it would from any load test on one machine.
The last line is `speedup_vs_baseline: <number>` (search req/s at saturation, served by
`treatsafe serve`, over the baseline's).
"""

import os
import sys

# This file is named like the standard library's `http` package: run as a script, its folder
# comes first on sys.path and would shadow it.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]

import argparse
import json
import platform
import random
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRACTITIONERS = 100_000
NEW_PLACES = 20_000
MAX_IN_FLIGHT = 256  # open connections of the open-loop generator (file descriptors)
TREATMENTS = ["", "dermal-filler", "botulinum-toxin", "chemical-peel", "microneedling", "prp"]
LABELS = [
    "AQUA, GLYCERIN, SODIUM HYALURONATE, PHENOXYETHANOL",
    "Aqua (Water), Glycerin, Niacinamide, Butylene Glycol, Panthenol, Carbomer, Sodium Hydroxide",
    "WATER, CETEARYL ALCOHOL, CAPRYLIC/CAPRIC TRIGLYCERIDE, GLYCOLIC ACID, PARFUM, LIMONENE",
    "Aqua, Alcohol Denat., Salicylic Acid, Hydroquinone, Propylene Glycol",
    "AQUA, ROSA DAMASCENA FLOWER WATER, LACTOBACILLUS FERMENT, XANTHAN GUM, TOCOPHEROL",
    "Water, Glycerin, Retinol, Dimethicone, Squalane, Ceramide NP, Cholesterol, Phytosphingosine",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir: Path) -> dict:
    env = {
        **os.environ,
        "TREATSAFE_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'treatsafe.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "treatsafe.settings",
        # one client address sends every request: measure serving, not the per-address limit
        "TREATSAFE_RATE_LABEL_CHECK": "off",
    }
    return env


def _cli(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "treatsafe.cli", *args], env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"treatsafe {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(data_dir: Path, n: int) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _env(data_dir)
    _cli(env, "migrate", "--noinput")
    _cli(env, "import-data")
    started = time.monotonic()
    out = _cli(env, "demo-data", "--practitioners", str(n))
    if "nothing to do" not in out:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"demo-data: {n:,} practitioners in {time.monotonic() - started:.0f} s, "
            f"peak memory of the set-up commands {peak:.0f} MB (targets: 60 s, 500 MB)"
        )
    return env


def sample_postcodes(data_dir: Path, k: int = 300, seed: int = 20261128) -> list[str]:
    import sqlite3

    with sqlite3.connect(data_dir / "treatsafe.sqlite3") as db:
        rows = db.execute(
            "SELECT postcode FROM geo_unitpostcode WHERE latitude IS NOT NULL ORDER BY postcode"
        ).fetchall()
    rng = random.Random(seed)
    return [r[0] for r in rng.sample(rows, k)]


def search_paths(postcodes: list[str]) -> list[str]:
    rng = random.Random(7)
    paths = []
    for postcode in postcodes:
        treatment = rng.choice(TREATMENTS)
        path = f"/api/v1/practitioners/search?postcode={postcode.replace(' ', '+')}&radius_miles=25"
        paths.append(path + (f"&treatment={treatment}" if treatment else ""))
    return paths


# --- servers -----------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, command: list[str], env: dict, port: int):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        # a file, not a pipe: a server that logs a lot (waitress warns of its queue on every
        # request under load) would block on a full pipe nobody reads
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{name} exited:\n{self.tail()}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        sys.exit(f"{name} did not answer")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        pids = [int(p) for p in out]
        return pids or [self.process.pid]

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            print(f"   {self.name} exited ({self.process.returncode}): {self.tail()}", flush=True)

    def tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (workers and master)."""
        total = 0
        for pid in {self.process.pid, *self.worker_pids()}:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def memory(self) -> dict:
        """Private (unshared) and proportional memory of each worker, in MB."""
        private, proportional = [], []
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", text, re.M))
            private.append((int(fields["Private_Clean"]) + int(fields["Private_Dirty"])) / 1024)
            proportional.append(int(fields["Pss"]) / 1024)
        return {"workers": len(private), "private": private, "pss": proportional}

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# gunicorn as `treatsafe serve` ran it before granian: sync workers (two per core), forked from
# a master that has built the reference data and frozen it, so both servers start alike
GUNICORN = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
import django
django.setup()
from gunicorn.app.base import BaseApplication
from treatsafe.core import serving
from treatsafe.wsgi import application
serving.warm_up()
serving.freeze()
class Preloaded(BaseApplication):
    def load_config(self):
        workers = 2 * len(os.sched_getaffinity(0))
        for key, value in {"bind": ["127.0.0.1:" + sys.argv[1]], "workers": workers,
                           "worker_class": "sync", "preload_app": True, "accesslog": None,
                           "loglevel": "warning", "backlog": 2048}.items():
            self.cfg.set(key, value)
    def load(self):
        return application
Preloaded().run()
"""


def start_servers(env: dict, gunicorn: bool, workers: int | None):
    python = sys.executable
    serve = [python, "-m", "treatsafe.cli", "serve"]
    if workers:
        serve += ["--workers", str(workers)]
    yield "treatsafe serve (granian)", lambda p: [*serve, "--port", str(p)]
    if gunicorn:
        cores = len(os.sched_getaffinity(0))
        yield (
            f"gunicorn ({2 * cores} sync workers, preloaded)",
            lambda p: [python, "-c", GUNICORN, str(p)],
        )
    baseline = (
        "import sys; from waitress import serve; from treatsafe.wsgi import application; "
        "serve(application, host='127.0.0.1', port=int(sys.argv[1]), threads=1, _quiet=True)"
    )
    yield "baseline: waitress, 1 thread", lambda p: [python, "-c", baseline, str(p)]


# --- load: closed loop (wrk) --------------------------------------------------------------------

WRK_SCRIPT = """
math.randomseed(%(seed)d)
local requests = {}
for i, item in ipairs(%(items)s) do
  local headers = {["Host"] = "%(host)s"}
  if item[3] then headers["Content-Type"] = "application/json" end
  requests[i] = wrk.format(item[1], item[2], headers, item[3])
end
request = function() return requests[math.random(#requests)] end
"""


def _lua_items(items) -> str:
    def lua(value):
        return "nil" if value is None else json.dumps(value)

    return "{" + ", ".join(f"{{{lua(m)}, {lua(p)}, {lua(b)}}}" for m, p, b in items) + "}"


def wrk(url: str, items, duration: float, connections: int = 32) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        host = url.removeprefix("http://")
        script.write(WRK_SCRIPT % {"seed": 42, "items": _lua_items(items), "host": host})
    try:
        out = subprocess.run(
            [
                "wrk", "-t2", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency",
                "--timeout", "10s", "-s", script.name, url,
            ],
            capture_output=True, text=True, timeout=duration + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)

    def ms(label):
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(socket_errors.group(i)) for i in (1, 2, 3, 4)) if socket_errors else 0
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": errors,
    }


# --- load: open loop (a separate process) --------------------------------------------------------


def open_loop_child(url: str, paths_file: str, rate: float, duration: float) -> None:
    """Send GETs on a fixed schedule for `duration` seconds, each on its own connection, whatever
    the replies; print each latency (from when the request was due) as JSON."""
    import asyncio

    paths = json.loads(Path(paths_file).read_text())
    rng = random.Random(11)
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = [0]

    async def one(when: float, path: str, deadline: float, slots) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(0.0, when - loop.time()))
        try:
            async with slots:  # waiting for a slot counts in the latency: still open loop
                await _fetch(when, path, deadline, loop)
        except (TimeoutError, OSError):
            errors[0] += 1

    async def _fetch(when, path, deadline, loop) -> None:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 10)
            request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
            writer.write(request.encode())
            reply = await asyncio.wait_for(reader.read(), max(0.1, deadline - loop.time()))
            writer.close()
            ok = reply.startswith(b"HTTP/1.1 200") or reply.startswith(b"HTTP/1.0 200")
        except (TimeoutError, OSError):
            ok = False
        if ok:
            latencies.append((loop.time() - when) * 1000)
        else:
            errors[0] += 1

    async def main() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.2
        deadline = start + duration + 10  # bounded: replies later than this are errors
        total = int(rate * duration)
        slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        tasks = [
            asyncio.create_task(one(start + i / rate, rng.choice(paths), deadline, slots))
            for i in range(total)
        ]
        await asyncio.gather(*tasks)

    asyncio.run(main())
    print(json.dumps({"sent": int(rate * duration), "latencies": latencies, "errors": errors[0]}))


def open_loop(url: str, paths: list[str], rate: float, duration: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(paths, f)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--open-loop-child", url, f.name, str(rate), str(duration)],
            capture_output=True, text=True, timeout=duration + 60,
        ).stdout  # fmt: skip
        result = json.loads(out)
    except (subprocess.TimeoutExpired, json.JSONDecodeError):  # bounded: count all as failed
        result = {"latencies": [], "errors": int(rate * duration)}
    finally:
        os.unlink(f.name)
    latencies = sorted(result["latencies"])

    def pct(p):
        return (
            latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]
            if latencies
            else float("nan")
        )

    return {
        "offered": rate,
        "served": len(latencies) / duration,
        "p50": pct(50),
        "p99": pct(99),
        "errors": result["errors"],
    }


# --- the run -------------------------------------------------------------------------------------


def run(args) -> None:
    data_dir = Path(args.data_dir)
    env = prepare(data_dir, args.practitioners)
    search = search_paths(sample_postcodes(data_dir))
    # far more places than a run can ask for: nearly every request is one no worker has answered
    new_places = search_paths(sample_postcodes(data_dir, NEW_PLACES, seed=2027))
    scenarios = {
        "search": [("GET", p, None) for p in search],
        "new search": [("GET", p, None) for p in new_places],
        "label check": [
            ("POST", "/api/v1/labels/check", json.dumps({"text": label})) for label in LABELS
        ],
        "home": [("GET", "/", None)],
    }
    try:
        import gunicorn  # noqa: F401

        have_gunicorn = not args.no_gunicorn
    except ImportError:
        have_gunicorn = False
    results = {}
    for name, command in start_servers(env, have_gunicorn, args.workers):
        port = _free_port()
        print(f"== {name}", flush=True)
        server = Server(name, command(port), env, port)
        try:
            # the first time each worker meets a search it counts the total within the radius
            # (tens of thousands of rows in central London), then remembers it until the
            # register changes: measured here once, before the steady state is measured
            figures = {"cold search": warm_up(server, scenarios)}
            c = figures["cold search"]
            print(
                f"   cold search  {c['requests']} requests (each path {c['rounds']} times): "
                f"p50 {c['p50']:.1f} ms, p99 {c['p99']:.1f} ms, {c['errors']} errors",
                flush=True,
            )
            figures["memory"] = server.memory()
            for scenario, items in scenarios.items():
                server.check_alive()
                used = server.cpu_seconds()
                figures[scenario] = f = wrk(server.url, items, args.duration)
                # load-independent: the server's CPU per request (a worker restarted during
                # the run would be missed, so this can only be an underestimate)
                f["cpu_ms"] = (
                    (server.cpu_seconds() - used) * 1000 / max(1, f["rps"] * args.duration)
                )
                print(
                    f"   {scenario:<12} {f['rps']:8.0f} req/s  p50 {f['p50']:7.1f} ms  "
                    f"p99 {f['p99']:7.1f} ms  errors {f['errors']}  "
                    f"server CPU {f['cpu_ms']:.1f} ms/request",
                    flush=True,
                )
            if not name.startswith("gunicorn"):
                for rate in args.rates:
                    key = f"search at {rate:g}/s"
                    figures[key] = open_loop(server.url, search, rate, args.open_duration)
                    f = figures[key]
                    print(
                        f"   {key:<12} served {f['served']:6.0f}/s  p50 {f['p50']:7.1f} ms  "
                        f"p99 {f['p99']:7.1f} ms  errors {f['errors']}",
                        flush=True,
                    )
            results[name] = figures
        finally:
            server.stop()
    report(results, args)


def _fetch(url: str, method: str, body: str | None) -> float:
    request = urllib.request.Request(
        url,
        data=body.encode() if body else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def warm_up(server, scenarios: dict) -> dict:
    """Every page once on every worker, and every search path as many times as the server has
    workers, from 8 clients at once (a worker takes whichever connection comes): the latency of
    these first searches, most of them new to the worker that answers, is the cold figure."""
    from concurrent.futures import ThreadPoolExecutor

    for name, items in scenarios.items():
        _fetch(server.url + items[0][1], items[0][0], items[0][2])
        if name != "new search":  # kept new
            wrk(server.url, items, 2, connections=8)
    rounds = max(2, len(server.worker_pids()))
    jobs = [item for _ in range(rounds) for item in scenarios["search"]]
    random.Random(3).shuffle(jobs)
    latencies, errors = [], 0
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(_fetch, server.url + p, method, body) for method, p, body in jobs]
        for future in futures:
            try:
                latencies.append(future.result())
            except OSError:
                errors += 1
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    figures = {"requests": len(jobs), "rounds": rounds, "errors": errors}
    return {**figures, "p50": pct(0.5), "p99": pct(0.99)}


def report(results: dict, args) -> None:
    names = list(results)
    main, baseline = names[0], names[-1]
    print()
    print(
        f"{platform.processor() or platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}, {args.practitioners:,} demo practitioners, SQLite"
    )
    print("| server | search req/s | p50 / p99 ms | new search req/s | p50 / p99 ms "
          "| label check req/s | p50 / p99 ms | home req/s | p50 / p99 ms | errors |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, figures in results.items():
        cells = []
        errors = 0
        for scenario in ("search", "new search", "label check", "home"):
            f = figures[scenario]
            cells += [f"{f['rps']:,.0f}", f"{f['p50']:.1f} / {f['p99']:.1f}"]
            errors += f["errors"]
        print(f"| {name} | " + " | ".join(cells) + f" | {errors} |")
    print()
    print("server CPU per request (ms): " + "; ".join(
        f"{name}: " + ", ".join(
            f"{scenario} {figures[scenario]['cpu_ms']:.1f}"
            for scenario in ("search", "new search", "label check", "home")
        )
        for name, figures in results.items()
    ))  # fmt: skip
    print()
    print("| server | offered search req/s | served req/s | p50 / p99 ms | errors |")
    print("|---|---|---|---|---|")
    for name, figures in results.items():
        for key, f in figures.items():
            if key.startswith("search at"):
                print(
                    f"| {name} | {f['offered']:g} | {f['served']:,.0f} | "
                    f"{f['p50']:.1f} / {f['p99']:.1f} | {f['errors']} |"
                )
    print()
    cold = [(name, figures["cold search"]) for name, figures in results.items()]
    print(
        "first searches of a worker (each path once per worker, its total not yet counted): "
        + "; ".join(f"{name}: p50 {c['p50']:.1f} ms, p99 {c['p99']:.1f} ms" for name, c in cold)
    )
    print()
    for name, figures in results.items():
        memory = figures["memory"]
        private = ", ".join(f"{m:.0f}" for m in memory["private"])
        pss = ", ".join(f"{m:.0f}" for m in memory["pss"])
        print(f"{name}: {memory['workers']} worker(s), private MB: {private}; PSS MB: {pss}")
    speedup = results[main]["search"]["rps"] / max(results[baseline]["search"]["rps"], 1e-9)
    print(f"speedup_vs_baseline: {speedup:.1f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--open-loop-child":
        url, paths_file, rate, duration = sys.argv[2:6]
        open_loop_child(url, paths_file, float(rate), float(duration))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench" / "http"))
    parser.add_argument("--practitioners", type=int, default=PRACTITIONERS)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    parser.add_argument("--open-duration", type=float, default=8.0, help="seconds per rate")
    parser.add_argument("--rates", type=float, nargs="*", default=[200, 500])
    parser.add_argument("--workers", type=int, default=None, help="for treatsafe serve")
    parser.add_argument("--no-gunicorn", action="store_true")
    args = parser.parse_args()
    if not shutil_which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (scripts/bootstrap.sh installs it)")
    run(args)


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


if __name__ == "__main__":
    main()
