"""Look-up by name, clinic or registration number, and the true totals and pages of a place
search: on whichever database the suite runs (SQLite FTS5 trigram, PostgreSQL pg_trgm)."""

import math

import pytest
from django.db import connection

from tests.register.builders import make_clinic, make_listing
from treatsafe.register import lookup, services
from treatsafe.register import names as name_search
from treatsafe.register.counting import count_within
from treatsafe.register.indexing import Vocabulary, reindex
from treatsafe.register.models import NameEntry
from treatsafe.register.search import InvalidSearch, SearchQuery

pytestmark = pytest.mark.django_db

ORIGIN = (56.0, 3.0)  # the North Sea: no other test data near


def names(answer):
    return [r["name"] for r in answer["results"]]


def test_a_name_is_found_whatever_its_accents_and_case():
    listing = make_listing("accredited", name="Siân O’Néill-Price")
    answer = lookup.look_up("sian o neill price")
    assert answer["query"]["kind"] == "name"
    assert [r["id"] for r in answer["results"]] == [listing.pk]
    assert lookup.look_up("SIÂN O'NEILL")["results"][0]["id"] == listing.pk


def test_a_name_with_a_typo_is_still_found_and_said_to_be_approximate():
    listing = make_listing("accredited", name="Rhiannon Evanson-Pritchard")
    answer = lookup.look_up("Rhianon Evanson Pritchart")
    assert [r["id"] for r in answer["results"]] == [listing.pk]
    assert answer["query"]["approximate"] is True


def test_a_clinic_name_finds_its_practitioners_with_that_clinic_shown():
    clinic = make_clinic(name="Ynys Môn Aesthetics Studio")
    other = make_clinic(name="Somewhere Else Entirely")
    listing = make_listing("accredited", clinic=other, name="Gwen Parry-Jones")
    listing.clinics.add(clinic)
    reindex(listing)
    answer = lookup.look_up("ynys mon aesthetics")
    assert [r["id"] for r in answer["results"]] == [listing.pk]
    assert answer["results"][0]["clinic"]["name"] == "Ynys Môn Aesthetics Studio"
    assert answer["results"][0]["distance_miles"] is None


def test_a_name_search_lists_every_public_state_with_its_label_but_never_a_draft():
    labels = {}
    for status in ("accredited", "applied", "suspended", "revoked", "draft"):
        listing = make_listing(status, name=f"Zephyrine Quillfeather {status}")
        labels[listing.pk] = status
    answer = lookup.look_up("Zephyrine Quillfeather")
    found = {r["id"]: r["accreditation"]["label"] for r in answer["results"]}
    assert sorted(labels[pk] for pk in found) == ["accredited", "applied", "revoked", "suspended"]
    assert "Suspended" in found.values() and "Revoked" in found.values()
    assert answer["total"] == 4


def test_a_practitioner_leaving_the_register_or_renamed_is_looked_up_by_the_new_name_only():
    listing = make_listing("accredited", name="Tobiah Wrenfield")
    listing.name = "Tobiah Ashcombe"
    listing.save()
    reindex(listing)
    assert lookup.look_up("Ashcombe")["total"] == 1
    assert lookup.look_up("Wrenfield", by="name")["total"] == 0
    assert NameEntry.objects.filter(practitioner_id=listing.pk).count() == 1


def test_a_slip_in_a_short_first_name_is_found_among_many_of_the_same_surname():
    for first in ("Hannah", "Joanne", "Annabel", "Dianne", "Leanne", "Anne"):
        make_listing("accredited", name=f"{first} Quarrington")
    wanted = make_listing("accredited", name="Ann Scottwell")
    for first in ("Hannah", "Joanne", "Annabel", "Dianne", "Leanne", "Anne", "Marianne"):
        make_listing("accredited", name=f"{first} Scottwell")
    answer = lookup.look_up("Ann Sctotwell")
    assert answer["query"]["approximate"] is True
    assert answer["results"][0]["id"] == wanted.pk


