"""A synthetic demo register: made-up practitioners at real postcodes in all four nations, with
every accreditation state, realistic treatments, products and prices, and some unlawful offers
that the checkers catch and keep unpublished. Every record has `is_demo=True`.

Reproducible (seeded Faker en_GB), fast and flat in memory: practitioners are made and stored
in batches of BATCH (their clinics, products, offers, search rows and history with them), so
only one batch is ever held, and the checkers run once per distinct combination of facts
(verdicts.py caches them), not per row. What the records are made of is in demo_catalogue.py,
their history in demo_history.py, how the rows are written in demo_rows.py and demo_load.py.
"""

import datetime as dt
import functools
import itertools
import operator
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace as Row
from typing import NamedTuple

from django.utils import timezone
from faker import Faker

from treatsafe.core.dates import govuk_date
from treatsafe.register import indexing, recompute, services, verdicts
from treatsafe.register.accreditation import Status
from treatsafe.register.demo_catalogue import (
    CLINIC_WORDS,
    GEO_NATIONS,
    LAWFUL_PRODUCTS,
    NATION_WEIGHTS,
    NON_HEALTHCARE_TREATMENTS,
    PRESCRIPTION_ONLY,
    PRICES,
    PROFESSIONS,
    QUALIFICATIONS,
    REVOKE_REASONS,
    STATUS_WEIGHTS,
    SUSPEND_REASONS,
    UNLAWFUL_PRODUCTS,
    ProductTemplate,
)
from treatsafe.register.demo_history import DEMO_ACTOR, History
from treatsafe.register.demo_load import CLINIC_FIELDS, LISTING_FIELDS, Tables, bulk_load
from treatsafe.register.models import (
    Assessment,
    Clinic,
    ListingCard,
    NameEntry,
    Offer,
    Practitioner,
    Product,
    Report,
    SearchEntry,
)

__all__ = ["DEFAULT_SEED", "DEMO_ACTOR", "PRICES", "DemoOutcome", "generate"]

DEFAULT_SEED = 20261125
BATCH = 5000  # practitioners made at a time
_listing_values = operator.attrgetter(*LISTING_FIELDS)
_clinic_values = operator.attrgetter(*CLINIC_FIELDS)


class ClinicRef(NamedTuple):
    """What a listing needs of a stored clinic (kept for every clinic: model objects for all
    75,000 clinics of a large register would cost far more memory)."""

    pk: int
    name: str
    latitude: float
    longitude: float
    nation: str


class Names:
    """Seeded Faker en_GB names and streets, drawn once into pools: Faker's weighted draws
    cost more than everything else a row needs."""

    POOL = 4000

    def __init__(self, seed: int):
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.firsts = [fake.first_name() for _ in range(self.POOL)]
        self.lasts = [fake.last_name() for _ in range(self.POOL)]
        self.streets = [fake.street_address() for _ in range(self.POOL)]

    def first(self, rng) -> str:
        return rng.choice(self.firsts)

    def last(self, rng) -> str:
        return rng.choice(self.lasts)

    def street(self, rng) -> str:
        return rng.choice(self.streets)


@dataclass
class DemoOutcome:
    changed: bool
    practitioners: int
    clinics: int = 0
    offers: int = 0
    unlawful: int = 0
    statuses: Counter = field(default_factory=Counter)
    nations: Counter = field(default_factory=Counter)


@functools.cache
def _cumulative(weights: tuple) -> tuple[list, list]:
    return [k for k, _ in weights], list(itertools.accumulate(w for _, w in weights))


def _weighted(rng: random.Random, weights: dict):
    """rng.choices(keys, weights=values)[0], the same draw, without re-adding the weights."""
    keys, cumulative = _cumulative(tuple(weights.items()))
    return rng.choices(keys, cum_weights=cumulative)[0]


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
        ListingCard.objects.filter(practitioner__in=demo_listings),
        ListingCard.objects.filter(clinic__in=Clinic.objects.filter(is_demo=True).values("pk")),
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
    fake = Names(seed)
    today = timezone.localdate()
    now = timezone.now()
    stamp = services.current_fingerprint()
    outcome = DemoOutcome(True, n)
    rows = Tables(stamp)
    with bulk_load(rows, clear=_delete_demo):
        if n == 0:
            return outcome
        clinics = _store_clinics(rng, fake, pools, max(1, int(n * 0.75)), rows, outcome)
        writer = History() if history else None
        for start in range(0, n, BATCH):
            end = min(n, start + BATCH)
            _store_batch(rng, fake, start, end, clinics, today, now, stamp, rows, writer, outcome)
        rows.finish()
    return outcome


def _store_clinics(rng, fake, pools, count, rows, outcome) -> list[ClinicRef]:
    refs = []
    for start in range(0, count, BATCH):
        for clinic in _make_clinics(rng, fake, pools, start, min(count, start + BATCH)):
            pk = rows.clinics.add(*_clinic_values(clinic))
            refs.append(
                ClinicRef(pk, clinic.name, clinic.latitude, clinic.longitude, clinic.nation)
            )
            outcome.nations[clinic.nation] += 1
        rows.flush()
    outcome.clinics = len(refs)
    return refs


