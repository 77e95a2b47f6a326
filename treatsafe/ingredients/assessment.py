"""Judging parsed label fragments against the CosIng index: annex entries, which of their
conditions the label shows broken and which only the maker can meet (findings.py,
conditions.py), origin flags, what each ingredient does, the verdict and its headline. Pure:
fragments and an index in, a result out.

assess() is the plain way, fragment by fragment; the whole check (services.check_text) goes by
pieces of label text (pieces.py) and gives exactly its answers
(tests/ingredients/test_fast_path.py).

Verdicts, worst first: `prohibited` (Annex II or human origin: "Do not use"),
`restriction_broken` (the label itself shows a condition broken: a problem, quoted),
`unknown_ingredients` (some names could not be checked), `ok` ("No banned ingredients found",
with any conditions only the maker can meet listed apart, never as a warning).
"""

from treatsafe.ingredients import cosing
from treatsafe.ingredients.conditions import label_family, plain
from treatsafe.ingredients.findings import findings_of
from treatsafe.ingredients.flags import _work_out_flags
from treatsafe.ingredients.functions import PERFUME_NAMES, plain_functions, roles_of
from treatsafe.ingredients.index import CosingIndex, IndexEntry
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import _flags_of, name_flags
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.parsing import (
    Fragment,
    candidates,
    plain_name,
    split_pieces,
)
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
    status_of,
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
        entry.key,
        entry.annex,
        entry.reference,
        entry.chemical_name,
        entry.regulation,
        _conditions(entry),
        entry.product_type,
        entry.max_concentration,
        entry.max_percent,
        within,
        bool(year and year > LAST_YEAR_BEFORE_GB_DIVERGENCE),
        loosest,
    )


def _applies(key: str, index: CosingIndex, present: set[int]) -> bool:
    """A combination entry applies only where the label names every one of its parts."""
    parts = index.parts_of.get(key)
    return not parts or all(part & present for part in parts)


def assess_fragment(fragment: Fragment, index: CosingIndex, present=None) -> IngredientResult:
    """One fragment, judged alone (`present`: the refs the whole label names, for
    combination entries)."""
    found = index.matcher.match(fragment.candidates)
    present = present if present is not None else {found.ref}
    return _ingredient(fragment, found, index, present, None)


KNOWN = frozenset({"exact", "synonym"})


def _ingredient(fragment, found, index, present, family, keys=None) -> IngredientResult:
    """One ingredient judged, memoised on what decides it: the fragment, the annex entries
    that apply (combination entries depend on the rest of the label: `keys` where the caller
    knows them) and the product family. The result is shared between labels: read it, never
    change it."""
    if keys is None:
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
    static = index.static.get(ref)
    if fragment.declared_percent is None and static and static[0] == keys:
        about = static[1]  # most names
    else:
        about = _about(index, ref, keys, fragment)
    if found.inci is not None and fragment.text.upper() == found.inci:
        flags = static[2] if static else tuple(name_flags(found.inci))
    elif static:  # the INCI name's flags are worked out already: only the label's are new
        flags = _merged(_flags_of(fragment.text), static[2])
    else:
        flags = tuple(name_flags(fragment.text, found.inci or ""))
    return judged(
        fragment.text, found.inci, ref, found.kind, found.score, fragment.may_contain,
        fragment.declared_percent, about, flags, index, family,
    )  # fmt: skip


def judged(
    text, inci, ref, kind, score, may_contain, declared, about, flags, index, family
) -> IngredientResult:
    """The result for a name on a label, from what its ingredient's reference and entries
    decide (`about`: _work_out's answer) and the flags of its names (the entries' flags are
    added here), with its findings where an entry or a human origin can give one."""
    entries, functions, allergen, roles, entry_flags = about
    if entry_flags:
        flags = tuple(flag for flag in FLAG_ORDER if flag in entry_flags or flag in flags)
    # made as the tuple it is, in IngredientResult's field order (its generated __new__ is a
    # Python call; keywords cost four times as much); cosing_ref below 0 is an Annex II name
    item = _new_tuple(IngredientResult, (
        text, inci, ref if ref is None or ref > 0 else None, kind, score, entries, flags,
        may_contain, declared, (), functions, allergen, roles,
        "unknown_ingredients" if kind == "none" else "ok",
    ))  # fmt: skip
    if entries or "human_origin" in flags:  # with neither, there is no finding to make
        item = with_findings(item, index, family)
    return item


