"""Which conditions of the law apply to one judged ingredient, and who can check each: a ban
(Annex II, human origin), a condition the label itself shows broken, a product type to check,
or a limit only the maker can meet. Pure: an ingredient result, the index and the product
family the label states in, findings out."""

from treatsafe.ingredients.annex_ii import ban_exception
from treatsafe.ingredients.conditions import COMPATIBLE, FAMILY_NAMES, plain, scope_text
from treatsafe.ingredients.index import CosingIndex
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.results import Finding, IngredientResult


def findings_of(item: IngredientResult, index: CosingIndex, family: str | None) -> list[Finding]:
    """The findings for one judged ingredient. Without an Annex II entry (whose exception can
    depend on the label's words, and whose ban can depend on the ingredient: annex_ii.py,
    _conditional_ban), they depend only on the entries, the declared percentage, a human
    origin and the product family, whatever the name: worked out once per index for those,
    then only made with this ingredient's name."""
    entries = item.annex_entries
    if any(entry.annex == "II" for entry in entries):
        return _findings(item, index, family)
    key = (_FINDINGS, tuple(e.key for e in entries), item.declared_percent)
    key += ("human_origin" in item.flags, family)
    kept = index.memo.get(key)
    if kept is None:
        make_room(index.memo)
        found = _findings(item, index, family)
        kept = index.memo[key] = tuple((f.kind, f.entry, f.text) for f in found)
    name = item.input
    return [Finding(kind, name, entry, text) for kind, entry, text in kept]


_FINDINGS = "findings"  # their memo keys' first part


def _findings(item: IngredientResult, index: CosingIndex, family: str | None) -> list[Finding]:
    name = item.input
    findings = []
    if "human_origin" in item.flags:
        findings.append(
            Finding(
                "banned",
                name,
                "Annex II/416",
                "Cells, tissues or products of human origin are prohibited in cosmetic products.",
            )
        )
    # an Annex II entry with its own exception or scope (annex_ii.py) is a limit for the maker
    excepted = [
        (e, why)
        for e in item.annex_entries
        if e.annex == "II"
        and (why := ban_exception(e.name, item.input) or _conditional_ban(e, item, index))
    ]
    for entry, why in excepted:
        findings.append(Finding("maker", name, entry.label, why))
    bans = [
        e for e in item.annex_entries if e.annex == "II" and all(e is not x for x, _ in excepted)
    ]
    allowing = [e for e in item.annex_entries if e.annex != "II"]
    rules = index.rules
    if family is not None:  # the label says what the product is: entries not allowing it go
        fitting = [e for e in allowing if _fits(rules[e.key], family)]
        if allowing and not fitting and not bans:
            entry = allowing[0]
            rule = rules[entry.key]
            source = index.entries[entry.key]  # its own words: a product type, else the text
            scope = plain(source.product_type) or plain(source.other) or _scope(rule)
            if family in rule.exclusions:
                text = f"must not be used in {FAMILY_NAMES[family]}"
            else:
                text = f"allowed only in {_scope(rule)}"
            findings.append(
                Finding(
                    "broken",
                    name,
                    entry.label,
                    f"{text}, and the label says the product is one of the "
                    f"{FAMILY_NAMES[family]} (the entry: {scope}).",
                )
            )
            return findings
        allowing = fitting
    if bans:
        # banned unless an allowing entry covers this product: one without a product-type
        # limit, or one whose limit the label's own text shows the product meets
        covering = [e for e in allowing if rules[e.key].families is None or family is not None]
        if not covering and "human_origin" not in item.flags:
            ban = bans[0]
            narrow = [e for e in item.annex_entries if e.annex != "II"]
            text = f"prohibited in cosmetic products ({plain(ban.name)[:200]})."
            if narrow:
                scopes = "; ".join(f"{_scope(rules[e.key])} ({e.label})" for e in narrow)
                text = f"prohibited in cosmetic products except in {scopes}; " + (
                    "nothing on the label says this is such a product."
                    if family is None
                    else f"the label says this is one of the {FAMILY_NAMES[family]}."
                )
            findings.append(Finding("banned", name, ban.label, text))
            return findings
        allowing = covering
    if item.declared_percent is not None and allowing:
        limits = [e.loosest_percent for e in allowing]
        if all(limit is not None for limit in limits) and item.declared_percent > max(limits):
            entry = max(allowing, key=lambda e: e.loosest_percent)
            findings.append(
                Finding(
                    "broken",
                    name,
                    entry.label,
                    f"the label declares {item.declared_percent:g}%, above the maximum of "
                    f"{entry.loosest_percent:g}% (Maximum concentration: "
                    f"{plain(entry.max_concentration)}).",
                )
            )
            return findings
    if family is None and allowing and all(rules[e.key].families for e in allowing):
        # allowed only in some kinds of product: the person knows what they have
        scopes = " or ".join(dict.fromkeys(_scope(rules[e.key]) for e in allowing))
        findings.append(
            Finding(
                "scope",
                name,
                ", ".join(e.label for e in allowing),
                f"allowed only in {scopes}. If this product is not one of them, it should not "
                "be on sale with this ingredient.",
            )
        )
    for entry in allowing:
        if entry.conditions != "No conditions stated in CosIng.":
            prefix = "EU fragrance allergen. " if rules[entry.key].allergen else ""
            findings.append(Finding("maker", name, entry.label, prefix + entry.conditions))
    if bans and allowing:
        findings.append(
            Finding(
                "maker",
                name,
                bans[0].label,
                f"prohibited in cosmetic products except as {', '.join(e.label for e in allowing)}"
                " allows.",
            )
        )
    return findings


def _conditional_ban(entry, item: IngredientResult, index: CosingIndex) -> str:
    """A ban CosIng's Restriction cell makes conditional ("II/335 if free cholecalciferol is
    present", "If Cyclomethicone contains D4 then entry II/1388 applies"): a limit for the
    maker, with the condition in CosIng's words."""
    condition = index.ban_conditions.get((entry.key, item.cosing_ref))
    if condition is None:
        return ""
    return (
        f"Annex II bans {entry.name} only as CosIng states for this ingredient: "
        f'"{condition}" The maker must be able to show the ban does not apply.'
    )


def _fits(rule, family: str) -> bool:
    if family in rule.exclusions:
        return False
    return rule.families is None or bool(COMPATIBLE[family] & rule.families)


def _scope(rule) -> str:
    return scope_text(rule.families) or "the products the entry names"
