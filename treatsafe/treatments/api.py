"""JSON API for treatments (mounted under /api/v1/ by treatsafe.api): the checker, the
catalogue, the rule set as open data and the advert checker. Domain errors become JSON there."""

from django.urls import reverse
from ninja import Query, Router

from treatsafe.treatments import services
from treatsafe.treatments.adverts import check_advert
from treatsafe.treatments.catalogue import TREATMENTS, get_treatment
from treatsafe.treatments.prices import price_context
from treatsafe.treatments.rules import get_ruleset
from treatsafe.treatments.schemas import (
    AdvertIn,
    AdvertOut,
    CheckIn,
    CheckOut,
    CheckQuery,
    ErrorOut,
    RuleChangesOut,
    RuleSetOut,
    TreatmentOut,
)

router = Router(tags=["treatments"])
# "/treatments/check" is declared before "/treatments/{slug}" so the slug pattern never shadows it.

RULES_LICENCE = (
    "TreatSafe treatment rules, open data under the MIT licence of the project. Each rule cites "
    "its sources; legislation is quoted under the Open Government Licence v3.0. Not legal advice."
)


def _treatment_out(treatment) -> dict:
    return {**treatment.as_dict(), "url": reverse("treatments:detail", args=[treatment.slug])}


@router.get("/treatments", response=list[TreatmentOut], summary="The treatment catalogue")
def list_treatments(request):
    """Every treatment the checker knows, with its stable slug and the names clinics use."""
    return [_treatment_out(treatment) for treatment in TREATMENTS]


@router.post(
    "/treatments/check",
    response={200: CheckOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Check whether a treatment offer is lawful and appropriate",
)
def check(request, body: CheckIn):
    """Evaluate every matching rule and return the most severe verdict with every reason, the
    citations, the questions to ask and what to do next. Give `postcode` (with `nation` when the
    postcode is near a border) or `jurisdiction`. A `label` runs the label checker too."""
    data = body.dict()
    price = data.pop("price")
    label = data.pop("label")
    query = services.query_from_inputs(**data, label_text=label)
    result = services.check_treatment(query)
    return {**result.as_dict(), "price": price_context(query.treatment, price).as_dict()}


@router.get(
    "/treatments/{slug}",
    response={200: TreatmentOut, 404: ErrorOut},
    summary="One treatment in the catalogue",
)
def get_treatment_detail(request, slug: str):
    return _treatment_out(get_treatment(slug))


@router.get(
    "/treatments/check",
    response={200: CheckOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Check a treatment offer given as query parameters (the result page's twin)",
)
def check_by_query(request, filters: Query[CheckQuery]):
    """The same check as POST, for a link: the result page links here with its own query
    string. An ingredient list can only be sent by POST."""
    data = filters.dict()
    price = data.pop("price")
    query = services.query_from_inputs(**data)
    result = services.check_treatment(query)
    return {**result.as_dict(), "price": price_context(query.treatment, price).as_dict()}


@router.get("/rules", response=RuleSetOut, summary="The rule set with citations, as open data")
def list_rules(request):
    """Every rule with what it matches, its verdict, explanation, status (in force, enacted but
    not commenced, proposed), the date it was last verified and its citations."""
    return {**get_ruleset().as_dict(), "licence": RULES_LICENCE}


@router.get(
    "/rules/changes", response=RuleChangesOut, summary="What changed in the rules, newest first"
)
def list_rule_changes(request):
    """The dated change log of the rules (the page /treatments/rules/changes/): each rule added,
    changed, whose status changed (passed, commenced, proposed) or removed."""
    changes = [change.as_dict() for change in get_ruleset().changes]
    return {"changes": changes, "licence": RULES_LICENCE}


@router.post(
    "/adverts/check",
    response={200: AdvertOut, 400: ErrorOut},
    summary="Flag unlawful or unsafe claims in a clinic's advert, quoting its words",
)
def check_advert_text(request, body: AdvertIn):
    """Reads the advert as a regulator would. Each flag has its claim id (one of
    prescription_only_medicine, unlicensed_medicine, human_origin, microneedling_exosomes,
    medicinal_claim, absolute_claim, unproven_efficacy, under_18, time_pressure, cheap_price),
    the advert's own words it rests on
    with their character offsets (`text[start:end]`), and the rule it breaks with its
    citations. Denials ("not human-derived", "Injected? Never.") raise nothing."""
    return check_advert(body.text).as_dict()
