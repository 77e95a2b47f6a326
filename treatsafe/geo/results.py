"""What the postcode service answers, and the errors it raises (mapped to HTTP in one place,
treatsafe.api)."""

from dataclasses import asdict, dataclass, field

from treatsafe.core.errors import InvalidInput, NotFound
from treatsafe.geo.models import Jurisdiction
from treatsafe.geo.postcodes import InvalidPostcode

__all__ = ["AmbiguousPlace", "InvalidPostcode", "PostcodeResult", "UnknownPlace", "UnknownPostcode"]


class UnknownPostcode(NotFound):
    """A well-formed postcode or district that the data does not hold."""

    code = "unknown_postcode"


class UnknownPlace(UnknownPostcode):
    """No post town of that name."""

    code = "unknown_place"


class AmbiguousPlace(InvalidInput):
    """Several places far apart share the name ("Newport"); the person must say which."""

    code = "ambiguous_place"


@dataclass(frozen=True)
class PostcodeResult:
    """Where a postcode, district or post town is, and whose law applies there."""

    query: str
    postcode: str | None  # "W1G 9PF", or the district "SY10"; None for a place name
    kind: str  # "unit" | "district" | "place"
    precision: str  # "unit" (a Code-Point point) | "district" (a district's centre)
    latitude: float | None
    longitude: float | None
    nation: str | None  # "England" | "Wales" | "Scotland" | "Northern Ireland" | None
    candidate_nations: list[str]
    local_authority: str | None
    local_authority_code: str | None
    district: str | None
    area: str | None
    area_name: str | None
    jurisdiction: str  # "UK" | "Crown Dependency" | "Non-geographic"
    crown_dependency: str | None  # "Jersey" | "Guernsey" | "Isle of Man" | None
    place: str | None
    non_geographic: bool = False
    districts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def checker_jurisdiction(self) -> str | None:
        """Whose treatment law applies: a UK nation, "Crown Dependency", or None (unknown)."""
        if self.nation:
            return self.nation
        if self.jurisdiction == Jurisdiction.CROWN_DEPENDENCY:
            return "Crown Dependency"
        return None

    @property
    def label(self) -> str:
        """What to call the result in a sentence: the postcode, or the place name."""
        return self.postcode or self.place or self.query

    def as_dict(self) -> dict:
        """The public JSON shape, shared by the API and `treatsafe postcode --json`."""
        return {**asdict(self), "checker_jurisdiction": self.checker_jurisdiction}
