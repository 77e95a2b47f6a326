"""The label checker and ingredient look-ups: one service call behind the page, the API and the
CLI. `check_label` adds input limits and the per-process index cache (rebuilt when the imported
`cosing` dataset changes) to the pure parse (parsing.py) and assessment (assessment.py)."""

import gc
import re
import threading
from dataclasses import dataclass

import cython

from treatsafe.ingredients import cosing, photos
from treatsafe.ingredients.assessment import (  # noqa: F401  (re-exported for other apps)
    ANNEX_KINDS,
    HUMAN_ORIGIN_ENTRY,
    LAST_YEAR_BEFORE_GB_DIVERGENCE,
    SOFT_HYPHEN,
    EntryResult,
    IngredientResult,
    LabelResult,
    assess,
    plain,
    prepare,
)
from treatsafe.ingredients.errors import (  # noqa: F401  (re-exported for other apps)
    EmptyLabel,
    IngredientNotFound,
    LabelError,
    LabelTooLong,
    NotText,
    PhotoError,
    PhotoReadingUnavailable,
    ReferenceDataMissing,
    TooManyIngredients,
)
from treatsafe.ingredients.functions import plain_functions
from treatsafe.ingredients.index import CosingIndex, IndexEntry
from treatsafe.ingredients.matching import FLAGS as FLAG_ORDER
from treatsafe.ingredients.matching import name_flags
from treatsafe.ingredients.parsing import parse_label, parse_pieces  # noqa: F401
from treatsafe.ingredients.pieces import assess_pieces, read_pieces  # noqa: F401

MAX_CHARACTERS = 20_000
MAX_INGREDIENTS = 500
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # _CONTROLS' ASCII


