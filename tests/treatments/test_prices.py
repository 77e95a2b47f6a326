import pytest

from treatsafe.treatments import prices
from treatsafe.treatments.prices import (
    InvalidPrice,
    price_context,
    register_price_source,
    unregister_price_source,
)


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    """No price source from the register (it needs the database): the cited ranges only,
    unless a test registers its own listed prices."""
    monkeypatch.setattr(prices, "_price_sources", [])


@pytest.fixture
def register_prices():
    sources = []

    def install(prices_by_slug):
        def source(slug):
            return prices_by_slug.get(slug)

        register_price_source(source)
        sources.append(source)

    yield install
    for source in sources:
        unregister_price_source(source)


def test_an_exosome_facial_far_below_the_cited_range_gets_a_warning():
    context = price_context("exosomes", 35)
    assert context.basis == "cited"
    assert context.source["title"]
    assert context.warning and "£35" in context.warning


def test_an_exosome_facial_within_the_cited_range_gets_no_warning():
    assert price_context("exosomes", 180).warning is None


def test_a_high_price_is_never_called_safe():
    context = price_context("exosomes", 2000)
    assert context.warning is None
    assert "does not make a treatment safe" in context.note
    assert "safe" not in (context.description or "").lower()


def test_a_treatment_with_no_cited_range_says_so():
    context = price_context("polynucleotides", 20)
    assert context.basis == "none"
    assert context.low is None and context.warning is None
    assert "no usual price range" in context.description


def test_the_registers_listed_prices_take_over_from_the_cited_range(register_prices):
    register_prices({"exosomes": [300, 320, 340, 360, 380, 400, 420]})
    context = price_context("exosomes", 120)
    assert context.basis == "register"
    assert context.listed_prices == 7
    assert context.low > 300 and context.warning


def test_too_few_listed_prices_fall_back_to_the_cited_range(register_prices):
    register_prices({"exosomes": [300, 320]})
    assert price_context("exosomes", 120).basis == "cited"


@pytest.mark.parametrize("price", [-5, 0, "cheap", 10**9])
def test_a_price_that_is_not_a_sensible_number_is_refused(price):
    with pytest.raises(InvalidPrice):
        price_context("exosomes", price)


def test_each_range_says_plainly_where_it_comes_from(register_prices):
    assert "lists no prices" in price_context("exosomes").basis_note
    assert "published source" in price_context("exosomes").basis_note
    assert "no published range" in price_context("polynucleotides").basis_note
    register_prices({"polynucleotides": [200, 220, 240, 260, 280, 300]})
    assert price_context("polynucleotides").basis_note == (
        "This range comes from the 6 prices that practitioners list for polynucleotides on our "
        "register: the middle half of them."
    )


def test_a_price_far_above_the_registers_range_is_not_called_safe(register_prices):
    register_prices({"dermal-filler": [150, 180, 200, 220, 250]})
    context = price_context("dermal-filler", 5000)
    assert context.warning is None
    assert context.note == "A high price does not make a treatment safe or lawful."
