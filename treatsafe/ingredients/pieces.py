"""The whole label check by pieces of label text (what lies between two separators), as
services.check_text runs it: what a piece comes to (its fragments, matches and judged results) is
kept in a memo on the index, so a name a label repeats costs one look-up; results are shared
between labels, so read-only. A new piece that is one INCI name or synonym as written (most) is
judged in one step. Ingredients with no annex entry and no flag add nothing to the warnings or
the verdict and are left out of both. The answers are exactly assessment.assess()'s on the
label's fragments (tests/ingredients/test_fast_path.py)."""

from treatsafe.ingredients.assessment import (  # the plain way's steps, shared
    KNOWN,
    _ingredient,
    _judge,
    _merged,
    _notes_warning,
    assess,
    judged,
    unwrap,
    verdict_of,
)
from treatsafe.ingredients.conditions import label_family
from treatsafe.ingredients.index import CosingIndex
from treatsafe.ingredients.matching import _flags_of, normalise
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.parsing import Fragment, fragments_of, name_fragment, plain_name
from treatsafe.ingredients.results import IngredientResult, LabelResult
from treatsafe.ingredients.wording import label_warnings

_NOT_HELD = object()  # as_written's answer for a name it does not hold


def _resolve(fragment: Fragment, index: CosingIndex, spelled: str | None = None) -> list:
    """What one parsed fragment comes to for a label that states no product family, whatever
    else it says: its parts (unwrap), each a note's text, its IngredientResult, or (part,
    match) where a combination entry makes the result depend on the rest of the label.
    `spelled`: where the fragment is one name that is neither an INCI name nor a synonym
    (_named_as_written found so), that name normalised: matched by its spelling at once, as
    match() would after its look-ups."""
    if fragment.footnote:
        return [fragment.text]
    if spelled is not None:
        found = index.matcher.match_by_spelling(fragment.candidates, spelled)
    else:
        found = index.matcher.match(fragment.candidates)
    if found.kind in KNOWN and found.matched_name in fragment.candidates:
        split = ((fragment, found),)  # a known name as written: unwrap's first answer
    elif found.kind != "none" and len(fragment.candidates) == 1 and not fragment.pieces:
        # a name matched by its spelling (most misspelt ones): unwrap would try to segment
        # it, and segment gives up on a one-candidate name that comes close to one name
        split = ((fragment, found),)
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
        elif keys:  # its findings cost most: kept (the colours of "[+/- CI 77891, ...]")
            parts.append(_ingredient(part, found, index, None, None, keys))
        else:
            parts.append(_judge(part, found, index, keys, None))
    return parts


