"""The advert checker's words, compiled once from data/adverts/lexicon.yaml and the generated
CosIng human-origin terms (human_origin_cosing.yaml)."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "adverts"


def _alternatives(patterns) -> str:
    if isinstance(patterns, str):
        return patterns
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _word(pattern) -> re.Pattern:
    """A pattern that starts on a word boundary and is not followed by a letter or digit (a
    leading \\b lets the regex engine skip the middle of words quickly)."""
    return re.compile(rf"\b(?:{_alternatives(pattern)})(?![\w])")


@dataclass(frozen=True)
class Lexicon:
    toxin: re.Pattern
    anti_wrinkle: re.Pattern
    anti_wrinkle_product: re.Pattern
    anti_wrinkle_offer: re.Pattern
    toxin_areas: re.Pattern
    expression_areas: re.Pattern
    not_toxin_areas: re.Pattern
    toxin_indications: re.Pattern
    vitamins: re.Pattern
    weight_loss_poms: re.Pattern
    exosomes: re.Pattern
    actives: re.Pattern
    products: dict[str, re.Pattern]
    services: re.Pattern
    strong_routes: re.Pattern
    weak_routes: re.Pattern
    category_route: re.Pattern
    microneedling: re.Pattern
    human_marked: re.Pattern
    human_tissue: re.Pattern
    cosing_names: re.Pattern
    cosing_words: re.Pattern
    not_human: re.Pattern
    risk: re.Pattern
    guarantee: re.Pattern
    guarantee_results: re.Pattern
    guarantee_service: re.Pattern
    permanent: re.Pattern
    permanent_allowed: re.Pattern
    forever: re.Pattern
    under_18: re.Pattern
    adults_only: re.Pattern
    interventions: re.Pattern
    pressure: re.Pattern
    pressure_dated: re.Pattern
    offer_words: re.Pattern
    price: re.Pattern
    price_not_before: re.Pattern
    price_not_after: re.Pattern
    price_not_clause: re.Pattern
    conditions: re.Pattern
    appearance_conditions: re.Pattern
    medicinal: dict[str, re.Pattern]  # the words around a condition that claim to treat it
    unproven: re.Pattern
    mentions: re.Pattern  # every named product or ingredient, one group a kind
    mention_groups: dict[str, tuple[str, str | None]]  # group -> (kind, catalogue slug)
    gated: dict[int, str]  # id(pattern) -> the gate it needs
    gate_prefixes: dict[str, frozenset[str]]  # word start -> gates it opens
    gate_words: dict[str, frozenset[str]]  # whole word -> gates it opens


def _gate_index(gates: dict[str, list]) -> tuple[dict, dict]:
    prefixes: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for gate, entries in gates.items():
        for entry in entries:
            entry = str(entry)
            if entry.endswith("$"):
                words.setdefault(entry[:-1], set()).add(gate)
            else:
                prefixes.setdefault(entry, set()).add(gate)
    return (
        {key: frozenset(value) for key, value in prefixes.items()},
        {key: frozenset(value) for key, value in words.items()},
    )


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    cosing = yaml.safe_load((DATA / "human_origin_cosing.yaml").read_text(encoding="utf-8"))
    names = sorted(cosing["names"], key=len, reverse=True)
    tissue = "|".join(re.escape(word) for word in cosing["tissue_words"])
    absolute, routes = data["absolute"], data["routes"]
    gates = dict(data["gates"])
    gates["cosing_names"] = sorted({name.split()[0] for name in names})
    gates["cosing_words"] = list(cosing["tissue_words"])
    gate_prefixes, gate_words = _gate_index(gates)
    kinds = [
        ("exosome", "exosomes", data["exosomes"]),
        ("active", None, data["actives"]),
        ("toxin", "botulinum-toxin", [*data["toxin_names"], *data["toxin_euphemisms"]]),
        ("anti_wrinkle", "botulinum-toxin", data["anti_wrinkle"]),
        ("vitamin", "vitamin-injection", data["vitamins"]),
        *(
            ("product", None if slug == "other" else slug, pattern)
            for slug, pattern in data["products"].items()
        ),
        ("microneedling", "microneedling", data["microneedling"]),
        ("service", None, data["services"]),
    ]
    mention_groups = {f"m{index}": (kind, slug) for index, (kind, slug, _) in enumerate(kinds)}
    mentions = re.compile(
        r"\b(?:"
        + "|".join(
            f"(?P<m{index}>{_alternatives(words)})" for index, (_, _, words) in enumerate(kinds)
        )
        + r")(?![\w])"
    )
    lex = Lexicon(
        toxin=_word([*data["toxin_names"], *data["toxin_euphemisms"]]),
        anti_wrinkle=_word(data["anti_wrinkle"]),
        anti_wrinkle_product=re.compile(rf"^\W*(?:\w+\W+){{0,2}}?{data['anti_wrinkle_product']}\b"),
        anti_wrinkle_offer=re.compile(rf"^\W*(?:\w+\W+){{0,2}}?{data['anti_wrinkle_offer']}"),
        toxin_areas=_word(data["toxin_areas"]),
        expression_areas=_word(data["expression_areas"]),
        not_toxin_areas=_word(data["not_toxin_areas"]),
        toxin_indications=_word(data["toxin_indications"]),
        vitamins=_word(data["vitamins"]),
        weight_loss_poms=_word(data["weight_loss_poms"]),
        exosomes=_word(data["exosomes"]),
        actives=_word(data["actives"]),
        products={slug: _word(pattern) for slug, pattern in data["products"].items()},
        services=_word(data["services"]),
        strong_routes=_word(routes["strong"]),
        weak_routes=_word(routes["weak"]),
        category_route=_word(routes["category"]),
        microneedling=_word(data["microneedling"]),
        human_marked=_word(data["human_marked"]),
        human_tissue=_word(data["human_tissue"]),
        cosing_names=re.compile("|".join(re.escape(name) for name in names)),
        cosing_words=re.compile(
            rf"\b(?:{tissue})\w*[\s-]+(?:\w+[\s-]+){{0,2}}?(?:cells?|stem|tissues?|derived|"
            r"exosomes?|conditioned|extract|fluid|pulp|membrane)\b"
        ),
        not_human=re.compile(rf"\b(?:{data['not_human']})\b"),
        risk=_word(absolute["risk"]),
        guarantee=re.compile(absolute["guarantee"]),
        guarantee_results=re.compile(rf"\b{absolute['guarantee_results']}"),
        guarantee_service=re.compile(rf"\b{absolute['guarantee_service']}\b"),
        permanent=re.compile(absolute["permanent"]),
        permanent_allowed=re.compile(rf"^[\s-]*(?:\w+\s+)?{absolute['permanent_allowed']}\b"),
        forever=_word(absolute["forever"]),
        under_18=_word(data["under_18"]),
        adults_only=re.compile(data["adults_only"]),
        interventions=_word(data["interventions"]),
        pressure=_word(data["pressure"]),
        pressure_dated=_word(data["pressure_dated"]),
        offer_words=re.compile(data["offer_words"]),
        price=re.compile(data["price"]),
        price_not_before=re.compile(data["price_not_before"]),
        price_not_after=re.compile(data["price_not_after"]),
        price_not_clause=re.compile(rf"\b{data['price_not_clause']}"),
        conditions=_word(data["conditions"]),
        appearance_conditions=_word(data["appearance_conditions"]),
        medicinal={name: re.compile(pattern) for name, pattern in data["medicinal"].items()},
        unproven=_word(data["unproven"]),
        mentions=mentions,
        mention_groups=mention_groups,
        gated={},
        gate_prefixes=gate_prefixes,
        gate_words=gate_words,
    )
    for gate in gates:
        value = getattr(lex, gate)
        for pattern in value.values() if isinstance(value, dict) else [value]:
            lex.gated[id(pattern)] = gate
    return lex
