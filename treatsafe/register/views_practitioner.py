"""The practitioner's own pages: create and edit their listing, clinics, products and treatments,
and apply for assessment or renewal. Every change goes through `services`, which checks the
listing is theirs and never lets them touch their accreditation."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treatsafe.core.errors import DomainError, NotFound
from treatsafe.register import accreditation, accrediting, services
from treatsafe.register.forms import ClinicForm, ListingForm, OfferForm, ProductForm
from treatsafe.register.models import Offer, Product
from treatsafe.register.permissions import is_practitioner
from treatsafe.register.public import treatment_name
from treatsafe.register.standards import STANDARDS

HOME = "register:my_listing"


def practitioner_required(view, not_found=lambda response: response):
    """Signed-in practitioners only: others are sent to sign in, or shown a 403 page; what is
    not theirs is a 404 (passed through `not_found`: the records app keeps it private)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_practitioner(request.user):
            return render(request, "register/forbidden.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            return not_found(render(request, "core/404.html", status=404))

    return wrapped


def _form_error(form, error: DomainError, default_field: str) -> None:
    field = error.details.get("field")
    form.add_error(field if field in form.fields else default_field, error.message)


def _listing_or_redirect(request):
    listing = services.own_listing(request.user)
    if listing is None:
        return None, redirect(HOME)
    return listing, None


@practitioner_required
def my_listing(request):
    """Create the listing (first visit), or see it with everything to do next."""
    listing = services.own_listing(request.user)
    if listing is None:
        initial = {"name": request.user.get_full_name()}
        form = ListingForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.create_listing(request.user, form.cleaned_data)
            except DomainError as error:
                _form_error(form, error, "registration_number")
            else:
                messages.success(request, "Your listing is created. Add the clinic where you work.")
                return redirect(HOME)
        return render(request, "register/my_listing_create.html", {"form": form})
    today = timezone.localdate()
    status = accreditation.effective_status(listing.status, listing.accredited_until, today)
    offers = listing.offers.select_related("clinic").prefetch_related("products").order_by("id")
    for offer in offers:
        offer.treatment_name = treatment_name(offer.treatment)
    return render(
        request,
        "register/my_listing.html",
        {
            "listing": listing,
            "status": status,
            "status_label": accreditation.Status(status).label,
            "clinics": listing.clinics.all(),
            "products": listing.products.all(),
            "offers": offers,
            "to_recheck": _to_recheck(listing, status),
            "can_apply": status == accreditation.Status.DRAFT,
            "can_renew": status in ("accredited", "expired") and not listing.renewal_requested,
            # What the practitioner can put right; the standards are the assessor's to assess.
            "blockers": [
                problem
                for problem in accrediting.accreditation_blockers(listing, today)
                if not problem.startswith("Standard not met")
            ]
            if status == accreditation.Status.DRAFT
            else [],
        },
    )


def _to_recheck(listing, status: str) -> list[str]:
    """Standards an assessor must check again after the practitioner's changes."""
    if status not in ("accredited", "suspended", "expired"):
        return []
    assessed = set(listing.assessments.values_list("standard", flat=True))
    return [s.title for s in STANDARDS if s.code not in assessed]


@practitioner_required
def edit_details(request):
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    form = ListingForm(request.POST or None, instance=listing if request.method != "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(request.user, listing.pk, form.cleaned_data)
        except DomainError as error:
            _form_error(form, error, "registration_number")
        else:
            messages.success(request, "Your details are saved.")
            return redirect(HOME)
    return render(request, "register/my_details.html", {"form": form})


@practitioner_required
def edit_clinic(request, clinic_id: int | None = None):
    """Add a clinic, or change one the practitioner works at."""
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    clinic = None
    if clinic_id is not None:
        clinic = listing.clinics.filter(pk=clinic_id).first()
        if clinic is None:
            raise NotFound("There is no clinic of yours with that number.")
    initial = (
        {k: getattr(clinic, k) for k in ("name", "address", "postcode", "phone", "website")}
        if clinic
        else None
    )
    form = ClinicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if clinic is None:
                services.add_clinic(request.user, listing.pk, form.cleaned_data)
            else:
                services.update_clinic(request.user, listing.pk, clinic.pk, form.cleaned_data)
        except DomainError as error:
            _form_error(form, error, "postcode")
        else:
            messages.success(request, "The clinic is saved." if clinic else "The clinic is added.")
            return redirect(HOME)
    return render(request, "register/my_clinic.html", {"form": form, "clinic": clinic})


@practitioner_required
def leave_clinic(request, clinic_id: int):
    """Confirm, then stop working at a clinic (its treatments leave the listing with it)."""
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    clinic = listing.clinics.filter(pk=clinic_id).first()
    if clinic is None:
        raise NotFound("There is no clinic of yours with that number.")
    if request.method == "POST":
        services.leave_clinic(request.user, listing.pk, clinic.pk)
        messages.success(request, f"{clinic.name} is no longer on your listing.")
        return redirect(HOME)
    offers = listing.offers.filter(clinic=clinic).order_by("id")
    for offer in offers:
        offer.treatment_name = treatment_name(offer.treatment)
    return render(request, "register/my_clinic_leave.html", {"clinic": clinic, "offers": offers})


@practitioner_required
def edit_product(request, product_id: int | None = None):
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    product = None
    if product_id is not None:
        product = Product.objects.filter(pk=product_id, practitioner=listing).first()
        if product is None:
            raise NotFound("There is no product of yours with that number.")
    initial = (
        {
            k: getattr(product, k)
            for k in ("name", "manufacturer", "source", "route", "regulatory_status", "ingredients")
        }
        if product
        else None
    )
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_product(request.user, listing.pk, form.cleaned_data, product_id)
        except DomainError as error:
            _form_error(form, error, "name")
        else:
            messages.success(request, "The product is saved and checked.")
            return redirect(HOME)
    return render(request, "register/my_product.html", {"form": form, "product": product})


@practitioner_required
def edit_offer(request, offer_id: int | None = None):
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    offer = None
    if offer_id is not None:
        offer = Offer.objects.filter(pk=offer_id, practitioner=listing).first()
        if offer is None:
            raise NotFound("There is no treatment of yours with that number.")
    if not listing.clinics.exists():
        messages.success(request, "Add the clinic where you work before adding treatments.")
        return redirect("register:my_clinic")
    initial = None
    if offer:
        initial = {
            "treatment": offer.treatment,
            "clinic_id": offer.clinic_id,
            "price_from": offer.price_from,
            "price_to": offer.price_to,
            "product_ids": [p.pk for p in offer.products.all()],
        }
    form = OfferForm(request.POST or None, initial=initial, listing=listing)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_offer(request.user, listing.pk, form.cleaned_data, offer_id)
        except DomainError as error:
            _form_error(form, error, "treatment")
        else:
            if saved.verdict == "unlawful":  # shown as an error on the treatment's own page
                return redirect("register:my_offer", offer_id=saved.pk)
            if listing.status == accreditation.Status.DRAFT:
                messages.success(
                    request,
                    "The treatment is saved. It will be public once you apply for assessment.",
                )
            else:
                messages.success(request, "The treatment is saved and published.")
            return redirect(HOME)
    errors = []
    if offer is not None and offer.verdict == "unlawful" and not form.is_bound:
        errors = [
            (
                "id_product_ids_0" if form.fields["product_ids"].choices else "id_treatment",
                UNLAWFUL_HEADLINE,
            )
        ]
        errors += [("id_treatment", reason) for reason in offer.verdict_reasons]
    return render(
        request, "register/my_offer.html", {"form": form, "offer": offer, "errors": errors}
    )


UNLAWFUL_HEADLINE = (
    "Not published: our treatment checker finds this treatment unlawful as offered. Change what "
    "the reasons say (the products used, their source or route, or who gives the treatment), "
    "or remove the treatment."
)


@practitioner_required
def delete_offer(request, offer_id: int):
    """Ask first (a page, no JavaScript needed), then remove a treatment."""
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    offer = Offer.objects.filter(pk=offer_id, practitioner=listing).first()
    if offer is None:
        raise NotFound("There is no treatment of yours with that number.")
    if request.method == "POST":
        services.delete_offer(request.user, offer_id)
        messages.success(request, "The treatment is removed.")
        return redirect(HOME)
    name = treatment_name(offer.treatment)
    return render(
        request,
        "register/my_remove.html",
        {"thing": f"{name} at {offer.clinic.name}", "what": "treatment", "listing": listing},
    )


@practitioner_required
def delete_product(request, product_id: int):
    """Ask first, then remove a product (it leaves every treatment it was used for)."""
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    product = listing.products.filter(pk=product_id).first()
    if product is None:
        raise NotFound("There is no product of yours with that number.")
    if request.method == "POST":
        services.delete_product(request.user, listing.pk, product_id)
        messages.success(request, "The product is removed.")
        return redirect(HOME)
    uses = [treatment_name(o.treatment) for o in product.offers.all()]
    return render(
        request,
        "register/my_remove.html",
        {"thing": product.name, "what": "product", "uses": uses, "listing": listing},
    )


@require_POST
@practitioner_required
def apply(request):
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    try:
        accrediting.transition(request.user, listing.pk, "apply")
    except DomainError as error:
        return render(request, "register/my_apply_failed.html", {"error": error}, status=400)
    messages.success(request, "Your application is sent. An assessor will contact you.")
    return redirect(HOME)


@require_POST
@practitioner_required
def renew(request):
    listing, away = _listing_or_redirect(request)
    if away:
        return away
    try:
        accrediting.request_renewal(request.user, listing.pk)
    except DomainError as error:
        return render(request, "register/my_apply_failed.html", {"error": error}, status=400)
    messages.success(request, "Your renewal application is sent.")
    return redirect(HOME)
