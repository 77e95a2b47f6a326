"""Matching names to CosIng, on the real inventory: exact, synonyms, OCR damage, typos, and the
threshold below which a guess is not a match."""

import re

import pytest

from treatsafe.ingredients.matching import (
    FUZZY_THRESHOLD,
    SINGLE_EDIT_THRESHOLD,
    fold,
    name_flags,
    normalise,
)


def match(index, *names):
    return index.matcher.match(list(names))


def test_an_exact_inci_name_matches_whatever_its_case_and_spacing(cosing_index):
    found = match(cosing_index, "  sodium   Hyaluronate ")
    assert (found.inci, found.kind, found.score) == ("SODIUM HYALURONATE", "exact", 100.0)


@pytest.mark.parametrize(
    ("name", "inci"),
    [
        ("Vitamin E", "TOCOPHEROL"),  # common name
        ("eau", "AQUA"),  # common name
        ("Water", "AQUA"),  # the US name, which CosIng also lists as an ingredient
        ("paracetamol", "ACETAMINOPHEN"),  # INN
        ("nicotinamidum", "NIACINAMIDE"),  # Ph. Eur. name
    ],
)
def test_known_synonyms_match_their_ingredient(cosing_index, name, inci):
    found = match(cosing_index, name)
    assert (found.inci, found.kind) == (inci, "synonym")


def test_a_ci_number_synonym_comes_from_annex_iv(cosing_data):
    ci_names = {name for name, _ref, kind in cosing_data.synonyms if kind == "ci"}
    assert ci_names, "Annex IV colour index numbers should give synonyms"


def test_an_exact_name_beats_a_synonym_and_a_later_candidate(cosing_index):
    found = match(cosing_index, "TOCOPHEROL (VITAMIN E)", "TOCOPHEROL", "VITAMIN E")
    assert (found.inci, found.kind) == ("TOCOPHEROL", "exact")


@pytest.mark.parametrize(
    ("damaged", "inci"),
    [
        ("S0DIUM HYALURONATE", "SODIUM HYALURONATE"),  # O read as 0
        ("NIACINAMlDE", "NIACINAMIDE"),  # I read as l
        ("CETEARYL ALCOHO1", "CETEARYL ALCOHOL"),  # L read as 1
        ("DIRNETHICONE", "DIMETHICONE"),  # m read as rn
        ("SODIUMHYALURONATE", "SODIUM HYALURONATE"),  # missing space
        ("PHENOXY ETHANOL", "PHENOXYETHANOL"),  # extra space
    ],
)
def test_ocr_damage_is_matched_as_fuzzy_with_a_high_score(cosing_index, damaged, inci):
    found = match(cosing_index, damaged)
    assert (found.inci, found.kind) == (inci, "fuzzy")
    assert found.score >= 95


@pytest.mark.parametrize(
    ("typo", "inci"),
    [
        ("GLYCERN", "GLYCERIN"),
        ("PHENOXYETHANLO", "PHENOXYETHANOL"),
        ("BUTYROSPERMUM PARKI BUTER", "BUTYROSPERMUM PARKII BUTTER"),
        ("HYALURONIC ACDI", "HYALURONIC ACID"),
    ],
)
def test_typos_are_matched_as_fuzzy_above_the_threshold(cosing_index, typo, inci):
    found = match(cosing_index, typo)
    assert (found.inci, found.kind) == (inci, "fuzzy")
    assert FUZZY_THRESHOLD <= found.score < 100


@pytest.mark.parametrize("written", ["WATER/AQUA/EAU", "Aqua / Water / Eau"])
def test_slashed_alternatives_match_when_every_part_is_a_known_name(cosing_index, written):
    found = match(cosing_index, written)
    assert found.kind == "exact"
    assert found.inci == "AQUA"


def test_a_misspelt_slashed_inci_name_is_not_mistaken_for_its_first_part(cosing_index):
    found = match(cosing_index, "STYRENE/MA COPOLYEMR")
    assert (found.inci, found.kind) == ("STYRENE/MA COPOLYMER", "fuzzy")


def test_a_single_edit_in_a_short_name_is_accepted_only_when_unambiguous(cosing_index):
    found = match(cosing_index, "PAZFUM")
    assert (found.inci, found.kind) == ("PARFUM", "fuzzy")
    assert SINGLE_EDIT_THRESHOLD <= found.score < FUZZY_THRESHOLD


def test_a_name_too_far_from_any_ingredient_is_none_not_a_guess(cosing_index):
    found = match(cosing_index, "MAGIC UNICORN ESSENCE")
    assert (found.ref, found.inci, found.kind) == (None, None, "none")


def test_a_weak_guess_below_the_threshold_is_reported_as_none(cosing_index):
    # "AQAU" is two edits from AQUA: too short and too far to be trusted
    assert match(cosing_index, "AQAU").kind == "none"


@pytest.mark.parametrize(
    ("written", "inci", "kind"),
    [("Glycérine", "GLYCERIN", "synonym"), ("Caféine", "CAFFEINE", "fuzzy")],
)
def test_accents_are_removed_before_matching(cosing_index, written, inci, kind):
    # without this, "GLYCÉRINE" lost its É and came one letter from GLYCINE
    found = match(cosing_index, written)
    assert (found.inci, found.kind) == (inci, kind)


