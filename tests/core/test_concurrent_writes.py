"""SQLite, the default database, holds under concurrent writers: WAL, a busy timeout and
BEGIN IMMEDIATE transactions (treatsafe/settings.py) turn "database is locked" into a short wait."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_practitioners_and_assessors_writing_at_once_on_sqlite_get_no_server_error(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "treatsafe.settings",
        "TREATSAFE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/core/concurrent_writers.py"), "12"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    total = sum(statuses.values())
    assert total >= 4 * 12 + 3 * 3 * 2, statuses
    errors = {k: v for k, v in statuses.items() if not k.isdigit() or int(k) >= 500}
    assert errors == {}, (statuses, result.stderr[-3000:])
    # The writes happened: every request was answered as a person would expect.
    assert set(statuses) <= {"200", "302", "400", "409"}, statuses
