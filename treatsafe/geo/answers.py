"""Pure functions that turn loaded geography records into a PostcodeResult: the rules on
nations, borders, Crown Dependencies, non-geographic postcodes and place names. No queries
here; treatsafe.geo.services reads the records and calls these.
"""

from collections import Counter

from treatsafe.geo.models import (
    Jurisdiction,
    LocalAuthority,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)
from treatsafe.geo.postcodes import ParsedPostcode, haversine_miles, join_words
from treatsafe.geo.results import PostcodeResult

# Areas where we hold every unit postcode (plus the 25 cross-border districts): a full
# postcode missing there is not in Ordnance Survey's list at all.
AREAS_WITH_ALL_UNITS = {"EH", "CF", "W"}
# Areas whose districts come from the 2023 Doogal file, which may lack a district: the area
# alone settles the nation or the Crown Dependency.
AREAS_DECIDED_BY_AREA = {"BT", "JE", "GY", "IM"}
# Post towns whose districts lie further apart than this are different places with one name.
SAME_PLACE_MILES = 25


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


def has_location(district: PostcodeDistrict) -> bool:
    return district.latitude is not None and not district.non_geographic


def unit_result(
    text: str,
    parsed: ParsedPostcode,
    unit: UnitPostcode,
    district: PostcodeDistrict,
    authority: LocalAuthority | None,
) -> PostcodeResult:
    """A full postcode that Code-Point holds: its own position and nation."""
    notes = _area_notes(district.area, district)
    latitude, longitude, precision = unit.latitude, unit.longitude, "unit"
    if latitude is None:
        latitude, longitude, precision = district.latitude, district.longitude, "district"
        notes.append(
            "Ordnance Survey gives no position for this postcode: the position shown is the "
            "centre of its district."
        )
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


def district_result(
    text: str, parsed: ParsedPostcode, district: PostcodeDistrict
) -> PostcodeResult:
    """A district, or a full postcode known only by its district: never a guessed nation."""
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
    elif parsed.is_full and has_location(district):
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
        latitude=district.latitude if has_location(district) else None,
        longitude=district.longitude if has_location(district) else None,
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


def area_only_result(text: str, parsed: ParsedPostcode, area: PostcodeArea) -> PostcodeResult:
    """A district missing from the older Northern Ireland and Crown Dependency lists: the area
    alone settles the nation or the Crown Dependency."""
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
        non_geographic=area.jurisdiction == Jurisdiction.NON_GEOGRAPHIC,
        **_jurisdiction_fields(area),
    )


def group_nearby(districts: list[PostcodeDistrict]) -> list[list[PostcodeDistrict]]:
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


def area_names(districts: list[PostcodeDistrict]) -> str:
    return join_words(sorted({d.area.name for d in districts}))


def describe_group(name: str, districts: list[PostcodeDistrict]) -> str:
    codes = ", ".join(sorted(d.district for d in districts)[:3])
    more = ", …" if len(districts) > 3 else ""
    return f"{name} ({codes}{more}) in the {area_names(districts)} postcode area"


def place_result(text: str, name: str, districts: list[PostcodeDistrict]) -> PostcodeResult:
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
