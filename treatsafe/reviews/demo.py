"""Demo reviews, on demo treatment records only, every one marked `is_demo`."""

import random

from treatsafe.records.models import TreatmentRecord
from treatsafe.reviews.models import Review
from treatsafe.reviews.services import ReviewRefused, leave_review

TEXTS = [
    (5, "Lovely result and no bruising after the first two days. Clear aftercare advice."),
    (4, "Good result. A little swelling for three days, as I was told to expect."),
    (5, "Explained every product and showed me the batch numbers before starting."),
    (3, "Result is fine but the swelling lasted longer than I expected."),
    (2, "The clinic was slow to reply when I had a question after the treatment."),
]


def remove() -> None:
    Review.objects.filter(is_demo=True).delete()


def generate(seed: int) -> str:
    remove()
    rng = random.Random(seed + 1)
    made = 0
    for record in TreatmentRecord.objects.filter(is_demo=True).order_by("id"):
        if rng.random() < 0.5:
            continue
        rating, text = rng.choice(TEXTS)
        try:
            leave_review(record, rating, text, client=None)
        except ReviewRefused:
            continue
        made += 1
    return f"Demo reviews: {made:,} (all marked as demo data)."
