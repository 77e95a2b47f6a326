"""Watching a listing (no account), confirming, unsubscribing, and the decisions feeds. Thin:
each is one service call."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from treatsafe.core import ratelimit
from treatsafe.core.errors import DomainError, NotFound
from treatsafe.notifications import feeds, services
from treatsafe.notifications.forms import WatchForm
from treatsafe.register.services import get_public_listing

ATOM = "application/atom+xml; charset=utf-8"
FEED_LIMIT = 200


@ratelimit.rate_limit("watch")  # per client address (TREATSAFE_RATE_WATCH)
def watch(request, practitioner_id: int):
    try:
        listing = get_public_listing(practitioner_id)
    except NotFound:
        return render(request, "core/404.html", status=404)
    form = WatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_watch(
                listing.pk, form.cleaned_data["email"], request.META.get("REMOTE_ADDR", "")
            )
        except DomainError as error:
            form.add_error("email", error.message)
            status = 429 if error.status == 429 else 200
            return render(
                request,
                "notifications/watch.html",
                {"form": form, "listing": listing},
                status=status,
            )
        return render(request, "notifications/watch_sent.html", {"listing": listing})
    return render(request, "notifications/watch.html", {"form": form, "listing": listing})


def confirm(request, token: str):
    """GET shows one button (mail scanners follow links; only a person presses it)."""
    watch = services.find_watch(token)
    if watch is None:
        return render(request, "notifications/link_unknown.html", status=404)
    if request.method == "POST":
        watch = services.confirm_watch(token)
        return render(request, "notifications/confirmed.html", {"listing": watch.practitioner})
    return render(request, "notifications/confirm.html", {"watch": watch})


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" here (RFC 8058); the token is the key
def unsubscribe(request, token: str):
    if request.method == "POST":
        listing = services.unsubscribe(token)
        return render(request, "notifications/unsubscribed.html", {"listing": listing})
    watch = services.find_watch(token)
    return render(request, "notifications/unsubscribe.html", {"watch": watch})


def _feed(request, practitioner_id, kind):
    try:
        items = services.decisions(practitioner_id, FEED_LIMIT)
    except NotFound:
        return render(request, "core/404.html", status=404)
    if practitioner_id is None:
        title = "TreatSafe register: decisions, suspensions and revocations"
        page = reverse("register:search")
    else:
        name = get_public_listing(practitioner_id).name
        title = f"TreatSafe register: decisions on {name}"
        page = reverse("register:listing", args=[practitioner_id])
    path = request.path
    if kind == "atom":
        return HttpResponse(feeds.atom(items, title, page, path), content_type=ATOM)
    body = feeds.json_feed(items, title, page, path)
    return JsonResponse(body, content_type="application/feed+json")


def feed_atom(request):
    return _feed(request, None, "atom")


def feed_json(request):
    return _feed(request, None, "json")


def listing_feed_atom(request, practitioner_id: int):
    return _feed(request, practitioner_id, "atom")


def listing_feed_json(request, practitioner_id: int):
    return _feed(request, practitioner_id, "json")