def with_findings(item: IngredientResult, index: CosingIndex, family) -> IngredientResult:
    """The result with its findings and the status they give."""
    findings = tuple(findings_of(item, index, family))
    if not findings:
        return item
    # made as the tuple it is (item[9] is findings, item[13] status): _replace costs 3 times
    status = status_of(findings, item.match)
    return _new_tuple(IngredientResult, (*item[:9], findings, *item[10:13], status))


_new_tuple = tuple.__new__


def _merged(label_flags: tuple[str, ...], inci_flags: tuple[str, ...]) -> tuple[str, ...]:
    """name_flags(label's text, INCI name) from the flags of each (each in FLAG_ORDER)."""
    if not label_flags:
        return inci_flags  # shared, as results are: read-only
    if not inci_flags:
        return label_flags
    return tuple(flag for flag in FLAG_ORDER if flag in label_flags or flag in inci_flags)


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
    no_flags, no_entries, none = frozenset(), (), ()  # shared, read-only like all of it
    functions = index.functions
    shared: dict[tuple, tuple] = {}  # most ingredients share their functions with others
    for ref, inci in index.matcher.names.items():
        keys = tuple(index.entries_of.get(ref, ()))
        if keys:
            about = _work_out(index, ref, keys, None)
        else:  # most ingredients: no annex entry
            names = functions.get(ref, ())
            perfume = inci.upper() in PERFUME_NAMES  # all roles_of reads of the name
            about = shared.get((names, perfume))
            if about is None:
                roles = roles_of(names, (), False, inci)
                about = (no_entries, plain_functions(names), False, roles, no_flags)
                shared[names, perfume] = about
        flags = _flags_of(inci)  # in FLAG_ORDER
        index.static[ref] = (keys, about, flags or none)
    _prepare_names_as_written(index)


def _prepare_names_as_written(index: CosingIndex) -> None:
    """Per INCI name and synonym (normalised), all that judging it as written needs, in one
    entry: a new name then costs one look-up, not one per table (each a read from memory
    that the processor's caches rarely hold). Names with a combination entry are there as
    None: their judgement depends on the rest of the label. The entry's last item is the
    flags of the name written in any ASCII capitals (plain_flags), where judged() needs nothing
    else, else None."""
    matcher, static, combined = index.matcher, index.static, index.parts_of
    for kind, names in (("synonym", matcher.synonyms), ("exact", matcher.exact)):
        for name, ref in names.items():  # an INCI name wins over a synonym spelt the same
            keys, about, inci_flags = static[ref]
            if keys and any(key in combined for key in keys):
                index.as_written[name] = None  # a known name, judged the long way
                continue
            inci = matcher.names[ref]
            flags = plain_flags(name, ref, inci, inci_flags, about)
            index.as_written[name] = (ref, kind, inci, inci_flags, about, flags)


def plain_flags(name, ref, inci, inci_flags, about) -> tuple[str, ...] | None:
    """The flags judged() gives a known name (normalised: `name`) written as it is in any
    ASCII capitals, where its result needs nothing else (no annex entry, so no finding and no
    flag from an entry; no human origin; an ingredient of the inventory) and the name is one
    parsing.plain_name reads as itself in any capitals (so not six words or more, where prose
    is told apart by lower-case words): else None. The flag patterns ignore case, so a name's
    flags are its capitals' (a test holds this over every name)."""
    if about[0] or ref is None or ref <= 0 or name.count(" ") >= 5 or plain_name(name) != name:
        return None
    flags = inci_flags if name == inci else _merged(_work_out_flags(name), inci_flags)
    return None if "human_origin" in flags else flags


def _work_out(index, ref, keys, declared) -> tuple:
    entries = tuple(
        _entry_result(index.entries[k], index.rules[k].loosest_percent, declared) for k in keys
    )
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
        warnings.append(_notes_warning(notes))
    return LabelResult(verdict_of(ingredients), ingredients, warnings, family)


def _notes_warning(notes: list[str]) -> str:
    return (
        "Read as footnotes or other text on the label, not checked as ingredients: "
        + "; ".join(f'"{note}"' for note in notes)
        + "."
    )
