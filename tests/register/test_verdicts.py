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
