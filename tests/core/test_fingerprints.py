"""A dataset's fingerprint is read from the database at most once a second, and afresh at once
after an import in this process."""

import pytest

from treatsafe.core import fingerprints
from treatsafe.core.models import ImportedDataset

pytestmark = pytest.mark.django_db


def test_the_fingerprint_is_read_once_then_remembered(django_assert_num_queries):
    ImportedDataset.objects.create(name="example", fingerprint="a" * 64)
    with django_assert_num_queries(1):
        assert fingerprints.current("example") == "a" * 64
        assert fingerprints.current("example") == "a" * 64


def test_an_import_in_this_process_is_seen_at_once():
    dataset = ImportedDataset.objects.create(name="example", fingerprint="a" * 64)
    assert fingerprints.current("example") == "a" * 64
    dataset.fingerprint = "b" * 64
    dataset.save()
    assert fingerprints.current("example") == "b" * 64
    dataset.delete()
    assert fingerprints.current("example") is None


def test_another_process_import_is_seen_after_the_time_to_live(monkeypatch):
    dataset = ImportedDataset.objects.create(name="example", fingerprint="a" * 64)
    assert fingerprints.current("example") == "a" * 64
    ImportedDataset.objects.filter(pk=dataset.pk).update(fingerprint="c" * 64)  # no signal
    assert fingerprints.current("example") == "a" * 64
    monkeypatch.setattr(fingerprints, "FINGERPRINT_TTL_SECONDS", 0.0)
    assert fingerprints.current("example") == "c" * 64
