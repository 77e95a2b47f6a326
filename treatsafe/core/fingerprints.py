"""Which version of each imported reference dataset is loaded, as a process sees it: read from
the database at most once every FINGERPRINT_TTL_SECONDS per dataset, and at once after an import
in this process (the ImportedDataset row is saved). Caches built from reference data (the label
index, postcode answers) key on it, so a request pays for no query to learn nothing changed."""

import threading
import time

from django.db.models.signals import post_delete, post_save

from treatsafe.core.models import ImportedDataset

FINGERPRINT_TTL_SECONDS = 1.0
_lock = threading.Lock()
_seen: dict[str, tuple[str | None, float]] = {}  # name -> (fingerprint, when read)


def current(name: str) -> str | None:
    """The dataset's fingerprint, None while it has never been imported."""
    seen = _seen.get(name)
    now = time.monotonic()
    if seen is not None and now - seen[1] < FINGERPRINT_TTL_SECONDS:
        return seen[0]
    fingerprint = (
        ImportedDataset.objects.filter(name=name).values_list("fingerprint", flat=True).first()
    )
    with _lock:
        _seen[name] = (fingerprint, now)
    return fingerprint


def forget() -> None:
    with _lock:
        _seen.clear()


def _changed(sender, instance, **kwargs):
    with _lock:
        _seen.pop(instance.name, None)


post_save.connect(_changed, sender=ImportedDataset, dispatch_uid="core-fingerprints-saved")
post_delete.connect(_changed, sender=ImportedDataset, dispatch_uid="core-fingerprints-deleted")
