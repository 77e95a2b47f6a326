"""Listing cards: a search reads each hit's public dict ready-made, and a card never shows
anything its listing, clinic or offers no longer say."""

import datetime as dt
from decimal import Decimal

import orjson
import pytest
from django.db import connection
from django.utils import timezone

from tests.register.builders import make_clinic, make_listing
from treatsafe.register import cards, demo, listings
from treatsafe.register.listings import Hit, hydrate
from treatsafe.register.models import Clinic, ListingCard, Offer, Practitioner, SearchEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="cards are kept on SQLite only"),
]


def _hits(*listings_) -> list[Hit]:
    return [Hit(listing.pk, listing.clinics.get().pk, 1.234567) for listing in listings_]


def _joined(hits, today, monkeypatch) -> list[dict]:
    with monkeypatch.context() as patched:
        patched.setattr(listings, "cards_kept", lambda: False)
        return hydrate(hits, today)


def test_indexing_a_listing_makes_a_card_for_each_of_its_clinics():
    listing = make_listing(status="accredited")
    listing.clinics.add(make_clinic(latitude=52.0, longitude=-1.0))
    from treatsafe.register import indexing

    indexing.reindex(listing)
    kept = set(ListingCard.objects.values_list("practitioner_id", "clinic_id"))
    assert kept == {(listing.pk, clinic.pk) for clinic in listing.clinics.all()}


def test_a_card_gives_the_same_result_as_joining_the_rows(monkeypatch):
    today = timezone.localdate()
    shown = [
        make_listing(status="accredited", treatments=("dermal-filler", "prp")),
        make_listing(status="suspended", status_reason="Under investigation", treatments=()),
        make_listing(status="accredited", accredited_until=today - dt.timedelta(days=1)),
    ]
    hits = _hits(*shown)
    assert ListingCard.objects.count() == 3
    from_cards = hydrate(hits, today)
    assert from_cards == _joined(hits, today, monkeypatch)
    assert [r["accreditation"]["status"] for r in from_cards] == [
        "accredited",
        "suspended",
        "expired",
    ]
    assert [r["distance_miles"] for r in from_cards] == [1.23, 1.23, 1.23]
    assert [t["slug"] for t in from_cards[0]["treatments"]] == ["dermal-filler", "prp"]


def test_an_accredited_card_reads_as_expired_from_the_day_after_its_date():
    until = timezone.localdate() + dt.timedelta(days=10)
    hits = _hits(make_listing(status="accredited", accredited_until=until))
    on_the_day, day_after = until, until + dt.timedelta(days=1)
    assert hydrate(hits, on_the_day)[0]["accreditation"]["status"] == "accredited"
    expired = hydrate(hits, day_after)[0]["accreditation"]
    assert (expired["status"], expired["label"]) == ("expired", "Accreditation expired")


@pytest.mark.parametrize(
    "write",
    [
        lambda listing: Practitioner.objects.filter(pk=listing.pk).update(name="Renamed"),
        lambda listing: Clinic.objects.filter(pk=listing.clinics.get().pk).update(
            phone="0161 496 0000"
        ),
        lambda listing: Offer.objects.filter(practitioner=listing).update(price_from=Decimal("99")),
        lambda listing: Offer.objects.filter(practitioner=listing).delete(),
        lambda listing: Offer.objects.create(
            practitioner=listing,
            clinic=listing.clinics.get(),
            treatment="prp",
            price_from=Decimal("10"),
            price_to=Decimal("20"),
            verdict="lawful",
            is_published=True,
        ),
    ],
    ids=["listing", "clinic", "offer-update", "offer-delete", "offer-insert"],
)
def test_any_write_to_a_cards_rows_deletes_it_so_the_search_shows_the_rows(write, monkeypatch):
    listing = make_listing(status="accredited")
    other = make_listing(status="accredited")  # its card stays
    hits = _hits(listing)
    write(listing)  # without reindexing: the admin, a bulk update, raw SQL
    assert not ListingCard.objects.filter(practitioner=listing).exists()
    assert ListingCard.objects.filter(practitioner=other).exists()
    today = timezone.localdate()
    assert hydrate(hits, today) == _joined(hits, today, monkeypatch)
    cards.write_missing()
    assert ListingCard.objects.filter(practitioner=listing).exists()
    assert hydrate(hits, today) == _joined(hits, today, monkeypatch)


def test_a_card_of_another_recipe_is_not_read_and_is_made_again(monkeypatch):
    listing = make_listing(status="accredited")
    hits = _hits(listing)
    ListingCard.objects.update(card='{"id": 0, "name": "made by an older release"}', recipe="old")
    today = timezone.localdate()
    assert hydrate(hits, today)[0]["name"] == listing.name
    assert cards.write_missing() == 1
    card = ListingCard.objects.get()
    assert card.recipe == listings.recipe()
    assert hydrate(hits, today) == _joined(hits, today, monkeypatch)


def test_hits_without_a_current_card_cost_one_more_query(django_assert_num_queries):
    kept, missing = make_listing(status="accredited"), make_listing(status="accredited")
    hits = _hits(kept, missing)
    with django_assert_num_queries(1):
        hydrate(hits, timezone.localdate())
    ListingCard.objects.filter(practitioner=missing).delete()
    with django_assert_num_queries(2):
        results = hydrate(hits, timezone.localdate())
    assert [r["id"] for r in results] == [kept.pk, missing.pk]


def test_a_search_with_no_query_to_spare_reads_kept_and_missing_cards_in_one(
    django_assert_num_queries, monkeypatch
):
    kept, missing = make_listing(status="accredited"), make_listing(status="accredited")
    ListingCard.objects.filter(practitioner=missing).delete()
    hits, today = _hits(kept, missing), timezone.localdate()
    with django_assert_num_queries(1):
        results, queries = listings.read(hits, today, as_json=True, one_query=True)
    assert queries == 1
    assert orjson.loads(orjson.dumps(results)) == _joined(hits, today, monkeypatch)


