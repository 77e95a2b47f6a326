"""Settings that keep the service safe by default."""

import os
import stat
from pathlib import Path

from treatsafe import settings as project_settings


def test_the_generated_secret_key_file_is_never_readable_by_others(monkeypatch, tmp_path):
    # The key must be private from the moment the file exists, not only after a later chmod.
    monkeypatch.delenv("TREATSAFE_SECRET_KEY", raising=False)
    monkeypatch.setattr(project_settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    old_umask = os.umask(0o022)
    try:
        key = project_settings._secret_key()
    finally:
        os.umask(old_umask)
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key) >= 50
    assert project_settings._secret_key() == key  # made once, then read back
