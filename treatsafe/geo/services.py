"""The postcode service: one call turns what a person typed (a postcode, a district or a post
town) into a place, a nation and a jurisdiction. Used by the API, the CLI, the pages, the
treatment checker and the register alike.

The nation is never guessed: where a district crosses a border and the full postcode is not in
the data, the answer is `nation=None` with the candidate nations.
"""

from collections import Counter
from dataclasses import asdict, dataclass, field

from treatsafe.core.errors import InvalidInput, NotFound
from treatsafe.geo.models import (
    Jurisdiction,
    LocalAuthority,
    PlaceName,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)
from treatsafe.geo.postcodes import (
    EXAMPLE,
    InvalidPostcode,
    ParsedPostcode,
    haversine_miles,
    join_words,
    looks_like_postcode,
    parse_postcode,
    place_key,
)

__all__ = [
    "AmbiguousPlace",
    "InvalidPostcode",
    "PostcodeResult",
    "UnknownPlace",
    "UnknownPostcode",
    "haversine_miles",
    "lookup_place",
    "lookup_postcode",
]

# Areas where we hold every unit postcode (plus the 25 cross-border districts): a full
# postcode missing there is not in Ordnance Survey's list at all.
AREAS_WITH_ALL_UNITS = {"EH", "CF", "W"}
# Areas whose districts come from the 2023 Doogal file, which may lack a district: the area
# alone settles the nation or the Crown Dependency.
AREAS_DECIDED_BY_AREA = {"BT", "JE", "GY", "IM"}
# Post towns whose districts lie further apart than this are different places with one name.
SAME_PLACE_MILES = 25
MAX_PLACE_LENGTH = 100


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


def lookup_postcode(text: str) -> PostcodeResult:
    """Look up a full postcode ("w1g9pf") or a district ("SY10").

    Raises InvalidPostcode (400) for text that is not shaped like a postcode, and
    UnknownPostcode (404) for a well-formed one whose district the data does not hold.
    """
    parsed = parse_postcode(text)
    district = (
        PostcodeDistrict.objects.select_related("area").filter(district=parsed.outward).first()
    )
    if district is None:
        return _from_area_only(text, parsed)
    if district.terminated:
        raise UnknownPostcode(
            f"{parsed.outward} is a postcode district that is no longer in use. "
            "Check the postcode: it may have changed.",
            query=text,
        )
    if parsed.is_full:
        unit = UnitPostcode.objects.filter(postcode=parsed.text).first()
        if unit is not None:
            return _unit_result(text, parsed, unit, district)
    return _district_result(text, parsed, district)


def lookup_place(text: str) -> PostcodeResult:
    """Look up a postcode, a district or a post town ("Cardiff"), for search boxes.

    Raises InvalidPostcode, UnknownPostcode (UnknownPlace for a name), or AmbiguousPlace
    when several distant places share the name.
    """
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidPostcode(f"Enter a postcode, like {EXAMPLE}, or a town.", query=text or "")
    if looks_like_postcode(stripped):
        return lookup_postcode(stripped)
    if len(stripped) > MAX_PLACE_LENGTH:
        raise InvalidPostcode("Enter a postcode or a town name of 100 characters or fewer.")
    places = list(
        PlaceName.objects.filter(key=place_key(stripped))
        .select_related("district", "district__area")
        .order_by("district_id")
    )
    located = [p.district for p in places if _has_location(p.district)]
    if not located:
        raise UnknownPlace(
            f"We cannot find a place called “{stripped[:40]}”. "
            f"Enter a postcode, like {EXAMPLE}, or a post town, like Cardiff.",
            query=text,
        )
    groups = _group_nearby(located)
    name = places[0].name
    if len(groups) > 1:
        areas = [_area_names(group) for group in groups]
        raise AmbiguousPlace(
            f"There is more than one place called {name}, in the {join_words(areas)} postcode "
            "areas. Enter a postcode instead.",
            query=text,
            options=[_describe_group(name, group) for group in groups],
        )
    return _place_result(text, name, groups[0])


# --- building answers -------------------------------------------------------------------


def _nations(district: PostcodeDistrict) -> list[str]:
    return [n for n in district.nations.split(";") if n]


