"""The assessors' back office: the queue, and a page per listing to assess it standard by
standard, accredit, renew, suspend, reinstate or revoke with a reason, and handle reports."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treatsafe.accounts.roles import assessor_required
from treatsafe.core.errors import DomainError
from treatsafe.register import accreditation, accrediting
from treatsafe.register.accreditation import Role, Status
from treatsafe.register.forms import DecisionForm, FindingForm
from treatsafe.register.models import Practitioner, Report
from treatsafe.register.public import public_listing
from treatsafe.register.standards import STANDARDS, STANDARDS_BY_CODE

QUEUE_SIZE = 50


@assessor_required
def queue(request):
    """Applications, assessments in progress, renewals and open reports."""
    # An assessor who is also a practitioner never sees their own listing here: not its place in
    # the queue, and not how many reports the public made about it.
    listings = (
        Practitioner.objects.exclude(user_id=request.user.pk)
        .annotate(
            open_reports=Count(
                "reports", filter=Q(reports__status=Report.State.OPEN), distinct=True
            )
        )
        .order_by("status_changed_at", "id")
    )
    findings = Practitioner.objects.annotate(findings=Count("assessments")).filter(
        status__in=(Status.ACCREDITED, Status.SUSPENDED, Status.EXPIRED),
        findings__lt=len(STANDARDS),
    )
    number = request.GET.get("listing", "").strip()
    error = None
    if number:
        if number.isdigit() and Practitioner.objects.filter(pk=int(number)).exists():
            return redirect("register:assess_listing", practitioner_id=int(number))
        error = f"There is no listing number {number[:20]}."
    sections = [
        ("Applications waiting", listings.filter(status=Status.APPLIED)),
        ("Under assessment", listings.filter(status=Status.UNDER_ASSESSMENT)),
        ("Renewals applied for", listings.filter(renewal_requested=True)),
        (
            "Assessed listings changed by the practitioner",
            listings.filter(pk__in=findings.values("pk")),
        ),
        ("Listings with open reports", listings.filter(open_reports__gt=0)),
    ]
    return render(
        request,
        "register/assess_queue.html",
        {
            "sections": [
                (title, list(rows[:QUEUE_SIZE]), rows.count(), f"section-{i}")
                for i, (title, rows) in enumerate(sections)
            ],
            "number": number,
            "error": error,
        },
    )


def _page(request, listing, *, finding_forms=None, decision_forms=None, errors=(), status=200):
    today = timezone.localdate()
    own_listing = listing.user_id is not None and listing.user_id == request.user.pk
    findings = {a.standard: a for a in listing.assessments.select_related("assessor")}
    finding_forms = finding_forms or {}
    standards = []
    for standard in STANDARDS:
        current = findings.get(standard.code)
        form = finding_forms.get(standard.code) or FindingForm(
            prefix=standard.code,
            initial={"finding": current.finding, "evidence": current.evidence} if current else None,
        )
        if not standard.may_not_apply:
            form.fields["finding"].choices = [
                c for c in form.fields["finding"].choices if c[0] != "not_applicable"
            ]
        standards.append({"standard": standard, "current": current, "form": form})
    decision_forms = decision_forms or {}
    actions = []
    for transition in accreditation.actions_for(
        listing.status, Role.ASSESSOR, listing.accredited_until, today
    ):
        form = decision_forms.get(transition.action) or DecisionForm(prefix=transition.action)
        actions.append({"transition": transition, "form": form})
    return render(
        request,
        "register/assess_listing.html",
        {
            "listing": listing,
            "public": public_listing(listing, today),
            "standards": standards,
            "actions": actions,
            "blockers": accrediting.accreditation_blockers(listing, today),
            # The public's reports about a listing are never shown to its own practitioner.
            "reports": listing.reports.none() if own_listing else listing.reports.all(),
            "errors": errors,
            "own_listing": own_listing,
            "can_record_findings": listing.status in accrediting.FINDING_STATUSES,
        },
        status=status,
    )


def _get(practitioner_id):
    return Practitioner.objects.filter(pk=practitioner_id).first()


@assessor_required
def assess_listing(request, practitioner_id: int):
    listing = _get(practitioner_id)
    if listing is None:
        return render(request, "core/404.html", status=404)
    return _page(request, listing)


@require_POST
@assessor_required
def record_finding(request, practitioner_id: int, standard: str):
    listing = _get(practitioner_id)
    if listing is None or standard not in STANDARDS_BY_CODE:
        return render(request, "core/404.html", status=404)
    form = FindingForm(request.POST, prefix=standard)
    if form.is_valid():
        try:
            accrediting.record_finding(
                request.user,
                listing.pk,
                standard,
                form.cleaned_data["finding"],
                form.cleaned_data["evidence"],
            )
        except DomainError as error:
            form.add_error("finding", error.message)
        else:
            messages.success(request, f"Finding saved: {STANDARDS_BY_CODE[standard].title}.")
            return redirect("register:assess_listing", practitioner_id=listing.pk)
    errors = [(f"{standard}-finding", e) for e in form.errors.get("finding", [])]
    errors += [(f"{standard}-evidence", e) for e in form.errors.get("evidence", [])]
    return _page(request, listing, finding_forms={standard: form}, errors=errors)


@require_POST
@assessor_required
def decide(request, practitioner_id: int, action: str):
    listing = _get(practitioner_id)
    if listing is None or action not in accreditation.TRANSITIONS:
        return render(request, "core/404.html", status=404)
    form = DecisionForm(request.POST, prefix=action)
    form.is_valid()
    try:
        accrediting.transition(
            request.user, listing.pk, action, form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        form.add_error("reason", error.message)
        listing.refresh_from_db()
        errors = [(f"id_{action}-reason", error.message)]
        status = 403 if error.status == 403 else 200  # a form shown again with its errors
        return _page(request, listing, decision_forms={action: form}, errors=errors, status=status)
    listing.refresh_from_db()
    now = accreditation.Status(listing.status).label.lower()
    until = f" until {listing.accredited_until}" if listing.status == "accredited" else ""
    messages.success(request, f"{listing.name} is now {now}{until}.")
    return redirect("register:assess_listing", practitioner_id=listing.pk)


@require_POST
@assessor_required
def update_report(request, report_id: int):
    report = Report.objects.select_related("practitioner").filter(pk=report_id).first()
    status = request.POST.get("status")
    if report is None or status not in Report.State.values:
        return render(request, "core/404.html", status=404)
    if report.practitioner.user_id and report.practitioner.user_id == request.user.pk:
        # a concern about an assessor's own listing is for another assessor to handle
        return render(request, "register/forbidden.html", status=403)
    report.status = status
    report.save(update_fields=["status"])
    messages.success(request, f"Report {report.pk} marked {report.get_status_display().lower()}.")
    return redirect("register:assess_listing", practitioner_id=report.practitioner_id)
