"""Public pages of the register: search, a listing, reporting a concern. Thin: each is one
service call rendered as HTML (the API renders the same calls as JSON)."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from treatsafe.core import ratelimit
from treatsafe.core.errors import DomainError
from treatsafe.register import exports, extensions, services
from treatsafe.register import search as register_search
from treatsafe.register.forms import ReportForm, SearchForm
from treatsafe.register.public import public_listing, treatment_name


def search_page(request):
    """GET /register/?q=...: the search form, and results nearest first."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form, "answer": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            place = register_search.locate(data["q"])
            query = register_search.SearchQuery(
                latitude=place.latitude,
                longitude=place.longitude,
                radius_miles=data["radius"] or register_search.DEFAULT_RADIUS,
                treatment=data["treatment"] or None,
                nation=data["nation"] or None,
                include_all=data["all"],
            )
            context["answer"] = register_search.search(query, place=place)
        except DomainError as error:
            field = error.details.get("field")
            form.add_error(field if field in form.fields else "q", error.message)
            context["options"] = error.details.get("options", [])
        else:
            context["treatment_name"] = treatment_name(query.treatment) if query.treatment else ""
            context["crown_dependency"] = place.crown_dependency
            api = reverse("api:search_practitioners")
            params = {"postcode": data["q"], "radius_miles": query.radius_miles}
            if query.treatment:
                params["treatment"] = query.treatment
            if query.nation:
                params["nation"] = query.nation
            if query.include_all:
                params["status"] = "all"
            context["json_url"] = f"{api}?{urlencode(params)}"
    return render(request, "register/search.html", context)


def listing_page(request, practitioner_id: int):
    """GET /register/practitioners/<id>/: everything public about one listing."""
    try:
        listing = services.get_public_listing(practitioner_id)
    except DomainError:
        return render(request, "core/404.html", status=404)
    data = public_listing(listing, timezone.localdate())
    clinics = {c["id"]: c for c in data["clinics"]}
    for offer in data["treatments"]:
        offer["clinic"] = clinics.get(offer["clinic_id"])
    return render(
        request,
        "register/listing.html",
        {
            "listing": data,
            "sections": extensions.listing_sections(listing),
            "json_url": reverse("api:get_practitioner", args=[listing.pk]),
        },
    )


def report_page(request, practitioner_id: int):
    """Report a concern about a listing to the assessors."""
    try:
        listing = services.get_public_listing(practitioner_id)
    except DomainError:
        return render(request, "core/404.html", status=404)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit(request, "report")  # counts reports made, not typing mistakes
        except ratelimit.RateLimited as error:
            return ratelimit.too_many_requests(request, error)
        try:
            services.report_listing(listing.pk, form.cleaned_data["description"])
        except DomainError as error:
            form.add_error("description", error.message)
        else:
            messages.success(request, "Thank you: your report has been sent to the assessors.")
            return redirect("register:listing", practitioner_id=listing.pk)
    return render(request, "register/report.html", {"form": form, "listing": listing})


def export_csv(request):
    """The whole public register as CSV (licence and attribution in the leading # lines)."""
    response = StreamingHttpResponse(exports.csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="treatsafe-register.csv"'
    response["Link"] = f'<{exports.LICENCE["url"]}>; rel="license"'
    return response


def export_json(request):
    """The whole public register as JSON, with its licence and attribution."""
    response = StreamingHttpResponse(exports.json_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="treatsafe-register.json"'
    response["Link"] = f'<{exports.LICENCE["url"]}>; rel="license"'
    return response