def test_a_place_search_with_listings_lacking_cards_still_costs_at_most_three_queries(
    client, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("treatsafe.core.fingerprints.FINGERPRINT_TTL_SECONDS", 3600.0)
    monkeypatch.setattr("treatsafe.register.counting.SHARE_FROM", 1)  # every total is kept
    for i in range(5):
        make_listing(status="accredited", clinic=make_clinic(latitude=51.5174 + i * 0.001))
    ListingCard.objects.all().delete()
    path = "/api/v1/practitioners/search?postcode=W1G+9PF&status=all"  # the database counts
    client.get("/api/v1/practitioners/search?postcode=W1G+9PF")  # the postcode's row kept
    with django_assert_max_num_queries(3):
        response = client.get(path)
    assert response.status_code == 200 and response.json()["total"] == 5


def test_the_demo_register_has_a_card_for_every_searchable_listing_at_each_clinic(monkeypatch):
    demo.generate(40, history=False)
    pairs = set(
        SearchEntry.objects.filter(treatment=SearchEntry.ANY).values_list(
            "practitioner_id", "clinic_id"
        )
    )
    assert pairs and set(ListingCard.objects.values_list("practitioner_id", "clinic_id")) == pairs
    hits = [Hit(p, c, 0.5) for p, c in sorted(pairs)]
    today = timezone.localdate()
    assert hydrate(hits, today) == _joined(hits, today, monkeypatch)
    demo.generate(0)
    assert not ListingCard.objects.exists()


def test_a_kept_card_written_as_json_is_the_same_answer_as_the_parsed_listing(monkeypatch):
    today = timezone.localdate()
    lapsing = make_listing(status="accredited", accredited_until=today + dt.timedelta(days=3))
    hits = _hits(
        make_listing(status="accredited", treatments=("dermal-filler", "prp")),
        make_listing(status="suspended", status_reason="Under investigation"),
        lapsing,
    )
    hits[1].distance_miles = 0.0
    hits[2].distance_miles = 612.345
    for day in (today, today + dt.timedelta(days=4)):  # the last lapses on the second
        written = orjson.loads(orjson.dumps(hydrate(hits, day, as_json=True)))
        assert written == _joined(hits, day, monkeypatch)
    fragments = hydrate(hits, today, as_json=True)
    assert all(isinstance(item, orjson.Fragment) for item in fragments)
    after = hydrate(hits, today + dt.timedelta(days=4), as_json=True)
    assert isinstance(after[2], dict) and after[2]["accreditation"]["status"] == "expired"


def test_every_column_a_card_shows_is_watched_by_a_trigger_and_no_other():
    import re

    tables = {"p": "register_practitioner", "c": "register_clinic", "o": "register_offer"}
    shown = {table: set() for table in tables.values()}
    for alias, column in re.findall(r"\b([pco])\.(\w+)", listings.joined_sql()):
        shown[tables[alias]].add(column)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'register_listingcard_forget_%_update'"
        )
        watched = {
            table: set(re.search(r"UPDATE OF (.*?) ON", sql, re.S).group(1).split(", "))
            for table, sql in cursor.fetchall()
        }
    assert watched == shown


def test_writing_columns_a_card_does_not_show_keeps_it():
    listing = make_listing(status="accredited")
    Practitioner.objects.filter(pk=listing.pk).update(renewal_requested=True)
    Offer.objects.update(verdicts_fingerprint="another")
    assert ListingCard.objects.filter(practitioner=listing).exists()


def test_recomputing_verdicts_leaves_every_card_matching_its_offers(monkeypatch):
    from treatsafe.register import recompute

    listing = make_listing(status="accredited", treatments=("dermal-filler", "prp"))
    Offer.objects.filter(practitioner=listing).update(verdict="")  # not what the rules say
    cards.write_missing()
    recompute.recompute_verdicts(force=True)
    assert ListingCard.objects.filter(practitioner=listing).exists()
    hits, today = _hits(listing), timezone.localdate()
    shown = hydrate(hits, today)
    assert shown == _joined(hits, today, monkeypatch)
    assert all(offer["verdict"] for offer in shown[0]["treatments"])


def test_cards_are_read_and_written_in_one_transaction_of_their_own(monkeypatch):
    # On SQLite a transaction holds the write lock from its start (BEGIN IMMEDIATE), so no
    # other writer can change a row between reading it and writing its card. Inside a test the
    # test's own transaction already holds it: the card's own shows as a savepoint.
    make_listing(status="accredited")
    ListingCard.objects.all().delete()
    outside = list(connection.savepoint_ids)
    seen = []
    made = cards.cards_from_rows

    def note_the_transaction(rows):
        seen.append(list(connection.savepoint_ids))
        return made(rows)

    monkeypatch.setattr(cards, "cards_from_rows", note_the_transaction)
    assert cards.write_missing() == 1
    assert seen and all(len(ids) == len(outside) + 1 for ids in seen)


def test_saving_a_listing_clinic_or_offer_without_changing_what_it_shows_keeps_its_cards():
    listing = make_listing(status="accredited")
    listing.refresh_from_db()
    listing.save()  # Django writes every column again
    listing.clinics.get().save()
    for offer in Offer.objects.filter(practitioner=listing):
        offer.save()
    assert ListingCard.objects.filter(practitioner=listing).exists()
    listing.name = "Renamed"
    listing.save()
    assert not ListingCard.objects.filter(practitioner=listing).exists()
