"""JSON API for notifications (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router

from treatsafe.core import ratelimit
from treatsafe.notifications import services
from treatsafe.notifications.schemas import DecisionsOut, WatchIn, WatchOut
from treatsafe.register.schemas import ErrorOut

router = Router(tags=["notifications"])


def _public(items):
    return {"decisions": [{k: v for k, v in i.items() if k != "created_at"} for i in items]}


@router.get("/decisions", response={200: DecisionsOut}, summary="Every accreditation decision")
def list_decisions(request):
    """Accreditation decisions, renewals, expiries, suspensions, reinstatements and
    revocations, newest first (the last 200), with date and reason."""
    return _public(services.decisions(None, 200))


@router.get(
    "/practitioners/{practitioner_id}/decisions",
    response={200: DecisionsOut, 404: ErrorOut},
    summary="Every decision on one listing",
)
def listing_decisions(request, practitioner_id: int):
    return _public(services.decisions(practitioner_id, 200))


@router.post(
    "/practitioners/{practitioner_id}/watch",
    response={202: WatchOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Ask to be emailed when a listing changes",
)
def watch_listing(request, practitioner_id: int, body: WatchIn):
    """Sends a link to confirm the address; nothing else is sent until it is used. The answer
    is the same whether or not the address already watches the listing."""
    ratelimit.hit(request, "watch")  # per client address (TREATSAFE_RATE_WATCH)
    services.request_watch(practitioner_id, body.email, request.META.get("REMOTE_ADDR", ""))
    return 202, {"message": "If the address is right, a link to confirm it has been sent."}
