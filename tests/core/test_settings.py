"""Settings that keep the service safe by default."""

import json
import os
import stat
import subprocess
import sys
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


def _settings_with(env: dict) -> dict:
    """Read the security settings in a fresh interpreter, as a server started with `env` would."""
    code = (
        "import json; from treatsafe import settings as s; print(json.dumps({n: getattr(s, n, None)"
        " for n in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT',"
        " 'SECURE_HSTS_SECONDS', 'DEBUG']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_settings_are_off_by_default_so_a_laptop_serves_plain_http(tmp_path):
    found = _settings_with({"TREATSAFE_DATA_DIR": str(tmp_path), "TREATSAFE_HTTPS": ""})
    assert not found["SESSION_COOKIE_SECURE"] and not found["SECURE_SSL_REDIRECT"]
    assert found["DEBUG"] is False


def test_treatsafe_https_turns_on_secure_cookies_hsts_and_redirects(tmp_path):
    found = _settings_with({"TREATSAFE_DATA_DIR": str(tmp_path), "TREATSAFE_HTTPS": "1"})
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert found["SECURE_SSL_REDIRECT"]
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000
