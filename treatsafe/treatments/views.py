"""Pages for treatments: thin renderings of services, adverts, prices and the wizard steps."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from treatsafe.core.errors import DomainError
from treatsafe.treatments import advice, wizard
from treatsafe.treatments.adverts import MAX_ADVERT_CHARACTERS, check_advert
from treatsafe.treatments.catalogue import TREATMENTS, get_treatment
from treatsafe.treatments.changes import changes_for
from treatsafe.treatments.prices import price_context
from treatsafe.treatments.rules import STATUSES, get_ruleset
from treatsafe.treatments.services import (
    NationNeeded,
    TreatmentQuery,
    check_treatment,
    resolve_jurisdiction,
)

RESULT_FIELDS = (
    "treatment",
    "source",
    "route",
    "jurisdiction",
    "age_band",
    "administered_by",
    "prescriber",
    "packaging",
    "evidence",
    "accreditation",
    "clinic_registered",
)


def _answers(request) -> dict:
    return request.session.get(wizard.SESSION_KEY, {})


def _save(request, answers: dict) -> None:
    request.session[wizard.SESSION_KEY] = answers
    request.session.modified = True


# --- The catalogue -------------------------------------------------------------------------


def index(request):
    return render(request, "treatments/index.html", {"treatments": TREATMENTS})


def detail(request, slug):
    try:
        treatment = get_treatment(slug)
    except DomainError:
        raise Http404 from None
    ruleset = get_ruleset()
    rules = [
        (rule, rule.concerns_treatment(slug))
        for rule in ruleset.rules
        if slug in rule.when.get("treatment", ())
    ]
    return render(
        request,
        "treatments/detail.html",
        {
            "treatment": treatment,
            "rules": rules,
            "price": price_context(slug),
            "last_verified": ruleset.last_verified,
        },
    )


def rules(request):
    ruleset = get_ruleset()
    history = {rule.id: changes_for(ruleset.changes, rule.id) for rule in ruleset.rules}
    by_status = [
        (status, [(r, history[r.id]) for r in ruleset.rules if r.status == status])
        for status in STATUSES
    ]
    return render(
        request,
        "treatments/rules.html",
        {"ruleset": ruleset, "by_status": by_status, "labels": advice.VERDICT_LABELS},
    )


# --- The step-by-step check ----------------------------------------------------------------


def start(request):
    return render(request, "treatments/start.html")


def new_check(request):
    """Start again with no answers (or with the treatment chosen on a treatment's page)."""
    answers = {}
    slug = request.GET.get("treatment")
    if slug in {t.slug for t in TREATMENTS}:
        answers["treatment"] = slug
    _save(request, answers)
    first = "source" if answers else "treatment"
    return redirect("treatments:step", step=first)


@require_http_methods(["GET", "POST"])
def step(request, step):
    current = wizard.STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    answers = dict(_answers(request))
    if not current.applies(answers):
        return redirect("treatments:step", step=wizard.first_unanswered(answers) or "treatment")
    error = None
    value = answers.get(current.field, "")
    if request.method == "POST":
        value, error = current.clean(request.POST.get(current.field), answers)
        if error is None and current.slug == "postcode":
            error = _apply_postcode(answers, value)
        if error is None:
            answers[current.field] = value
            if current.slug == "nation":
                answers["jurisdiction"] = value
            if current.slug == "treatment" and value not in wizard.ASKS_PRESCRIBER:
                answers.pop("prescriber", None)
            _save(request, answers)
            if request.GET.get("return") == "check":
                # Back to "check your answers", via any question the change makes necessary.
                missing = wizard.first_unanswered(answers)
                if missing is None:
                    return redirect("treatments:answers")
                return redirect(reverse("treatments:step", args=[missing]) + "?return=check")
            return _go(wizard.next_slug(answers, current.slug))
        value = request.POST.get(current.field, "")
    back = wizard.previous_slug(answers, current.slug)
    return render(
        request,
        "treatments/question.html",
        {
            "step": current,
            "choices": current.choices_for(answers),
            "value": value,
            "error": error,
            "back_url": (
                reverse("treatments:step", args=[back]) if back else reverse("treatments:start")
            ),
        },
        status=400 if error else 200,
    )


def _go(slug: str):
    if slug == "check":
        return redirect("treatments:answers")
    return redirect("treatments:step", step=slug)


def _apply_postcode(answers: dict, postcode: str) -> str | None:
    """Look the postcode up; remember its jurisdiction, or the nations to ask about."""
    answers.pop("nation", None)
    answers.pop("candidate_nations", None)
    answers.pop("jurisdiction", None)
    try:
        jurisdiction, _ = resolve_jurisdiction(postcode)
    except NationNeeded as needed:
        answers["candidate_nations"] = needed.details["candidate_nations"]
        return None
    except DomainError as error:
        return error.message
    answers["jurisdiction"] = jurisdiction
    return None


@require_http_methods(["GET", "POST"])
def answers_page(request):
    answers = _answers(request)
    missing = wizard.first_unanswered(answers)
    if missing:
        return redirect("treatments:step", step=missing)
    if request.method == "POST":
        try:
            params = wizard.result_params(answers)
        except DomainError:  # a stale session: ask again rather than fail
            return redirect("treatments:step", step="treatment")
        return redirect(reverse("treatments:result") + "?" + urlencode(params))
    rows = [
        (step, step.display(answers) if step.slug != "postcode" else answers.get("postcode"))
        for step in wizard.applicable_steps(answers)
    ]
    return render(
        request,
        "treatments/check_answers.html",
        {
            "rows": rows,
            "back_url": reverse("treatments:step", args=[wizard.previous_slug(answers, "check")]),
        },
    )


# --- Results -------------------------------------------------------------------------------


def _query_from_params(request) -> TreatmentQuery:
    params = {field: request.GET.get(field) or None for field in RESULT_FIELDS}
    label = None
    if request.GET.get("label") == "session":
        label = _answers(request).get("label") or None
    return TreatmentQuery(
        treatment=params["treatment"] or "",
        source=params["source"] or "unknown",
        route=params["route"] or "unknown",
        jurisdiction=params["jurisdiction"],
        age_band=params["age_band"],
        administered_by=params["administered_by"],
        prescriber=params["prescriber"] or "unknown",
        packaging=params["packaging"],
        evidence=params["evidence"],
        accreditation=params["accreditation"],
        clinic_registered=params["clinic_registered"],
        label_text=label,
    )


def _inputs_for_display(result, postcode: str | None) -> list[tuple[str, str]]:
    query = result.query
    steps = wizard.STEPS_BY_SLUG
    answers = {
        "treatment": query.treatment,
        "source": query.source,
        "route": query.route,
        "age_band": query.age_band,
        "administered_by": query.administered_by,
        "prescriber": query.prescriber,
        "clinic_registered": query.clinic_registered,
    }
    where = advice.place_phrase(query.jurisdiction).removeprefix("in ").removeprefix("the ")
    if query.jurisdiction == "Crown Dependency":
        where = "Jersey, Guernsey or the Isle of Man (a Crown Dependency)"
    rows = [
        ("Treatment", result.treatment.name),
        ("Made from", steps["source"].display(answers)),
        ("How it is given", steps["route"].display(answers)),
        ("Where", f"{postcode}, {where}" if postcode else where),
    ]
    if query.age_band:
        rows.append(("Age", steps["age"].display(answers)))
    if query.administered_by:
        rows.append(("Given by", steps["who"].display(answers)))
    if query.treatment in wizard.ASKS_PRESCRIBER or query.prescriber != "unknown":
        rows.append(("Prescriber", steps["prescriber"].display(answers)))
    if query.clinic_registered:
        registration = steps["registration"]
        rows.append((registration.summary_label, registration.display(answers)))
    for question in advice.QUESTIONS[2:]:
        value = getattr(query, question.fact)
        if value:
            label = next((a.label for a in question.answers if a.value == value), value)
            rows.append((question.text, label))
    if query.label_text:
        rows.append(("Ingredient list", "Given (checked below)"))
    return rows


def _result_context(request):
    query = _query_from_params(request)
    result = check_treatment(query)
    postcode = (request.GET.get("postcode") or "")[: wizard.MAX_POSTCODE] or None
    offered = (request.GET.get("price") or "").strip().lstrip("£").replace(",", "")[:12] or None
    price_error = None
    try:
        price = price_context(result.query.treatment, offered)
    except DomainError as error:
        price, price_error = price_context(result.query.treatment), error.message
    inputs = _inputs_for_display(result, postcode)
    if price.offered is not None:
        inputs.append(("Price offered", f"£{price.offered:,.2f}".removesuffix(".00")))
    return {
        "result": result,
        "price": price,
        "price_error": price_error,
        "offered": request.GET.get("price", "")[:12],
        "hidden_params": [(k, v) for k, v in request.GET.items() if k != "price"],
        "inputs": inputs,
        "checked_on": timezone.localdate(),
        "pdf_url": reverse("treatments:result_pdf") + "?" + request.GET.urlencode(),
        "json_url": reverse("api:check_by_query")
        + "?"
        + urlencode({k: v for k, v in request.GET.items() if k not in ("label", "postcode")}),
        "labels": advice.VERDICT_LABELS,
    }


def result(request):
    try:
        context = _result_context(request)
    except DomainError as error:
        return render(
            request,
            "treatments/result_error.html",
            {"message": error.message},
            status=error.status if error.status < 500 else 400,
        )
    return render(request, "treatments/result.html", context)


def result_pdf(request):
    from treatsafe.treatments.pdf import render_result_pdf

    try:
        context = _result_context(request)
    except DomainError as error:
        return render(
            request, "treatments/result_error.html", {"message": error.message}, status=400
        )
    pdf = render_result_pdf(context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"treatsafe-{context['result'].query.treatment}-{context['checked_on']}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- The five questions --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def questions(request):
    values = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in ("treatment", "jurisdiction")}
        values |= {q.id: request.POST.get(q.id, "") for q in advice.QUESTIONS}
        if values["treatment"] not in {t.slug for t in TREATMENTS}:
            errors["treatment"] = "Select the treatment you were offered"
        if values["jurisdiction"] not in {c.value for c in wizard.JURISDICTION_CHOICES}:
            errors["jurisdiction"] = "Select where the clinic is"
        for question in advice.QUESTIONS:
            if values[question.id] not in {a.value for a in question.answers}:
                errors[question.id] = f"Select the answer you were given to: {question.text}"
        if not errors:
            params = {key: values[key] for key in ("treatment", "jurisdiction")}
            params |= {q.fact: values[q.id] for q in advice.QUESTIONS}
            return redirect(reverse("treatments:result") + "?" + urlencode(params))
    return render(
        request,
        "treatments/questions.html",
        {
            "questions": advice.QUESTIONS,
            "fields": [
                {"question": q, "error": errors.get(q.id), "value": values.get(q.id)}
                for q in advice.QUESTIONS
            ],
            "treatments": TREATMENTS,
            "jurisdictions": wizard.JURISDICTION_CHOICES,
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- Adverts -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def advert(request):
    text = ""
    error = None
    found = None
    if request.method == "POST":
        text = request.POST.get("advert", "")
        try:
            found = check_advert(text)
        except DomainError as exc:
            error = exc.message
    return render(
        request,
        "treatments/advert.html",
        {
            "text": text,
            "error": error,
            "found": found,
            "limit": f"{MAX_ADVERT_CHARACTERS:,}",
            "labels": advice.VERDICT_LABELS,
        },
        status=400 if error else 200,
    )