def _store_batch(rng, fake, start, end, clinics, today, now, stamp, rows, history, outcome):
    """Practitioners start..end-1 with everything that hangs off them."""
    listings, plans = _make_listings(rng, fake, start, end, today)
    for listing in listings:
        listing.pk = rows.listings.add(*_listing_values(listing))
    unlawful_listings = _pick_unlawful(rng, listings)
    for listing, plan in zip(listings, plans, strict=True):
        mine = [rng.choice(clinics)]
        if rng.random() < 0.15:
            mine.append(rng.choice(clinics))
        mine = list({c.pk: c for c in mine}.values())
        for clinic in mine:
            rows.links.add(listing.pk, clinic.pk)
        plan["clinics"] = mine
        offers = []
        _make_offers(rng, listing, plan, listing.pk in unlawful_listings, stamp, rows, offers)
        for values in indexing.search_row_values(listing, mine, offers):
            rows.search.add(*values)
        if name := indexing.name_key(listing, mine):
            rows.names.add(listing.pk, *name)
        outcome.offers += len(offers)
        outcome.unlawful += sum(1 for o in offers if o.verdict == "unlawful")
    if history:
        history.write(rng, listings, now, rows.audit, rows.assessments)
    outcome.statuses.update(listing.status for listing in listings)
    rows.flush()


def _make_clinics(rng, fake, pools, start, end) -> list:
    clinics = []
    nations = list(NATION_WEIGHTS)
    for i in range(start, end):
        # every nation appears even in a tiny register
        nation = nations[i] if i < len(nations) else _weighted(rng, NATION_WEIGHTS)
        pool = pools[nation]
        kind = (
            "unit" if pool["unit"] and (not pool["district"] or rng.random() < 0.4) else "district"
        )
        postcode, lat, lon, authority, town = rng.choice(pool[kind])
        street = fake.street(rng)
        clinics.append(
            Row(
                name=f"{fake.last(rng)} {rng.choice(CLINIC_WORDS)}",
                address=f"{street}\n{town.title() if town else ''}".strip(),
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                location_precision=kind,
                nation=nation,
                local_authority=authority or "",
                phone=f"020 7946 0{rng.randint(0, 999):03d}",  # Ofcom's numbers for drama
            )
        )
    return clinics


def entered(today: dt.date, i: int) -> dt.datetime:
    """When demo listing `i` entered its state: spread over the last 200 days, no random draw
    (so the rest of the demo register stays as it was)."""
    return _entered(today, 1 + (i * 7919) % 200, (i * 37) % 60)


@functools.lru_cache(maxsize=1024)  # 600 distinct values a day, each made once
def _entered(today: dt.date, days: int, minute: int) -> dt.datetime:
    day = today - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, minute)))


def _make_listings(rng, fake, start, end, today):
    listings, plans = [], []
    statuses = list(STATUS_WEIGHTS)
    professions = {k: v[0] for k, v in PROFESSIONS.items()}
    for i in range(start, end):
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
            Row(
                name=f"{fake.first(rng)} {fake.last(rng)}",  # no titles: no "Dr" aestheticians
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


@functools.cache
def _facts(template: ProductTemplate) -> tuple[verdicts.ProductFacts]:
    facts = (template.source, template.route, template.regulatory_status, template.ingredients)
    return (verdicts.ProductFacts(*facts),)


def _make_offers(rng, listing, plan, with_unlawful, stamp, rows, offers):
    made: dict[ProductTemplate, int] = {}

    def product_for(template: ProductTemplate) -> int:
        if template not in made:
            verdict, reasons = verdicts.check_product_label(template.ingredients)
            made[template] = rows.products.add(
                listing.pk,
                template.name,
                template.manufacturer,
                template.source,
                template.route,
                template.regulatory_status,
                template.ingredients,
                verdict,
                reasons,  # a tuple: stored as a JSON list, written once per distinct tuple
            )
        return made[template]

    wanted = [(slug, rng.choice(LAWFUL_PRODUCTS[slug])) for slug in plan["treatments"]]
    if with_unlawful:
        wanted.append(rng.choice(UNLAWFUL_PRODUCTS))
    for slug, template in wanted:
        clinic = rng.choice(plan["clinics"])
        verdict, reasons = verdicts.check_offer(
            slug, _facts(template), clinic.nation, listing.profession, listing.is_prescriber
        )
        if verdict == "unlawful" and not with_unlawful:
            continue  # an accredited listing never carries an unlawful offer
        low, high = PRICES[slug]
        price_from = Decimal(rng.randrange(low, (low + high) // 2, 5))
        price_to = price_from + Decimal(rng.randrange(0, high - low, 5))
        offer = Row(clinic_id=clinic.pk, treatment=slug, verdict=verdict)
        offer.is_published = verdict != "unlawful"
        offer.pk = rows.offers.add(
            listing.pk,
            clinic.pk,
            slug,
            price_from,
            min(price_to, Decimal(high)),
            verdict,
            reasons,
            offer.is_published,
        )
        rows.offer_products.add(offer.pk, product_for(template))
        offers.append(offer)