def _named_as_written(name: str, may_contain: bool, index: CosingIndex):
    """The finished result of a new piece that is one INCI name or synonym as written (most
    new pieces; `name` as parsing.plain_name reads it); for a name that is neither, the name
    normalised (a str: to be matched by its spelling); or None for the long way (_resolve).
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
    known = index.as_written.get(normalised, _NOT_HELD)
    if known is _NOT_HELD:  # no such name (where the index is prepared): the matcher's to spell
        return normalised if index.as_written else None
    if known is None:  # its entries depend on the rest of the label
        return None
    ref, kind, inci, inci_flags, about, _ = known
    flags = inci_flags if upper == inci else _merged(_flags_of(name), inci_flags)
    return judged(name, inci, ref, kind, 100.0, may_contain, None, about, flags, index, None)


def _known_plain_name(raw: str, may_contain: bool, index: CosingIndex) -> IngredientResult | None:
    """The result of a piece that is an INCI name or synonym written in ASCII, with single
    spaces and nothing that plain_name changes, whose result needs nothing else
    (assessment.plain_flags), found in one look-up of its capitals; else None. The same
    answer as _named_as_written's: plain_name reads such a piece as itself (its patterns
    ignore case), and the name in capitals is then the normalised name."""
    name = raw.strip(" ")
    if not name.isascii():
        return None
    known = index.as_written.get(name.upper())
    if known is None or known[5] is None:
        return None
    ref, kind, inci, _, about, flags = known
    return judged(name, inci, ref, kind, 100.0, may_contain, None, about, flags, index, None)


def read_pieces(pieces: list[str], may_from: int, index: CosingIndex) -> tuple[list, int, int]:
    """What each piece of a label (parsing.parse_pieces) comes to, with the label's numbers of
    fragments and of fragments that are not footnotes, for the caller to check before
    assess_pieces works out the new pieces. A piece seen before comes from a memo on the
    index, keyed by its text (with True, in a "may contain" section): its IngredientResult
    (one plain fragment: most pieces) or (fragments, fragments that are not footnotes,
    parts...); a new one as a list [the same two numbers, its fragments, its memo key,
    where it is one name that is neither an INCI name nor a synonym, that name normalised,
    else None]."""
    memo = index.pieces
    keys = pieces if may_from == len(pieces) else _keys(pieces, may_from)
    found = list(map(memo.get, keys))  # in C: most pieces were seen before
    count = real = len(found)
    for at, entry in enumerate(found):
        if type(entry) is IngredientResult:
            continue
        if entry is None:
            key, may_contain = keys[at], at >= may_from
            raw = pieces[at]
            entry = _known_plain_name(raw, may_contain, index)  # most new pieces
            if entry is not None:
                found[at] = entry
                _keep(index, key, entry)
                continue
            name = plain_name(raw)  # most other pieces are one name
            entry = None if name is None else _named_as_written(name, may_contain, index)
            if type(entry) is IngredientResult:
                found[at] = entry
                _keep(index, key, entry)
                continue
            if name is None:
                fragments = fragments_of(raw, may_contain)
            else:  # what fragments_of would read, not read again
                fragments = (name_fragment(name, may_contain),)
            entry = found[at] = [
                len(fragments),
                len(fragments) - [f.footnote for f in fragments].count(True),
                fragments,
                key,
                entry if type(entry) is str else None,  # a name to match by its spelling
            ]
        count += entry[0] - 1
        real += entry[1] - 1
    return found, count, real


def _keep(index: CosingIndex, key, answer) -> None:
    """Keep a new piece's answer from its second sighting on. Most pieces seen once in a while
    (a rare name, a misspelling) are not seen again soon, and every answer kept is walked by
    the garbage collector in its collections (a tenth of a label check, measured) and pushes
    an older one out; a piece that comes back is worked out once more, then kept."""
    seen = index.pieces_seen
    if key in seen:
        del seen[key]
        make_room(index.pieces)
        index.pieces[key] = answer
    else:
        make_room(seen)
        seen[key] = None


def _keys(pieces: list[str], may_from: int) -> list:
    """The memo keys of a label's pieces: a piece in a "may contain" section is read as one
    (its results say so), so it is kept apart."""
    return pieces[:may_from] + [(raw, True) for raw in pieces[may_from:]]


def assess_pieces(
    pieces: list[str], may_from: int, found: list, notes: list[str], index: CosingIndex
) -> LabelResult:
    """The label's result from its pieces, read_pieces' answer for them and the texts set
    apart from the list: the same as assess() on the label's fragments."""
    trailing = notes
    parts = []
    for entry in found:
        if type(entry) is IngredientResult:
            parts.append(entry)
        elif type(entry) is list:
            count, real, fragments, key, spelled = entry
            if spelled is not None:
                resolved = _resolve(fragments[0], index, spelled)
            else:
                resolved = [part for fragment in fragments for part in _resolve(fragment, index)]
            if count == real == len(resolved) == 1 and type(resolved[0]) is IngredientResult:
                _keep(index, key, resolved[0])  # one object for the collector, not two
            else:
                _keep(index, key, (count, real, *resolved))
            parts += resolved
        else:
            parts += entry[2:]
    inline = [part for part in parts if type(part) is str]
    if inline:
        notes = inline + notes
    family = label_family(notes) if notes else None
    if family is not None:  # the results can differ: judged afresh for this kind of product
        fragments = [
            fragment
            for at, raw in enumerate(pieces)
            for fragment in fragments_of(raw, at >= may_from)
        ]
        return assess(fragments + [Fragment(note, (), footnote=True) for note in trailing], index)
    if inline:
        parts = [part for part in parts if type(part) is not str]
    present = None
    ingredients, telling = [], []
    for part in parts:
        if type(part) is not IngredientResult:  # its combination entries depend on the rest
            if present is None:
                present = {p.cosing_ref if type(p) is IngredientResult else p[1].ref for p in parts}
                present.discard(None)
            part = _ingredient(part[0], part[1], index, present, None)
        ingredients.append(part)
        if part.flags or part.annex_entries or part.match not in KNOWN:
            telling.append(part)  # the others have no warning and are "ok"
    warnings = label_warnings(telling)
    if notes:
        warnings.append(_notes_warning(notes))
    return LabelResult(verdict_of(telling), ingredients, warnings, family)
