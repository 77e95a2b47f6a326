"""Public output shapes of the register API. Nothing private (accounts, emails, internal notes)
has a field here, so nothing private can leak into a response."""

from ninja import Schema

from treatsafe.core.schemas import ErrorOut  # noqa: F401  (the API's one error shape)


class AccreditationOut(Schema):
    status: str
    label: str
    expires: str | None
    reason: str | None


class OfferOut(Schema):
    slug: str
    name: str
    price_from: float
    price_to: float
    verdict: str


class ClinicOut(Schema):
    id: int
    name: str
    address: str
    postcode: str
    nation: str
    local_authority: str
    location_precision: str
    latitude: float
    longitude: float
    phone: str
    website: str = ""


class SearchResultOut(Schema):
    id: int
    name: str
    profession: str
    clinic: ClinicOut
    distance_miles: float
    accreditation: AccreditationOut
    treatments: list[OfferOut]
    is_demo: bool


class SearchQueryOut(Schema):
    place: str | None
    precision: str | None
    latitude: float
    longitude: float
    radius_miles: float
    treatment: str | None
    nation: str | None
    status: str
    limit: int


class PractitionerSearchOut(Schema):
    query: SearchQueryOut
    results: list[SearchResultOut]
    beyond_radius: list[SearchResultOut]


class ProductOut(Schema):
    name: str
    manufacturer: str
    source: str
    route: str
    regulatory_status: str
    label_verdict: str | None


class ListingOfferOut(OfferOut):
    clinic_id: int
    verdict_reasons: list[str]
    products: list[ProductOut]


class RegisterOut(Schema):
    code: str
    name: str
    number: str | None
    check_url: str | None


class InsuranceOut(Schema):
    insurer: str | None
    expires: str | None
    in_date: bool


class HistoryOut(Schema):
    date: str
    event: str
    status: str | None
    expires: str | None
    reason: str | None


class ListingOut(Schema):
    id: int
    name: str
    profession: str
    statutory_register: RegisterOut
    is_prescriber: bool
    qualifications: str
    insurance: InsuranceOut
    complications_contact: str | None
    accreditation: AccreditationOut
    clinics: list[ClinicOut]
    treatments: list[ListingOfferOut]
    unlawful_withheld: int
    accreditation_history: list[HistoryOut]
    is_demo: bool
