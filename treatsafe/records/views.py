"""Pages for treatment records: the practitioner's (record, correct, list, API tokens, respond
to a report) and the patient's (their record at its private address, JSON, PDF, delete, report
a problem). Thin: each calls one service."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from treatsafe.core.errors import DomainError, NotFound
from treatsafe.core.ratelimit import too_many_requests
from treatsafe.records import complications, display, extensions, services, tokens
from treatsafe.records.forms import (
    CorrectionForm,
    ProblemForm,
    RecordForm,
    ResponseForm,
    SignsForm,
    TokenForm,
)
from treatsafe.records.models import ApiToken
from treatsafe.records.pdf import render_record_pdf
from treatsafe.records.ratelimit import RateLimited, check, client_key
from treatsafe.register.public import treatment_name
from treatsafe.register.services import own_listing
from treatsafe.register.views_practitioner import practitioner_required as listing_owner_required

PRIVATE = "no-store"


def _private(response):
    """Health records are never cached or indexed."""
    response["Cache-Control"] = PRIVATE
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _data(request):
    return request.POST if request.method == "POST" else None


def _not_found(request):
    return _private(render(request, "core/404.html", status=404))


def practitioner_required(view):
    """The register's check for practitioners' pages, with a private 404."""
    return listing_owner_required(view, not_found=_private)


def _form_error(form, error: DomainError, default: str) -> None:
    field = (
        form.error_field(error.details.get("field", "")) if hasattr(form, "error_field") else None
    )
    if field is None:
        field = error.details.get("field") if error.details.get("field") in form.fields else default
    form.add_error(field, error.message)


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@practitioner_required
def mine(request):
    listing = own_listing(request.user)
    records = services.own_records(request.user).prefetch_related("versions")[:200]
    rows = [(r, r.current) for r in records]
    rows = [(r, v, treatment_name(v.treatment)) for r, v in rows]
    return _private(
        render(
            request,
            "records/mine.html",
            {
                "listing": listing,
                "rows": rows,
                "reports": complications.for_practitioner(request.user)[:50],
            },
        )
    )


@practitioner_required
def new(request):
    listing = own_listing(request.user)
    if listing is None:
        return redirect("register:my_listing")
    form = RecordForm(_data(request), listing=listing)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_treatment(
                request.user, form.to_input(), base_url=_base(request)
            )
        except DomainError as error:
            _form_error(form, error, "treatment")
        else:
            messages.success(request, "The treatment record is issued.")
            return redirect("records:practitioner_record", token=record.token)
    return _private(render(request, "records/record_form.html", {"form": form, "correcting": None}))


def _initial(version) -> dict:
    initial = {
        "treated_on": version.treated_on,
        "treatment": version.treatment,
        "clinic": version.clinic_id_at_time,
        "route": version.route,
        "area": version.area,
        "aftercare": version.aftercare,
        "patient_age_band": version.patient_age_band,
        "prescriber_name": version.prescriber_name,
        "prescriber_number": version.prescriber_number,
        "consultation_date": version.consultation_date,
    }
    for i, product in enumerate(version.products.all(), start=1):
        initial.update(
            {
                f"product_{i}": product.product_ref,
                f"batch_{i}": product.batch,
                f"expiry_{i}": product.expires_on,
            }
        )
    return initial


@practitioner_required
def correct(request, token: str):
    record = services.own_records(request.user).filter(token=token).first()
    if record is None:
        return _not_found(request)
    listing = own_listing(request.user)
    form = CorrectionForm(_data(request), listing=listing, initial=_initial(record.current))
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_record(
                request.user,
                token,
                form.to_input(),
                form.cleaned_data["reason"],
                base_url=_base(request),
            )
        except DomainError as error:
            _form_error(form, error, "reason")
        else:
            messages.success(request, "The correction is issued as a new version of the record.")
            return redirect("records:practitioner_record", token=token)
    return _private(
        render(request, "records/record_form.html", {"form": form, "correcting": record})
    )


def _record_page(request, record, viewer: str, **context):
    view = display.record_view(record)
    sections = extensions.record_sections(record, viewer)
    return _private(
        render(
            request,
            "records/record.html",
            {
                "record": view,
                "token": record.token,
                "viewer": viewer,
                "sections": sections,
                "patient_url": request.build_absolute_uri(
                    reverse("records:patient", args=[record.token])
                ),
                **context,
            },
        )
    )


@practitioner_required
def practitioner_record(request, token: str):
    record = services.for_practitioner(request.user, token, "viewed the record page")
    return _record_page(request, record, "practitioner")


@practitioner_required
def practitioner_pdf(request, token: str):
    record = services.for_practitioner(request.user, token, "printed the record for the patient")
    return _pdf(request, record)


def _pdf(request, record):
    url = request.build_absolute_uri(reverse("records:patient", args=[record.token]))
    body = render_record_pdf(display.record_view(record), url)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="treatment-record.pdf"'
    return _private(response)


@practitioner_required
def api_tokens(request):
    form = TokenForm(_data(request))
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            _, made = tokens.create(request.user, form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name", error.message)
    rows = ApiToken.objects.filter(user=request.user)
    return _private(
        render(request, "records/tokens.html", {"form": form, "made": made, "rows": rows})
    )


@require_POST
@practitioner_required
def revoke_token(request, token_id: int):
    tokens.revoke(request.user, token_id)
    messages.success(request, "The token is revoked: it no longer works.")
    return redirect("records:tokens")


@practitioner_required
def respond(request, report_id: int):
    report = complications.for_practitioner(request.user).filter(pk=report_id).first()
    if report is None:
        return _not_found(request)
    form = ResponseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            complications.respond(request.user, report_id, form.cleaned_data["response"])
        except DomainError as error:
            form.add_error("response", error.message)
        else:
            messages.success(request, "Your response is sent to the assessor.")
            return redirect("records:mine")
    return _private(render(request, "records/respond.html", {"form": form, "report": report}))


# --- the patient ---------------------------------------------------------------------------


def _patient(request, token):
    try:
        return services.for_patient(token)
    except NotFound:
        return None


def patient(request, token: str):
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    return _record_page(request, record, "patient")


def patient_json(request, token: str):
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    body = json.dumps(display.patient_export(record), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="treatment-record.json"'
    return _private(response)


def patient_pdf(request, token: str):
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    return _pdf(request, record)


def patient_delete(request, token: str):
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    if request.method == "POST":
        services.delete_for_patient(token)
        return _private(render(request, "records/deleted.html"))
    return _private(render(request, "records/delete.html", {"token": token}))


def problem(request, token: str):
    """Step 1: the signs of an emergency, asked first; any of them shows 999/A&E at once,
    before anything is stored."""
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    form = SignsForm(_data(request))
    if request.method == "POST" and form.is_valid():
        signs = form.cleaned_data["emergency_signs"]
        query = "&".join(f"signs={s}" for s in signs)
        details = reverse("records:problem_details", args=[token]) + (f"?{query}" if query else "")
        if signs:
            return _private(
                render(
                    request,
                    "records/problem_emergency.html",
                    {
                        "signs": complications.emergency(signs),
                        "details_url": details,
                        "token": token,
                    },
                )
            )
        return redirect(details)
    return _private(render(request, "records/problem_signs.html", {"form": form, "token": token}))


def problem_details(request, token: str):
    """Step 2: what happened, when, how it is now, whether a doctor has been seen."""
    record = _patient(request, token)
    if record is None:
        return _not_found(request)
    signs = [s for s in request.GET.getlist("signs") if s in complications.EMERGENCY_SIGNS]
    form = ProblemForm(_data(request), initial={"emergency_signs": signs})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check(
                "complication",
                client_key(request),
                limit=10,
                window=3600,
                message="Too many reports from here: try again in an hour, or call NHS 111.",
            )
            complications.report_problem(
                record,
                complications.ReportInput(
                    data["what_happened"],
                    data["started_on"],
                    data["how_now"],
                    data["seen_doctor"],
                    data["emergency_signs"],
                ),
            )
        except RateLimited as limited:
            return too_many_requests(request, limited)
        except DomainError as failure:
            field = failure.details.get("field")
            form.add_error(field if field in form.fields else "what_happened", failure.message)
        else:
            messages.success(
                request,
                "Your report is sent to our assessors and to the practitioner. If you get worse, "
                "call NHS 111, or 999 in an emergency.",
            )
            return redirect("records:patient", token=token)
    return _private(
        render(
            request,
            "records/problem_details.html",
            {
                "form": form,
                "token": token,
                "signs": complications.emergency(signs),
                "yellow_card": complications.YELLOW_CARD_URL
                if display.record_view(record)["medicine_or_device"]
                else None,
            },
        )
    )