def _jurisdiction_fields(area: PostcodeArea) -> dict:
    return {
        "area": area.code,
        "area_name": area.name,
        "jurisdiction": str(area.jurisdiction),
        "crown_dependency": area.crown_dependency or None,
    }


def _area_notes(area: PostcodeArea, district: PostcodeDistrict | None) -> list[str]:
    notes = []
    if area.jurisdiction == Jurisdiction.CROWN_DEPENDENCY:
        notes.append(
            f"{area.crown_dependency} is a Crown Dependency, not part of the UK: it has its own "
            "laws on treatments, and UK law does not apply there."
        )
    if area.code == "BT":
        notes.append(
            "Northern Ireland postcodes are located to the centre of their district, and the "
            "council name is approximate."
        )
    if (district and district.non_geographic) or (area.jurisdiction == Jurisdiction.NON_GEOGRAPHIC):
        notes.append(
            "This is a non-geographic postcode (used for PO boxes, large organisations or the "
            "forces): it does not show where anyone lives or works."
        )
    return notes


def _district_authority(district: PostcodeDistrict) -> tuple[str | None, str | None]:
    return district.local_authority_name or None, district.local_authority_code or None


def _has_location(district: PostcodeDistrict) -> bool:
    return district.latitude is not None and not district.non_geographic


def _unit_result(text, parsed, unit: UnitPostcode, district: PostcodeDistrict) -> PostcodeResult:
    notes = _area_notes(district.area, district)
    latitude, longitude, precision = unit.latitude, unit.longitude, "unit"
    if latitude is None:
        latitude, longitude, precision = district.latitude, district.longitude, "district"
        notes.append(
            "Ordnance Survey gives no position for this postcode: the position shown is the "
            "centre of its district."
        )
    authority = LocalAuthority.objects.filter(gss_code=unit.local_authority_code).first()
    return PostcodeResult(
        query=text,
        postcode=parsed.text,
        kind="unit",
        precision=precision,
        latitude=latitude,
        longitude=longitude,
        nation=unit.nation,
        candidate_nations=[unit.nation],
        local_authority=authority.name if authority else None,
        local_authority_code=unit.local_authority_code or None,
        district=district.district,
        place=district.post_town or None,
        non_geographic=district.non_geographic,
        districts=[district.district],
        notes=notes,
        **_jurisdiction_fields(district.area),
    )


def _district_result(text, parsed: ParsedPostcode, district: PostcodeDistrict) -> PostcodeResult:
    area = district.area
    nations = _nations(district)
    notes = []
    if district.cross_border:
        border = join_words(nations)
        if parsed.is_full:
            notes.append(
                f"{parsed.text} is not in our postcode data, and the district {district.district} "
                f"crosses the border between {border}, so we cannot tell which nation it is in. "
                "Check the postcode."
            )
        else:
            notes.append(
                f"The postcode district {district.district} crosses the border between {border}; "
                "give the full postcode."
            )
    elif parsed.is_full and _has_location(district):
        if area.code in AREAS_WITH_ALL_UNITS:
            notes.append(
                f"{parsed.text} is not in Ordnance Survey's list of postcodes (October 2025): "
                f"check it. This answer is for the district {district.district}."
            )
        else:
            notes.append(
                f"We hold the centre of the district {district.district}, not the position of "
                f"{parsed.text} itself."
            )
    notes += _area_notes(area, district)
    authority, authority_code = _district_authority(district)
    if district.cross_border:
        authority, authority_code = None, None
    return PostcodeResult(
        query=text,
        postcode=parsed.text,
        kind="unit" if parsed.is_full else "district",
        precision="district",
        latitude=district.latitude if _has_location(district) else None,
        longitude=district.longitude if _has_location(district) else None,
        nation=district.nation or None,
        candidate_nations=nations,
        local_authority=authority,
        local_authority_code=authority_code,
        district=district.district,
        place=district.post_town or None,
        non_geographic=district.non_geographic,
        districts=[district.district],
        notes=notes,
        **_jurisdiction_fields(area),
    )