def test_a_slip_that_makes_another_real_name_is_still_corrected():
    wanted = make_listing("accredited", name="Marguerite Hallworth")
    make_listing("accredited", name="Hilda Hillworth")
    answer = lookup.look_up("Marguerite Hillworth")
    assert answer["query"]["approximate"] is True
    assert [r["id"] for r in answer["results"]] == [wanted.pk]


def test_a_full_score_is_known_without_scoring():
    keys = [
        "siobhan o neill | o neill aesthetics",
        "sian evans | evans and evans medical aesthetics",
        "evans",
        "-",
        "mary sian evanson | the skin studio",
        "john smith | smith medical aesthetics",
    ]
    queries = [["sian", "evans"], ["evans"], ["neill"], ["smith", "medical"], ["mary", "x"]]
    for words in queries:
        for key in keys:
            assert name_search.is_perfect(set(words), key) == (
                name_search.score(words, key) == 100
            ), (
                words,
                key,
            )


def test_scoring_many_names_at_once_gives_each_its_own_score():
    rows = [
        (1, "sian evans | evans and evans medical aesthetics"),
        (2, "mary sian evanson | the skin studio"),
        (3, "-"),
        (4, "evan sianson"),
    ]
    for words in (["sian", "evans"], ["evan"], ["skin", "studio", "mary"]):
        assert name_search.scores(words, rows) == [
            (pk, key, name_search.score(words, key)) for pk, key in rows
        ]


def test_pages_beyond_the_first_candidates_are_ranked_not_empty(monkeypatch):
    monkeypatch.setattr(name_search, "MAX_CANDIDATES", 5)  # fewer than a page
    made = {make_listing("accredited", name=f"Ottoline Braithwaite {i}").pk for i in range(25)}
    first = lookup.look_up("Ottoline Braithwaite")
    second = lookup.look_up("Ottoline Braithwaite", page=2)
    assert first["total"] == second["total"] == 25
    assert (len(first["results"]), len(second["results"])) == (20, 5)
    assert {r["id"] for r in first["results"] + second["results"]} == made


def test_the_vocabulary_reads_names_written_by_another_process():
    listing = make_listing("accredited", name="Wilhelmina Ostrowska")
    vocabulary = Vocabulary()
    assert "ostrowska" in vocabulary.words()
    NameEntry.objects.filter(practitioner_id=listing.pk).delete()
    NameEntry.objects.create(practitioner_id=listing.pk, key="wilhelmina zbyszewska")
    assert "zbyszewska" in vocabulary.words()  # a new row, read without re-reading the rest
    first = make_listing("accredited", name="Casimir Oyelaran")
    make_listing("accredited", name="Casimir Later")
    vocabulary.words()
    row = NameEntry.objects.get(practitioner_id=first.pk)  # an earlier id, committed late
    NameEntry.objects.filter(pk=row.pk).delete()
    NameEntry.objects.create(pk=row.pk, practitioner_id=first.pk, key="casimir wojtaszek")
    assert "wojtaszek" in vocabulary.words()
    NameEntry.objects.all().delete()  # emptied (or replaced by an older copy): read afresh
    assert "zbyszewska" not in vocabulary.words()


@pytest.mark.parametrize(
    ("register", "number", "typed"),
    [
        ("nmc", "12A3456E", "12a 3456 e"),
        ("gmc", "7654321", "7654321"),
        ("hcpc", "PH123456", "ph123456"),
        ("gdc", "81234", "81234"),
    ],
)
def test_a_registration_number_finds_its_listing(register, number, typed):
    listing = make_listing(
        "accredited",
        name="Numbered Person",
        statutory_register=register,
        registration_number=number,
    )
    answer = lookup.look_up(typed)
    assert answer["query"]["kind"] == "number"
    assert [r["id"] for r in answer["results"]] == [listing.pk]


def test_an_unknown_registration_number_finds_nothing_and_says_which_registers_it_fits():
    answer = lookup.look_up("99Z9999Z")
    assert answer["total"] == 0 and answer["results"] == []
    assert answer["query"]["registers"] == ["Nursing and Midwifery Council"]
    assert set(lookup.look_up("2099999")["query"]["registers"]) == {
        "General Medical Council",
        "General Pharmaceutical Council",
    }


