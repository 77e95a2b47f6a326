"""Statutory registers and the format of their registration numbers, as data.

A format check catches typing mistakes and invented numbers; the assessor still verifies the
number against the register itself (the `registration` standard).
"""

import re
from dataclasses import dataclass

from treatsafe.core.errors import InvalidInput

HCPC_PREFIXES = {
    "AS": "Arts therapist",
    "BS": "Biomedical scientist",
    "CH": "Chiropodist or podiatrist",
    "CS": "Clinical scientist",
    "DT": "Dietitian",
    "HAD": "Hearing aid dispenser",
    "ODP": "Operating department practitioner",
    "OR": "Orthoptist",
    "OT": "Occupational therapist",
    "PA": "Paramedic",
    "PH": "Physiotherapist",
    "PO": "Prosthetist or orthotist",
    "PYL": "Practitioner psychologist",
    "RA": "Radiographer",
    "SL": "Speech and language therapist",
}


@dataclass(frozen=True)
class StatutoryRegister:
    code: str
    name: str
    pattern: str
    example: str
    hint: str
    url: str


REGISTERS: dict[str, StatutoryRegister] = {
    r.code: r
    for r in (
        StatutoryRegister(
            "gmc",
            "General Medical Council (doctors)",
            r"\d{7}",
            "1234567",
            "7 digits",
            "https://www.gmc-uk.org/registration-and-licensing/the-medical-register",
        ),
        StatutoryRegister(
            "nmc",
            "Nursing and Midwifery Council (nurses, midwives)",
            r"\d{2}[A-Z]\d{4}[A-Z]",
            "01A2345N",
            "2 digits, a letter, 4 digits and a letter, like 01A2345N",
            "https://www.nmc.org.uk/registration/search-the-register/",
        ),
        StatutoryRegister(
            "gdc",
            "General Dental Council (dentists, dental nurses and hygienists)",
            r"\d{1,6}",
            "123456",
            "up to 6 digits",
            "https://olr.gdc-uk.org/SearchRegister",
        ),
        StatutoryRegister(
            "gphc",
            "General Pharmaceutical Council (pharmacists in Great Britain)",
            r"\d{7}",
            "2012345",
            "7 digits",
            "https://www.pharmacyregulation.org/registers",
        ),
        StatutoryRegister(
            "hcpc",
            "Health and Care Professions Council",
            r"(?:" + "|".join(sorted(HCPC_PREFIXES, key=len, reverse=True)) + r")\d{4,6}",
            "PA12345",
            "the profession's letters then digits, like PA12345 or PH123456",
            "https://www.hcpc-uk.org/check-the-register/",
        ),
        StatutoryRegister(
            "psni",
            "Pharmaceutical Society of Northern Ireland (pharmacists)",
            r"\d{4,6}",
            "12345",
            "4 to 6 digits",
            "https://www.psni.org.uk/search-the-register/",
        ),
        StatutoryRegister("none", "Not on a statutory register", r"", "", "leave blank", ""),
    )
}

REGISTER_CHOICES = [(r.code, r.name) for r in REGISTERS.values()]


class InvalidRegistrationNumber(InvalidInput):
    code = "invalid_registration_number"


def normalise_number(number: str) -> str:
    return re.sub(r"[\s-]", "", number or "").upper()


def validate_registration(register: str, number: str) -> str:
    """Return the number in canonical form, or raise InvalidRegistrationNumber."""
    if register not in REGISTERS:
        raise InvalidRegistrationNumber(f"Unknown statutory register {register!r}.")
    spec = REGISTERS[register]
    number = normalise_number(number)
    if register == "none":
        if number:
            raise InvalidRegistrationNumber(
                "A registration number needs its register: choose the register it is on."
            )
        return ""
    if not number:
        raise InvalidRegistrationNumber(f"Enter the {spec.name.split(' (')[0]} number.")
    if not re.fullmatch(spec.pattern, number):
        raise InvalidRegistrationNumber(
            f"{number} is not a {register.upper()} number: it should be {spec.hint}."
        )
    return number
