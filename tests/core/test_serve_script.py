"""The README's `bash scripts/serve.sh`, run as a newcomer would in a fresh copy of the
repository, and the CLI behaving in pipes."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_help_into_a_pipe_closed_early_is_not_an_error():
    # `treatsafe --help | grep -q serve` under pipefail: grep exits at the first match
    script = f"set -o pipefail; {sys.executable} -m treatsafe.cli --help | head -c 1 >/dev/null"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(3):
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        assert "BrokenPipeError" not in result.stderr


def _copy_of_the_repository(target: Path) -> Path:
    """The repository's tracked files as a fresh clone has them (working-tree versions)."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            (target / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name.decode())
    return target


def _venv_of_this_interpreter(clone: Path) -> None:
    """A `.venv` in the copy that runs this test's interpreter (already holding every
    dependency), stamped as installed so set-up skips pip, running the copy's code."""
    bin_dir = clone / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, command in (("python", ""), ("treatsafe", "-m treatsafe.cli")):
        wrapper = bin_dir / name
        wrapper.write_text(
            f'#!/bin/sh\nPYTHONPATH="{clone}" exec "{sys.executable}" {command} "$@"\n'
        )
        wrapper.chmod(0o755)
    digest = subprocess.run(
        ["sha1sum", "pyproject.toml"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout[:12]
    (clone / ".venv" / f".installed-{digest}").touch()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_script_loads_the_demo_register_on_a_first_run_and_says_when_it_answers(tmp_path):
    clone = _copy_of_the_repository(tmp_path / "clone")
    _venv_of_this_interpreter(clone)
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "TREATSAFE_DATA_DIR": str(tmp_path / "data"),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("DATABASE_URL", "TREATSAFE_DEMO_PRACTITIONERS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while "TreatSafe is ready" not in (tmp_path / "serve.log").read_text():
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        output = (tmp_path / "serve.log").read_text()
        assert f"open http://127.0.0.1:{port}/" in output
        url = (
            f"http://127.0.0.1:{port}/api/v1/practitioners/search?postcode=W1G+9PF&radius_miles=25"
        )
        with urllib.request.urlopen(url, timeout=30) as response:
            answer = json.load(response)
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have stopped on its own
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()
    accredited = [r for r in answer["results"] if r["accreditation"]["status"] == "accredited"]
    assert accredited, output
    assert all(r["is_demo"] for r in accredited)
