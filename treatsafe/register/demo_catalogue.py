"""What the demo register is made of: the mix of nations, states and professions, treatments
with typical UK prices, product templates (lawful, and the unlawful ones the checkers must
catch), and the words its made-up records use. Data only; `demo.py` draws from it."""

from dataclasses import dataclass

from treatsafe.register.accreditation import Status

NATION_WEIGHTS = {"england": 0.72, "scotland": 0.11, "wales": 0.09, "northern_ireland": 0.08}
GEO_NATIONS = {
    "England": "england",
    "Scotland": "scotland",
    "Wales": "wales",
    "Northern Ireland": "northern_ireland",
}
STATUS_WEIGHTS = {
    Status.ACCREDITED: 0.58,
    Status.APPLIED: 0.07,
    Status.UNDER_ASSESSMENT: 0.06,
    Status.EXPIRED: 0.09,
    Status.SUSPENDED: 0.05,
    Status.REVOKED: 0.05,
    Status.DRAFT: 0.10,
}
# profession: (weight, register, number maker, chance of being a prescriber)
PROFESSIONS = {
    "nurse": (0.35, "nmc", 0.5),
    "doctor": (0.15, "gmc", 1.0),
    "dentist": (0.12, "gdc", 1.0),
    "pharmacist": (0.08, "gphc", 0.5),
    "paramedic": (0.04, "hcpc", 0.1),
    "physiotherapist": (0.02, "hcpc", 0.1),
    "dental_hygienist": (0.04, "gdc", 0.0),
    "aesthetician": (0.12, "none", 0.0),
    "beauty_therapist": (0.08, "none", 0.0),
}
PRESCRIPTION_ONLY = ("botulinum-toxin", "vitamin-injection")
NON_HEALTHCARE_TREATMENTS = ("chemical-peel", "microneedling", "exosomes", "skin-booster")
PRICES = {  # (lowest from, highest to) in pounds, a typical UK range
    "exosomes": (150, 500),
    "polynucleotides": (200, 450),
    "botulinum-toxin": (150, 350),
    "dermal-filler": (200, 480),
    "vitamin-injection": (30, 80),
    "prp": (250, 550),
    "skin-booster": (150, 380),
    "microneedling": (100, 280),
    "chemical-peel": (60, 220),
}


@dataclass(frozen=True)
class ProductTemplate:
    name: str
    manufacturer: str
    source: str
    route: str
    regulatory_status: str
    ingredients: str = ""


P = ProductTemplate
LAWFUL_PRODUCTS = {
    "exosomes": [
        P(
            "Rose stem exosome serum",
            "Demo Botanics Ltd",
            "plant",
            "topical",
            "cosmetic",
            "AQUA, GLYCERIN, ROSA DAMASCENA FLOWER WATER, LACTOBACILLUS FERMENT",
        ),
        P(
            "Probiotic exosome mask",
            "Demo Ferments Ltd",
            "microbial",
            "topical",
            "cosmetic",
            "AQUA, LACTOBACILLUS FERMENT, GLYCERIN, XANTHAN GUM",
        ),
    ],
    "polynucleotides": [
        P("Salmon polynucleotide gel 2 ml", "Demo Marine Ltd", "animal", "injected", "device")
    ],
    "botulinum-toxin": [
        P(
            "Botulinum toxin type A 100 units",
            "Demo Pharma Ltd",
            "microbial",
            "injected",
            "licensed_medicine",
        )
    ],
    "dermal-filler": [
        P("Hyaluronic acid filler 1 ml", "Demo Dermal Ltd", "synthetic", "injected", "device"),
        P("Lip filler with lidocaine 1 ml", "Demo Dermal Ltd", "synthetic", "injected", "device"),
    ],
    "vitamin-injection": [
        P(
            "Hydroxocobalamin 1 mg/ml injection",
            "Demo Pharma Ltd",
            "synthetic",
            "injected",
            "licensed_medicine",
        )
    ],
    "prp": [P("PRP preparation kit", "Demo Devices Ltd", "synthetic", "injected", "device")],
    "skin-booster": [
        P("Hyaluronic skin booster 2 ml", "Demo Dermal Ltd", "synthetic", "injected", "device")
    ],
    "microneedling": [
        P(
            "Hyaluronic serum",
            "Demo Skin Ltd",
            "synthetic",
            "after-microneedling",
            "cosmetic",
            "AQUA, SODIUM HYALURONATE, GLYCERIN",
        )
    ],
    "chemical-peel": [
        P(
            "Glycolic peel 30%",
            "Demo Skin Ltd",
            "synthetic",
            "topical",
            "cosmetic",
            "AQUA, GLYCOLIC ACID, SODIUM HYDROXIDE",
        )
    ],
}
UNLAWFUL_PRODUCTS = [
    (
        "exosomes",
        P(
            "Stem-cell exosome booster",
            "Demo Regenerative Ltd",
            "human",
            "after-microneedling",
            "cosmetic",
            "AQUA, HUMAN ADIPOSE-DERIVED STEM CELL CONDITIONED MEDIA, GLYCERIN",
        ),
    ),
    (
        "exosomes",
        P("Exosome injection 5 ml", "Demo Regenerative Ltd", "plant", "injected", "unlicensed"),
    ),
    (
        "microneedling",
        P(
            "Cord blood growth factor serum",
            "Demo Regenerative Ltd",
            "human",
            "after-microneedling",
            "cosmetic",
            "AQUA, RH-POLYPEPTIDE-1, GLYCERIN",
        ),
    ),
]
SUSPEND_REASONS = [
    "A complaint about aftercare is being investigated.",
    "Insurance lapsed; suspended until new cover is shown.",
    "Premises inspection found sharps disposal not in place.",
]
REVOKE_REASONS = [
    "Offered exosomes of human origin, which are banned in cosmetics.",
    "Prescription-only medicines supplied without a face-to-face prescriber consultation.",
    "Statutory registration could not be verified.",
]
CLINIC_WORDS = ["Aesthetics", "Skin Clinic", "Medical Aesthetics", "Skin and Laser", "Clinic"]
QUALIFICATIONS = [
    "Level 7 Diploma in Clinical Aesthetic Injectable Therapies",
    "Level 4 Certificate in Skin Peels and Microneedling",
    "Foundation and advanced botulinum toxin and dermal filler training",
    "Postgraduate Certificate in Aesthetic Medicine",
    "Level 5 Certificate in Aesthetic Practice",
]