def validate_text(text) -> str:
    """The text, or a LabelError saying what is wrong and what the limit is."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise NotText(
                "This is not text. Paste or upload the ingredient list as plain text."
            ) from None
    if not isinstance(text, str) or not text.strip():
        raise EmptyLabel("Enter the ingredient list from the product's label.")
    if len(text) > MAX_CHARACTERS:
        raise LabelTooLong(
            f"The ingredient list must be {MAX_CHARACTERS:,} characters or fewer; "
            f"this text has {len(text):,}.",
            limit=MAX_CHARACTERS,
        )
    if cython.compiled:  # one pass over the characters in C
        controls = count_controls(text)
    elif text.isascii():  # most texts: the control bytes counted by deleting them, in C
        ascii_bytes = text.encode("ascii")
        controls = len(ascii_bytes) - len(ascii_bytes.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROLS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise NotText("This is not text. Paste or upload the ingredient list as plain text.")
    return text


@cython.locals(text=str, char=cython.Py_UCS4, controls=cython.Py_ssize_t)
def count_controls(text) -> int:
    """How many characters of the text _CONTROLS matches (control characters but tab, line
    feed and carriage return; the replacement character), reading each once."""
    controls = 0
    for char in text:
        if char < " ":
            if char != "\t" and char != "\n" and char != "\r":
                controls += 1
        elif char == "\ufffd":
            controls += 1
    return controls


def check_text(text: str, index: CosingIndex) -> LabelResult:
    """Validate, parse and assess, against a given index (used by the benchmark too)."""
    pieces, may_from, notes = parse_pieces(validate_text(text))
    found, count, real = read_pieces(pieces, may_from, index)
    if not real:
        raise EmptyLabel("No ingredients were found in this text. Enter the ingredient list.")
    count += len(notes)
    if count > MAX_INGREDIENTS:  # footnotes count: each is work
        raise TooManyIngredients(
            f"A label can have at most {MAX_INGREDIENTS} ingredients; this text has {count:,}.",
            limit=MAX_INGREDIENTS,
        )
    return assess_pieces(pieces, may_from, found, notes, index)


def check_label(text: str) -> LabelResult:
    """Check an ingredient list against CosIng. Raises a LabelError (InvalidInput) for empty,
    too large or binary input."""
    validate_text(text)
    return check_text(text, get_index())


def read_label_photo(upload) -> str:
    """The text read from an uploaded JPEG, PNG or HEIC photo of a label (a Django UploadedFile or
    bytes). Raises a PhotoError (InvalidInput) for anything that is not a usable photo, and
    PhotoReadingUnavailable (503) where Tesseract is not installed."""
    if isinstance(upload, bytes | bytearray):
        return photos.read_photo(bytes(upload))
    if upload.size and upload.size > photos.MAX_PHOTO_BYTES:
        raise photos.too_large(upload.size)  # refused before it is read into memory
    return photos.read_photo(upload.read(photos.MAX_PHOTO_BYTES + 1))


def check_label_photo(upload) -> tuple[str, LabelResult]:
    """Read a photo of a label and check the text read from it."""
    text = read_label_photo(upload)
    return text, check_label(text)


_index_lock = threading.Lock()
_index_cache: dict[str, tuple[str, CosingIndex]] = {}


def _cosing_fingerprint() -> str:
    from treatsafe.core import fingerprints

    fingerprint = fingerprints.current("cosing")  # read at most once a second
    if fingerprint is None:
        raise ReferenceDataMissing(
            "The CosIng reference data is not loaded yet. Run `treatsafe import-data`."
        )
    return fingerprint


def load_index() -> CosingIndex:
    """Build the index from the database tables."""
    from treatsafe.ingredients.models import AnnexEntry, AnnexLink, Ingredient, Synonym

    entries = [
        IndexEntry(**row)
        for row in AnnexEntry.objects.values(
            "key",
            "annex",
            "reference",
            "chemical_name",
            "regulation",
            "product_type",
            "max_concentration",
            "max_percent",
            "other",
            "conditions_and_warnings",
            "glossary_name",
        )
    ]
    index = CosingIndex.build(
        Ingredient.objects.values_list("cosing_ref", "inci_name").iterator(chunk_size=5000),
        Synonym.objects.values_list("name", "ingredient_id"),
        entries,
        AnnexLink.objects.values_list("entry_id", "ingredient_id", "source"),
        Ingredient.functions.through.objects.values_list(
            "ingredient_id", "ingredientfunction__name"
        ),
        dict(
            Ingredient.objects.filter(annexlink__source="conditional").values_list(
                "cosing_ref", "restriction_text"
            )
        ),
    )
    prepare(index)
    return index


def get_index() -> CosingIndex:
    """The process's index, rebuilt when the imported CosIng files change."""
    fingerprint = _cosing_fingerprint()
    cached = _index_cache.get("cosing")
    if cached and cached[0] == fingerprint:
        return cached[1]
    with _index_lock:
        cached = _index_cache.get("cosing")
        if cached and cached[0] == fingerprint:
            return cached[1]
        index = load_index()
        _index_cache["cosing"] = (fingerprint, index)
        keep_for_process_lifetime()
        return index


def keep_for_process_lifetime() -> None:
    """Freeze what is built so far (the index): read-only for the life of the process, its
    million objects then stay out of every full garbage collection, which otherwise walks them
    all (a third of a label check's time went on that). The server's master does the same."""
    gc.collect()
    gc.freeze()


def get_ingredient(ref: int):
    """An ingredient with its functions, synonyms and annex entries (with how each was linked)."""
    from treatsafe.ingredients.models import Ingredient

    ingredient = (
        Ingredient.objects.prefetch_related("functions", "synonyms", "annexlink_set__entry")
        .filter(cosing_ref=ref)
        .first()
    )
    if ingredient is None:
        raise IngredientNotFound(f"There is no CosIng ingredient with reference {ref}.", ref=ref)
    return ingredient


@dataclass
class SearchResult:
    query: str
    results: list  # Ingredient objects whose name contains the query
    suggestions: list[tuple[int, str, float]]  # close spellings: (ref, INCI name, score)


