"""The words of a label result, in one place, so the page, the API, the CLI, the treatment
checker's PDF and the register say the same thing: the headline and its explanation for each
verdict, and the warnings under it."""

HEADLINES = {
    "prohibited": "Do not use: this product contains a banned ingredient",
    "restriction_broken": "Problem: the label shows this product breaks a legal limit",
    "unknown_ingredients": "No banned ingredients found, but {unknown} could not be checked",
    "ok": "No banned ingredients found",
}
# short forms, for tags and lists (the register's product verdicts)
SHORT = {
    "prohibited": "Banned ingredient",
    "restriction_broken": "Breaks a legal limit",
    "unknown_ingredients": "Some ingredients not recognised",
    "ok": "No banned ingredients found",
}
# GOV.UK tag colours: a ban and a broken limit are red and orange; names we could not check are
# a caveat (yellow); conditions only the maker can meet are no warning at all
COLOURS = {
    "prohibited": "red",
    "restriction_broken": "orange",
    "unknown_ingredients": "yellow",
    "ok": "green",
    "scope": "grey",
    "limits": "blue",
}
STATUS_TAGS = {
    "prohibited": "Banned",
    "restriction_broken": "Breaks a limit",
    "unknown_ingredients": "Not recognised",
    "scope": "Check the product type",
    "limits": "Limits for the maker",
    "ok": "No restriction",
}
SCOPE_HEADING = "Check what kind of product it is"
MAKER_HEADING = "Limits the maker must keep to"
MAKER_EXPLANATION = (
    "Some ingredients are allowed only up to a maximum amount, in certain kinds of product, or "
    "with wording on the pack. Only the manufacturer knows the amounts, so these are theirs to "
    "meet; they are normal for products on sale and are not a warning."
)


def _count(n: int) -> str:
    return f"{n} ingredient{'s' if n != 1 else ''}"


def headline_of(result) -> tuple[str, str]:
    """(headline, explanation) for a LabelResult."""
    verdict = result.verdict
    unknown = result.unknown_count
    recognised = len(result.ingredients) - unknown
    heading = HEADLINES[verdict].format(unknown=_count(unknown))
    if verdict == "prohibited":
        names = ", ".join(
            dict.fromkeys(f.ingredient for f in result.problems if f.kind == "banned")
        )
        return heading, (
            f"{names}: banned in cosmetic products. Do not use the product and do not let "
            "anyone apply or inject it."
        )
    if verdict == "restriction_broken":
        broken = "; ".join(
            f"{f.ingredient}: {f.text} ({f.entry})" for f in result.problems if f.kind == "broken"
        )
        return heading, (
            f"{broken} A product whose label shows this should not be on sale: do not use it, "
            "and ask the seller or clinic about it."
        )
    caveat = (
        " This does not prove the product is safe, genuine or right for you, and it says "
        "nothing about injecting it."
    )
    if verdict == "unknown_ingredients":
        return heading, (
            f"None of the {_count(recognised)} we recognised is banned. We could not find "
            f"{_count(unknown)} in the European Commission's CosIng database, so we could not "
            "check {them}: a name may be misspelt, newer than the database or not a cosmetic "
            "ingredient, and an ingredient we cannot identify could be anything. Check the "
            "spelling against the pack.".replace("{them}", "them" if unknown != 1 else "it")
            + caveat
        )
    return heading, (
        "None of the ingredients is banned in cosmetic products, and nothing on the label "
        "breaks a legal limit." + caveat
    )


def label_warnings(ingredients) -> list[str]:
    """What a person needs to know besides the headline: origin, exosomes, GB/NI divergence,
    old colourant data, spellings matched approximately, names not found."""
    warnings = []
    human, exosome, recent, colourants, fuzzy, unknown = [], False, {}, False, [], []
    for ingredient in ingredients:  # one pass: the label checker's hot path
        if ingredient.flags:
            if "human_origin" in ingredient.flags:
                human.append(ingredient.input)
            exosome = exosome or "exosome" in ingredient.flags
        for entry in ingredient.annex_entries:
            if entry.adopted_after_2020:
                recent.setdefault(entry.regulation, []).append(f"{entry.annex}/{entry.ref}")
            colourants = colourants or entry.annex == "IV"
        if ingredient.match == "fuzzy":
            fuzzy.append(ingredient)
        elif ingredient.match == "none":
            unknown.append(ingredient.input)
    if human:
        warnings.append(
            "Contains material of human origin (" + ", ".join(human) + "). Cells, tissues or "
            "products of human origin are prohibited in cosmetic products (Regulation (EC) "
            "No 1223/2009, Annex II entry 416, kept in the UK Cosmetics Regulation)."
        )
    if exosome:
        warnings.append(
            "Contains exosomes, extracellular vesicles or conditioned media. Plant, animal or "
            "microbial ones may be lawful in a cosmetic applied to the skin; human-derived ones "
            "are prohibited, and injected exosomes are not cosmetics at all. A claim of plant "
            "origin does not prove it: ask for the supplier's documents."
        )
    for regulation, references in recent.items():
        one = len(set(references)) == 1
        warnings.append(
            f"Annex entr{'y' if one else 'ies'} {', '.join(dict.fromkeys(references))} "
            f"come{'s' if one else ''} from EU Regulation {regulation}, adopted after 2020. "
            "Northern Ireland follows the EU Regulation; Great Britain may not have adopted "
            "this change, so check the UK Cosmetics Regulation before relying on it in "
            "England, Scotland or Wales."
        )
    if colourants:
        warnings.append(
            "The Annex IV (colourants) data is older than the other annexes (CosIng update of "
            "31 October 2025): later EU amendments to Annex IV may be missing."
        )
    if fuzzy:
        guesses = "; ".join(f"{i.input} (did you mean {i.inci}?)" for i in fuzzy)
        warnings.append(
            f"Matched by similar spelling, not exactly: {guesses}. Check these names against "
            "the pack."
        )
    if unknown:
        warnings.append(
            f"Not found in CosIng, so not checked ({len(unknown)}): "
            + ", ".join(unknown)
            + ". They may be misspelt, newer than the CosIng inventory (mid-2023), or not "
            "cosmetic ingredients at all."
        )
    return warnings
