"""Read the shipped uk_geo files with the csv module, so tests compare the service with the
data itself rather than with numbers typed into the test."""

import csv
import gzip
from functools import cache
from pathlib import Path

from django.conf import settings

UK_GEO = Path(settings.REFERENCE_DATA_DIR) / "uk_geo"
UNIT_FILES = [
    "codepoint_open_2025_EH.csv.gz",
    "codepoint_open_2025_CF.csv.gz",
    "codepoint_open_2025_W.csv.gz",
    "codepoint_open_2025_cross_border.csv.gz",
]
COUNTRY_CODES = {"E92000001": "England", "W92000004": "Wales", "S92000003": "Scotland"}


@cache
def rows(name: str) -> tuple[dict, ...]:
    with gzip.open(UK_GEO / name, "rt", encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def units() -> list[dict]:
    return [row for name in UNIT_FILES for row in rows(name)]


def unit(postcode: str) -> dict:
    return next(row for row in units() if row["Postcode"] == postcode)


def gb_district(district: str) -> dict:
    rows_ = rows("gb_postcode_district_country_2025.csv.gz")
    return next(row for row in rows_ if row["district"] == district)


def doogal_district(district: str) -> dict:
    return next(row for row in rows("postcode_districts.csv.gz") if row["Postcode"] == district)


def cross_border_districts() -> list[str]:
    rows_ = rows("gb_postcode_district_country_2025.csv.gz")
    return sorted(row["district"] for row in rows_ if row["cross_border"] == "Y")


def unit_nations(district: str) -> set[str]:
    return {
        COUNTRY_CODES[row["Country_code"]]
        for row in rows("codepoint_open_2025_cross_border.csv.gz")
        if row["Postcode"].split()[0] == district
    }


def first_unit_in(district: str, nation: str) -> dict:
    return next(
        row
        for row in units()
        if row["Postcode"].split()[0] == district and COUNTRY_CODES[row["Country_code"]] == nation
    )


def missing_unit_in(district: str) -> str:
    """A well-formed full postcode of `district` that the unit files do not hold."""
    held = {row["Postcode"] for row in units()}
    for digit in "987654321":
        for letters in ("ZZ", "YY", "XZ", "WZ"):
            candidate = f"{district} {digit}{letters}"
            if candidate not in held:
                return candidate
    raise AssertionError(f"every candidate postcode of {district} exists")
