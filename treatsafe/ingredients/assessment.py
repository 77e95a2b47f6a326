"""Judging parsed label fragments against the CosIng index: annex entries, which of their
conditions the label shows broken and which only the maker can meet (conditions.py), origin
flags, what each ingredient does, the verdict and its headline. Pure: fragments and an index
in, a result out.

Verdicts, worst first: `prohibited` (Annex II or human origin: "Do not use"),
`restriction_broken` (the label itself shows a condition broken: a problem, quoted),
`unknown_ingredients` (some names could not be checked), `ok` ("No banned ingredients found",
with any conditions only the maker can meet listed apart, never as a warning).
"""

from treatsafe.ingredients import cosing
from treatsafe.ingredients.annex_ii import ban_exception
from treatsafe.ingredients.conditions import COMPATIBLE, FAMILY_NAMES, plain, scope_text
from treatsafe.ingredients.functions import plain_functions, roles_of
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import CosingIndex, IndexEntry, _flags_of, name_flags
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.parsing import Fragment, candidates, split_pieces
from treatsafe.ingredients.results import (  # noqa: F401  (re-exported)
    ANIMAL_BY_PRODUCT_ENTRY,
    ANNEX_KINDS,
    ASSESSMENT_VERSION,
    HUMAN_ORIGIN_ENTRY,
    LAST_YEAR_BEFORE_GB_DIVERGENCE,
    SOFT_HYPHEN,
    VERDICTS,
    EntryResult,
    Finding,
    IngredientResult,
    LabelResult,
)
from treatsafe.ingredients.wording import label_warnings


def _conditions(entry: IndexEntry) -> str:
    if entry.annex == "II":
        return f"Prohibited in cosmetic products: {entry.chemical_name}"
    parts = [
        ("Product type, body parts", entry.product_type),
        ("Maximum concentration", entry.max_concentration),
        ("Other", entry.other),
        ("Conditions of use and warnings", entry.conditions_and_warnings),
    ]
    text = "; ".join(f"{label}: {plain(value)}" for label, value in parts if value)
    return text or "No conditions stated in CosIng."


def _entry_result(entry: IndexEntry, loosest: float | None, declared: float | None) -> EntryResult:
    year = cosing.regulation_year(entry.regulation)
    within = None
    if declared is not None and loosest is not None:
        strictest = entry.max_percent if entry.max_percent is not None else None
        if declared > loosest:
            within = False
        elif strictest is not None and declared <= strictest:
            within = True
    return EntryResult(
        key=entry.key,
        annex=entry.annex,
        ref=entry.reference,
        name=entry.chemical_name,
        regulation=entry.regulation,
        conditions=_conditions(entry),
        product_type=entry.product_type,
        max_concentration=entry.max_concentration,
        max_percent=entry.max_percent,
        within_limit=within,
        adopted_after_2020=bool(year and year > LAST_YEAR_BEFORE_GB_DIVERGENCE),
        loosest_percent=loosest,
    )


def _applies(key: str, index: CosingIndex, present: set[int]) -> bool:
    """A combination entry applies only where the label names every one of its parts."""
    parts = index.parts_of.get(key)
    return not parts or all(part & present for part in parts)


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
            scope = plain(entry.product_type) or plain(entry.other)
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


def assess_fragment(fragment: Fragment, index: CosingIndex, present=None) -> IngredientResult:
    """One fragment, judged alone (`present`: the refs the whole label names, for
    combination entries)."""
    found = index.matcher.match(fragment.candidates)
    present = present if present is not None else {found.ref}
    return _ingredient(fragment, found, index, present, None)


KNOWN = frozenset({"exact", "synonym"})


def _ingredient(fragment, found, index, present, family) -> IngredientResult:
    """One ingredient judged, memoised on what decides it: the fragment, the annex entries
    that apply (combination entries depend on the rest of the label) and the product family.
    The result is shared between labels: read it, never change it."""
    keys = index.entries_of.get(found.ref, ())
    if keys:
        keys = tuple(k for k in keys if _applies(k, index, present))
    memo_key = (fragment, keys, family)
    item = index.memo.get(memo_key)
    if item is None:
        make_room(index.memo)
        item = index.memo[memo_key] = _judge(fragment, found, index, keys, family)
    return item


def _judge(fragment, found, index, keys, family) -> IngredientResult:
    ref = found.ref
    entries, functions, allergen, roles, entry_flags = _about(index, ref, keys, fragment)
    if found.inci is not None and fragment.text.upper() == found.inci:
        static = index.static.get(ref)
        flags = static[2] if static else name_flags(found.inci)
    else:
        flags = name_flags(fragment.text, found.inci or "")
    if entry_flags:
        flags = [flag for flag in FLAG_ORDER if flag in entry_flags or flag in flags]
    item = IngredientResult(
        input=fragment.text,
        inci=found.inci,
        cosing_ref=ref if ref is None or ref > 0 else None,  # below 0: an Annex II name only
        match=found.kind,
        score=found.score,
        annex_entries=entries,
        flags=flags,
        may_contain=fragment.may_contain,
        declared_percent=fragment.declared_percent,
        functions=functions,
        fragrance_allergen=allergen,
        roles=roles,
    )
    if entries or flags:
        item.findings = _findings(item, index, family)
    return item