def test_a_postcode_and_a_town_are_still_places():
    assert lookup.look_up("W1G 9PF")["query"]["kind"] == "place"
    assert lookup.look_up("Cardiff")["query"]["kind"] == "place"


def test_too_short_a_name_is_refused_with_a_message():
    with pytest.raises(InvalidSearch, match="at least 3 letters"):
        lookup.look_up("Dr X")


def test_name_results_come_a_page_at_a_time_with_the_true_total():
    for i in range(23):
        make_listing("accredited", name=f"Perpetua Hollowmere {i:02d}")
    first = lookup.look_up("Perpetua Hollowmere")
    assert first["total"] == 23 and len(first["results"]) == 20
    assert (first["first"], first["last"], first["pages"]) == (1, 20, 2)
    second = lookup.look_up("Perpetua Hollowmere", page=2)
    assert (second["first"], second["last"]) == (21, 23)
    assert not set(names(first)) & set(names(second))
    with pytest.raises(InvalidSearch, match="page from 1 to 2"):
        lookup.look_up("Perpetua Hollowmere", page=3)


def test_the_index_is_the_databases_own():
    tables = connection.introspection.table_names()
    if connection.vendor == "sqlite":
        assert "register_name_fts" in tables
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                ["register_nameentry_key_trgm"],
            )
            assert "gin_trgm_ops" in cursor.fetchone()[0]


# --- a place search: the true total and pages ---------------------------------------------


def at(miles_north: float, **fields):
    degrees = miles_north / (3958.7613 * math.pi / 180)
    clinic = make_clinic(latitude=ORIGIN[0] + degrees, longitude=ORIGIN[1])
    return make_listing(clinic=clinic, **fields)


def test_the_count_is_every_listing_within_the_radius_even_at_the_edge():
    for miles in (0.5, 3, 6, 9.2, 9.96):
        at(miles, status="accredited")
    at(10.04, status="accredited")
    at(2, status="applied")
    query = SearchQuery(latitude=ORIGIN[0], longitude=ORIGIN[1], radius_miles=10)
    assert count_within(query, services.today()) == 5
    everything = SearchQuery(
        latitude=ORIGIN[0], longitude=ORIGIN[1], radius_miles=10, include_all=True
    )
    assert count_within(everything, services.today()) == 6


def test_a_place_search_pages_through_every_listing_nearest_first():
    listings = [at(0.2 + i * 0.3, status="accredited") for i in range(25)]
    from treatsafe.register.search import Place

    place = Place("the test point", ORIGIN[0], ORIGIN[1], "postcode", "england")
    first = lookup.by_place(place, "test", radius_miles=10)
    second = lookup.by_place(place, "test", radius_miles=10, page=2)
    assert first["total"] == 25 and (first["first"], first["last"]) == (1, 20)
    assert (second["first"], second["last"]) == (21, 25)
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == [listing.pk for listing in listings]


def test_a_deep_page_is_checked_against_the_total_first_and_served_when_it_exists(monkeypatch):
    monkeypatch.setattr(lookup, "DEEPEST_UNCHECKED", 2)  # every page after the first is deep
    listings = [at(0.2 + i * 0.3, status="accredited") for i in range(7)]
    for i in range(23):
        make_listing("accredited", name=f"Perpetua Hollowmere {i:02d}")
    from treatsafe.register.search import Place

    place = Place("the test point", ORIGIN[0], ORIGIN[1], "postcode", "england")
    third = lookup.by_place(place, "test", radius_miles=10, page=3, per_page=3)
    assert [r["id"] for r in third["results"]] == [listings[6].pk]
    with pytest.raises(InvalidSearch, match="page from 1 to 3"):
        lookup.by_place(place, "test", radius_miles=10, page=4, per_page=3)
    second = lookup.look_up("Perpetua Hollowmere", page=2)
    assert (second["first"], second["last"], second["total"]) == (21, 23, 23)
    with pytest.raises(InvalidSearch, match="page from 1 to 2"):
        lookup.look_up("Perpetua Hollowmere", page=3)
