"""Forms for treatment records and complication reports: field shapes only; every rule is in
recording.py and complications.py, so the API and the pages refuse the same things."""

from django import forms

from treatsafe.records.complications import EMERGENCY_SIGNS, HOW_NOW, SEEN_DOCTOR
from treatsafe.records.models import ComplicationReport
from treatsafe.records.recording import AGE_BANDS, ROUTES, ProductUse, RecordInput
from treatsafe.treatments.catalogue import TREATMENTS

PRODUCT_ROWS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, required=True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a real date, like 2026-03-27.",
        },
    )


class RecordForm(forms.Form):
    treated_on = date_field("Date of treatment")
    treatment = forms.ChoiceField(
        label="Treatment",
        choices=[("", "Choose the treatment")] + [(t.slug, t.name) for t in TREATMENTS],
        error_messages={"required": "Choose the treatment."},
    )
    clinic = forms.TypedChoiceField(
        label="Clinic", coerce=int, error_messages={"required": "Choose the clinic."}
    )
    route = forms.ChoiceField(
        label="How it was given",
        choices=list(ROUTES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the treatment was given."},
    )
    area = forms.CharField(
        label="Area treated", max_length=200, error_messages={"required": "Enter the area treated."}
    )
    prescriber_name = forms.CharField(label="Prescriber's name", max_length=200, required=False)
    prescriber_number = forms.CharField(
        label="Prescriber's registration number", max_length=32, required=False
    )
    consultation_date = date_field("Date of the face-to-face consultation", required=False)
    aftercare = forms.CharField(
        label="Aftercare advice given",
        widget=forms.Textarea,
        max_length=3000,
        error_messages={"required": "Enter the aftercare advice you gave."},
    )
    patient_age_band = forms.ChoiceField(
        label="Is the patient 18 or over?",
        choices=list(AGE_BANDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the patient is 18 or over."},
    )
    patient_email = forms.EmailField(
        label="Patient's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter the email address like name@example.com."},
    )

    def __init__(self, *args, listing=None, **kwargs):
        super().__init__(*args, **kwargs)
        clinics = list(listing.clinics.all()) if listing else []
        self.fields["clinic"].choices = [("", "Choose the clinic")] + [
            (c.pk, str(c)) for c in clinics
        ]
        choices = [("", "No product")] + [
            (p.pk, f"{p.name} ({p.manufacturer})")
            for p in (listing.products.all() if listing else [])
        ]
        for i in range(1, PRODUCT_ROWS + 1):
            self.fields[f"product_{i}"] = forms.TypedChoiceField(
                label=f"Product {i}", choices=choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"batch_{i}"] = forms.CharField(
                label=f"Product {i}: batch or lot number", max_length=64, required=False
            )
            self.fields[f"expiry_{i}"] = date_field(f"Product {i}: expiry date", required=False)
        order = ["treated_on", "treatment", "clinic", "route", "area"]
        for i in range(1, PRODUCT_ROWS + 1):
            order += [f"product_{i}", f"batch_{i}", f"expiry_{i}"]
        self.order_fields(order)

    def product_rows(self):
        return [
            (self[f"product_{i}"], self[f"batch_{i}"], self[f"expiry_{i}"])
            for i in range(1, PRODUCT_ROWS + 1)
        ]

    def to_input(self) -> RecordInput:
        data = self.cleaned_data
        uses = [
            ProductUse(data[f"product_{i}"], data[f"batch_{i}"], data[f"expiry_{i}"])
            for i in range(1, PRODUCT_ROWS + 1)
            if data.get(f"product_{i}")
        ]
        return RecordInput(
            treated_on=data["treated_on"],
            treatment=data["treatment"],
            clinic_id=data["clinic"],
            route=data["route"],
            area=data["area"],
            aftercare=data["aftercare"],
            patient_age_band=data["patient_age_band"],
            products=uses,
            prescriber_name=data["prescriber_name"],
            prescriber_number=data["prescriber_number"],
            consultation_date=data["consultation_date"],
            patient_email=data.get("patient_email", ""),
        )

    def error_field(self, field: str) -> str | None:
        if field == "products":
            return "product_1"
        return field if field in self.fields else None


class CorrectionForm(RecordForm):
    reason = forms.CharField(
        label="What you are correcting, and why",
        widget=forms.Textarea,
        max_length=500,
        error_messages={"required": "Say why you are correcting the record."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["patient_email"]


class SignsForm(forms.Form):
    emergency_signs = forms.MultipleChoiceField(
        label="Do you have any of these now?",
        choices=list(EMERGENCY_SIGNS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ProblemForm(forms.Form):
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Describe what happened."},
    )
    started_on = date_field("Date the problem started")
    how_now = forms.ChoiceField(
        label="How is it now?",
        choices=list(HOW_NOW.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the problem is now."},
    )
    seen_doctor = forms.ChoiceField(
        label="Have you seen a doctor about it?",
        choices=list(SEEN_DOCTOR.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have seen a doctor about it."},
    )
    emergency_signs = forms.MultipleChoiceField(
        choices=list(EMERGENCY_SIGNS.items()), required=False, widget=forms.MultipleHiddenInput
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=100,
        error_messages={
            "required": "Give the token a name, such as the clinic software it is for."
        },
    )


class TriageForm(forms.Form):
    triage = forms.ChoiceField(
        label="Triage", choices=ComplicationReport.Triage.choices, widget=forms.RadioSelect
    )
    triage_reason = forms.CharField(label="Reason for the triage", widget=forms.Textarea)


class QuestionForm(forms.Form):
    question = forms.CharField(label="Your question to the practitioner", widget=forms.Textarea)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=ComplicationReport.Outcome.choices, widget=forms.RadioSelect
    )
    outcome_note = forms.CharField(label="Note on the outcome", widget=forms.Textarea)


class SuspendForm(forms.Form):
    reason = forms.CharField(label="Reason for the suspension", widget=forms.Textarea)


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Write your response."},
    )


class BatchForm(forms.Form):
    product_name = forms.CharField(label="Product name", max_length=200)
    manufacturer = forms.CharField(label="Manufacturer", max_length=200)
    batch = forms.CharField(label="Batch or lot number", max_length=64)
    reason = forms.CharField(label="Why this batch is a concern", widget=forms.Textarea)
