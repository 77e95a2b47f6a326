"""Recomputing the stored checker verdicts when the rules or reference data change."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from treatsafe.register import audit, cards, verdicts
from treatsafe.register.indexing import reindex_many
from treatsafe.register.models import Offer, Product, VerdictState
from treatsafe.register.services import current_fingerprint
from treatsafe.register.signals import products_became_unlawful

RECOMPUTE_BATCH = 500


@dataclass
class RecomputeOutcome:
    changed: bool
    products: int
    offers: int
    unpublished: int


def _update_grouped(model, changes: dict[tuple, list[int]], fields: tuple[str, ...]) -> None:
    """One UPDATE per distinct new value (there are few), in chunks of ids."""
    for values, ids in changes.items():
        for start in range(0, len(ids), RECOMPUTE_BATCH):
            model.objects.filter(pk__in=ids[start : start + RECOMPUTE_BATCH]).update(
                **{
                    field: list(value) if isinstance(value, tuple) else value
                    for field, value in zip(fields, values, strict=True)
                }
            )


def recompute_verdicts(force: bool = False) -> RecomputeOutcome:
    """Recompute every stored verdict if the rules or reference data changed since they were
    computed (or always, with force). Offers that become unlawful are unpublished.

    Reads plain values, runs the checkers once per distinct set of facts (verdicts.py caches
    them) and writes only the rows whose verdict changed, grouped by new value, so it stays
    quick at 100,000 listings."""
    stamp = current_fingerprint()
    state = VerdictState.objects.filter(key="verdicts").first()
    if state and state.fingerprint == stamp and not force:
        return RecomputeOutcome(False, 0, 0, 0)
    verdicts.clear_cache()
    with transaction.atomic():
        facts_of, product_changes = {}, {}
        became_unlawful: dict[int, str] = {}
        rows = Product.objects.values_list(
            "pk",
            "source",
            "route",
            "regulatory_status",
            "ingredients",
            "label_verdict",
            "label_reasons",
        )
        for pk, source, route, status, ingredients, old_verdict, old_reasons in rows.iterator(
            chunk_size=5000
        ):
            facts_of[pk] = verdicts.ProductFacts(source, route, status, ingredients or "")
            verdict, reasons = verdicts.check_product_label(ingredients or "")
            if (verdict, list(reasons)) != (old_verdict, old_reasons):
                product_changes.setdefault((verdict, reasons), []).append(pk)
                if verdict == "prohibited" and old_verdict != "prohibited":
                    became_unlawful[pk] = "; ".join(reasons) or "a prohibited ingredient"
        _update_grouped(Product, product_changes, ("label_verdict", "label_reasons"))
        products_of: dict[int, list] = {}
        links = Offer.products.through.objects.values_list("offer_id", "product_id")
        for offer_id, product_id in links.iterator(chunk_size=5000):
            products_of.setdefault(offer_id, []).append(facts_of[product_id])
        offer_changes: dict[tuple, list[int]] = {}
        unpublished: list[tuple[int, int, str]] = []
        newly_unlawful_offers: dict[int, str] = {}
        rows = Offer.objects.values_list(
            "pk",
            "practitioner_id",
            "treatment",
            "clinic__nation",
            "practitioner__profession",
            "practitioner__is_prescriber",
            "verdict",
            "verdict_reasons",
            "is_published",
        )
        count = 0
        for (
            pk,
            listing_id,
            slug,
            nation,
            profession,
            prescriber,
            old,
            old_reasons,
            published,
        ) in rows.iterator(chunk_size=5000):
            count += 1
            products = tuple(sorted(products_of.get(pk, ()), key=repr))
            verdict, reasons = verdicts.check_offer(slug, products, nation, profession, prescriber)
            publish = published and verdict != "unlawful"
            if (verdict, list(reasons), publish) != (old, old_reasons, published):
                offer_changes.setdefault((verdict, reasons, publish), []).append(pk)
                if published and not publish:
                    unpublished.append((pk, listing_id, verdict))
                if verdict == "unlawful" and old != "unlawful":
                    newly_unlawful_offers[pk] = "; ".join(reasons) or "unlawful as offered"
        _update_grouped(Offer, offer_changes, ("verdict", "verdict_reasons", "is_published"))
        Product.objects.update(verdicts_fingerprint=stamp)
        Offer.objects.update(verdicts_fingerprint=stamp)
        for pk, listing_id, verdict in unpublished:
            audit.record(
                None,
                "offer_unpublished",
                Offer(pk=pk),
                practitioner_id=listing_id,
                before={"is_published": True},
                after={"verdict": verdict, "is_published": False},
            )
        if unpublished:
            reindex_many({listing_id for _, listing_id, _ in unpublished})
        cards.write_missing()  # of the listings whose offers' verdicts changed
        VerdictState.objects.update_or_create(
            key="verdicts", defaults={"fingerprint": stamp, "computed_at": timezone.now()}
        )
        for offer_id, product_id in Offer.products.through.objects.filter(
            offer_id__in=list(newly_unlawful_offers)
        ).values_list("offer_id", "product_id"):
            became_unlawful.setdefault(product_id, newly_unlawful_offers[offer_id])
        if became_unlawful:
            # Apps above the register (records) tell patients; only once the change is stored.
            transaction.on_commit(
                lambda: products_became_unlawful.send(sender=Product, products=became_unlawful)
            )
    return RecomputeOutcome(True, len(facts_of), count, len(unpublished))
