"""A synthetic demo register: made-up practitioners at real postcodes in all four nations, with
every accreditation state, realistic treatments, products and prices, and some unlawful offers
that the checkers catch and keep unpublished. Every record has `is_demo=True`.

Reproducible (seeded Faker en_GB), and fast: rows are built in memory and bulk-created, and the
checkers run once per distinct combination of facts (verdicts.py caches them), not per row.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from faker import Faker

from treatsafe.core.dates import govuk_date
from treatsafe.register import audit, indexing, recompute, services, verdicts
from treatsafe.register.accreditation import Status, add_months
from treatsafe.register.models import (
    Assessment,
    AuditEntry,
    Clinic,
    NameEntry,
    Offer,
    Practitioner,
    Product,
    Report,
    SearchEntry,
)
from treatsafe.register.standards import STANDARDS, Finding

DEFAULT_SEED = 20261125
DEMO_ACTOR = (None, "demo-data")
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


@dataclass
class DemoOutcome:
    changed: bool
    practitioners: int
    clinics: int = 0
    offers: int = 0
    unlawful: int = 0
    statuses: Counter | None = None
    nations: Counter | None = None


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _number(rng: random.Random, register: str, profession: str) -> str:
    digits = lambda k: "".join(rng.choice("0123456789") for _ in range(k))  # noqa: E731
    letters = "ABCDEFGHJKLMNPRSTUVWXY"
    if register in ("gmc", "gphc"):
        return ("2" if register == "gphc" else rng.choice("4567")) + digits(6)
    if register == "nmc":
        return digits(2) + rng.choice(letters) + digits(4) + rng.choice("ENOSWY")
    if register == "gdc":
        return digits(rng.choice((5, 6))).lstrip("0") or "1"
    if register == "hcpc":
        return ("PA" if profession == "paramedic" else "PH") + digits(5)
    if register == "psni":
        return digits(5)
    return ""


def _locations():
    """Real points per nation: full postcodes (unit precision) and district centres."""
    from treatsafe.geo.models import LocalAuthority, PostcodeDistrict, UnitPostcode

    authorities = dict(LocalAuthority.objects.values_list("gss_code", "name"))
    districts = {}
    pools = {nation: {"unit": [], "district": []} for nation in NATION_WEIGHTS}
    usable = PostcodeDistrict.objects.filter(
        latitude__isnull=False, non_geographic=False, terminated=False
    ).order_by("district")
    for d in usable:
        districts[d.district] = d
        nation = GEO_NATIONS.get(d.nation)
        if nation:
            pools[nation]["district"].append(
                (d.district, d.latitude, d.longitude, d.local_authority_name, d.post_town)
            )
    units = UnitPostcode.objects.filter(latitude__isnull=False).order_by("postcode")
    for u in units.values_list(
        "postcode", "latitude", "longitude", "nation", "local_authority_code", "district"
    ):
        nation = GEO_NATIONS.get(u[3])
        district = districts.get(u[5])
        if nation:
            town = district.post_town if district else ""
            pools[nation]["unit"].append((u[0], u[1], u[2], authorities.get(u[4], ""), town))
    missing = [n for n, pool in pools.items() if not pool["unit"] and not pool["district"]]
    if missing:
        raise services.InvalidInput(
            "The postcode data is not loaded: run `treatsafe import-data` first "
            f"(no places for {', '.join(missing)})."
        )
    return pools


def _delete_demo() -> None:
    """Remove every demo record (the audit log keeps its history: it is append-only)."""
    demo_listings = Practitioner.objects.filter(is_demo=True).values("pk")
    for queryset in (
        SearchEntry.objects.filter(practitioner__in=demo_listings),
        NameEntry.objects.filter(practitioner__in=demo_listings),
        Offer.products.through.objects.filter(offer__is_demo=True),
        Assessment.objects.filter(practitioner__in=demo_listings),
        Report.objects.filter(practitioner__in=demo_listings),
        Offer.objects.filter(is_demo=True),
        Product.objects.filter(is_demo=True),
        Practitioner.clinics.through.objects.filter(practitioner__is_demo=True),
        Practitioner.objects.filter(is_demo=True),
        Clinic.objects.filter(is_demo=True),
    ):
        queryset._raw_delete(queryset.db)


def generate(
    n: int, seed: int = DEFAULT_SEED, force: bool = False, history: bool = True
) -> DemoOutcome:
    """Replace the demo register with `n` synthetic practitioners (nothing to do when it
    already holds exactly `n`, unless force)."""
    recompute.recompute_verdicts()  # stored verdicts must match today's rules first
    existing = Practitioner.objects.filter(is_demo=True).count()
    if existing == n and not force:
        return DemoOutcome(False, n)
    pools = _locations() if n else None
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    today = timezone.localdate()
    now = timezone.now()
    stamp = services.current_fingerprint()
    with transaction.atomic():
        _delete_demo()
        if n == 0:
            return DemoOutcome(True, 0)
        clinics = _make_clinics(rng, fake, pools, max(1, int(n * 0.75)))
        Clinic.objects.bulk_create(clinics, batch_size=2000)
        listings, plans = _make_listings(rng, fake, n, today)
        Practitioner.objects.bulk_create(listings, batch_size=2000)
        links, products, offers, offer_products = [], [], [], []
        unlawful_listings = _pick_unlawful(rng, listings)
        for listing, plan in zip(listings, plans, strict=True):
            mine = [rng.choice(clinics)]
            if rng.random() < 0.15:
                mine.append(rng.choice(clinics))
            mine = list({c.pk: c for c in mine}.values())
            plan["clinics"] = mine
            links += [
                Practitioner.clinics.through(practitioner_id=listing.pk, clinic_id=c.pk)
                for c in mine
            ]
            _make_offers(
                rng,
                listing,
                plan,
                listing.pk in unlawful_listings,
                stamp,
                products,
                offers,
                offer_products,
            )
        Practitioner.clinics.through.objects.bulk_create(links, batch_size=2000)
        Product.objects.bulk_create(products, batch_size=2000)
        Offer.objects.bulk_create(offers, batch_size=2000)
        Offer.products.through.objects.bulk_create(
            [
                Offer.products.through(offer_id=o.pk, product_id=p.pk)
                for o, ps in offer_products
                for p in ps
            ],
            batch_size=2000,
        )
        by_listing: dict[int, list[Offer]] = {}
        for offer in offers:
            by_listing.setdefault(offer.practitioner_id, []).append(offer)
        rows = []
        for listing, plan in zip(listings, plans, strict=True):
            rows += indexing.search_rows(listing, plan["clinics"], by_listing.get(listing.pk, []))
        SearchEntry.objects.bulk_create(rows, batch_size=5000)
        names = (indexing.name_entry(x, p["clinics"]) for x, p in zip(listings, plans, strict=True))
        NameEntry.objects.bulk_create([e for e in names if e], batch_size=5000)
        if history:
            _write_history(rng, listings, plans, now)
    statuses = Counter(listing.status for listing in listings)
    nations = Counter(c.nation for c in clinics)
    unlawful = sum(1 for o in offers if o.verdict == "unlawful")
    return DemoOutcome(True, n, len(clinics), len(offers), unlawful, statuses, nations)


def _make_clinics(rng, fake, pools, count) -> list[Clinic]:
    clinics = []
    nations = list(NATION_WEIGHTS)
    for i in range(count):
        # every nation appears even in a tiny register
        nation = nations[i] if i < len(nations) else _weighted(rng, NATION_WEIGHTS)
        pool = pools[nation]
        kind = (
            "unit" if pool["unit"] and (not pool["district"] or rng.random() < 0.4) else "district"
        )
        postcode, lat, lon, authority, town = rng.choice(pool[kind])
        street = fake.street_address()
        clinics.append(
            Clinic(
                name=f"{fake.last_name()} {rng.choice(CLINIC_WORDS)}",
                address=f"{street}\n{town.title() if town else ''}".strip(),
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                location_precision=kind,
                nation=nation,
                local_authority=authority or "",
                phone=f"020 7946 0{rng.randint(0, 999):03d}",  # Ofcom's numbers for drama
                is_demo=True,
            )
        )
    return clinics


def entered(today: dt.date, i: int) -> dt.datetime:
    """When demo listing `i` entered its state: spread over the last 200 days, no random draw
    (so the rest of the demo register stays as it was)."""
    day = today - dt.timedelta(days=1 + (i * 7919) % 200)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, (i * 37) % 60)))


def _make_listings(rng, fake, n, today):
    listings, plans = [], []
    statuses = list(STATUS_WEIGHTS)
    professions = {k: v[0] for k, v in PROFESSIONS.items()}
    for i in range(n):
        status = statuses[i] if i < len(statuses) else _weighted(rng, STATUS_WEIGHTS)
        profession = _weighted(rng, professions)
        _, register, prescriber_chance = PROFESSIONS[profession]
        accredited_until, reason = None, ""
        if status in (Status.ACCREDITED, Status.SUSPENDED):
            accredited_until = today + dt.timedelta(days=rng.randint(5, 360))
        elif status == Status.EXPIRED:
            accredited_until = today - dt.timedelta(days=rng.randint(1, 240))
        elif status == Status.REVOKED:
            accredited_until = today + dt.timedelta(days=rng.randint(5, 300))
        if status == Status.SUSPENDED:
            reason = rng.choice(SUSPEND_REASONS)
        elif status == Status.REVOKED:
            reason = rng.choice(REVOKE_REASONS)
        insured_until = today + dt.timedelta(days=rng.randint(30, 420))
        if status == Status.ACCREDITED and accredited_until:
            insured_until = max(insured_until, accredited_until)
        if reason.startswith("Insurance"):  # the reason shown must match the insurance shown
            insured_until = today - dt.timedelta(days=1 + i % 60)
            ended = govuk_date(insured_until)
            reason = f"Insurance ended on {ended}; suspended until new cover is shown."
        listings.append(
            Practitioner(
                name=f"{fake.first_name()} {fake.last_name()}",  # no titles: no "Dr" aestheticians
                profession=profession,
                statutory_register=register,
                registration_number=_number(rng, register, profession),
                is_prescriber=rng.random() < prescriber_chance,
                qualifications="\n".join(rng.sample(QUALIFICATIONS, k=rng.randint(1, 2))),
                insurer=rng.choice(
                    [
                        "Demo Mutual Insurance",
                        "Example Medical Cover Ltd",
                        "Sample Aesthetic Insurers",
                    ]
                ),
                insurance_expires=insured_until,
                complications_contact=f"0161 496 0{rng.randint(0, 999):03d}",  # Ofcom drama range
                status=status,
                accredited_until=accredited_until,
                status_reason=reason,
                status_changed_at=None if status == Status.DRAFT else entered(today, i),
                is_demo=True,
            )
        )
        healthcare = register != "none"
        menu = list(PRICES) if healthcare else list(NON_HEALTHCARE_TREATMENTS)
        if not listings[-1].is_prescriber:  # prescription-only medicines need a prescriber
            menu = [slug for slug in menu if slug not in PRESCRIPTION_ONLY]
        plans.append({"treatments": rng.sample(menu, k=rng.randint(1, min(4, len(menu))))})
    return listings, plans


def _pick_unlawful(rng, listings) -> set[int]:
    """About one in twenty listings also entered an unlawful offer, only in states where it
    can sit unpublished without contradicting an accreditation."""
    eligible = [
        listing.pk
        for listing in listings
        if listing.status in (Status.DRAFT, Status.APPLIED, Status.UNDER_ASSESSMENT, Status.REVOKED)
    ]
    return set(rng.sample(eligible, k=min(len(eligible), max(1, len(listings) // 20))))


def _make_offers(rng, listing, plan, with_unlawful, stamp, products, offers, offer_products):
    made: dict[ProductTemplate, Product] = {}

    def product_for(template: ProductTemplate) -> Product:
        if template not in made:
            verdict, reasons = verdicts.check_product_label(template.ingredients)
            made[template] = Product(
                practitioner=listing,
                name=template.name,
                manufacturer=template.manufacturer,
                source=template.source,
                route=template.route,
                regulatory_status=template.regulatory_status,
                ingredients=template.ingredients,
                label_verdict=verdict,
                label_reasons=list(reasons),
                verdicts_fingerprint=stamp,
                is_demo=True,
            )
            products.append(made[template])
        return made[template]

    wanted = [(slug, rng.choice(LAWFUL_PRODUCTS[slug])) for slug in plan["treatments"]]
    if with_unlawful:
        wanted.append(rng.choice(UNLAWFUL_PRODUCTS))
    for slug, template in wanted:
        clinic = rng.choice(plan["clinics"])
        verdict, reasons = verdicts.check_offer(
            slug,
            (
                verdicts.ProductFacts(
                    template.source,
                    template.route,
                    template.regulatory_status,
                    template.ingredients,
                ),
            ),
            clinic.nation,
            listing.profession,
            listing.is_prescriber,
        )
        if verdict == "unlawful" and not with_unlawful:
            continue  # an accredited listing never carries an unlawful offer
        low, high = PRICES[slug]
        price_from = Decimal(rng.randrange(low, (low + high) // 2, 5))
        price_to = price_from + Decimal(rng.randrange(0, high - low, 5))
        offer = Offer(
            practitioner=listing,
            clinic=clinic,
            treatment=slug,
            price_from=price_from,
            price_to=min(price_to, Decimal(high)),
            verdict=verdict,
            verdict_reasons=list(reasons),
            verdicts_fingerprint=stamp,
            is_published=verdict != "unlawful",
            is_demo=True,
        )
        offers.append(offer)
        offer_products.append((offer, [product_for(template)]))


def _write_history(rng, listings, plans, now) -> None:
    """Accreditation events and assessments for each demo listing, hash-chained onto the log."""
    entries, assessments = [], []
    for listing in listings:
        status, until = listing.status, listing.accredited_until
        if status == Status.DRAFT:
            continue
        accredited_on = add_months(until, -12) if until else None
        timeline = []
        if status in (Status.APPLIED, Status.UNDER_ASSESSMENT):
            applied = now - dt.timedelta(days=rng.randint(2, 40))
            timeline.append(("apply", applied, Status.APPLIED, None, ""))
            if status == Status.UNDER_ASSESSMENT:
                timeline.append(
                    ("start_assessment", applied + dt.timedelta(days=1), status, None, "")
                )
        else:
            start = dt.datetime.combine(accredited_on, dt.time(10), tzinfo=dt.UTC)
            timeline += [
                ("apply", start - dt.timedelta(days=30), Status.APPLIED, None, ""),
                (
                    "start_assessment",
                    start - dt.timedelta(days=20),
                    Status.UNDER_ASSESSMENT,
                    None,
                    "",
                ),
                ("accredit", start, Status.ACCREDITED, until, ""),
            ]
            later = min(now, start + dt.timedelta(days=rng.randint(30, 200)))
            if status == Status.EXPIRED:
                expired_on = dt.datetime.combine(
                    until + dt.timedelta(days=1), dt.time(2), tzinfo=dt.UTC
                )
                timeline.append(("expire", expired_on, Status.EXPIRED, until, ""))
            elif status in (Status.SUSPENDED, Status.REVOKED):
                timeline.append(
                    (
                        "suspend" if status == Status.SUSPENDED else "revoke",
                        later,
                        status,
                        until,
                        listing.status_reason,
                    )
                )
            for standard in STANDARDS:
                assessments.append(
                    Assessment(
                        practitioner=listing,
                        standard=standard.code,
                        finding=Finding.MET,
                        evidence="Demo data: synthetic evidence.",
                        assessed_at=start,
                    )
                )
        previous = {
            "status": Status.DRAFT,
            "accredited_until": None,
            "status_reason": "",
            "renewal_requested": False,
        }
        for action, when, target, expiry, reason in timeline:
            after = {
                "status": target,
                "accredited_until": expiry,
                "status_reason": reason,
                "renewal_requested": False,
            }
            entries.append(
                {
                    "user": None,
                    "actor": DEMO_ACTOR,
                    "action": action,
                    "obj_type": "practitioner",
                    "obj_id": listing.pk,
                    "practitioner_id": listing.pk,
                    "before": {**previous, "is_demo": True},
                    "after": {**after, "is_demo": True},
                    "when": when,
                }
            )
            previous = after
    audit._lock_chain()
    prev = audit.last_hash()
    built = []
    for fields in entries:
        when = fields.pop("when")
        entry = audit.build_entry(prev_hash=prev, when=when, **fields)
        built.append(entry)
        prev = entry.hash
    AuditEntry.objects.bulk_create(built, batch_size=2000)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
