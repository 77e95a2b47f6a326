"""`treatsafe serve`: safe defaults (loopback only, bounded request bodies)."""

import waitress
from django.core.management import call_command

from treatsafe.ingredients import photos


def _serve_arguments(monkeypatch, *args):
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: seen.update(kwargs))
    call_command("serve", *args)
    return seen


def test_serve_listens_on_loopback_only_by_default(monkeypatch):
    assert _serve_arguments(monkeypatch)["host"] == "127.0.0.1"


def test_serve_refuses_request_bodies_much_larger_than_a_label_photo(monkeypatch):
    # Django spools uploaded files to disk with no size limit of its own, so the server must
    # refuse a huge body before it is read (waitress's own default is 1 GB).
    limit = _serve_arguments(monkeypatch).get("max_request_body_size", 1024**3)
    assert photos.MAX_PHOTO_BYTES < limit <= 2 * photos.MAX_PHOTO_BYTES
