"""Stored verdicts follow the rules and reference data."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.register.builders import make_listing, make_product
from treatsafe.register import recompute
from treatsafe.register.models import Offer, SearchEntry, VerdictState

pytestmark = pytest.mark.django_db


def _stale_unlawful_offer():
    """An offer stored as lawful and published, though its product is of human origin."""
    listing = make_listing(status="accredited", treatments=("exosomes",))
    offer = listing.offers.get()
    offer.products.add(
        make_product(
            listing,
            name="Stem cell serum",
            source="human",
            route="topical",
            regulatory_status="cosmetic",
        )
    )
    VerdictState.objects.update_or_create(
        key="verdicts", defaults={"fingerprint": "old", "computed_at": "2026-01-01T00:00Z"}
    )
    return listing, offer


def test_recompute_verdicts_catches_an_offer_that_became_unlawful_and_unpublishes_it():
    listing, offer = _stale_unlawful_offer()
    out = StringIO()
    call_command("recompute_verdicts", stdout=out)
    offer.refresh_from_db()
    assert offer.verdict == "unlawful" and offer.is_published is False
    assert "1 unlawful offer(s) unpublished" in out.getvalue()
    assert not SearchEntry.objects.filter(practitioner_id=listing.pk, treatment="exosomes").exists()


def test_recompute_verdicts_does_nothing_when_rules_and_data_are_unchanged():
    recompute.recompute_verdicts(force=True)
    out = StringIO()
    call_command("recompute_verdicts", stdout=out)
    assert "up to date" in out.getvalue()


def test_import_data_recomputes_verdicts_when_rules_or_data_changed():
    listing, offer = _stale_unlawful_offer()
    from treatsafe.core.models import ImportedDataset

    ImportedDataset.objects.filter(name="register-verdicts").delete()
    call_command("import_data", "register-verdicts", stdout=StringIO())
    offer.refresh_from_db()
    assert offer.verdict == "unlawful" and not offer.is_published
    out = StringIO()
    call_command("import_data", "register-verdicts", stdout=out)
    assert "unchanged" in out.getvalue()


def test_an_unlawful_offer_fails_model_validation_if_published():
    from django.core.exceptions import ValidationError

    listing = make_listing(treatments=("exosomes",))
    offer = Offer.objects.get(practitioner=listing)
    offer.verdict, offer.is_published = "unlawful", True
    with pytest.raises(ValidationError):
        offer.full_clean()
    offer.save()
    assert Offer.objects.get(pk=offer.pk).is_published is False


ORDINARY_SERUM = (
    "Aqua, Glycerin, Rosa Damascena Callus Culture Extract, Niacinamide, Sodium Hyaluronate, "
    "Phenoxyethanol, Ethylhexylglycerin"
)


def _offer(ingredients: str):
    from treatsafe.register import verdicts

    facts = verdicts.ProductFacts("plant", "topical", "cosmetic", ingredients)
    return verdicts.check_offer("exosomes", (facts,), "england", "nurse", True)


def test_an_ordinary_serum_is_a_product_with_no_banned_ingredients_and_no_reasons():
    from treatsafe.register import verdicts

    verdicts.clear_cache()
    assert verdicts.check_product_label(ORDINARY_SERUM) == ("ok", ())
    assert verdicts.VERDICT_LABELS["ok"] == "No banned ingredients found"


def test_an_ordinary_serum_does_not_make_an_accredited_listing_lawful_with_cautions():
    # plant exosomes on the skin are lawful as offered: only the label could add a caution
    listing = make_listing(status="accredited", treatments=("exosomes",))
    offer = listing.offers.get()
    offer.products.add(
        make_product(
            listing,
            name="Hydrating serum",
            source="plant",
            route="topical",
            regulatory_status="cosmetic",
            ingredients=ORDINARY_SERUM,
        )
    )
    recompute.recompute_verdicts(force=True)
    offer.refresh_from_db()
    product = offer.products.get()
    assert product.label_verdict == "ok" and product.label_reasons == []
    assert offer.verdict == "lawful"
    assert _offer(ORDINARY_SERUM) == _offer("")


def test_a_label_showing_a_broken_limit_is_a_reason_quoting_the_condition():
    from treatsafe.register import verdicts

    verdict, reasons = verdicts.check_product_label("Aqua, Phenoxyethanol 2%")
    assert verdict == "restriction_broken"
    assert "breaks a limit (Annex V/29)" in reasons[0] and "above the maximum of 1%" in reasons[0]
    assert _offer("Aqua, Phenoxyethanol 2%")[0] == "unlawful"


def test_unrecognised_ingredients_are_counted_in_the_reasons():
    from treatsafe.register import verdicts

    verdict, reasons = verdicts.check_product_label("Aqua, Unicorn Tears, Dragon Scale Extract")
    assert verdict == "unknown_ingredients"
    assert reasons == ("2 ingredients not recognised in CosIng, so not checked",)
