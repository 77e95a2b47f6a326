"""Public JSON shapes of the geo API (also what `treatsafe postcode --json` prints)."""

from ninja import Schema


class PostcodeOut(Schema):
    """Where a postcode, district or post town is, and whose law applies there."""

    query: str
    postcode: str | None
    kind: str
    precision: str
    latitude: float | None
    longitude: float | None
    nation: str | None
    candidate_nations: list[str]
    local_authority: str | None
    local_authority_code: str | None
    district: str | None
    area: str | None
    area_name: str | None
    jurisdiction: str
    crown_dependency: str | None
    place: str | None
    non_geographic: bool
    districts: list[str]
    notes: list[str]
    checker_jurisdiction: str | None


class GeoErrorOut(Schema):
    """Why a postcode or place could not be looked up."""

    error: str
    message: str
    query: str | None = None
    options: list[str] | None = None
