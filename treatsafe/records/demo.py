"""Demo treatment records and complication reports, for demo listings only, every one marked
`is_demo`. Run by `treatsafe demo-data` through the register's extension hooks."""

import datetime as dt
import random

from treatsafe.records import clock
from treatsafe.records.complications import ReportInput, report_problem
from treatsafe.records.models import ComplicationReport, RecallNotice, TreatmentRecord
from treatsafe.records.recording import ProductUse, RecordInput, RecordRefused
from treatsafe.register.models import Offer

RECORDS = 60
AREAS = {
    "dermal-filler": ["upper and lower lip", "both cheeks", "jawline"],
    "botulinum-toxin": ["forehead lines", "frown lines", "crow's feet"],
    "skin-booster": ["both cheeks", "neck"],
    "polynucleotides": ["under both eyes"],
    "microneedling": ["whole face"],
    "chemical-peel": ["whole face"],
    "exosomes": ["whole face"],
    "prp": ["scalp", "under both eyes"],
    "vitamin-injection": ["upper arm"],
}
PROBLEMS = [
    ("Swelling and bruising that has not gone down after a week.", "same", "no", []),
    ("A hard lump where the filler went in.", "worse", "yes", []),
    ("The skin near my lip went pale and then blotchy.", "worse", "yes", ["skin_colour"]),
    ("Redness that is slowly getting better.", "better", "no", []),
]


def remove() -> None:
    ComplicationReport.objects.filter(is_demo=True).delete()
    RecallNotice.objects.filter(record__is_demo=True).delete()
    TreatmentRecord.objects.filter(is_demo=True).delete()


def generate(seed: int) -> str:
    """Replace the demo records: treatments recorded by demo listings, with their own products,
    checked like any other record (refused ones are skipped), and some complication reports."""
    from treatsafe.records.services import issue_record

    remove()
    rng = random.Random(seed)
    offers = list(
        Offer.objects.filter(is_demo=True, is_published=True, verdict__in=("lawful", "caution"))
        .select_related("practitioner", "clinic")
        .prefetch_related("products")
        .order_by("id")[: RECORDS * 4]
    )
    rng.shuffle(offers)
    today = clock.today()
    made = reports = 0
    for offer in offers:
        products = list(offer.products.all())
        if made >= RECORDS or not products:
            continue
        treated_on = today - dt.timedelta(days=rng.randint(8, 200))
        prescription = offer.treatment == "botulinum-toxin"
        data = RecordInput(
            treated_on=treated_on,
            treatment=offer.treatment,
            clinic_id=offer.clinic_id,
            route=products[0].route,
            area=rng.choice(AREAS.get(offer.treatment, ["face"])),
            aftercare="Avoid make-up, exercise and heat for 24 hours. Call the clinic with any "
            "concern.",
            patient_age_band="18_or_over",
            products=[
                ProductUse(
                    p.pk, f"DEMO-{rng.randint(10000, 99999)}", today + dt.timedelta(days=400)
                )
                for p in products[:2]
            ],
            prescriber_name="Dr Demo Prescriber" if prescription else "",
            prescriber_number="GMC 0000000" if prescription else "",
            consultation_date=treated_on - dt.timedelta(days=3) if prescription else None,
        )
        try:
            record = issue_record(offer.practitioner, data, is_demo=True)
        except RecordRefused:
            continue
        made += 1
        if made % 6 == 0:
            what, how, doctor, signs = PROBLEMS[(made // 6) % len(PROBLEMS)]
            started = min(treated_on + dt.timedelta(days=2), today)
            report_problem(record, ReportInput(what, started, how, doctor, signs))
            reports += 1
    return (
        f"Demo treatment records: {made:,}, with {reports:,} complication reports "
        "(all marked as demo data)."
    )
