"""What each ingredient does: CosIng's function names in plain English, with a one-line meaning,
and a one-line summary of a whole list ("1 preservative, 2 fragrance allergens, 1 UV filter").

Facts about words, not legal rules: the functions are what the European Commission's CosIng
inventory lists for an ingredient (reported by industry; an ingredient often has several).
"""

import functools
from typing import NamedTuple

# CosIng function name -> (plain name, what it means)
PLAIN_FUNCTIONS = {
    "ABRASIVE": ("Abrasive", "scrubs or polishes the surface of skin or teeth"),
    "ABSORBENT": ("Absorbent", "soaks up water or oil"),
    "ADHESIVE": ("Adhesive", "helps things stick, such as false eyelashes"),
    "ANTICAKING": ("Anti-caking", "stops powders clumping"),
    "ANTICORROSIVE": ("Anti-corrosive", "protects the packaging from rust"),
    "ANTIFOAMING": ("Anti-foaming", "stops unwanted foam while using or making the product"),
    "ANTIMICROBIAL": ("Antimicrobial", "slows the growth of germs on the skin or in the product"),
    "ANTIOXIDANT": ("Antioxidant", "stops the product going off when it meets air"),
    "ANTIPERSPIRANT": ("Antiperspirant", "reduces sweating"),
    "ANTIPLAQUE": ("Anti-plaque", "helps against plaque on teeth"),
    "ANTI-SEBORRHEIC": ("Anti-seborrhoeic", "helps control oily, flaky skin or scalp"),
    "ANTI-SEBUM": ("Anti-sebum", "reduces oiliness of skin or hair"),
    "ANTISTATIC": ("Antistatic", "reduces static, so hair does not fly away"),
    "ASTRINGENT": ("Astringent", "tightens the skin's surface"),
    "BINDING": ("Binder", "holds powders or pressed products together"),
    "BLEACHING": ("Bleaching", "lightens the colour of hair or skin"),
    "BUFFERING": ("pH adjuster", "keeps the product at the right acidity"),
    "BULKING": ("Bulking agent", "adds body to a powder or fills out the product"),
    "CHELATING": ("Chelating agent", "binds metals in water so the product stays stable"),
    "CLEANSING": ("Cleanser", "cleans skin, hair or teeth"),
    "COLORANT": ("Colourant", "gives the product or skin a colour"),
    "DENATURANT": ("Denaturant", "makes alcohol taste bad so nobody drinks it"),
    "DEODORANT": ("Deodorant", "reduces or masks body odour"),
    "DEPILATORY": ("Depilatory", "removes unwanted hair"),
    "DETANGLING": ("Detangler", "makes hair easier to comb"),
    "DISPERSING NON-SURFACTANT": ("Dispersant", "keeps particles evenly spread"),
    "EMULSION STABILISING": ("Emulsion stabiliser", "keeps oil and water mixed"),
    "EPILATING": ("Epilating", "removes hair with its root"),
    "EXFOLIATING": ("Exfoliant", "loosens dead skin cells from the surface"),
    "EYELASH CONDITIONING": ("Eyelash conditioner", "keeps eyelashes in good condition"),
    "FILM FORMING": ("Film former", "leaves a thin layer on skin, hair or nails"),
    "FLAVOURING": ("Flavouring", "gives the product a taste"),
    "FOAMING": ("Foaming agent", "makes the product foam"),
    "FRAGRANCE": ("Fragrance", "gives the product a scent"),
    "GEL FORMING": ("Gel former", "turns a liquid into a gel"),
    "HAIR CONDITIONING": ("Hair conditioner", "makes hair softer and easier to comb"),
    "HAIR DYEING": ("Hair dye", "colours hair"),
    "HAIR FIXING": ("Hair fixative", "holds a hairstyle in place"),
    "HAIR WAVING OR STRAIGHTENING": ("Hair waving or straightening", "changes the shape of hair"),
    "HUMECTANT": ("Humectant", "draws in water and keeps skin or the product moist"),
    "KERATOLYTIC": ("Keratolytic", "softens and loosens the skin's tough outer layer"),
    "LIGHT STABILIZER": ("Light stabiliser", "protects the product itself from light"),
    "LYTIC": ("Lytic", "breaks down other substances"),
    "MOISTURISING": ("Moisturiser", "keeps skin hydrated"),
    "NAIL CONDITIONING": ("Nail conditioner", "keeps nails in good condition"),
    "NAIL SCULPTING": ("Nail sculpting", "builds artificial nails"),
    "NOT REPORTED": ("Function not reported", "CosIng lists no function for it"),
    "OPACIFYING": ("Opacifier", "makes a clear product cloudy or opaque"),
    "ORAL CARE": ("Oral care", "cares for teeth and mouth"),
    "OXIDISING": ("Oxidiser", "reacts with oxygen, for example to develop a hair colour"),
    "PEARLESCENT": ("Pearlescent", "gives a pearly shine"),
    "PERFUMING": ("Perfuming", "gives the product a scent"),
    "PH ADJUSTERS": ("pH adjuster", "keeps the product at the right acidity"),
    "PLASTICISER": ("Plasticiser", "keeps a film (such as nail varnish) flexible"),
    "PRESERVATIVE": ("Preservative", "stops germs growing in the product once it is opened"),
    "PROPELLANT": ("Propellant", "pushes the product out of an aerosol can"),
    "REDUCING": ("Reducing agent", "changes the chemistry of hair, for example in perms"),
    "REFATTING": ("Refatting", "puts back oils that washing removes"),
    "REFRESHING": ("Refreshing", "gives a fresh, cool feel"),
    "SKIN CONDITIONING": ("Skin conditioner", "keeps skin in good condition"),
    "SKIN CONDITIONING - EMOLLIENT": ("Emollient", "softens and smooths the skin"),
    "SKIN CONDITIONING - HUMECTANT": (
        "Humectant",
        "draws in water and keeps skin or the product moist",
    ),
    "SKIN CONDITIONING - MISCELLANEOUS": ("Skin conditioner", "keeps skin in good condition"),
    "SKIN CONDITIONING - OCCLUSIVE": ("Occlusive", "forms a layer that stops skin losing water"),
    "SKIN PROTECTING": ("Skin protectant", "helps protect the skin from harm"),
    "SLIP MODIFIER": ("Slip modifier", "helps the product glide over the skin"),
    "SMOOTHING": ("Smoothing", "evens out the skin's surface"),
    "SOLVENT": ("Solvent", "dissolves the other ingredients"),
    "SOOTHING": ("Soothing", "calms irritated skin"),
    "SURFACE MODIFIER": ("Surface modifier", "changes how a surface feels or behaves"),
    "SURFACTANT - CLEANSING": (
        "Cleansing surfactant",
        "lifts away dirt and oil so water rinses it off",
    ),
    "SURFACTANT - DISPERSING": ("Dispersing surfactant", "keeps particles evenly spread"),
    "SURFACTANT - EMULSIFYING": ("Emulsifier", "lets oil and water mix"),
    "SURFACTANT - FOAM BOOSTING": ("Foam booster", "makes more or longer-lasting foam"),
    "SURFACTANT - HYDROTROPE": ("Hydrotrope", "helps other ingredients dissolve in water"),
    "SURFACTANT - SOLUBILIZING": ("Solubiliser", "helps oils such as perfume dissolve in water"),
    "TANNING": ("Self-tanning", "darkens the skin without sun"),
    "TONIC": ("Tonic", "gives skin or hair a feeling of well-being"),
    "UV ABSORBER": ("UV absorber", "protects the product itself from sunlight"),
    "UV FILTER": ("UV filter", "protects the skin from the sun's UV rays"),
    "VISCOSITY CONTROLLING": ("Thickener", "makes the product thicker or thinner"),
}


