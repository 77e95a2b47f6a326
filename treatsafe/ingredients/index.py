"""The label checker's whole index, held in memory per process: the matcher (matching.py), the
annex entries, which entries apply to which ingredient, each entry's conditions, the parts of
combination entries and each ingredient's functions, built from the database or straight from
the CosIng files."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from treatsafe.ingredients.annex_names import annex_ii_names
from treatsafe.ingredients.conditions import EntryRule, entry_rule
from treatsafe.ingredients.cosing import ban_condition
from treatsafe.ingredients.matching import Matcher
from treatsafe.ingredients.spelling import normalise


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
    # per INCI name and synonym, normalised: what judging it as written needs (assessment.py)
    as_written: dict = field(default_factory=dict, repr=False, compare=False)
    # per piece of label text, what it comes to (pieces.read_pieces); read-only once made
    pieces: dict = field(default_factory=dict, repr=False, compare=False)
    # pieces seen once, whose answers are kept when they are seen again (pieces._keep)
    pieces_seen: dict = field(default_factory=dict, repr=False, compare=False)

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
                # (not `set - exact.keys()`: that walks all 30,000 keys, for every entry)
                for other in {normalise(name) for name in names}:
                    if other not in matcher.exact:
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
