"""`treatsafe demo-data`: a marked, reproducible synthetic register in every state and nation."""

from io import StringIO

import pytest
from django.core.management import call_command

from treatsafe.register import audit
from treatsafe.register.accreditation import Status
from treatsafe.register.models import Clinic, Offer, Practitioner, Product, SearchEntry

pytestmark = pytest.mark.django_db


def run(n: int) -> str:
    out = StringIO()
    call_command("demo_data", practitioners=n, stdout=out)
    return out.getvalue()


def test_every_demo_record_is_marked_as_demo_data():
    run(80)
    assert Practitioner.objects.filter(is_demo=True).count() == 80
    for model in (Practitioner, Clinic, Offer, Product):
        assert model.objects.exists()
        assert not model.objects.filter(is_demo=False).exists()


def test_demo_names_carry_no_title_that_could_suggest_a_qualification():
    run(200)
    titles = ("Dr ", "Mr ", "Mrs ", "Ms ", "Miss ", "Mx ", "Prof ")
    names = Practitioner.objects.values_list("name", flat=True)
    assert [n for n in names if n.startswith(titles)] == []


def test_the_demo_register_has_every_state_and_all_four_nations_at_real_postcodes():
    from treatsafe.geo.models import PostcodeDistrict, UnitPostcode

    run(80)
    assert set(Practitioner.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Clinic.objects.values_list("nation", flat=True)) == {
        "england",
        "scotland",
        "wales",
        "northern_ireland",
    }
    for clinic in Clinic.objects.all():
        if clinic.location_precision == "unit":
            assert UnitPostcode.objects.filter(postcode=clinic.postcode).exists()
        else:
            assert PostcodeDistrict.objects.filter(district=clinic.postcode).exists()
    assert not Clinic.objects.filter(nation="northern_ireland", location_precision="unit").exists()


def test_unlawful_demo_offers_are_caught_and_kept_unpublished_and_never_on_accredited_listings():
    run(80)
    unlawful = Offer.objects.filter(verdict="unlawful")
    assert unlawful.exists()
    assert not unlawful.filter(is_published=True).exists()
    assert not unlawful.filter(practitioner__status=Status.ACCREDITED).exists()
    searchable = SearchEntry.objects.filter(
        practitioner_id__in=unlawful.values("practitioner_id"), treatment="exosomes"
    )
    for entry in searchable:  # a listing found for exosomes has a lawful exosome offer too
        assert Offer.objects.filter(
            practitioner_id=entry.practitioner_id, treatment="exosomes", is_published=True
        ).exists()


def test_running_again_with_the_same_number_does_nothing_and_says_so():
    run(30)
    ids = set(Practitioner.objects.values_list("pk", flat=True))
    assert "nothing to do" in run(30)
    assert set(Practitioner.objects.values_list("pk", flat=True)) == ids


def test_a_different_number_replaces_the_demo_records_and_keeps_real_ones():
    from tests.register.builders import make_listing

    real = make_listing(status="accredited")
    run(30)
    run(12)
    assert Practitioner.objects.filter(is_demo=True).count() == 12
    assert Practitioner.objects.filter(pk=real.pk).exists()
    assert SearchEntry.objects.filter(practitioner_id=real.pk).exists()


def test_the_demo_register_is_reproducible():
    run(25)
    first = list(Practitioner.objects.order_by("pk").values_list("name", "status"))
    call_command("demo_data", practitioners=25, force=True, stdout=StringIO())
    assert list(Practitioner.objects.order_by("pk").values_list("name", "status")) == first


def test_demo_history_is_on_the_audit_chain_and_the_chain_verifies():
    run(40)
    count, broken = audit.verify()
    assert broken is None and count > 40


def test_the_query_planner_has_statistics_for_the_demo_register_after_a_load():
    from tests.dbstats import planner_rows

    run(30)
    assert planner_rows("register_searchentry") == SearchEntry.objects.count()
    assert planner_rows("register_practitioner") == Practitioner.objects.count()


def test_demo_pages_say_demo_data(client):
    run(20)
    listing = Practitioner.objects.filter(status=Status.ACCREDITED).first()
    response = client.get(f"/register/practitioners/{listing.pk}/")
    assert "Demo data" in response.soup.get_text()
    clinic = listing.clinics.first()
    answer = client.get(
        "/api/v1/practitioners/search", {"postcode": clinic.postcode, "radius_miles": 1}
    ).json()
    assert all(r["is_demo"] for r in answer["results"])


def test_demo_listings_are_found_by_name_and_the_name_index_keeps_step_after_the_load():
    from django.db import connection

    from tests.register.builders import make_listing
    from treatsafe.register import lookup

    real = make_listing("accredited", name="Wilhelmina Quarrington-Vale")
    run(40)
    run(25)  # replacing the demo register deletes and rewrites its name rows
    listing = Practitioner.objects.filter(is_demo=True, status=Status.ACCREDITED).first()
    found = lookup.look_up(listing.name)["results"]
    assert listing.pk in [r["id"] for r in found]
    assert [r["id"] for r in lookup.look_up("Quarrington Vale")["results"]] == [real.pk]
    if connection.vendor == "sqlite":  # the index matches its content table, row for row
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO register_name_fts(register_name_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )
    later = make_listing("accredited", name="Ottoline Brackenbury")  # the triggers are back
    assert [r["id"] for r in lookup.look_up("Ottoline Brackenbury")["results"]] == [later.pk]