def search_ingredients(query: str, limit: int = 20) -> SearchResult:
    from rapidfuzz import fuzz, process

    from treatsafe.ingredients.matching import normalise
    from treatsafe.ingredients.models import Ingredient

    query = " ".join((query or "").split())
    if not query:
        raise EmptyLabel("Enter part of an ingredient name to search for.")
    if len(query) > 200:
        raise LabelTooLong("Search for 200 characters or fewer.", limit=200)
    if any(ord(c) < 32 or c == "\ufffd" for c in query):  # PostgreSQL refuses NUL in a query
        raise NotText("Enter an ingredient name in letters, numbers and punctuation.")
    key = normalise(query)
    starting = list(Ingredient.objects.filter(inci_name__startswith=key)[:limit])
    containing = list(
        Ingredient.objects.filter(inci_name__contains=key)
        .exclude(cosing_ref__in=[i.cosing_ref for i in starting])
        .order_by("inci_name")[: max(0, limit - len(starting))]
    )
    results = starting + containing
    suggestions = []
    if len(results) < 5:
        index = get_index()
        names = index.matcher.names
        found = process.extract(key, names, scorer=fuzz.WRatio, limit=5, score_cutoff=70)
        shown = {i.cosing_ref for i in results}
        suggestions = [
            (ref, name, round(score, 1)) for name, score, ref in found if ref not in shown
        ]
    return SearchResult(query, results, suggestions)


COSING_ATTRIBUTION = (
    "Source: European Commission, CosIng database "
    "(https://ec.europa.eu/growth/tools-databases/cosing/), reused under the Commission's reuse "
    "policy (Decision 2011/833/EU; CC BY 4.0). CosIng is for information only and has no legal "
    "value; the legal text is Regulation (EC) No 1223/2009 as published in the Official Journal."
)


def ingredient_public(ingredient) -> dict:
    """The public shape of an ingredient, shared by its page and the API."""
    links = sorted(
        ingredient.annexlink_set.all(),
        key=lambda link: (list(ANNEX_KINDS).index(link.entry.annex), link.entry.key),
    )
    entries = []
    for link in links:
        entry = link.entry
        year = cosing.regulation_year(entry.regulation)
        entries.append(
            {
                "annex": entry.annex,
                "ref": entry.reference,
                "key": entry.key,
                "kind": ANNEX_KINDS[entry.annex],
                "name": entry.chemical_name,
                "regulation": entry.regulation,
                "adopted_after_2020": bool(year and year > LAST_YEAR_BEFORE_GB_DIVERGENCE),
                "product_type": plain(entry.product_type),
                "max_concentration": plain(entry.max_concentration),
                "max_percent": entry.max_percent,
                "other": plain(entry.other),
                "conditions_and_warnings": entry.conditions_and_warnings.replace(SOFT_HYPHEN, ""),
                "update_date": entry.update_date,
                "linked_by": link.get_source_display(),
            }
        )
    flags = set(name_flags(ingredient.inci_name))
    if any((e["annex"], e["ref"]) == HUMAN_ORIGIN_ENTRY for e in entries):
        flags.add("human_origin")
    return {
        "cosing_ref": ingredient.cosing_ref,
        "inci_name": ingredient.inci_name,
        "inn_name": ingredient.inn_name,
        "ph_eur_name": ingredient.ph_eur_name,
        "cas_numbers": ingredient.cas_numbers,
        "ec_numbers": ingredient.ec_numbers,
        "description": ingredient.description,
        "functions": [f.name for f in ingredient.functions.all()],
        "function_meanings": [
            f.as_dict() for f in plain_functions(f.name for f in ingredient.functions.all())
        ],
        "synonyms": [
            {"name": s.name, "kind": s.get_kind_display()} for s in ingredient.synonyms.all()
        ],
        "restriction_text": ingredient.restriction_text,
        "update_date": ingredient.update_date,
        "annex_entries": entries,
        "flags": [flag for flag in FLAG_ORDER if flag in flags],
        "source": COSING_ATTRIBUTION,
    }
