"""Matching the names on a label to CosIng ingredients. Pure: built from plain rows (from the
database in services.py, or straight from the CSV files in bench/labels.py), no ORM inside.

Tiers, cheapest first, each tried on every candidate name of a fragment before the next tier:
1. exact INCI name (case, spacing and punctuation normalised);
2. a known synonym (INN, Ph. Eur., CI number, common name);
3. "folded" spelling: spaces and punctuation removed and OCR confusions merged (0/O, 1/l/I;
   rn/m tried both ways), unique keys only;
4. one edit away on the folded spelling (a deletion index, as in SymSpell);
5. rapidfuzz `extractOne` over a blocked candidate set: names sharing the first character, or
   the last four, with a similar length.
Tiers 3-5 are reported as `fuzzy` with their rapidfuzz score (`fuzz.ratio` of the folded
spellings); below FUZZY_THRESHOLD (SINGLE_EDIT_THRESHOLD for a short name with exactly one
ingredient one edit away) the result is `none`: a guess that weak is never shown as a fact.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

import cython
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from treatsafe.ingredients.common_names import PREFERRED_NAMES
from treatsafe.ingredients.flags import (  # noqa: F401  (re-exported)
    ANIMAL,
    EXOSOME,
    FLAG_PATTERNS,
    FLAGS,
    HUMAN,
    MICROBIAL,
    PLANT,
    _flags_of,
    name_flags,
)
from treatsafe.ingredients.memo import make_room
from treatsafe.ingredients.spelling import (  # noqa: F401  (re-exported)
    cut_points,
    fold,
    normalise,
    radical,
    same_words,
)

FUZZY_THRESHOLD = 85.0
SINGLE_EDIT_THRESHOLD = 80.0
SINGLE_WORD_THRESHOLD = 90.0
MAX_DELETE_INDEX_LENGTH = 40
MIN_FUZZY_LENGTH, MAX_FUZZY_LENGTH = 3, 300  # longer "names" are pasted prose, not an INCI name
LENGTH_SLACK = 4

_POLYMER = re.compile(r"POLYMER|\bDIMER\b|GLYCERIDES?\b|\bPEG\b|\bPPG\b", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
_COLOUR_INDEX = re.compile(r"\bC\.?\s?I\.?\s?\d{5}\b", re.IGNORECASE)


@cython.locals(key=str, start=cython.Py_ssize_t, i=cython.Py_ssize_t)
def _deletes(key, start=0) -> list[str]:
    """The key with each one character deleted, from the character at `start` on (two slices
    joined: quicker than joining itertools' combinations, measured, compiled or not)."""
    return [key[:i] + key[i + 1 :] for i in range(start, len(key))]


def _one_edit_index(folded: dict[str, int]) -> dict[tuple[int, str], dict[str, int]]:
    """A folded name, or a folded name with one character deleted, to its ingredient, by the
    key's length and first character: a label's spelling with a character lost, gained or
    changed has a deletion here (SymSpell); a deletion two ingredients share is left out (it
    points nowhere), and a name itself wins over another's deletion. Split so because all but
    one of a label's deletions start as the label does and have one length: they are read
    from one small dictionary (a few thousand keys at most), which the processor's caches
    hold, rather than from all 650,000 keys, which they do not (2-4 times quicker, measured)."""
    near: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    ambiguous = []
    for key, ref in folded.items():
        if len(key) <= MAX_DELETE_INDEX_LENGTH:
            length = len(key) - 1
            for deleted in _deletes(key):
                if near[length, deleted[:1]].setdefault(deleted, ref) != ref:
                    ambiguous.append(deleted)
    for deleted in ambiguous:
        near[len(deleted), deleted[:1]].pop(deleted, None)
    for key, ref in folded.items():
        near[len(key), key[:1]][key] = ref
    return {place: keys for place, keys in near.items() if keys}


class Match(NamedTuple):  # a named tuple: made by the thousand, cheaper than a dataclass
    ref: int | None
    inci: str | None
    kind: str  # "exact" | "synonym" | "fuzzy" | "none"
    score: float
    matched_name: str = ""  # the candidate name that matched
    single_edit: bool = False  # the only ingredient one edit (or one swap) away


NO_MATCH = Match(None, None, "none", 0.0)
_new_tuple = tuple.__new__
_EMPTY: dict = {}


class Matcher:
    def __init__(self, ingredients: Iterable[tuple[int, str]], synonyms: Iterable[tuple[str, int]]):
        self._memo: dict[tuple[str, ...], Match] = {}
        self.names: dict[int, str] = {}
        self.exact: dict[str, int] = {}
        # each ingredient's INCI name folded, which a fuzzy guess is scored against: worked
        # out here anyway, so a first guess of an ingredient does not fold it again
        self.folded_names: dict[int, str] = {}
        folded: dict[str, set[int]] = defaultdict(set)
        for ref, inci in ingredients:
            self.names[ref] = inci
            key = normalise(inci)
            self.exact.setdefault(key, ref)
            folded_name = self.folded_names[ref] = fold(key, normalised=True)
            folded[folded_name].add(ref)
        self.synonyms: dict[str, int] = {}
        for name, preferred in PREFERRED_NAMES.items():
            if name in self.exact and preferred in self.exact:
                del self.exact[name]
                self.synonyms[name] = self.exact[preferred]
        for name, ref in synonyms:
            key = normalise(name)
            if key not in self.exact and ref in self.names:
                self.synonyms.setdefault(key, ref)
                folded[fold(key, normalised=True)].add(ref)
        self.folded = {key: next(iter(refs)) for key, refs in folded.items() if len(refs) == 1}
        self.near = _one_edit_index(self.folded)
        # blocks for the last tier: folded keys (and their refs) by first character and length,
        # and by last four characters and length, as plain lists rapidfuzz reads directly
        self.by_first: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
        self.by_last: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
        for key, ref in self.folded.items():
            for blocks, block in ((self.by_first, key[:1]), (self.by_last, key[-4:])):
                keys, refs = blocks.setdefault((block, len(key)), ([], []))
                keys.append(key)
                refs.append(ref)

    def __len__(self) -> int:
        return len(self.names)

    def add_exact_names(self, names: Iterable[tuple[int, str]]) -> list[int]:
        """Names matched exactly only (no folded or fuzzy tier), for substances outside the
        inventory; a name the index already knows is left to its ingredient. The refs added."""
        added = []
        for ref, name in names:
            key = normalise(name)
            if key in self.exact or key in self.synonyms or ref in self.names:
                continue
            self.exact[key] = ref
            self.names[ref] = key
            added.append(ref)
        return added

    def _known(self, name: str) -> Match | None:
        key = normalise(name)
        if (ref := self.exact.get(key)) is not None:
            return Match(ref, self.names[ref], "exact", 100.0, name)
        if (ref := self.synonyms.get(key)) is not None:
            return Match(ref, self.names[ref], "synonym", 100.0, name)
        return None

    def segment(self, candidates: Iterable[str]) -> list[str] | None:
        """Names run together where a comma was lost ("Potassium Sorbate Citric Acid"): the
        first split of a candidate into two or three runs of words that are each an INCI name
        or synonym exactly (a one-word run only as an INCI name of five letters or more), where
        no spelling of the whole comes close to one name. None if there is no such split."""
        candidates = tuple(candidates)
        for i, candidate in enumerate(candidates):
            words = normalise(candidate).split()
            if not 2 <= len(words) <= 16:
                continue
            if i == len(candidates) - 1:  # a split of the last could only end the search
                known = self._memo.get((candidate,))
                if known is not None and known.kind != "none":
                    return None  # the whole comes close to one name: no split
            for cuts in cut_points(len(words)):
                bounds = zip((0, *cuts), (*cuts, len(words)), strict=True)
                runs = [" ".join(words[a:b]) for a, b in bounds]
                if all(self._whole(run) for run in runs):
                    return runs if self.match([candidate]).kind == "none" else None
        return None

    def _whole(self, run: str) -> bool:
        if " " in run:
            return self._known(run) is not None
        return len(run) >= 5 and run in self.exact

    def knows(self, candidates: Iterable[str]) -> bool:
        """Whether one of these names is an INCI name or a synonym, exactly."""
        return any(self._known(candidate) for candidate in candidates if candidate.strip())

    def match(self, candidates: Iterable[str]) -> Match:
        """The best ingredient for a fragment's candidate names (memoised: labels repeat the
        same names, and a fragment's answer never changes for one index). A name that is an
        INCI name as written is not kept: looking it up again costs less than keeping it."""
        key = candidates if isinstance(candidates, tuple) else tuple(candidates)
        found = self._memo.get(key)
        if found is None:
            first = key[0] if key else ""
            first_key = normalise(first) if first.strip() else None
            if first_key is not None and (ref := self.exact.get(first_key)) is not None:
                return Match(ref, self.names[ref], "exact", 100.0, first)  # most names
            make_room(self._memo)
            found = self._memo[key] = self._match(key, first_key)
        return found

    def _match(self, candidates: tuple[str, ...], first_key: str | None = "") -> Match:
        """The best ingredient for these names (`first_key`: the first one normalised, when
        match() has done it and found it is no INCI name, or None where it is blank)."""
        first = candidates[0] if candidates else ""
        if first_key == "":
            first_key = normalise(first) if first.strip() else None
            if first_key is not None and (ref := self.exact.get(first_key)) is not None:
                return Match(ref, self.names[ref], "exact", 100.0, first)  # most names
        if first_key is not None and len(candidates) == 1:  # one name: most fragments
            if (ref := self.synonyms.get(first_key)) is not None:
                return Match(ref, self.names[ref], "synonym", 100.0, first)
            return self._spelled(candidates, [first_key])
        candidates = [c for c in candidates if c.strip()]
        keys = [normalise(candidate) for candidate in candidates[first_key is not None :]]
        if first_key is not None:
            keys.insert(0, first_key)
        tried = first_key is not None  # the first is no INCI name: looked up above
        for candidate, key in zip(candidates[tried:], keys[tried:], strict=True):
            if (ref := self.exact.get(key)) is not None:
                return Match(ref, self.names[ref], "exact", 100.0, candidate)
        for candidate, key in zip(candidates, keys, strict=True):
            if (ref := self.synonyms.get(key)) is not None:
                return Match(ref, self.names[ref], "synonym", 100.0, candidate)
        return self._spelled(candidates, keys)

    def match_by_spelling(self, candidates: tuple[str], normalised: str) -> Match:
        """match() for one name (in capitals; `normalised`: normalise() of it) that is neither
        an INCI name nor a synonym as written, which the caller knows: straight to its
        spelling. Where nothing comes close it is kept, for the segmenting that asks match()
        next."""
        found = self._spelled(candidates, [normalised])
        if found.kind == "none":
            make_room(self._memo)
            self._memo[candidates] = found
        return found

    def _spelled(self, candidates, keys: list[str]) -> Match:
        """The best ingredient for names none of which is an INCI name or synonym as written
        (`keys`: each normalised): alternatives, then by spelling."""
        for candidate in candidates:
            # "WATER/AQUA/EAU": alternatives only if every part is a known name, since
            # "STYRENE/MA COPOLYEMR" is a misspelt INCI name, not STYRENE
            parts = [p for p in _SLASH.split(candidate) if p.strip()] if "/" in candidate else ()
            if len(parts) > 1:
                known = [self._known(part) for part in parts]
                if all(known):  # the first INCI name among them, else the first synonym
                    return next((k for k in known if k.kind == "exact"), known[0])
        best, best_key, best_name = NO_MATCH, "", ""
        first_folded = None
        for candidate, key in zip(candidates, keys, strict=True):
            folded = fold(key, normalised=True)
            if first_folded is None:
                first_folded = folded
            found = self._fuzzy(candidate, folded)
            if found.score > best.score:
                best, best_key, best_name = found, folded, key
        # the word checks are given the spellings worked out above rather than redo them
        if (
            best.score >= self._threshold(best, best_key)
            and same_words(candidates, best, (keys[0], first_folded))
            and not radical(candidates, best, best_name)
        ):
            return best
        return self._named_within(candidates) or NO_MATCH

    def _named_within(self, candidates: list[str]) -> Match | None:
        """A name given with others that are no INCI name: "Olus Oil/Vegetable Oil/Huile
        Vegetale", "CI 19140/Yellow 5" (the first part that is an INCI name, else a synonym),
        or "Iron Oxides CI 77491" (the Colour Index number). Tried only when no spelling of the
        whole comes close, so a misspelt copolymer ("STYRENE/MA COPOLYEMR") is never STYRENE."""
        for candidate in candidates:
            parts = [p for p in _SLASH.split(candidate) if p.strip()] if "/" in candidate else ()
            if len(parts) > 1 and not _POLYMER.search(candidate):
                known = [found for part in parts if (found := self._known(part))]
                if known:  # the first INCI name among them (CosIng also lists US names)
                    return next((k for k in known if k.kind == "exact"), known[0])
            numbers = {"CI " + re.sub(r"\D", "", n) for n in _COLOUR_INDEX.findall(candidate)}
            if len(numbers) == 1 and (found := self._known(numbers.pop())):
                return found
        return None

    @staticmethod
    def _threshold(found: Match, folded: str) -> float:
        """A single edit in a short name ("PAZFUM", "PARUFM") scores about 83: accepted at 80
        when it is the only name one edit away and at least five letters long. A one-word
        chemical name two edits from another is another substance ("CANNABIDIOL" is not
        CANNABINOL): one word needs SINGLE_WORD_THRESHOLD. `folded`: the matched name
        folded."""
        if found.single_edit and len(folded) >= 5:
            return SINGLE_EDIT_THRESHOLD
        if found.inci and " " not in found.inci.strip():
            return SINGLE_WORD_THRESHOLD
        return FUZZY_THRESHOLD

    def _scored(self, candidate: str, ref: int, folded: str, single_edit: bool = False) -> Match:
        """A fuzzy match of a candidate (`folded`: its folded spelling) to an ingredient."""
        inci = self.names[ref]
        inci_folded = self.folded_names.get(ref) or fold(inci)
        score = round(fuzz.ratio(folded, inci_folded), 1)
        # made as the tuple it is: Match's generated __new__ is a Python call (twice the time)
        return _new_tuple(Match, (ref, inci, "fuzzy", score, candidate, single_edit))

    def _fuzzy(self, candidate: str, key: str) -> Match:
        """The closest ingredient to a candidate name, given its folded spelling."""
        if not MIN_FUZZY_LENGTH <= len(key) <= MAX_FUZZY_LENGTH:
            return NO_MATCH
        folded = self.folded
        ref = folded.get(key)  # OCR damage only, maybe with rn read for m or m for rn
        if ref is None and "RN" in key:
            ref = folded.get(key.replace("RN", "M"))
        if ref is None and "M" in key:
            ref = folded.get(key.replace("M", "RN"))
        if ref is not None:
            return Match(ref, self.names[ref], "fuzzy", 99.0, candidate)
        # the label gained or changed a character: one of its deletions is a name or a name
        # with one deleted (the label's own spelling is no name: that returned above)
        near, length, found = self.near, len(key), set()
        if length <= MAX_DELETE_INDEX_LENGTH + 1:
            # each deletion but the first character's starts with it; the keys' view probes
            # the dictionary for each, in C
            if shorter := near.get((length - 1, key[0])):
                found = {shorter[deleted] for deleted in shorter.keys() & _deletes(key, 1)}
            ref = near.get((length - 1, key[1:2]), _EMPTY).get(key[1:])
            if ref is not None:
                found.add(ref)
        if (ref := near.get((length, key[0]), _EMPTY).get(key)) is not None:  # one lost
            found.add(ref)
        if len(found) == 1:
            (ref,) = found
            return self._scored(candidate, ref, key, single_edit=True)
        if found:
            ranked = self._ranked(normalise(candidate))
            return max((self._scored(candidate, ref, key) for ref in found), key=ranked)
        return self._blocked(candidate, key)

    def _ranked(self, written: str):
        """Equal scores are settled the same way in every process (a set's order is not): by
        the likeness of the name as written (not folded for OCR: that makes I and L alike)
        that weighs the first letters most, as slips come later in a word more often
        ("CIARIC ACID": CITRIC before CAPRIC and LAURIC), then by the inventory's order."""

        def rank(match: Match) -> tuple:
            prefix_likeness = JaroWinkler.similarity(written, match.inci)
            return match.score, prefix_likeness, -match.ref

        return rank

    def _blocked(self, candidate: str, key: str) -> Match:
        keys: list[str] = []
        refs: list[int] = []
        for length in range(len(key) - LENGTH_SLACK, len(key) + LENGTH_SLACK + 1):
            first, last = self.by_first.get((key[:1], length)), self.by_last.get((key[-4:], length))
            for block in (first, last):
                if block:
                    keys += block[0]
                    refs += block[1]
        if not keys:
            return NO_MATCH
        # a key in both blocks appears twice: the first is the one a tie keeps, as before
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD - 10)
        if best is None:
            return NO_MATCH
        return self._scored(candidate, refs[best[2]], key)
