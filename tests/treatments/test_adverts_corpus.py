"""The advert checker on its labelled corpus (tests/treatments/data/adverts_corpus_*.yaml): at
least 200 realistic adverts, at least a third of them honest, and precision and recall of at
least 95% for every claim and overall, so a regression fails here."""

import pytest

from treatsafe.treatments import prices
from treatsafe.treatments.adverts import CLAIMS
from treatsafe.treatments.adverts.evaluation import load_corpus, score

BAR = 0.95


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    monkeypatch.setattr(prices, "_price_sources", [])


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_the_corpus_has_at_least_200_adverts_and_a_third_of_them_honest(corpus):
    assert len(corpus) >= 200
    assert sum(1 for advert in corpus if not advert.flags) * 3 >= len(corpus)
    assert len({advert.id for advert in corpus}) == len(corpus)
    for claim in CLAIMS:
        assert sum(1 for advert in corpus if claim in advert.flags) >= 8, claim


def test_precision_and_recall_on_the_corpus_are_at_least_95_percent_for_every_claim(corpus):
    result = score(corpus)
    report = {
        claim or "overall": (round(result.precision(claim), 3), round(result.recall(claim), 3))
        for claim in (*CLAIMS, None)
    }
    failing = {name: pr for name, pr in report.items() if min(pr) < BAR}
    assert not failing, f"{failing}; wrong adverts: {result.wrong}"
