"""The assessors' queue: what is waiting for a decision, longest-waiting first, with filters by
queue, nation and name. Pure queries: the view pages and renders them."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from treatsafe.core.errors import InvalidInput
from treatsafe.register.accreditation import Status
from treatsafe.register.models import Nation, Practitioner, Report
from treatsafe.register.standards import STANDARDS

PER_PAGE = 50


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    waiting: bool = True  # part of "everything waiting for an assessor"


QUEUES = {
    q.key: q
    for q in (
        Queue("waiting", "Everything waiting for an assessor", waiting=False),
        Queue("applied", "Applications waiting"),
        Queue("under_assessment", "Under assessment"),
        Queue("renewal", "Renewals applied for"),
        Queue("changed", "Assessed listings changed by the practitioner"),
        Queue("reports", "Listings with open reports"),
        *(
            Queue(f"status-{s.value}", f"Every listing: {s.label.lower()}", waiting=False)
            for s in Status
        ),
        Queue("all", "Every listing", waiting=False),
    )
}
DEFAULT = "waiting"


def _annotated() -> QuerySet:
    return Practitioner.objects.annotate(
        open_reports=Count("reports", filter=Q(reports__status=Report.State.OPEN), distinct=True)
    )


def _condition(key: str) -> Q:
    if key == "applied":
        return Q(status=Status.APPLIED)
    if key == "under_assessment":
        return Q(status=Status.UNDER_ASSESSMENT)
    if key == "renewal":
        return Q(renewal_requested=True)
    if key == "changed":
        changed = Practitioner.objects.annotate(findings=Count("assessments")).filter(
            status__in=(Status.ACCREDITED, Status.SUSPENDED, Status.EXPIRED),
            findings__lt=len(STANDARDS),
        )
        return Q(pk__in=changed.values("pk"))
    if key == "reports":
        return Q(pk__in=Report.objects.filter(status=Report.State.OPEN).values("practitioner"))
    if key == "waiting":
        waiting = Q()
        for queue in QUEUES.values():
            if queue.waiting:
                waiting |= _condition(queue.key)
        return waiting
    if key.startswith("status-"):
        return Q(status=key.removeprefix("status-"))
    return Q()


def listings(
    key: str = DEFAULT, nation: str = "", name: str = "", viewer_id: int | None = None
) -> QuerySet:
    """The listings in queue `key`, longest in their state first (an unknown date first). An
    assessor who is also a practitioner never sees their own listing here."""
    if key not in QUEUES:
        raise InvalidInput("Choose one of the queues listed.", field="show")
    rows = _annotated().filter(_condition(key)).exclude(user_id=viewer_id)
    if nation:
        if nation not in Nation.values:
            raise InvalidInput("Choose a nation from the list.", field="nation")
        rows = rows.filter(clinics__nation=nation).distinct()
    if name.strip():
        rows = rows.filter(_name_condition(name)).distinct()
    return rows.order_by(F("status_changed_at").asc(nulls_first=True), "id")


def _name_condition(name: str) -> Q:
    """Listings by practitioner or clinic name, as the public look-up finds them (accents,
    case and typos ignored), plus drafts, which the public look-up never shows."""
    from treatsafe.register.lookup import find_names

    ids = [pk for pk, _, _ in find_names(name).ranked]
    return Q(pk__in=ids) | Q(name__icontains=name.strip()) | Q(clinics__name__icontains=name)


def counts(viewer_id: int | None = None) -> dict[str, int]:
    """How many listings wait in each queue (not counting the viewer's own)."""
    return {
        key: Practitioner.objects.filter(_condition(key)).exclude(user_id=viewer_id).count()
        for key, queue in QUEUES.items()
        if queue.waiting or key == DEFAULT
    }
