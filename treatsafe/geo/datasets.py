"""The `uk_geo` reference dataset: postcode areas, local authorities, districts, unit postcodes
and post towns, loaded in one transaction by `treatsafe import-data`.

Nations come from OS Code-Point Open (the district file's counts and each unit's Country_code),
never from the CC0 outcode list, which has wrong countries for cross-border districts.
"""

import re
from pathlib import Path

from treatsafe.core.importing import (
    CsvRow,
    DataFileError,
    Dataset,
    parse_float,
    parse_int,
    read_csv,
)
from treatsafe.geo.models import (
    Jurisdiction,
    LocalAuthority,
    PlaceName,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)
from treatsafe.geo.postcodes import OUTWARD, InvalidPostcode, area_of, parse_postcode, place_key

# Bump when the loader's output changes, so a database loaded by an older loader is refreshed.
LOADER_VERSION = "2"

AREAS = "uk_geo/postcode_areas.csv"
AUTHORITIES = "uk_geo/gb_local_authorities_2025.csv"
GB_DISTRICTS = "uk_geo/gb_postcode_district_country_2025.csv"
DOOGAL_DISTRICTS = "uk_geo/postcode_districts.csv"
UNIT_FILES = [
    "uk_geo/codepoint_open_2025_EH.csv",
    "uk_geo/codepoint_open_2025_CF.csv",
    "uk_geo/codepoint_open_2025_W.csv",
    "uk_geo/codepoint_open_2025_cross_border.csv",
]

NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
COUNTRY_CODES = {"E92000001": "England", "W92000004": "Wales", "S92000003": "Scotland"}
JURISDICTIONS = {
    "UK": Jurisdiction.UK,
    "Crown Dependency (not UK)": Jurisdiction.CROWN_DEPENDENCY,
    "Non-geographic": Jurisdiction.NON_GEOGRAPHIC,
}
CROWN_DEPENDENCIES = ("Jersey", "Guernsey", "Isle of Man")
ENGLISH_REGIONS = {
    "London",
    "South East",
    "South West",
    "East of England",
    "East Midlands",
    "West Midlands",
    "North East",
    "North West",
    "Yorkshire and The Humber",
}
NORTHERN_IRELAND_AREA = "BT"
# Doogal spells a few non-geographic districts without a district number.
_DOOGAL_DISTRICT = re.compile(rf"^(?:{OUTWARD}|GIR|NPT)$")
_GSS_CODE = re.compile(r"^[EWS][0-9]{8}$")
# Generous bounds around the UK and the Crown Dependencies, to catch swapped or shifted columns.
LATITUDE_RANGE = (49.0, 61.5)
LONGITUDE_RANGE = (-9.0, 2.5)
BATCH_SIZE = 2000


def _coordinates(row: CsvRow, path: Path, lat_column: str, lon_column: str):
    latitude = parse_float(row, lat_column, path)
    longitude = parse_float(row, lon_column, path)
    if (latitude is None) != (longitude is None):
        raise DataFileError(path, row.line, f"{lat_column} and {lon_column} must both be given")
    if latitude is not None:
        if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
            raise DataFileError(path, row.line, f"{lat_column} {latitude} is outside the UK")
        if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
            raise DataFileError(path, row.line, f"{lon_column} {longitude} is outside the UK")
    return latitude, longitude


def _load_areas(path: Path, progress) -> dict[str, PostcodeArea]:
    areas = {}
    columns = ["area", "area_name", "jurisdiction", "countries"]
    for row in progress(read_csv(path, columns), path):
        code = row["area"].strip()
        if not re.fullmatch(r"[A-Z]{1,3}", code):
            raise DataFileError(path, row.line, f"area {code!r} is not a postcode area")
        if code in areas:
            raise DataFileError(path, row.line, f"area {code} is listed twice")
        jurisdiction = JURISDICTIONS.get(row["jurisdiction"].strip())
        if jurisdiction is None:
            raise DataFileError(path, row.line, f"unknown jurisdiction {row['jurisdiction']!r}")
        countries = row["countries"].strip()
        crown = ""
        if jurisdiction == Jurisdiction.CROWN_DEPENDENCY:
            if countries not in CROWN_DEPENDENCIES:
                raise DataFileError(path, row.line, f"unknown Crown Dependency {countries!r}")
            crown = countries
        areas[code] = PostcodeArea(
            code=code,
            name=row["area_name"].strip(),
            jurisdiction=jurisdiction,
            crown_dependency=crown,
            countries=countries,
        )
    return areas


