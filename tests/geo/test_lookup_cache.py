"""Postcode and place answers are cached in each process, and an import of changed files
replaces them (in this process at once, in other processes once they read the fingerprint)."""

import gzip
import shutil

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.geo import datafiles
from treatsafe.core import fingerprints
from treatsafe.core.models import ImportedDataset
from treatsafe.geo import services
from treatsafe.geo.models import UnitPostcode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(fingerprints, "FINGERPRINT_TTL_SECONDS", 3600)
    services.lookups.clear()
    yield
    services.lookups.clear()  # the test's database changes are rolled back


def test_a_postcode_looked_up_again_reads_nothing_from_the_database(django_assert_num_queries):
    first = services.lookup_place("W1G 9PF")
    with django_assert_num_queries(0):
        again = services.lookup_place("W1G 9PF")
        services.lookup_place("W1G 9PF")
    assert again == first


def test_unknown_places_are_not_cached_and_still_raise_each_time():
    for _ in range(2):
        with pytest.raises(services.UnknownPlace):
            services.lookup_place("Nowhere At All")
    assert ("place", "Nowhere At All") not in services.lookups._entries


def test_an_import_of_changed_postcode_files_replaces_the_cached_answer(tmp_path):
    assert services.lookup_postcode("W1G 9PF").latitude == pytest.approx(51.517391)
    shutil.copytree(datafiles.UK_GEO, tmp_path / "uk_geo")
    path = tmp_path / "uk_geo" / "codepoint_open_2025_W.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    assert ",51.517391,-0.146009" in text
    path.write_bytes(
        gzip.compress(text.replace(",51.517391,-0.146009", ",51.6,-0.146009").encode())
    )
    with override_settings(REFERENCE_DATA_DIR=tmp_path):
        call_command("import_data", "uk_geo", verbosity=0)
    assert services.lookup_postcode("W1G 9PF").latitude == pytest.approx(51.6)


def test_another_process_s_import_is_seen_once_the_fingerprint_is_read_again(monkeypatch):
    assert services.lookup_postcode("W1G 9PF").latitude == pytest.approx(51.517391)
    # what an import in another process leaves behind: new rows and a new fingerprint
    UnitPostcode.objects.filter(postcode="W1G 9PF").update(latitude=51.7)
    ImportedDataset.objects.filter(name="uk_geo").update(fingerprint="0" * 64)
    assert services.lookup_postcode("W1G 9PF").latitude == pytest.approx(51.517391)
    monkeypatch.setattr(fingerprints, "FINGERPRINT_TTL_SECONDS", 0)
    assert services.lookup_postcode("W1G 9PF").latitude == pytest.approx(51.7)


def test_a_new_postcode_costs_one_query_once_districts_and_authorities_are_read(
    django_assert_num_queries,
):
    services.warm_up()  # as the server's master does before forking
    with django_assert_num_queries(1):  # its own row
        found = services.lookup_postcode("W1G 9PF")
    assert found.district == "W1G" and found.local_authority


def test_another_process_s_import_of_districts_is_seen_once_the_fingerprint_is_read_again(
    monkeypatch,
):
    from treatsafe.geo.models import PostcodeDistrict

    assert services.lookup_postcode("SY10").place != "Renamed Town"
    PostcodeDistrict.objects.filter(district="SY10").update(post_town="Renamed Town")
    ImportedDataset.objects.filter(name="uk_geo").update(fingerprint="1" * 64)
    services.lookups._entries.clear()  # the answer itself aside: the district table is kept
    assert services.lookup_postcode("SY10").place != "Renamed Town"
    monkeypatch.setattr(fingerprints, "FINGERPRINT_TTL_SECONDS", 0)
    assert services.lookup_postcode("SY10").place == "Renamed Town"
