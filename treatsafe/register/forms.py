"""Forms for the register's pages. They check shape only; the services enforce the rules."""

from django import forms

from treatsafe.register.models import (
    Nation,
    Practitioner,
    Profession,
    RegulatoryStatus,
    Report,
    Route,
    Source,
)
from treatsafe.register.registration import REGISTER_CHOICES
from treatsafe.register.search import DEFAULT_RADIUS, RADIUS_CHOICES
from treatsafe.register.services import PRACTITIONER_FIELDS
from treatsafe.register.standards import Finding


def treatment_choices(blank: str | None = None):
    from treatsafe.treatments.catalogue import TREATMENTS

    choices = [(t.slug, t.name) for t in TREATMENTS]
    return [("", blank), *choices] if blank else choices


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Postcode, town, name or registration number",
        max_length=100,
        error_messages={
            "required": "Enter a postcode, a town, a practitioner's or clinic's name, or a "
            "registration number."
        },
    )
    radius = forms.TypedChoiceField(
        label="Distance",
        choices=[(r, f"Within {r} mile{'s' if r > 1 else ''}") for r in RADIUS_CHOICES],
        coerce=int,
        initial=DEFAULT_RADIUS,
        required=False,
    )
    treatment = forms.ChoiceField(label="Treatment", required=False, choices=())
    nation = forms.ChoiceField(
        label="Nation", required=False, choices=[("", "Any nation"), *Nation.choices]
    )
    all = forms.BooleanField(label="Also show listings that are not accredited now", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment"].choices = treatment_choices("Any treatment")


class ListingForm(forms.ModelForm):
    class Meta:
        model = Practitioner
        # The fields a practitioner may edit are the ones the audited service writes.
        fields = list(PRACTITIONER_FIELDS)
        labels = {
            "name": "Full name",
            "statutory_register": "Statutory register",
            "registration_number": "Registration number",
            "is_prescriber": "I am an independent prescriber",
            "insurance_expires": "Insurance expiry date",
        }
        widgets = {
            "profession": forms.Select(choices=Profession.choices),
            "statutory_register": forms.Select(choices=REGISTER_CHOICES),
            "insurance_expires": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "qualifications": forms.Textarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profession = self.fields["profession"]
        profession.choices = [("", "Choose your profession"), *Profession.choices]
        profession.widget.choices = profession.choices
        profession.error_messages["required"] = "Select your profession"


class ClinicForm(forms.Form):
    name = forms.CharField(label="Clinic name", max_length=200)
    address = forms.CharField(label="Address (without the postcode)", widget=forms.Textarea)
    postcode = forms.CharField(label="Postcode", max_length=10)
    phone = forms.CharField(label="Phone number for patients", max_length=32, required=False)
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the website address, like https://www.example.com"},
    )


class ProductForm(forms.Form):
    name = forms.CharField(label="Product name", max_length=200)
    manufacturer = forms.CharField(label="Manufacturer", max_length=200)
    source = forms.ChoiceField(
        label="What is it made from?", choices=Source.choices, widget=forms.RadioSelect
    )
    route = forms.ChoiceField(
        label="How is it given?", choices=Route.choices, widget=forms.RadioSelect
    )
    regulatory_status = forms.ChoiceField(
        label="Regulatory status", choices=RegulatoryStatus.choices, widget=forms.RadioSelect
    )
    ingredients = forms.CharField(
        label="Ingredient list (optional)", widget=forms.Textarea, required=False
    )


class OfferForm(forms.Form):
    treatment = forms.ChoiceField(label="Treatment", choices=())
    clinic_id = forms.TypedChoiceField(label="Clinic", coerce=int, choices=())
    price_from = forms.DecimalField(
        label="Price from (£)", min_value=0, max_digits=8, decimal_places=2
    )
    price_to = forms.DecimalField(label="Price to (£)", min_value=0, max_digits=8, decimal_places=2)
    product_ids = forms.TypedMultipleChoiceField(
        label="Products used",
        coerce=int,
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, listing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment"].choices = treatment_choices()
        if listing is not None:
            self.fields["clinic_id"].choices = [(c.pk, str(c)) for c in listing.clinics.all()]
            self.fields["product_ids"].choices = [(p.pk, str(p)) for p in listing.products.all()]


class FindingForm(forms.Form):
    finding = forms.ChoiceField(label="Finding", choices=Finding.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(label="Evidence note", widget=forms.Textarea, required=False)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (published on the listing)", widget=forms.Textarea, required=False
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["description"]
        labels = {"description": "What concerns you about this listing?"}
