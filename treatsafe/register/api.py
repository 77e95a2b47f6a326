"""JSON API for register (mounted under /api/v1/ by treatsafe.api)."""

from typing import Literal

from django.http import JsonResponse
from ninja import Query, Router, Schema

from treatsafe.register import search as register_search
from treatsafe.register import services
from treatsafe.register.public import public_listing
from treatsafe.register.schemas import ErrorOut, ListingOut, PractitionerSearchOut

router = Router(tags=["register"])


class SearchParams(Schema):
    postcode: str | None = None
    place: str | None = None
    radius_miles: float = register_search.DEFAULT_RADIUS
    treatment: str | None = None
    nation: Literal["england", "scotland", "wales", "northern_ireland"] | None = None
    status: Literal["accredited", "all"] = "accredited"
    limit: int = register_search.DEFAULT_LIMIT


@router.get(
    "/practitioners/search",
    response={200: PractitionerSearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Find practitioners near a postcode or place",
)
def search_practitioners(request, params: Query[SearchParams]):
    """Listings nearest first. Only accredited (in date, not suspended) listings unless
    `status=all`. When none lies within `radius_miles`, `beyond_radius` holds the nearest
    accredited listings further away. `postcode` also accepts a district or a post town."""
    text = params.postcode or params.place
    if not (text or "").strip():
        raise register_search.InvalidSearch(
            "Give a postcode or a place to search near.", field="postcode"
        )
    place = register_search.locate(text)
    query = register_search.SearchQuery(
        latitude=place.latitude,
        longitude=place.longitude,
        radius_miles=params.radius_miles,
        treatment=params.treatment or None,
        nation=params.nation,
        include_all=params.status == "all",
        limit=params.limit,
    )
    # Already in the public shape (tests hold it to PractitionerSearchOut): not validated again.
    return JsonResponse(register_search.search(query, place=place))


@router.get(
    "/practitioners/{practitioner_id}",
    response={200: ListingOut, 404: ErrorOut},
    summary="One listing: practitioner, clinics, treatments, products, accreditation history",
)
def get_practitioner(request, practitioner_id: int):
    return public_listing(services.get_public_listing(practitioner_id))