def _from_area_only(text: str, parsed: ParsedPostcode) -> PostcodeResult:
    """A district the data lacks: known only for Northern Ireland and the Crown Dependencies,
    whose district lists are older; anywhere else it does not exist."""
    area = PostcodeArea.objects.filter(code=parsed.area).first()
    if area is None:
        raise UnknownPostcode(
            f"No UK postcode starts with {parsed.area}. Check the postcode.", query=text
        )
    if area.code not in AREAS_DECIDED_BY_AREA:
        raise UnknownPostcode(
            f"We cannot find the postcode district {parsed.outward}. Check the postcode.",
            query=text,
        )
    nation = "Northern Ireland" if area.code == "BT" else None
    notes = [f"We do not hold the position of {parsed.outward}; only its area is known."]
    return PostcodeResult(
        query=text,
        postcode=parsed.text,
        kind="unit" if parsed.is_full else "district",
        precision="district",
        latitude=None,
        longitude=None,
        nation=nation,
        candidate_nations=[nation] if nation else [],
        local_authority=None,
        local_authority_code=None,
        district=parsed.outward,
        place=None,
        districts=[parsed.outward],
        notes=notes + _area_notes(area, None),
        **_jurisdiction_fields(area),
    )


def _group_nearby(districts: list[PostcodeDistrict]) -> list[list[PostcodeDistrict]]:
    """Split a post town's districts into places: districts in one postcode area are one place,
    and areas whose centres are within SAME_PLACE_MILES of each other merge ("London")."""
    by_area: dict[str, list[PostcodeDistrict]] = {}
    for district in districts:
        by_area.setdefault(district.area_id, []).append(district)
    groups = list(by_area.values())
    merged = True
    while merged and len(groups) > 1:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if haversine_miles(*_centre(groups[i]), *_centre(groups[j])) <= SAME_PLACE_MILES:
                    groups[i] = groups[i] + groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return sorted(groups, key=lambda g: -sum(d.postcodes for d in g))


def _centre(districts: list[PostcodeDistrict]) -> tuple[float, float]:
    weights = [max(d.postcodes, 1) for d in districts]
    total = sum(weights)
    latitude = sum(d.latitude * w for d, w in zip(districts, weights, strict=True)) / total
    longitude = sum(d.longitude * w for d, w in zip(districts, weights, strict=True)) / total
    return round(latitude, 6), round(longitude, 6)


def _area_names(districts: list[PostcodeDistrict]) -> str:
    return join_words(sorted({d.area.name for d in districts}))


def _describe_group(name: str, districts: list[PostcodeDistrict]) -> str:
    codes = ", ".join(sorted(d.district for d in districts)[:3])
    more = ", …" if len(districts) > 3 else ""
    return f"{name} ({codes}{more}) in the {_area_names(districts)} postcode area"


def _place_result(text: str, name: str, districts: list[PostcodeDistrict]) -> PostcodeResult:
    nations = sorted({n for d in districts for n in _nations(d)}, key=_nation_order)
    areas = {d.area_id: d.area for d in districts}
    area = next(iter(areas.values())) if len(areas) == 1 else None
    authorities = Counter((d.local_authority_name, d.local_authority_code) for d in districts)
    (authority, authority_code), _ = authorities.most_common(1)[0]
    if len(authorities) > 1 or len(nations) > 1:
        authority, authority_code = None, None
    latitude, longitude = _centre(districts)
    notes = [
        f"This is the centre of {name}'s postcode districts; give a postcode for a precise answer."
    ]
    if len(nations) > 1:
        notes.append(
            f"{name} has postcodes in {join_words(nations)}: give the full postcode to know "
            "which nation's law applies."
        )
    if area is not None:
        notes += _area_notes(area, None)
        jurisdiction = _jurisdiction_fields(area)
    else:
        first = districts[0].area
        jurisdiction = {
            "area": None,
            "area_name": None,
            "jurisdiction": str(first.jurisdiction),
            "crown_dependency": first.crown_dependency or None,
        }
    return PostcodeResult(
        query=text,
        postcode=None,
        kind="place",
        precision="district",
        latitude=latitude,
        longitude=longitude,
        nation=nations[0] if len(nations) == 1 else None,
        candidate_nations=nations,
        local_authority=authority or None,
        local_authority_code=authority_code or None,
        district=None,
        place=name,
        districts=sorted(d.district for d in districts),
        notes=notes,
        **jurisdiction,
    )


def _nation_order(nation: str) -> int:
    order = ("England", "Wales", "Scotland", "Northern Ireland")
    return order.index(nation) if nation in order else len(order)
