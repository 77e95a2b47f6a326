"""Recording a treatment: what is stored, and every check that refuses a record (nothing is
stored when one fails)."""

import datetime as dt

import pytest

from tests.records.builders import issue, practitioner, record_input
from tests.register.builders import make_product
from treatsafe.records import services
from treatsafe.records.models import RecordProduct, RecordVersion, TreatmentRecord
from treatsafe.records.recording import ProductUse, RecordRefused
from treatsafe.register.models import AuditEntry

pytestmark = pytest.mark.django_db


def _nothing_stored():
    return (
        TreatmentRecord.objects.count(),
        RecordVersion.objects.count(),
        RecordProduct.objects.count(),
    ) == (0, 0, 0)


def test_a_recorded_treatment_keeps_every_field_and_a_random_256_bit_address():
    user, listing, product = practitioner()
    record = issue(user, listing, patient_email="pat@example.test")
    version = record.current
    assert len(record.token) >= 43 and not record.token.isdigit()
    assert version.number == 1 and version.area == "upper lip" and version.route == "injected"
    assert (
        version.practitioner_name == listing.name and version.accreditation_status == "accredited"
    )
    row = version.products.get()
    assert (row.name, row.batch, row.source) == (product.name, "LOT123", "synthetic")
    assert AuditEntry.objects.filter(action="record_issued", object_id=str(record.pk)).exists()


def test_two_records_never_share_an_address():
    user, listing, _ = practitioner()
    assert issue(user, listing).token != issue(user, listing).token


def test_a_batch_past_its_expiry_date_is_refused_and_nothing_is_stored():
    user, listing, product = practitioner()
    treated = dt.date.today() - dt.timedelta(days=1)
    expired = [ProductUse(product.pk, "OLD1", treated - dt.timedelta(days=1))]
    with pytest.raises(RecordRefused, match="expired") as refused:
        issue(user, listing, products=expired)
    assert refused.value.details["field"] == "products"
    assert _nothing_stored()


def test_a_prescription_only_medicine_without_a_prescriber_is_refused():
    user, listing, _ = practitioner(treatments=("botulinum-toxin",))
    toxin = make_product(
        listing, name="Toxin", source="microbial", regulatory_status="licensed_medicine"
    )
    with pytest.raises(RecordRefused, match="prescriber") as refused:
        issue(user, listing, product=toxin, treatment="botulinum-toxin")
    assert refused.value.details["field"] == "prescriber_name"
    assert _nothing_stored()


def test_a_prescription_only_medicine_needs_a_face_to_face_consultation_on_or_before_it():
    user, listing, _ = practitioner(treatments=("botulinum-toxin",))
    toxin = make_product(
        listing, name="Toxin", source="microbial", regulatory_status="licensed_medicine"
    )
    fields = {
        "product": toxin,
        "treatment": "botulinum-toxin",
        "prescriber_name": "Dr A Prescriber",
        "prescriber_number": "GMC 1234567",
    }
    with pytest.raises(RecordRefused, match="face-to-face"):
        issue(user, listing, **fields)
    with pytest.raises(RecordRefused, match="on or before"):
        issue(user, listing, consultation_date=dt.date.today(), **fields)
    assert _nothing_stored()
    record = issue(
        user, listing, consultation_date=dt.date.today() - dt.timedelta(days=3), **fields
    )
    assert record.current.prescriber_number == "GMC 1234567"


def test_filler_for_an_under_18_in_england_is_refused_citing_the_2021_act():
    user, listing, _ = practitioner()
    with pytest.raises(RecordRefused, match="under-18") as refused:
        issue(user, listing, patient_age_band="under_18")
    assert refused.value.details["field"] == "patient_age_band"
    assert _nothing_stored()


def test_the_under_18_rule_is_englands_only():
    from tests.register.builders import make_clinic

    clinic = make_clinic(nation="wales", postcode="CF10 1AA")
    user, listing, _ = practitioner(clinic=clinic)
    record = issue(user, listing, patient_age_band="under_18")
    assert record.current.verdict == "caution"


def test_a_product_whose_verdict_is_unlawful_is_refused():
    user, listing, _ = practitioner(treatments=("exosomes",))
    human = make_product(listing, name="Human exosome serum", source="human", route="injected")
    with pytest.raises(RecordRefused, match="against the law") as refused:
        issue(user, listing, product=human, treatment="exosomes")
    assert refused.value.details["field"] == "products"
    assert _nothing_stored()


def test_only_products_from_the_practitioners_own_listing_can_be_recorded():
    user, listing, _ = practitioner()
    _, _, someone_elses = practitioner()
    with pytest.raises(RecordRefused, match="your listing"):
        issue(user, listing, product=someone_elses)
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"treated_on": dt.date.today() + dt.timedelta(days=1)}, "treated_on"),
        ({"treatment": "teeth-whitening"}, "treatment"),
        ({"clinic_id": 999999}, "clinic"),
        ({"route": "swallowed"}, "route"),
        ({"area": "  "}, "area"),
        ({"aftercare": ""}, "aftercare"),
        ({"patient_age_band": ""}, "patient_age_band"),
        ({"products": []}, "products"),
        ({"patient_email": "not an email"}, "patient_email"),
    ],
)
def test_each_missing_or_wrong_answer_is_refused_with_its_field(fields, field):
    user, listing, _ = practitioner()
    with pytest.raises(RecordRefused) as refused:
        services.record_treatment(user, record_input(listing, **fields))
    assert refused.value.details["field"] == field
    assert _nothing_stored()


def test_an_issued_version_cannot_be_changed():
    user, listing, _ = practitioner()
    version = issue(user, listing).current
    version.area = "changed"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        RecordVersion.objects.filter(pk=version.pk).update(area="changed")
    with pytest.raises(PermissionError):
        RecordProduct.objects.filter(version=version).update(batch="X")


def test_a_correction_is_a_new_version_saying_what_changed_and_when():
    user, listing, _ = practitioner()
    record = issue(user, listing)
    services.correct_record(
        user, record.token, record_input(listing, area="lower lip"), "Wrong area written"
    )
    versions = list(record.versions.order_by("number"))
    assert [v.area for v in versions] == ["upper lip", "lower lip"]
    assert "area treated" in versions[1].changes and "Wrong area written" in versions[1].changes
    assert versions[1].issued_at >= versions[0].issued_at


def test_a_correction_needs_a_reason_and_passes_the_same_checks():
    user, listing, _ = practitioner()
    record = issue(user, listing)
    with pytest.raises(RecordRefused, match="why"):
        services.correct_record(user, record.token, record_input(listing), "")
    with pytest.raises(RecordRefused, match="under-18"):
        services.correct_record(
            user, record.token, record_input(listing, patient_age_band="under_18"), "age"
        )
    assert record.versions.count() == 1


def test_the_patient_is_emailed_the_link_when_an_address_is_given(
    mailoutbox, django_capture_on_commit_callbacks
):
    user, listing, _ = practitioner()
    with django_capture_on_commit_callbacks(execute=True):
        record = issue(user, listing, patient_email="pat@example.test")
        issue(user, listing)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@example.test"]
    assert f"/records/r/{record.token}/" in mailoutbox[0].body
