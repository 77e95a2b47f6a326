"""Pure rules about the shape of UK postcodes and place names: no database, no HTTP.

A full postcode is an outward code (area letters, district number, optional letter: "W1G",
"EH10", "SY10") and an inward code (digit and two letters: "9PF"). People type them in any case,
with or without the space, so everything here works on the normalised form.
"""

import math
import re
from dataclasses import dataclass

from treatsafe.core.errors import InvalidInput

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
# The inward code's letters never include C, I, K, M, O or V (Royal Mail's rule).
INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"^(?P<outward>{OUTWARD})(?P<inward>{INWARD})$")
_GIROBANK = re.compile(r"^(?P<outward>GIR)(?P<inward>0AA)$")
_DISTRICT = re.compile(rf"^(?P<outward>{OUTWARD}|GIR)$")
_AREA = re.compile(r"^[A-Z]+")
_SPACES = re.compile(r"\s+")

EXAMPLE = "W1G 9PF"
MAX_LENGTH = 10  # the longest postcode is 8 characters with its space; allow a little slack
EARTH_RADIUS_MILES = 3958.7613


class InvalidPostcode(InvalidInput):
    """The text is not shaped like a UK postcode or postcode district."""

    code = "invalid_postcode"


@dataclass(frozen=True)
class ParsedPostcode:
    """A well-formed postcode ("W1G 9PF") or district ("W1G"), normalised."""

    outward: str
    inward: str | None

    @property
    def text(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward

    @property
    def area(self) -> str:
        return area_of(self.outward)

    @property
    def is_full(self) -> bool:
        return self.inward is not None


def compact(text: str) -> str:
    """Upper case without any whitespace: " w1g  9pf " -> "W1G9PF"."""
    return _SPACES.sub("", text or "").upper()


def area_of(outward: str) -> str:
    """The postcode area, the letters at the start of a district: "SY10" -> "SY"."""
    match = _AREA.match(outward)
    return match.group() if match else ""


def parse_postcode(text: str) -> ParsedPostcode:
    """Normalise a postcode or a district, or raise InvalidPostcode with a message to show."""
    squashed = compact(text)
    if not squashed:
        raise InvalidPostcode(f"Enter a postcode, like {EXAMPLE}.", query=text or "")
    if len(squashed) <= MAX_LENGTH:
        for pattern in (_FULL, _GIROBANK):
            if match := pattern.match(squashed):
                return ParsedPostcode(match["outward"], match["inward"])
        if match := _DISTRICT.match(squashed):
            return ParsedPostcode(match["outward"], None)
    shown = text.strip() if len(text.strip()) <= 20 else text.strip()[:20] + "…"
    raise InvalidPostcode(
        f"“{shown}” is not a valid UK postcode. Enter a postcode like {EXAMPLE}, "
        "or the first part of one, like W1G.",
        query=text,
    )


def looks_like_postcode(text: str) -> bool:
    """True if the text has any digit, as every postcode does and no post town does."""
    return any(character.isdigit() for character in text or "")


def place_key(name: str) -> str:
    """Normalise a place name for matching: "St. Ives" == "saint ives" == "ST IVES"."""
    key = (name or "").casefold().replace("&", " and ")
    key = re.sub(r"[.,'’`\"]", "", key)
    key = _SPACES.sub(" ", re.sub(r"[-_/]", " ", key)).strip()
    return re.sub(r"^saint ", "st ", key)


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    """The point on the unit sphere. The dot product of two such vectors is the cosine of the
    angle between the points, so "within r miles" is dot >= cos(r / EARTH_RADIUS_MILES): the
    same test as haversine_miles(...) <= r, in arithmetic any database can do on stored x, y, z."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def cos_of_miles(miles: float) -> float:
    """The least dot product of two unit vectors at most `miles` apart."""
    return math.cos(min(math.pi, miles / EARTH_RADIUS_MILES))


def join_words(words: list[str]) -> str:
    """["England", "Wales", "Scotland"] -> "England, Wales and Scotland"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
