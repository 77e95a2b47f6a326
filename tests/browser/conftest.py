"""End-to-end browser harness: a real `treatsafe serve` process on a SQLite database made for
the session (migrated, reference data and demo data loaded), driven by Playwright through
Debian's chromium, with axe-core run on every page a test visits."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe rules to run: WCAG 2.0/2.1/2.2 A and AA, plus best practice.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class E2EServer:
    """A TreatSafe server process and a way to run CLI commands against its database."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "TREATSAFE_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'e2e.sqlite3'}",
            "TREATSAFE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            # days the records/reviews clock runs ahead (tests write the file, then remove it)
            "TREATSAFE_CLOCK_OFFSET_FILE": str(data_dir / "clock_offset_days"),
        }
        self.process = None

    def cli(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "treatsafe.cli", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"treatsafe {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def python(self, code: str) -> str:
        """Run Django ORM code against the server's database (for test set-up only)."""
        return self.cli("shell", "-c", code)

    def start(self) -> None:
        self.cli("migrate", "--noinput")
        if "import-data" in self.cli("--help"):
            self.cli("import-data")
        if "demo-data" in self.cli("--help"):  # until the register lands
            self.cli("demo-data", "--practitioners", "150")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "treatsafe.cli", "serve", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the TreatSafe server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory):
    server = E2EServer(tmp_path_factory.mktemp("e2e"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/bootstrap.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now and fail with a readable report on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
