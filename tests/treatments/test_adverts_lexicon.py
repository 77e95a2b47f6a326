"""The advert checker's words are data: the CosIng human-origin file matches the inventory, and
the speed-ups change no answer (every match of a word group holds one of its gate words, and the
naive reading gives the same flags on the whole corpus)."""

import re

import pytest
import yaml

from treatsafe.treatments import prices
from treatsafe.treatments.adverts import check_advert, cosing_terms
from treatsafe.treatments.adverts.evaluation import load_corpus
from treatsafe.treatments.adverts.lexicon import lexicon
from treatsafe.treatments.adverts.reading import Reading


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    monkeypatch.setattr(prices, "_price_sources", [])


def test_the_cosing_human_origin_file_is_what_the_inventory_gives():
    stored = yaml.safe_load(cosing_terms.OUTPUT.read_text(encoding="utf-8"))
    assert stored == cosing_terms.build()
    assert "human placental extract" in stored["names"]
    assert not any(name.startswith("rh-") for name in stored["names"])


def test_every_match_of_a_gated_word_group_holds_one_of_its_gate_words():
    lex = lexicon()
    patterns = {}
    for name in lex.__dataclass_fields__:
        value = getattr(lex, name)
        for pattern in value.values() if isinstance(value, dict) else [value]:
            if isinstance(pattern, re.Pattern) and id(pattern) in lex.gated:
                patterns[lex.gated[id(pattern)], pattern.pattern[:40]] = pattern
    missed = []
    for advert in load_corpus():
        reading = Reading(advert.text, naive=True)
        for (gate, _), pattern in patterns.items():
            for match in pattern.finditer(reading.folded):
                words = re.findall(r"[a-z0-9]+", match.group())
                if not any(gate in reading._word_gates(word) for word in words):
                    missed.append((advert.id, gate, match.group()))
    assert not missed


def test_the_naive_reading_gives_the_same_answers_on_the_whole_corpus():
    for advert in load_corpus():
        assert (
            check_advert(advert.text).as_dict() == check_advert(advert.text, naive=True).as_dict()
        ), advert.id
