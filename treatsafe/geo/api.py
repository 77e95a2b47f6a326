"""JSON API for geo (mounted under /api/v1/ by treatsafe.api). Domain errors (invalid 400,
unknown 404) become JSON in treatsafe.api."""

from ninja import Query, Router, Schema

from treatsafe.geo import services
from treatsafe.geo.schemas import GeoErrorOut, PostcodeOut

router = Router(tags=["geo"])

ERRORS = {400: GeoErrorOut, 404: GeoErrorOut}


@router.get(
    "/postcodes/{postcode}",
    response={200: PostcodeOut, **ERRORS},
    summary="Look up a UK postcode or postcode district",
)
def get_postcode(request, postcode: str):
    """Position, nation, local authority and jurisdiction of a postcode ("W1G 9PF", any case
    or spacing) or a district ("SY10"). 400 if it is not shaped like a postcode, 404 if it is
    well formed but unknown."""
    return services.lookup_postcode(postcode).as_dict()


class PlaceQuery(Schema):
    q: str


@router.get(
    "/places",
    response={200: PostcodeOut, **ERRORS},
    summary="Look up a postcode or a post town",
)
def get_place(request, query: Query[PlaceQuery]):
    """Like /postcodes/, but also accepts a post town ("Cardiff"). 400 when several distant
    places share the name (the `options` list them)."""
    return services.lookup_place(query.q).as_dict()
