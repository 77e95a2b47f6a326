"""The assessors' pages for complication reports and batch concerns. An assessor sees a record
only while handling a report about it (services.for_assessor, audited)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treatsafe.accounts.roles import assessor_required
from treatsafe.core.errors import DomainError, NotFound
from treatsafe.records import complications, recall, services
from treatsafe.records.forms import BatchForm, OutcomeForm, QuestionForm, SuspendForm, TriageForm
from treatsafe.records.models import ComplicationReport
from treatsafe.records.views import _data, _private, _record_page
from treatsafe.register.public import treatment_name

ACTIONS = {
    "triage": TriageForm,
    "ask": QuestionForm,
    "close": OutcomeForm,
    "suspend": SuspendForm,
}


@assessor_required
def queue(request):
    open_reports = (
        ComplicationReport.objects.exclude(status=ComplicationReport.State.CLOSED)
        .select_related("practitioner", "handler")
        .order_by("-triage", "created_at")
    )
    order = {"high": 0, "medium": 1, "low": 2}
    rows = sorted(open_reports[:200], key=lambda r: (order.get(r.triage, 3), r.created_at))
    return _private(render(request, "records/assess_queue.html", {"rows": rows}))


def _errors(forms: dict) -> list[tuple[str, str]]:
    from treatsafe.core.templatetags.govuk import error_target

    errors = []
    for form in forms.values():
        for name, messages_ in form.errors.items():
            target = error_target(form[name]) if name in form.fields else ""
            errors += [(target, message) for message in messages_]
    return errors


def _report_page(request, report, forms=None, status=200):
    forms = forms or {}
    return _private(
        render(
            request,
            "records/assess_report.html",
            {
                "report": report,
                "treatment": treatment_name(report.treatment),
                "signs": [complications.EMERGENCY_SIGNS.get(s, s) for s in report.emergency_signs],
                "handling": report.handler_id == request.user.pk,
                "own_listing": bool(
                    report.practitioner and report.practitioner.user_id == request.user.pk
                ),
                "forms": {
                    name: forms.get(name) or form_class(prefix=name)
                    for name, form_class in ACTIONS.items()
                },
                "yellow_card": complications.YELLOW_CARD_URL,
                "errors": _errors(forms),
            },
            status=status,
        )
    )


def _get(report_id):
    return (
        ComplicationReport.objects.select_related("practitioner", "handler")
        .filter(pk=report_id)
        .first()
    )


@assessor_required
def report_page(request, report_id: int):
    report = _get(report_id)
    if report is None:
        return _private(render(request, "core/404.html", status=404))
    return _report_page(request, report)


@require_POST
@assessor_required
def act(request, report_id: int, action: str):
    report = _get(report_id)
    if report is None or action not in (*ACTIONS, "take"):
        return _private(render(request, "core/404.html", status=404))
    form = ACTIONS[action](request.POST, prefix=action) if action in ACTIONS else None
    if form is not None and not form.is_valid():
        return _report_page(request, report, {action: form})
    data = form.cleaned_data if form else {}
    user = request.user
    try:
        if action == "take":
            complications.take_on(user, report.pk)
        elif action == "triage":
            complications.retriage(user, report.pk, data["triage"], data["triage_reason"])
        elif action == "ask":
            complications.ask_practitioner(user, report.pk, data["question"])
        elif action == "close":
            complications.close(user, report.pk, data["outcome"], data["outcome_note"])
        else:
            complications.link_suspension(user, report.pk, data["reason"])
    except DomainError as error:
        if error.status == 403:
            return render(request, "register/forbidden.html", status=403)
        if form is None:
            messages.error(request, error.message)
            return redirect("records:assess_report", report_id=report.pk)
        field = error.details.get("field")
        form.add_error(field if field in form.fields else None, error.message)
        return _report_page(request, _get(report_id), {action: form})
    messages.success(request, "Saved.")
    return redirect("records:assess_report", report_id=report.pk)


@assessor_required
def record_page(request, report_id: int):
    try:
        record = services.for_assessor(request.user, report_id)
    except NotFound:
        return _private(render(request, "core/404.html", status=404))
    return _record_page(request, record, "assessor", report_id=report_id)


@assessor_required
def batch(request):
    form = BatchForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            told = recall.mark_batch(
                request.user,
                data["product_name"],
                data["manufacturer"],
                data["batch"],
                data["reason"],
            )
        except DomainError as error:
            form.add_error("batch", error.message)
        else:
            messages.success(
                request, f"Batch marked as a concern: {told} record(s) now show a notice."
            )
            return redirect("records:assess_batch")
    return _private(render(request, "records/assess_batch.html", {"form": form}))