class Function(NamedTuple):  # a named tuple, as the results that hold it: never changed
    name: str  # as CosIng writes it
    plain: str
    meaning: str

    def as_dict(self) -> dict:
        return {"name": self.name, "plain": self.plain, "meaning": self.meaning}


def plain_functions(names) -> tuple[Function, ...]:
    """CosIng function names in plain English, one per plain name, in CosIng's order."""
    return _plain_functions(tuple(names))


@functools.lru_cache(maxsize=32768)
def _plain_functions(names: tuple[str, ...]) -> tuple[Function, ...]:
    found, seen = [], set()
    for name in names:
        plain, meaning = PLAIN_FUNCTIONS.get(name, (name.capitalize(), ""))
        if plain not in seen:
            seen.add(plain)
            found.append(Function(name, plain, meaning))
    return tuple(found)


# The roles a person looks for on a label, in the order the summary names them: the ones the
# law lists (preservatives, UV filters, colourants, fragrance allergens), then perfume.
SUMMARY_ROLES = [
    ("preservative", "preservatives"),
    ("UV filter", "UV filters"),
    ("colourant", "colourants"),
    ("fragrance allergen", "fragrance allergens"),
    ("perfume", "perfumes"),
]
ANNEX_ROLES = {"V": "preservative", "VI": "UV filter", "IV": "colourant"}
FUNCTION_ROLES = {"PRESERVATIVE": "preservative", "UV FILTER": "UV filter", "COLORANT": "colourant"}
PERFUME_NAMES = {"PARFUM", "FRAGRANCE", "AROMA", "PERFUME"}


def roles_of(functions, annexes, allergen: bool, inci: str | None) -> tuple[str, ...]:
    """The summary roles of one ingredient: from its annex entries (an Annex V entry makes it
    a preservative) and its CosIng functions."""
    perfume = (inci or "").upper() in PERFUME_NAMES
    return _roles(tuple(functions), frozenset(annexes), allergen, perfume)


@functools.lru_cache(maxsize=32768)
def _roles(functions, annexes, allergen: bool, perfume: bool) -> tuple[str, ...]:
    roles = {ANNEX_ROLES[a] for a in annexes if a in ANNEX_ROLES}
    roles |= {FUNCTION_ROLES[f] for f in functions if f in FUNCTION_ROLES}
    if allergen:
        roles.add("fragrance allergen")
    if perfume:
        roles.add("perfume")
    return tuple(role for role, _plural in SUMMARY_ROLES if role in roles)


def summary(role_lists) -> str:
    """ "1 preservative, 2 fragrance allergens, 1 UV filter", or a sentence saying none."""
    counts = {role: 0 for role, _plural in SUMMARY_ROLES}
    for roles in role_lists:
        for role in roles:
            counts[role] += 1
    parts = [
        f"{n} {role if n == 1 else plural}" for role, plural in SUMMARY_ROLES if (n := counts[role])
    ]
    if not parts:
        return "No preservatives, UV filters, colourants, fragrance allergens or perfume"
    return ", ".join(parts)