def _about(index, ref, keys, fragment) -> tuple:
    """What an ingredient's reference and applicable entries decide, whatever the label says:
    entry results (for this declared percentage), functions, allergen, roles, entry flags.
    Memoised; shared between results, so read-only."""
    declared = fragment.declared_percent
    if declared is None and (static := index.static.get(ref)) and static[0] == keys:
        return static[1]
    memo_key = ("about", ref, keys, declared)
    found = index.memo.get(memo_key)
    if found is None:
        found = index.memo[memo_key] = _work_out(index, ref, keys, declared)
    return found


def prepare(index: CosingIndex) -> None:
    """Work out once, when the index is built, what each ingredient's reference decides
    whatever the label says (its entries with no declared percentage, functions, roles, the
    origin flags of its INCI name), so that a name first seen on a label costs little."""
    if index.static:
        return
    no_flags = frozenset()
    functions = index.functions
    for ref, inci in index.matcher.names.items():
        keys = tuple(index.entries_of.get(ref, ()))
        if keys:
            about = _work_out(index, ref, keys, None)
        else:  # most ingredients: no annex entry
            names = functions.get(ref, ())
            about = ([], plain_functions(names), False, roles_of(names, (), False, inci), no_flags)
        flags = _flags_of(inci)
        index.static[ref] = (keys, about, [f for f in FLAG_ORDER if f in flags] if flags else [])


def _work_out(index, ref, keys, declared) -> tuple:
    entries = [
        _entry_result(index.entries[k], index.rules[k].loosest_percent, declared) for k in keys
    ]
    references = {(entry.annex, entry.ref) for entry in entries}
    entry_flags = set()
    if HUMAN_ORIGIN_ENTRY in references:
        entry_flags.add("human_origin")
    if ANIMAL_BY_PRODUCT_ENTRY in references:
        entry_flags.add("animal_origin")
    function_names = index.functions.get(ref, ()) if ref is not None else ()
    allergen = any(index.rules[k].allergen and (k, ref) not in index.by_cas_only for k in keys)
    roles = roles_of(
        function_names,
        {e.annex for e in entries if (e.key, ref) not in index.by_cas_only},
        allergen,
        index.matcher.names.get(ref),
    )
    return entries, plain_functions(function_names), allergen, roles, frozenset(entry_flags)


def verdict_of(ingredients: list[IngredientResult]) -> str:
    """The worst ingredient status decides."""
    statuses = {ingredient.status for ingredient in ingredients}
    return next((verdict for verdict in VERDICTS if verdict in statuses), "ok")


def unwrap(fragment: Fragment, index: CosingIndex) -> list[Fragment]:
    """A fragment over a line break or a full stop, split into its pieces where it is not a
    known name but each piece is (a comma lost or misread by OCR), else the fragment itself."""
    matcher = index.matcher
    if fragment.footnote:
        return [fragment]
    found = matcher.match(fragment.candidates)  # memoised; a direct hit is a known name
    if found.kind in KNOWN and found.matched_name in fragment.candidates:
        return [fragment]
    if not fragment.pieces:  # names run together without a comma, each a known name
        names = matcher.segment(fragment.candidates[1:2] or fragment.candidates)
        return [Fragment(n, candidates(n), fragment.may_contain) for n in names or ()] or [fragment]
    parts = split_pieces(fragment)
    if len(parts) < 2:
        return [fragment]
    if all(matcher.knows(part.candidates) for part in parts):
        return parts
    # with a typo somewhere: split only if the whole is not a close spelling of one name
    if matcher.match(fragment.candidates).kind == "none" and all(
        matcher.match(part.candidates).kind != "none" for part in parts
    ):
        return parts
    return [fragment]


def assess(fragments: list[Fragment], index: CosingIndex) -> LabelResult:
    from treatsafe.ingredients.conditions import label_family

    match_of = index.matcher.match
    names, found, notes = [], [], []
    for fragment in fragments:
        if fragment.footnote:
            notes.append(fragment.text)
            continue
        for part in unwrap(fragment, index):  # a known name as written comes back alone
            if part.footnote:
                notes.append(part.text)
            else:
                names.append(part)
                found.append(match_of(part.candidates))
    family = label_family(notes) if notes else None
    present = {match.ref for match in found if match.ref is not None}
    ingredients = [
        _ingredient(fragment, match, index, present, family)
        for fragment, match in zip(names, found, strict=True)
    ]
    warnings = label_warnings(ingredients)
    if notes:
        warnings.append(
            "Read as footnotes or other text on the label, not checked as ingredients: "
            + "; ".join(f'"{note}"' for note in notes)
            + "."
        )
    return LabelResult(verdict_of(ingredients), ingredients, warnings, family)
