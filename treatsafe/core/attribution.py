"""Attribution texts required by the reference data licences (from data/README.md).
Shown on the About page and written into every export."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Attribution:
    dataset: str
    files: str
    licence: str
    licence_url: str
    text: str


ATTRIBUTIONS = (
    Attribution(
        dataset="CosIng (cosmetic ingredients and Annexes II to VI)",
        files="cosing_annex_II to VI, cosing_ingredients_inventory",
        licence="European Commission reuse policy (Decision 2011/833/EU; CC BY 4.0)",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        text=(
            "Source: European Commission, CosIng database "
            "(https://ec.europa.eu/growth/tools-databases/cosing/), reused under the "
            "Commission's reuse policy (Decision 2011/833/EU; CC BY 4.0). CosIng is for "
            "information only and has no legal value; the legal text is Regulation (EC) "
            "No 1223/2009 as published in the Official Journal."
        ),
    ),
    Attribution(
        dataset="WHO ATC classification (corticosteroid names for Annex II/300)",
        files="treatsafe/ingredients/data/annex_ii_class_members.csv",
        licence="WHO Collaborating Centre for Drug Statistics Methodology terms",
        licence_url="https://atcddd.fhi.no/copyright_disclaimer/",
        text=(
            "Names of corticosteroids (International Nonproprietary Names) from the Anatomical "
            "Therapeutic Chemical classification, ATC/DDD Index 2026, WHO Collaborating Centre "
            "for Drug Statistics Methodology, Oslo (https://atcddd.fhi.no/atc_ddd_index/). "
            "Label words for mercury (Annex II/221) from the US FDA's consumer update on mercury "
            "in skin products and the WHO's 'Mercury in skin lightening products' (2011)."
        ),
    ),
    Attribution(
        dataset="OS Code-Point Open and data derived from it",
        files=(
            "codepoint_open_2025_*, gb_postcode_district_country_2025, "
            "gb_local_authorities_2025, counts in postcode_areas"
        ),
        licence="Open Government Licence v3.0",
        licence_url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        text=(
            "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail "
            "data © Royal Mail copyright and database right 2025. Contains National Statistics "
            "data © Crown copyright and database right 2025."
        ),
    ),
    Attribution(
        dataset="Postcode districts (Doogal)",
        files="postcode_districts",
        licence="Open Government Licence v3.0 (underlying data)",
        licence_url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        text=(
            "Contains OS data © Crown copyright and database right 2023. Contains Royal Mail "
            "data © Royal Mail copyright and database right 2023. Contains National Statistics "
            "data © Crown copyright and database right 2023. Compiled by doogal.co.uk."
        ),
    ),
    Attribution(
        dataset="UK postcode outcodes (community list)",
        files="postcode_outcodes_cc0",
        licence="CC0 1.0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
        text="No attribution required (CC0); credit gibbs/uk-postcodes.",
    ),
)


def attribution_text() -> str:
    """All attribution texts as plain text, for CSV and JSON exports."""
    return "\n".join(f"{a.dataset}: {a.text} ({a.licence})" for a in ATTRIBUTIONS)