def test_normalise_and_fold_agree_on_spacing_and_look_alike_characters():
    assert normalise("peg - 100  stearate.") == "PEG-100 STEARATE"
    assert fold("S0dium hya1uronate") == fold("SODIUM HYALURONATE")


def _fold_by_patterns(text: str, dropped: str) -> str:
    """Folding as first defined: delete what `dropped` matches, then merge OCR look-alikes."""
    from treatsafe.ingredients.spelling import OCR_FOLDS

    text = re.sub(dropped, "", text)
    for before, after in OCR_FOLDS:
        text = text.replace(before, after)
    return text


ASCII = "".join(map(chr, range(128)))


@pytest.mark.parametrize("text", [ASCII, ASCII.lower(), "PEG-40 (HYDROGENATED)\x1cCASTOR|OIL 1,2"])
def test_folding_an_ascii_name_in_one_pass_equals_the_plain_definition(text):
    from treatsafe.ingredients.spelling import _words_joined

    assert fold(text, normalised=True) == _fold_by_patterns(text, r"[^A-Z0-9|]")
    kept = _fold_by_patterns(text, r"[^A-Z0-9|\s()\[\]{},/-]")
    words = [w.replace("RN", "M") for w in re.split(r"[\s()\[\]{},/-]+", kept) if w]
    assert _words_joined(text, normalised=True)[0] == words


def test_a_folded_name_with_letters_outside_ascii_drops_them():
    assert fold("ΜICRO SPHÈRES Ø 1") == "LCROSPHERESL"  # Greek M dropped, I read as L


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("HUMAN ADIPOSE STROMAL CELL EXOSOMES", ["human_origin", "exosome"]),
        ("Human umbilical cord stem cell conditioned media", ["human_origin", "exosome"]),
        ("MILK EXOSOMES", ["animal_origin", "exosome"]),
        ("BOVINE COLOSTRUM", ["animal_origin"]),
        ("ALOE VERA VESICLES", ["plant_origin", "exosome"]),
        ("ROSA CANINA FRUIT OIL", ["plant_origin"]),
        ("LACTOBACILLUS FERMENT", ["microbial_origin"]),
        ("GALACTOMYCES EXTRACELLULAR VESICLES", ["microbial_origin", "exosome"]),
        ("HUMAN CORONAVIRUS OLIGOPEPTIDE-1 SP", []),  # a synthetic peptide, not human tissue
        ("DIMETHICONE", []),
        ("Platelet Rich Plasma", ["human_origin"]),  # no animal named: a human blood product
        ("Autologous PRP", ["human_origin"]),
        ("PIG PLATELET-RICH PLASMA", ["animal_origin"]),
    ],
)
def test_origin_and_exosome_flags_come_from_the_name(name, flags):
    assert name_flags(name) == flags


def test_each_name_is_judged_alone_for_flags():
    # the label's words and CosIng's guess must not combine into a flag neither carries
    assert name_flags("HUMAN", "FIBROBLAST GROWTH FACTOR") == []
    assert name_flags("Platelet Rich Plasma", "PIG PLATELET-RICH PLASMA") == [
        "human_origin",
        "animal_origin",
    ]


def test_the_origin_flag_shortcut_gives_the_same_flags_as_every_pattern(cosing_data):
    """name_flags tries a pattern only where a word can start it: over every inventory name
    and synonym, the answer is the same as trying every pattern."""
    from treatsafe.ingredients import matching
    from treatsafe.ingredients.flags import _work_out_flags

    names = [r.inci for r in cosing_data.ingredients] + [s[0] for s in cosing_data.synonyms]
    names += ["Human Adipose Stromal Cell Exosomes", "autologous PRP", "rh-Oligopeptide-1"]
    names += ["Stem Cell Leaf", "Horse Chestnut PRP", "human coronavirus Protein", "Mél"]
    for name in names + [name.lower() for name in names[::5]]:
        every = [flag for flag, pattern in matching.FLAG_PATTERNS if pattern.search(name)]
        assert list(_work_out_flags(name)) == every, name


def test_the_trigger_trie_finds_a_trigger_where_the_plain_alternation_does(cosing_data):
    """flags._ANY_TRIGGER is the triggers' alternation written as a trie: over every inventory
    name and synonym, and words run into each other, it finds one at the same place."""
    from treatsafe.ingredients.flags import TRIGGER_WORDS, trie_alternation

    plain = re.compile("(?<![A-Z0-9])(?:" + "|".join(map(re.escape, TRIGGER_WORDS)) + ")")
    trie = re.compile("(?<![A-Z0-9])" + trie_alternation(TRIGGER_WORDS))
    names = [r.inci for r in cosing_data.ingredients] + [s[0] for s in cosing_data.synonyms]
    names += [a + b for a, b in zip(TRIGGER_WORDS, reversed(TRIGGER_WORDS), strict=True)]
    names += [word[:-1] for word in TRIGGER_WORDS] + ["X" + word for word in TRIGGER_WORDS]
    for name in (name.upper() for name in names):
        found, expected = trie.search(name), plain.search(name)
        assert (found and found.start()) == (expected and expected.start()), name


