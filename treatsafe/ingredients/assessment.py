"""Judging parsed label fragments against the CosIng index: annex entries, which of their
conditions the label shows broken and which only the maker can meet (findings.py,
conditions.py), origin flags, what each ingredient does, the verdict and its headline. Pure:
fragments and an index in, a result out.

The whole check (services.check_text) goes by pieces of label text (read_pieces,
assess_pieces): what a piece comes to (its fragments, matches and judged results) is kept in a
memo on the index, so a name a label repeats costs one look-up; results are shared between
labels, so read-only. Ingredients with no annex entry and no flag add nothing to the warnings
or the verdict and are left out of both. assess() is the plain way, fragment by fragment: the
pieces give exactly its answers (tests/ingredients/test_fast_path.py).

Verdicts, worst first: `prohibited` (Annex II or human origin: "Do not use"),
`restriction_broken` (the label itself shows a condition broken: a problem, quoted),
`unknown_ingredients` (some names could not be checked), `ok` ("No banned ingredients found",
with any conditions only the maker can meet listed apart, never as a warning).
"""

from treatsafe.ingredients import cosing
from treatsafe.ingredients.conditions import label_family, plain
from treatsafe.ingredients.findings import findings_of
from treatsafe.ingredients.functions import PERFUME_NAMES, plain_functions, roles_of
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import (
    CosingIndex,
    IndexEntry,
    _flags_of,
    name_flags,
    normalise,
)
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.parsing import (
    Fragment,
    candidates,
    fragments_of,
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
    static = index.static.get(ref)
    if fragment.declared_percent is None and static and static[0] == keys:
        entries, functions, allergen, roles, entry_flags = static[1]  # most names
    else:
        entries, functions, allergen, roles, entry_flags = _about(index, ref, keys, fragment)
    if found.inci is not None and fragment.text.upper() == found.inci:
        flags = static[2] if static else name_flags(found.inci)
    elif static:  # the INCI name's flags are worked out already: only the label's are new
        flags = _merged(_flags_of(fragment.text), static[2])
    else:
        flags = name_flags(fragment.text, found.inci or "")
    if entry_flags:
        flags = [flag for flag in FLAG_ORDER if flag in entry_flags or flag in flags]
    # positional, in IngredientResult's field order (keywords cost four times as much);
    # cosing_ref below 0 is an Annex II name only
    item = IngredientResult(
        fragment.text, found.inci, ref if ref is None or ref > 0 else None, found.kind,
        found.score, entries, flags, fragment.may_contain, fragment.declared_percent, (),
        functions, allergen, roles,
    )  # fmt: skip
    if entries or "human_origin" in flags:  # with neither, there is no finding to make
        item.findings = tuple(findings_of(item, index, family))
    return item


def _merged(label_flags: tuple[str, ...], inci_flags: list[str]) -> list[str]:
    """name_flags(label's text, INCI name) from the flags of each (each in FLAG_ORDER)."""
    if not label_flags:
        return inci_flags  # shared, as results are: read-only
    if not inci_flags:
        return list(label_flags)
    return [flag for flag in FLAG_ORDER if flag in label_flags or flag in inci_flags]


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
    no_flags, no_entries, none = frozenset(), [], []  # shared, read-only like all of it
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
        index.static[ref] = (keys, about, list(flags) if flags else none)


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


def _resolve(fragment: Fragment, index: CosingIndex) -> list:
    """What one parsed fragment comes to for a label that states no product family, whatever
    else it says: its parts (unwrap), each a note's text, its IngredientResult, or (part,
    match) where a combination entry makes the result depend on the rest of the label."""
    if fragment.footnote:
        return [fragment.text]
    found = index.matcher.match(fragment.candidates)
    if found.kind in KNOWN and found.matched_name in fragment.candidates:
        split = ((fragment, found),)  # a known name as written: unwrap's first answer
    else:
        match = index.matcher.match
        split = [(p, None if p.footnote else match(p.candidates)) for p in unwrap(fragment, index)]
    parts = []
    combined = index.parts_of
    for part, found in split:
        if part.footnote:
            parts.append(part.text)
            continue
        keys = tuple(index.entries_of.get(found.ref, ()))
        if keys and any(key in combined for key in keys):
            parts.append((part, found))
        else:
            parts.append(_judge(part, found, index, keys, None))
    return parts


def _named_as_written(name: str, may_contain: bool, index: CosingIndex) -> IngredientResult | None:
    """The finished result of a new piece that is one INCI name or synonym as written (most
    new pieces; `name` as parsing.plain_name reads it), or None for the long way (_resolve).
    The same answer as the long way's, with fewer steps: the piece's one fragment is the
    name, its one candidate the name in capitals, which unwrap leaves whole and match() finds
    exactly; only an entry whose combination needs the rest of the label sends it the long
    way."""
    upper = name.upper()
    # normalise() of a plain name in capitals changes it only beside a slash or hyphen
    if " /" in upper or "/ " in upper or " -" in upper or "- " in upper:
        normalised = normalise(upper)
    else:
        normalised = upper
    matcher = index.matcher
    kind, ref = "exact", matcher.exact.get(normalised)
    if ref is None:
        kind, ref = "synonym", matcher.synonyms.get(normalised)
    static = index.static.get(ref)
    if static is None:  # no such name (or an index not prepared)
        return None
    keys, about, inci_flags = static
    if keys and any(k in index.parts_of for k in keys):
        return None
    entries, functions, allergen, roles, entry_flags = about
    inci = matcher.names[ref]
    flags = inci_flags if upper == inci else _merged(_flags_of(name), inci_flags)
    if entry_flags:
        flags = [flag for flag in FLAG_ORDER if flag in entry_flags or flag in flags]
    # positional, in IngredientResult's field order: keywords cost four times as much
    item = IngredientResult(
        name, inci, ref if ref > 0 else None, kind, 100.0, entries, flags, may_contain, None, (),
        functions, allergen, roles,
    )  # fmt: skip
    if entries or "human_origin" in flags:
        item.findings = tuple(findings_of(item, index, None))
    return item


def read_pieces(pieces: list[tuple[str, bool]], index: CosingIndex) -> tuple[list, int, int]:
    """What each piece of a label (parsing.parse_pieces) comes to, with the label's numbers of
    fragments and of fragments that are not footnotes, for the caller to check before
    assess_pieces works out the new pieces. A piece seen before comes from a memo on the
    index: its IngredientResult (one plain fragment: most pieces) or (fragments, fragments
    that are not footnotes, parts...); a new one as a list [the same two numbers, its
    fragments, its memo key]."""
    memo = index.pieces
    found = []
    count = real = 0
    for key in pieces:
        entry = memo.get(key)
        if entry is None:
            name = plain_name(key[0])  # most pieces are one name
            entry = None if name is None else _named_as_written(name, key[1], index)
            if entry is None:
                if name is None:
                    fragments = fragments_of(*key)
                else:  # what fragments_of would read, not read again
                    fragments = (Fragment(name, (name.upper(),), key[1]),)
                entry = [
                    len(fragments),
                    len(fragments) - [f.footnote for f in fragments].count(True),
                ]
                entry += (fragments, key)
                count += entry[0]
                real += entry[1]
                found.append(entry)
                continue
            make_room(memo)
            memo[key] = entry
        if entry.__class__ is IngredientResult:
            count += 1
            real += 1
            found.append(entry)
            continue
        count += entry[0]
        real += entry[1]
        found.append(entry)
    return found, count, real


def assess_pieces(
    pieces: list[tuple[str, bool]], found: list[tuple], notes: list[str], index: CosingIndex
) -> LabelResult:
    """The label's result from its pieces, read_pieces' answer for them and the texts set
    apart from the list: the same as assess() on the label's fragments."""
    trailing = notes
    memo = index.pieces
    parts = []
    for entry in found:
        if entry.__class__ is IngredientResult:
            parts.append(entry)
        elif entry.__class__ is list:
            count, real, fragments, key = entry
            resolved = [part for fragment in fragments for part in _resolve(fragment, index)]
            make_room(memo)
            if count == real == len(resolved) == 1 and resolved[0].__class__ is IngredientResult:
                memo[key] = resolved[0]  # one object for the collector, not two
            else:
                memo[key] = (count, real, *resolved)
            parts += resolved
        else:
            parts += entry[2:]
    inline = [part for part in parts if part.__class__ is str]
    if inline:
        notes = inline + notes
    family = label_family(notes) if notes else None
    if family is not None:  # the results can differ: judged afresh for this kind of product
        fragments = [fragment for key in pieces for fragment in fragments_of(*key)]
        return assess(fragments + [Fragment(note, (), footnote=True) for note in trailing], index)
    if inline:
        parts = [part for part in parts if part.__class__ is not str]
    present = None
    ingredients, telling = [], []
    for part in parts:
        if part.__class__ is not IngredientResult:  # its combination entries depend on the rest
            if present is None:
                present = {
                    p.cosing_ref if p.__class__ is IngredientResult else p[1].ref for p in parts
                }
                present.discard(None)
            part = _ingredient(part[0], part[1], index, present, None)
        ingredients.append(part)
        if part.flags or part.annex_entries or part.match not in KNOWN:
            telling.append(part)  # the others have no warning and are "ok"
    warnings = label_warnings(telling)
    if notes:
        warnings.append(_notes_warning(notes))
    return LabelResult(verdict_of(telling), ingredients, warnings, family)


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
