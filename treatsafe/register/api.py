"""JSON API for register (mounted under /api/v1/ by treatsafe.api)."""

from typing import Literal

from ninja import Query, Router, Schema

from treatsafe.core.responses import json_body_response, json_response
from treatsafe.register import lookup, services
from treatsafe.register import search as register_search
from treatsafe.register.public import public_listing
from treatsafe.register.schemas import ErrorOut, ListingOut, LookupOut, PractitionerSearchOut

router = Router(tags=["register"])


class SearchParams(Schema):
    postcode: str | None = None
    place: str | None = None
    radius_miles: float = register_search.DEFAULT_RADIUS
    treatment: str | None = None
    nation: Literal["england", "scotland", "wales", "northern_ireland"] | None = None
    status: Literal["accredited", "all"] = "accredited"
    limit: int = register_search.DEFAULT_LIMIT
    page: int = 1


@router.get(
    "/practitioners/search",
    response={200: PractitionerSearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Find practitioners near a postcode or place",
)
def search_practitioners(request, params: Query[SearchParams]):
    """Listings nearest first, `limit` a page: `total` is how many lie within the radius, `page`
    picks a later page. Only accredited (in date, not suspended) listings unless `status=all`.
    When none lies within `radius_miles`, `beyond_radius` holds the nearest accredited
    listings further away. `postcode` also accepts a district or a post town."""
    text = params.postcode or params.place
    if not (text or "").strip():
        raise register_search.InvalidSearch(
            "Give a postcode or a place to search near.", field="postcode"
        )
    place = register_search.locate(text)
    body = lookup.place_answer_json(
        place,
        text,
        page=params.page,
        radius_miles=params.radius_miles,
        treatment=params.treatment or None,
        nation=params.nation,
        include_all=params.status == "all",
        per_page=params.limit,
    )
    # Already in the public shape (tests hold it to PractitionerSearchOut): not validated again.
    return json_body_response(body)


class LookupParams(Schema):
    q: str
    by: Literal["name", "number", "place"] | None = None
    page: int = 1
    radius_miles: float = register_search.DEFAULT_RADIUS
    treatment: str | None = None
    nation: Literal["england", "scotland", "wales", "northern_ireland"] | None = None
    status: Literal["accredited", "all"] = "accredited"


@router.get(
    "/practitioners/lookup",
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut},
    summary="One search box: a postcode, a town, a name or a registration number",
)
def look_up_practitioners(request, params: Query[LookupParams]):
    """The register page's search box. `query.kind` says how `q` was read: `number` (a GMC,
    NMC, GDC, GPhC, HCPC or PSNI number format), `place` (a postcode, district or town: the
    same answer as `/practitioners/search`) or `name` (a practitioner's or clinic's name,
    accents, case and small typos ignored: every public state, each labelled). `by` forces a
    reading. Twenty a page; `total` counts them all."""
    answer = lookup.look_up(
        params.q,
        by=params.by,
        page=params.page,
        radius_miles=params.radius_miles,
        treatment=params.treatment or None,
        nation=params.nation,
        include_all=params.status == "all",
    )
    answer.pop("crown_dependency", None)
    return json_response(answer)


@router.get(
    "/practitioners/{practitioner_id}",
    response={200: ListingOut, 404: ErrorOut},
    summary="One listing: practitioner, clinics, treatments, products, accreditation history",
)
def get_practitioner(request, practitioner_id: int):
    return public_listing(services.get_public_listing(practitioner_id))