def _load_authorities(path: Path, progress) -> dict[str, LocalAuthority]:
    authorities = {}
    columns = ["gss_code", "name", "area_type", "country"]
    for row in progress(read_csv(path, columns), path):
        code = row["gss_code"].strip()
        if not _GSS_CODE.match(code):
            raise DataFileError(path, row.line, f"gss_code {code!r} is not a GSS code")
        if row["country"] not in NATIONS:
            raise DataFileError(path, row.line, f"unknown country {row['country']!r}")
        authorities[code] = LocalAuthority(
            gss_code=code,
            name=row["name"].strip(),
            area_type=row["area_type"].strip(),
            country=row["country"],
        )
    return authorities


def _area(areas: dict, code: str, path: Path, row: CsvRow) -> PostcodeArea:
    area = areas.get(area_of(code))
    if area is None:
        raise DataFileError(path, row.line, f"{code} is in an area missing from postcode_areas")
    return area


def _load_gb_districts(path: Path, progress, areas, authorities) -> dict[str, PostcodeDistrict]:
    districts = {}
    columns = [
        "district",
        "postcodes",
        "postcodes_with_coords",
        "latitude",
        "longitude",
        "n_england",
        "n_wales",
        "n_scotland",
        "majority_country",
        "cross_border",
        "main_admin_district_code",
        "main_admin_district_name",
    ]
    for row in progress(read_csv(path, columns), path):
        code = row["district"].strip()
        if not re.fullmatch(OUTWARD, code):
            raise DataFileError(path, row.line, f"district {code!r} is not a postcode district")
        if code in districts:
            raise DataFileError(path, row.line, f"district {code} is listed twice")
        counts = {
            nation: parse_int(row, f"n_{nation.lower()}", path, blank_ok=False)
            for nation in ("England", "Wales", "Scotland")
        }
        nations = [nation for nation, count in counts.items() if count]
        if row["cross_border"] not in ("Y", "N"):
            raise DataFileError(path, row.line, f"cross_border {row['cross_border']!r} is not Y/N")
        if (row["cross_border"] == "Y") != (len(nations) > 1):
            raise DataFileError(path, row.line, "cross_border disagrees with the nation counts")
        majority = row["majority_country"].strip()
        if majority not in NATIONS:
            raise DataFileError(path, row.line, f"unknown majority_country {majority!r}")
        authority = row["main_admin_district_code"].strip()
        if authority and authority not in authorities:
            raise DataFileError(path, row.line, f"unknown local authority code {authority!r}")
        latitude, longitude = _coordinates(row, path, "latitude", "longitude")
        districts[code] = PostcodeDistrict(
            district=code,
            area=_area(areas, code, path, row),
            latitude=latitude,
            longitude=longitude,
            nation="" if len(nations) > 1 else (nations[0] if nations else majority),
            nations=";".join(nations or [majority]),
            cross_border=len(nations) > 1,
            local_authority_code=authority,
            local_authority_name=authorities[authority].name if authority else "",
            postcodes=parse_int(row, "postcodes", path, blank_ok=False),
            non_geographic=not parse_int(row, "postcodes_with_coords", path, blank_ok=False),
            source=PostcodeDistrict.Source.CODEPOINT,
        )
    return districts


def _doogal_nation(area: PostcodeArea, uk_region: str) -> str:
    if area.code == NORTHERN_IRELAND_AREA:
        return "Northern Ireland"
    if area.jurisdiction != Jurisdiction.UK:
        return ""
    if uk_region in ENGLISH_REGIONS:
        return "England"
    if uk_region in NATIONS:
        return uk_region
    return area.countries if area.countries in NATIONS else ""


def _load_doogal_districts(path: Path, progress, areas, districts) -> list[tuple[str, str]]:
    """Add the districts Code-Point lacks (Northern Ireland, Crown Dependencies, terminated and
    some non-geographic ones) and every district's post town; return (town, district) pairs."""
    towns = []
    columns = [
        "Postcode",
        "Latitude",
        "Longitude",
        "Town/Area",
        "Region",
        "Postcodes",
        "Active postcodes",
        "UK region",
        "Post Town",
    ]
    seen = set()
    for row in progress(read_csv(path, columns), path):
        code = row["Postcode"].strip()
        if not _DOOGAL_DISTRICT.match(code):
            raise DataFileError(path, row.line, f"Postcode {code!r} is not a postcode district")
        if code in seen:
            raise DataFileError(path, row.line, f"district {code} is listed twice")
        seen.add(code)
        area = _area(areas, code, path, row)
        latitude, longitude = _coordinates(row, path, "Latitude", "Longitude")
        active = parse_int(row, "Active postcodes", path)
        terminated = active == 0
        town = row["Post Town"].strip()
        district = districts.get(code)
        if district is None:
            nation = _doogal_nation(area, row["UK region"].strip())
            district = districts[code] = PostcodeDistrict(
                district=code,
                area=area,
                latitude=latitude,
                longitude=longitude,
                nation=nation,
                nations=nation,
                local_authority_name=row["Region"].strip(),
                local_authority_approximate=bool(row["Region"].strip()),
                postcodes=parse_int(row, "Postcodes", path) or 0,
                terminated=terminated,
                source=PostcodeDistrict.Source.DOOGAL,
            )
        district.post_town = town
        district.non_geographic = (
            district.non_geographic
            or row["Town/Area"].strip().startswith("Non-geographic")
            or area.jurisdiction == Jurisdiction.NON_GEOGRAPHIC
        )
        if town and not terminated:
            towns.append((town, code))
        if area.crown_dependency and not terminated:
            towns.append((area.crown_dependency, code))  # "Jersey" finds JE2 and JE3
    return towns