def test_a_names_origin_flags_are_those_of_its_capitals_in_any_ascii_case(cosing_data):
    """The whole check gives a known name written in any case the flags worked out for its
    capitals beforehand (assessment.plain_flags): over every inventory name and synonym in
    ASCII, lower case and each word capitalised give the same flags as capitals."""
    from treatsafe.ingredients.flags import _work_out_flags

    names = [r.inci for r in cosing_data.ingredients] + [s[0] for s in cosing_data.synonyms]
    names += ["Human Adipose Stromal Cell Exosomes", "autologous PRP", "Stem Cell Leaf"]
    for name in (name.upper() for name in names if name.isascii()):
        capitals = _work_out_flags(name)
        assert _work_out_flags(name.lower()) == capitals, name
        assert _work_out_flags(" ".join(w.capitalize() for w in name.split(" "))) == capitals


def test_words_are_split_where_the_word_break_pattern_splits_them(cosing_data):
    """spelling.split_words (what the word checks run where compiled) against the pattern."""
    import random

    from treatsafe.ingredients.spelling import _WORD_BREAKS, split_words

    rng = random.Random(3)
    texts = [r.inci for r in cosing_data.ingredients][::3]
    marks = ["A", "RN", "1", " ", "  ", "(", ")", "[", "]", "{", "}", ",", "/", "-", "\t", "\n"]
    marks += ["\u00a0", "\u2003", "\u3000", "\x1c", "é", "|", "_", ".", ""]
    texts += ["".join(rng.choice(marks) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for text in texts:
        assert split_words(text) == [w for w in _WORD_BREAKS.split(text) if w], repr(text)


@pytest.mark.parametrize(
    ("written", "inci"),
    [
        ("XANTHANGUM", "XANTHAN GUM"),
        ("Ceramidenp", "CERAMIDE NP"),
        ("peg-4dimethacrylate", "PEG-4 DIMETHACRYLATE"),
        ("Poloxamer217", "POLOXAMER 217"),
        ("OLIVE OILPEG-10 ESTERS", "OLIVE OIL PEG-10 ESTERS"),
    ],
)
def test_a_name_with_a_space_lost_matches_when_its_letters_are_the_same(
    cosing_index, written, inci
):
    found = match(cosing_index, written)
    assert (found.inci, found.kind) == (inci, "fuzzy")


def test_a_lost_space_never_turns_one_plant_part_into_another(cosing_index):
    # the letters differ (LEAF is not FLOWER), so the plant-part check still applies
    found = match(cosing_index, "Borago Officinalis Floweroil")
    assert found.inci != "BORAGO OFFICINALIS LEAF EXTRACT"


def test_deletions_are_the_key_with_each_one_character_deleted():
    """_deletes builds them in C; the plain comprehension says what they are."""
    import random

    from treatsafe.ingredients.matching import _deletes

    rng = random.Random(1)
    for _ in range(5000):
        key = "".join(rng.choice("ABCLO01SS") for _ in range(rng.randint(1, 45)))
        plain = [key[:i] + key[i + 1 :] for i in range(len(key))]
        assert sorted(_deletes(key)) == sorted(plain), key


def test_equal_scores_one_edit_away_are_settled_alike_in_every_process(cosing_index):
    """A set's order changes with the process's hash seed; the answer must not."""
    import itertools

    matcher = cosing_index.matcher
    key = fold("CIARIC ACID")
    refs = [matcher.folded[fold(name)] for name in ("CAPRIC ACID", "CITRIC ACID", "LAURIC ACID")]
    scored = [matcher._scored("Ciaric Acid", ref, key) for ref in refs]
    assert len({m.score for m in scored}) == 1  # a real tie
    ranked = matcher._ranked(normalise("Ciaric Acid"))
    chosen = {max(order, key=ranked).inci for order in itertools.permutations(scored)}
    assert chosen == {"CITRIC ACID"}  # the first letters kept, and the same whatever the order
    assert match(cosing_index, "Ciaric Acid").inci == "CITRIC ACID"


def test_the_one_edit_index_holds_each_unshared_deletion_and_every_name(cosing_index):
    """The plain definition: a folded name's deletions point to its ingredient unless another
    ingredient has the same deletion; a name itself always points to its own."""
    from treatsafe.ingredients.matching import MAX_DELETE_INDEX_LENGTH

    matcher = cosing_index.matcher
    plain, shared = {}, set()
    for key, ref in matcher.folded.items():
        if len(key) <= MAX_DELETE_INDEX_LENGTH:
            for i in range(len(key)):
                deleted = key[:i] + key[i + 1 :]
                if plain.setdefault(deleted, ref) != ref:
                    shared.add(deleted)
    for deleted in shared:
        del plain[deleted]
    plain.update(matcher.folded)
    by_length_and_first = {}
    for key, ref in plain.items():
        by_length_and_first.setdefault((len(key), key[:1]), {})[key] = ref
    assert matcher.near == by_length_and_first
