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
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from treatsafe.ingredients.annex_names import annex_ii_names
from treatsafe.ingredients.common_names import PREFERRED_NAMES
from treatsafe.ingredients.conditions import EntryRule, entry_rule
from treatsafe.ingredients.cosing import ban_condition
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
from treatsafe.ingredients.memo import MEMO_SIZE, make_room

FUZZY_THRESHOLD = 85.0
SINGLE_EDIT_THRESHOLD = 80.0
SINGLE_WORD_THRESHOLD = 90.0
WORD_THRESHOLD = 75.0
MAX_DELETE_INDEX_LENGTH = 40
MIN_FUZZY_LENGTH, MAX_FUZZY_LENGTH = 3, 300  # longer "names" are pasted prose, not an INCI name
LENGTH_SLACK = 4

OCR_FOLDS = [("0", "O"), ("1", "L"), ("I", "L"), ("|", "L")]


_NOT_ALPHANUMERIC = re.compile(r"[^A-Z0-9|]")
_POLYMER = re.compile(r"POLYMER|\bDIMER\b|GLYCERIDES?\b|\bPEG\b|\bPPG\b", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
_BRACKETED = re.compile(r"[(\[{][^()\[\]{}]*[)\]}]")
_COLOUR_INDEX = re.compile(r"\bC\.?\s?I\.?\s?\d{5}\b", re.IGNORECASE)


def normalise(name: str) -> str:
    """The exact-match key: upper case without accents ("Glycérine" is GLYCERINE), one space,
    no space around / - , and no trailing dot."""
    if not name.isascii():
        name = name.replace("Â", "")
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    name = " ".join(name.upper().split())
    if " /" in name or "/ " in name or " -" in name or "- " in name or " ," in name or ", " in name:
        for mark in "/-,":
            name = name.replace(" " + mark, mark).replace(mark + " ", mark)
    return name.strip(" .")


def fold(name: str, normalised: bool = False) -> str:
    """The OCR-tolerant key: letters and digits only, with look-alike characters merged."""
    key = _NOT_ALPHANUMERIC.sub("", name if normalised else normalise(name))
    for before, after in OCR_FOLDS:
        key = key.replace(before, after)
    return key


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


@dataclass(frozen=True)
class Match:
    ref: int | None
    inci: str | None
    kind: str  # "exact" | "synonym" | "fuzzy" | "none"
    score: float
    matched_name: str = ""  # the candidate name that matched
    single_edit: bool = False  # the only ingredient one edit (or one swap) away


NO_MATCH = Match(None, None, "none", 0.0)


class Matcher:
    def __init__(self, ingredients: Iterable[tuple[int, str]], synonyms: Iterable[tuple[str, int]]):
        self._memo: dict[tuple[str, ...], Match] = {}
        self.names: dict[int, str] = {}
        self.exact: dict[str, int] = {}
        folded: dict[str, set[int]] = defaultdict(set)
        for ref, inci in ingredients:
            self.names[ref] = inci
            key = normalise(inci)
            self.exact.setdefault(key, ref)
            folded[fold(key, normalised=True)].add(ref)
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
        self.deletes: dict[str, int | None] = {}
        ambiguous = set()
        setdefault = self.deletes.setdefault
        for key, ref in self.folded.items():
            if len(key) <= MAX_DELETE_INDEX_LENGTH:
                for i in range(len(key)):
                    deleted = key[:i] + key[i + 1 :]
                    if setdefault(deleted, ref) != ref:
                        ambiguous.add(deleted)
        for deleted in ambiguous:  # shared by two names: kept, but pointing nowhere
            self.deletes[deleted] = None
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
        for candidate in candidates:
            words = normalise(candidate).split()
            if not 2 <= len(words) <= 16:
                continue
            for cuts in _cut_points(len(words)):
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
        same names, and a fragment's answer never changes for one index)."""
        key = candidates if isinstance(candidates, tuple) else tuple(candidates)
        found = self._memo.get(key)
        if found is None:
            make_room(self._memo)
            found = self._memo[key] = self._match(key)
        return found

    def _match(self, candidates: tuple[str, ...]) -> Match:
        candidates = [c for c in candidates if c.strip()]
        keys = [normalise(candidate) for candidate in candidates]
        for candidate, key in zip(candidates, keys, strict=True):
            if (ref := self.exact.get(key)) is not None:
                return Match(ref, self.names[ref], "exact", 100.0, candidate)
        for candidate, key in zip(candidates, keys, strict=True):
            if (ref := self.synonyms.get(key)) is not None:
                return Match(ref, self.names[ref], "synonym", 100.0, candidate)
        for candidate in candidates:
            # "WATER/AQUA/EAU": alternatives only if every part is a known name, since
            # "STYRENE/MA COPOLYEMR" is a misspelt INCI name, not STYRENE
            parts = [p for p in _SLASH.split(candidate) if p.strip()] if "/" in candidate else ()
            if len(parts) > 1:
                known = [self._known(part) for part in parts]
                if all(known):  # the first INCI name among them, else the first synonym
                    return next((k for k in known if k.kind == "exact"), known[0])
        best = NO_MATCH
        for candidate, key in zip(candidates, keys, strict=True):
            found = self._fuzzy(candidate, fold(key, normalised=True))
            if found.score > best.score:
                best = found
        if (
            best.score >= self._threshold(best)
            and _same_words(candidates, best)
            and not _radical(candidates, best)
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
    def _threshold(found: Match) -> float:
        """A single edit in a short name ("PAZFUM", "PARUFM") scores about 83: accepted at 80
        when it is the only name one edit away and at least five letters long. A one-word
        chemical name two edits from another is another substance ("CANNABIDIOL" is not
        CANNABINOL): one word needs SINGLE_WORD_THRESHOLD."""
        if found.single_edit and len(fold(found.matched_name)) >= 5:
            return SINGLE_EDIT_THRESHOLD
        if found.inci and " " not in found.inci.strip():
            return SINGLE_WORD_THRESHOLD
        return FUZZY_THRESHOLD

    def _scored(self, candidate: str, ref: int) -> Match:
        score = fuzz.ratio(fold(candidate), fold(self.names[ref]))
        return Match(ref, self.names[ref], "fuzzy", round(score, 1), candidate)

    def _fuzzy(self, candidate: str, key: str) -> Match:
        """The closest ingredient to a candidate name, given its folded spelling."""
        if not MIN_FUZZY_LENGTH <= len(key) <= MAX_FUZZY_LENGTH:
            return NO_MATCH
        for variant in dict.fromkeys([key, key.replace("RN", "M"), key.replace("M", "RN")]):
            if (ref := self.folded.get(variant)) is not None:  # OCR damage only
                return Match(ref, self.names[ref], "fuzzy", 99.0, candidate)
        found: set[int] = set()
        if (ref := self.deletes.get(key)) is not None:  # the label lost a character
            found.add(ref)
        nearby = _deletes(key) if len(key) <= MAX_DELETE_INDEX_LENGTH + 1 else ()
        for deleted in nearby:  # the label gained or changed a character
            if (ref := self.folded.get(deleted)) is not None or (
                ref := self.deletes.get(deleted)
            ) is not None:
                found.add(ref)
        if len(found) == 1:
            (ref,) = found
            return replace(self._scored(candidate, ref), single_edit=True)
        if found:
            return max((self._scored(candidate, ref) for ref in found), key=lambda m: m.score)
        return self._blocked(candidate, key)

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
        return self._scored(candidate, refs[best[2]])


def _cut_points(count: int):
    """Where to cut `count` words into two runs, then into three."""
    for cut in range(1, count):
        yield (cut,)
    for first in range(1, count - 1):
        for second in range(first + 1, count):
            yield (first, second)


# Words that say which part of a plant, or what product of it, an ingredient is.
PART_WORDS = frozenset(
    re.findall(
        r"\w+",
        "SEED FRUIT LEAF ROOT FLOWER PEEL KERNEL BARK STEM BUD NUT HUSK RIND JUICE OIL EXTRACT "
        "WATER BUTTER WAX CERA POWDER FLOUR PROTEIN STARCH GUM RESIN CALLUS SPROUT TWIG WOOD "
        "RHIZOME HERB",
    )
)
_FOLDED_PARTS = frozenset(fold(word) for word in PART_WORDS)


_WORD_BREAKS = re.compile(r"[\s()\[\]{},/-]+")


def _words(name: str) -> list[str]:
    return _words_joined(name)[0]


def _words_joined(name: str) -> tuple[list[str], str]:
    """The name's folded words (rn read as m) and its whole folded spelling."""
    folded = [fold(word, normalised=True) for word in _WORD_BREAKS.split(normalise(name))]
    return [word.replace("RN", "M") for word in folded if word], "".join(folded).replace("RN", "M")


@lru_cache(maxsize=MEMO_SIZE)
def _inci_words(inci: str) -> tuple[list[str], str]:
    """An INCI name's words and folded spelling, worked out once: a few thousand names are
    ever guessed."""
    return _words_joined(inci)


def _close(word: str, words: list[str], joined: str) -> bool:
    """The word is on the label: as a word give or take a typo, or (four letters or more)
    inside words run together ("Sodium Magne Sium Silicate", "GlycerylCaprylate")."""
    if len(word) >= 4 and word in joined:
        return True
    return any(fuzz.ratio(word, other) >= WORD_THRESHOLD for other in words)


def _same_words(candidates: list[str], found: Match) -> bool:
    """Whether a fuzzy match of several words names what the label names: every word of the
    INCI name is on the label, give or take a typo ("Sodium Magne Sium Silicate"), and every
    plant part or product word outside brackets on the label is in the INCI name. So "Borago
    Officinalis (Borage) Flower Extract" is not BORAGO OFFICINALIS LEAF EXTRACT, "Olea Europaea
    (Olive) Oil" not OLEA EUROPAEA HUSK OIL, and "Acrylic Acid Copolymer" not ACRYLAMIDES
    COPOLYMER: a wrong guess is worse than "not found"."""
    if not found.inci or " " not in found.inci.strip():
        return True
    label, joined = _words_joined(candidates[0])
    inci, inci_joined = _inci_words(found.inci)
    if joined == inci_joined:  # the same letters: only spaces or punctuation differ
        return True
    if not all(_close(word, label, joined) for word in inci):
        return False
    outer = _words(_BRACKETED.sub(" ", candidates[0])) if _has_bracket(candidates[0]) else label
    return all(_close(word, inci, inci_joined) for word in outer if word in _FOLDED_PARTS)


def _has_bracket(text: str) -> bool:
    return "(" in text or "[" in text or "{" in text


def _radical(candidates: list[str], found: Match) -> bool:
    """A label that ends in a radical ("Glyceryl", "Polyglyceryl-6", "Pentaerythrityl": the
    rest of the name was cut off) guessed as a whole substance (GLYCERIN): not the same."""
    label = normalise(found.matched_name or candidates[0]).rstrip(_NUMBER_TAIL)
    return label.endswith("YL") and not normalise(found.inci or "").rstrip(_NUMBER_TAIL).endswith(
        "YL"
    )


_NUMBER_TAIL = "0123456789 -"


@dataclass(frozen=True)
class IndexEntry:
    key: str
    annex: str
    reference: str
    chemical_name: str
    regulation: str
    product_type: str = ""
    max_concentration: str = ""
    max_percent: float | None = None
    other: str = ""
    conditions_and_warnings: str = ""
    glossary_name: str = ""


@dataclass
class CosingIndex:
    """Everything the label checker needs, held in memory: the matcher, the annex entries,
    which entries apply to which ingredient, each entry's conditions sorted by who can check
    them (conditions.py), the parts of combination entries and each ingredient's functions."""

    matcher: Matcher
    entries: dict[str, IndexEntry]
    entries_of: dict[int, list[str]] = field(default_factory=dict)
    rules: dict[str, EntryRule] = field(default_factory=dict)
    # a combination entry's parts, each as the ingredient refs that name it
    parts_of: dict[str, tuple[frozenset[int], ...]] = field(default_factory=dict)
    functions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # (entry key, ref) linked only through a shared CAS number (a family of substances)
    by_cas_only: frozenset[tuple[str, int]] = frozenset()
    # (entry key, ref) -> the condition CosIng attaches to an Annex II ban ("if free
    # cholecalciferol is present"): a limit for the maker, not a ban
    ban_conditions: dict[tuple[str, int], str] = field(default_factory=dict)
    # judged ingredients, keyed by what decides them (assessment.py); read-only once made
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    # per ingredient, what its reference decides whatever the label says (assessment.prepare)
    static: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        ingredients: Iterable[tuple[int, str]],
        synonyms: Iterable[tuple[str, int]],
        entries: Iterable[IndexEntry],
        links: Iterable[tuple],
        functions: Iterable[tuple[int, str]] = (),
        restrictions: Mapping[int, str] | None = None,
    ) -> "CosingIndex":
        """`links` are (entry key, ref) or (entry key, ref, how it was linked); `synonyms`
        is where every extra name (INN, CI numbers, common and trade names) comes in;
        `restrictions` are the inventory's Restriction cells of conditionally linked refs."""
        restrictions = restrictions or {}
        entries = {entry.key: entry for entry in entries}
        entries_of: dict[int, list[str]] = defaultdict(list)
        by_cas_only, ban_conditions = set(), {}
        for key, ref, *source in links:
            entries_of[ref].append(key)
            if source and source[0] == "cas":
                by_cas_only.add((key, ref))
            elif source and source[0] == "conditional":
                entry = entries[key]
                condition = ban_condition(restrictions.get(ref, ""), entry.annex, entry.reference)
                ban_conditions[key, ref] = condition or "on a condition CosIng states."
        order = {annex: i for i, annex in enumerate(["II", "III", "IV", "V", "VI"])}
        for keys in entries_of.values():
            keys.sort(key=lambda k: (order[entries[k].annex], k))
        function_lists: dict[int, list[str]] = defaultdict(list)
        for ref, name in functions:
            function_lists[ref].append(name.upper())
        matcher = Matcher(ingredients, synonyms)
        # banned substances under the annex's own names, where the index knows no such name;
        # a class member's other label forms ("... Propionate") are other names of it
        for index, (key, names) in enumerate(annex_ii_names(entries.values()), start=1):
            for ref in matcher.add_exact_names((-index, name) for name in names):
                entries_of[ref].append(key)
                for other in {normalise(name) for name in names} - matcher.exact.keys():
                    matcher.synonyms.setdefault(other, ref)
        rules = {key: entry_rule(entry) for key, entry in entries.items()}
        parts_of = {}
        for key, rule in rules.items():
            if rule.parts:
                parts_of[key] = tuple(_part_refs(matcher, part) for part in rule.parts)
        return cls(
            matcher,
            entries,
            dict(entries_of),
            rules,
            parts_of,
            {ref: tuple(sorted(set(names))) for ref, names in function_lists.items()},
            frozenset(by_cas_only),
            ban_conditions,
        )

    @classmethod
    def from_cosing(cls, data) -> "CosingIndex":
        """From cosing.read_cosing() output, without a database (the benchmark uses this)."""
        return cls.build(
            ((r.ref, r.inci) for r in data.ingredients),
            ((name, ref) for name, ref, _kind in data.synonyms),
            (
                IndexEntry(
                    key=e.key,
                    annex=e.annex,
                    reference=e.reference,
                    chemical_name=e.chemical_name,
                    regulation=e.regulation,
                    product_type=e.product_type,
                    max_concentration=e.max_concentration,
                    max_percent=e.max_percent,
                    other=e.other,
                    conditions_and_warnings=e.conditions_and_warnings,
                    glossary_name=e.glossary_name,
                )
                for e in data.annex_entries
            ),
            data.links,
            ((r.ref, name) for r in data.ingredients for name in r.functions),
            {r.ref: r.restriction for r in data.ingredients if r.restriction},
        )


def _part_refs(matcher: Matcher, name: str) -> frozenset[int]:
    """The ingredients a combination entry's part names: its INCI name or a synonym, or the
    one name it folds to ("HC RED NO 10" is HC RED NO. 10)."""
    found = matcher.match([name])
    return frozenset({found.ref}) if found.ref is not None and found.score >= 99 else frozenset()