def _unit_rows(path: Path, progress, districts, authorities, seen: set) -> list[UnitPostcode]:
    units = []
    columns = ["Postcode", "Country_code", "Admin_district_code"]
    columns += ["Latitude_WGS84", "Longitude_WGS84"]
    for row in progress(read_csv(path, columns), path):
        text = row["Postcode"]
        try:
            parsed = parse_postcode(text)
        except InvalidPostcode:
            parsed = None
        if parsed is None or not parsed.is_full or parsed.text != text:
            raise DataFileError(path, row.line, f"Postcode {text!r} is not a normalised postcode")
        if text in seen:
            raise DataFileError(path, row.line, f"Postcode {text} is listed twice")
        seen.add(text)
        district = districts.get(parsed.outward)
        if district is None or district.source != PostcodeDistrict.Source.CODEPOINT:
            raise DataFileError(path, row.line, f"district {parsed.outward} is not a GB district")
        nation = COUNTRY_CODES.get(row["Country_code"])
        if nation is None:
            raise DataFileError(path, row.line, f"unknown Country_code {row['Country_code']!r}")
        if nation not in district.nations.split(";"):
            raise DataFileError(path, row.line, f"{text} is in {nation}, unlike its district")
        authority = row["Admin_district_code"].strip()
        if authority and authority not in authorities:
            raise DataFileError(path, row.line, f"unknown Admin_district_code {authority!r}")
        latitude, longitude = _coordinates(row, path, "Latitude_WGS84", "Longitude_WGS84")
        units.append(
            UnitPostcode(
                postcode=text,
                district=parsed.outward,
                latitude=latitude,
                longitude=longitude,
                nation=nation,
                local_authority_code=authority,
            )
        )
    return units


def load(paths: dict[str, Path], progress) -> dict[str, int]:
    """Replace all geography tables with the contents of the files (inside the caller's
    transaction: any DataFileError leaves the tables as they were)."""
    areas = _load_areas(paths[AREAS], progress)
    authorities = _load_authorities(paths[AUTHORITIES], progress)
    districts = _load_gb_districts(paths[GB_DISTRICTS], progress, areas, authorities)
    towns = _load_doogal_districts(paths[DOOGAL_DISTRICTS], progress, areas, districts)
    seen: set[str] = set()
    units = []
    for relative in UNIT_FILES:
        units += _unit_rows(paths[relative], progress, districts, authorities, seen)
    places = {}
    for town, district in towns:
        places.setdefault((place_key(town), district), PlaceName(name=town, district_id=district))
    for (key, _), place in places.items():
        place.key = key

    for model in (PlaceName, UnitPostcode, PostcodeDistrict, LocalAuthority, PostcodeArea):
        model.objects.all().delete()
    PostcodeArea.objects.bulk_create(areas.values(), batch_size=BATCH_SIZE)
    LocalAuthority.objects.bulk_create(authorities.values(), batch_size=BATCH_SIZE)
    PostcodeDistrict.objects.bulk_create(districts.values(), batch_size=BATCH_SIZE)
    UnitPostcode.objects.bulk_create(units, batch_size=BATCH_SIZE)
    PlaceName.objects.bulk_create(places.values(), batch_size=BATCH_SIZE)
    return {
        "postcode areas": len(areas),
        "local authorities": len(authorities),
        "postcode districts": len(districts),
        "unit postcodes": len(units),
        "place names": len(places),
    }


DATASETS = [
    Dataset(
        name="uk_geo",
        files=[AREAS, AUTHORITIES, GB_DISTRICTS, DOOGAL_DISTRICTS, *UNIT_FILES],
        load=load,
        loader_version=LOADER_VERSION,
    )
]
