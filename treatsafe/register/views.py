"""Public pages of the register: search, a listing, reporting a concern. Thin: each is one
service call rendered as HTML (the API renders the same calls as JSON)."""

from django.contrib import messages
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from treatsafe.core import ratelimit
from treatsafe.core.errors import DomainError
from treatsafe.core.paging import pagination
from treatsafe.register import datapackage, exports, extensions, lookup, services
from treatsafe.register import search as register_search
from treatsafe.register.extensions import listing_links
from treatsafe.register.forms import ReportForm, SearchForm
from treatsafe.register.public import public_listing, treatment_name


def _page_number(text: str | None) -> int:
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise register_search.InvalidSearch("The page must be a whole number from 1.", field="q")
    return int(text)


def search_page(request):
    """GET /register/?q=...: one box for a postcode, a town, a name or a registration number;
    results a page at a time, with the true total."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form, "answer": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        by = request.GET.get("by") if request.GET.get("by") in lookup.KINDS else None
        try:
            answer = lookup.look_up(
                data["q"],
                by=by,
                page=_page_number(request.GET.get("page")),
                radius_miles=data["radius"] or register_search.DEFAULT_RADIUS,
                treatment=data["treatment"] or None,
                nation=data["nation"] or None,
                include_all=data["all"],
            )
        except DomainError as error:
            field = error.details.get("field")
            form.add_error(field if field in form.fields else "q", error.message)
            context["options"] = error.details.get("options", [])
        else:
            query = answer["query"]
            context["answer"] = answer
            context["treatment_name"] = (
                treatment_name(query["treatment"]) if query.get("treatment") else ""
            )
            context["crown_dependency"] = answer.get("crown_dependency")
            context["pagination"] = pagination(request.GET, answer["page"], answer["pages"])
            api = reverse("api:look_up_practitioners")
            params = {k: v for k, v in request.GET.items() if v and k != "all"}
            if data["all"]:
                params["status"] = "all"
            params.pop("radius", None)
            if query["kind"] == lookup.Kind.PLACE:
                params["radius_miles"] = query["radius_miles"]
            context["json_url"] = f"{api}?{urlencode(params)}"
            context["name_link"] = "?" + urlencode({"q": data["q"], "by": "name"})
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
            "links": listing_links(listing.pk),
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


def _links() -> str:
    package = reverse("register:datapackage")
    return f'<{exports.LICENCE["url"]}>; rel="license", <{package}>; rel="describedby"'


def export_csv(request):
    """The whole public register as CSV, its header on the first line (licence, provenance and
    schema in datapackage.json beside it)."""
    response = StreamingHttpResponse(exports.csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="treatsafe-register.csv"'
    response["Link"] = _links()
    return response


def data_package(request):
    """The Frictionless Data Package describing the CSV and JSON exports."""
    return JsonResponse(datapackage.descriptor(), json_dumps_params={"indent": 2})


def export_json(request):
    """The whole public register as JSON, with its licence and attribution."""
    response = StreamingHttpResponse(exports.json_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="treatsafe-register.json"'
    response["Link"] = _links()
    return response
