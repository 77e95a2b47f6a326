"""Common names people write on labels or type, mapped to the CosIng INCI name they mean.

Each entry is a fact about naming, not a legal rule; a name only becomes a synonym when its INCI
target exists in the inventory (see cosing.collect_synonyms). Keep the list short and obvious:
anything ambiguous ("vitamin B") is left to the fuzzy matcher's "did you mean".
"""

# CosIng also lists some names of other nomenclatures as ingredients of their own: WATER (92472)
# is the US name of AQUA, "Aqua (EU)" by its own description. A label in the UK or EU should say
# AQUA, so "Water" is matched to AQUA as a synonym rather than to the foreign entry.
PREFERRED_NAMES = {"WATER": "AQUA"}

COMMON_NAMES = {
    "EAU": "AQUA",
    "WASSER": "AQUA",
    "AGUA": "AQUA",
    "PURIFIED WATER": "AQUA",
    "DEIONIZED WATER": "AQUA",
    "DEIONISED WATER": "AQUA",
    "VITAMIN E": "TOCOPHEROL",
    "VITAMIN E ACETATE": "TOCOPHERYL ACETATE",
    "VITAMIN C": "ASCORBIC ACID",
    "VITAMIN A": "RETINOL",
    "VITAMIN A PALMITATE": "RETINYL PALMITATE",
    "VITAMIN B3": "NIACINAMIDE",
    "NICOTINAMIDE": "NIACINAMIDE",
    "VITAMIN B5": "PANTHENOL",
    "PRO-VITAMIN B5": "PANTHENOL",
    "PROVITAMIN B5": "PANTHENOL",
    "VITAMIN B7": "BIOTIN",
    "VITAMIN H": "BIOTIN",
    "FRAGRANCE": "PARFUM",
    "PERFUME": "PARFUM",
    "GLYCERINE": "GLYCERIN",
    "GLYCEROL": "GLYCERIN",
    "SHEA BUTTER": "BUTYROSPERMUM PARKII BUTTER",
    "ALOE VERA": "ALOE BARBADENSIS LEAF JUICE",
    "ALOE VERA JUICE": "ALOE BARBADENSIS LEAF JUICE",
    "JOJOBA OIL": "SIMMONDSIA CHINENSIS SEED OIL",
    "ARGAN OIL": "ARGANIA SPINOSA KERNEL OIL",
    "ROSEHIP OIL": "ROSA CANINA FRUIT OIL",
    "BEESWAX": "CERA ALBA",
    "HONEY": "MEL",
    "ARGIRELINE": "ACETYL HEXAPEPTIDE-8",
    "MATRIXYL": "PALMITOYL PENTAPEPTIDE-4",
    "OXYBENZONE": "BENZOPHENONE-3",
    "OCTINOXATE": "ETHYLHEXYL METHOXYCINNAMATE",
    "SLS": "SODIUM LAURYL SULFATE",
    "SLES": "SODIUM LAURETH SULFATE",
    "EDTA": "DISODIUM EDTA",
    "SALT": "SODIUM CHLORIDE",
    "SEA SALT": "MARIS SAL",
}
