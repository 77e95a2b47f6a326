"""Telling people what happens: practitioners at each change of their application or
accreditation and 30 days before expiry; watchers (no account) when a listing they watch is
suspended, revoked, expires or is renewed; and the public decisions feed. Called by the
register's signals (receivers.py), the views and the API; no HTTP here."""

import secrets

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from treatsafe.core.dates import govuk_date
from treatsafe.core.errors import InvalidInput
from treatsafe.core.links import absolute_url
from treatsafe.notifications import throttle
from treatsafe.notifications.messages import CHANGES, PUBLIC_ACTIONS
from treatsafe.notifications.models import ExpiryReminder, Watch
from treatsafe.register.accreditation import Status
from treatsafe.register.models import AuditEntry, Practitioner
from treatsafe.register.services import get_public_listing

WATCH_LIMIT_PER_ADDRESS = 3  # confirmation emails an hour to one address


class InvalidEmail(InvalidInput):
    code = "invalid_email"


# --- sending --------------------------------------------------------------------------------


def send(to: str, template: str, context: dict, unsubscribe_url: str | None = None) -> None:
    """One plain-text email from `notifications/email/<template>.txt` (first line: subject).
    With `unsubscribe_url`, the body ends with it and the headers carry it for one-click
    unsubscribe in the mail client (RFC 2369 and RFC 8058)."""
    text = render_to_string(f"notifications/email/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    headers = {}
    if unsubscribe_url:
        body = f"{body.strip()}\n\nStop these emails with one click: {unsubscribe_url}\n"
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMessage(subject.strip(), body.strip() + "\n", None, [to], headers=headers).send()


def _listing_context(listing: Practitioner) -> dict:
    return {
        "listing": listing,
        "listing_url": absolute_url("register:listing", practitioner_id=listing.pk),
        "until": govuk_date(listing.accredited_until),
        "status_label": Status(listing.status).label,
    }


# --- practitioners --------------------------------------------------------------------------


def tell_practitioner(listing: Practitioner, action: str, reason: str = "") -> bool:
    """Email the listing's owner what `action` did and what to do next."""
    change = CHANGES.get(action)
    user = listing.user
    if change is None or user is None or not user.email:
        return False
    context = {
        **_listing_context(listing),
        "subject": change.subject.format(name=listing.name),
        "meaning": change.practitioner,
        "reason": reason,
        "my_listing_url": absolute_url("register:my_listing"),
    }
    send(user.email, "practitioner_change", context)
    return True


def remind_expiry(listing: Practitioner, days: int) -> bool:
    """The 30-day reminder, sent once per listing and expiry date."""
    user = listing.user
    if user is None or not user.email or listing.accredited_until is None:
        return False
    _, created = ExpiryReminder.objects.get_or_create(
        practitioner=listing, accredited_until=listing.accredited_until
    )
    if not created:
        return False
    context = {
        **_listing_context(listing),
        "days": days,
        "renew_url": absolute_url("register:my_listing"),
    }
    send(user.email, "expiry_reminder", context)
    return True


# --- watchers -------------------------------------------------------------------------------


def _unsubscribe_url(watch: Watch) -> str:
    return absolute_url("notifications:unsubscribe", token=watch.token)


def request_watch(practitioner_id: int, email: str, client: str = "") -> None:
    """Ask to watch a listing: emails a link to confirm the address. The answer is the same
    whether or not the address already watches it, so nobody learns who watches what."""
    listing = get_public_listing(practitioner_id)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidEmail(
            "Enter an email address in the correct format, like name@example.com.",
            field="email",
        ) from None
    throttle.allow(f"watch-address:{email.lower()}", WATCH_LIMIT_PER_ADDRESS, 3600)
    with transaction.atomic():
        watch = Watch.objects.filter(practitioner=listing, email__iexact=email).first()
        if watch is None:
            watch = Watch.objects.create(
                practitioner=listing, email=email, token=secrets.token_urlsafe(32)
            )
    context = {
        **_listing_context(listing),
        "confirmed": watch.confirmed_at is not None,
        "confirm_url": absolute_url("notifications:confirm", token=watch.token),
    }
    send(email, "watch_confirm", context, _unsubscribe_url(watch))


def find_watch(token: str) -> Watch | None:
    return Watch.objects.select_related("practitioner").filter(token=token).first()


def confirm_watch(token: str) -> Watch | None:
    watch = find_watch(token)
    if watch is not None and watch.confirmed_at is None:
        watch.confirmed_at = timezone.now()
        watch.save(update_fields=["confirmed_at"])
    return watch


def unsubscribe(token: str) -> Practitioner | None:
    """Stop a watch. Unknown or used tokens are fine: the answer is the same."""
    watch = find_watch(token)
    if watch is None:
        return None
    listing = watch.practitioner
    watch.delete()
    return listing


def tell_watchers(listing: Practitioner, action: str, reason: str = "") -> int:
    change = CHANGES.get(action)
    if change is None or change.watchers is None:
        return 0
    watches = Watch.objects.filter(practitioner=listing, confirmed_at__isnull=False)
    context = {
        **_listing_context(listing),
        "subject": change.subject.format(name=listing.name),
        "meaning": change.watchers.format(name=listing.name),
        "reason": reason,
        "feed_url": absolute_url("notifications:listing_feed_atom", practitioner_id=listing.pk),
    }
    count = 0
    for watch in watches.order_by("id"):
        send(watch.email, "watch_change", context, _unsubscribe_url(watch))
        count += 1
    return count


# --- the public decisions feed --------------------------------------------------------------


def decisions(practitioner_id: int | None = None, limit: int = 100) -> list[dict]:
    """Every accreditation decision, suspension and revocation, newest first, with its date
    and reason: from the register's append-only audit log, so nothing is left out."""
    entries = AuditEntry.objects.filter(action__in=PUBLIC_ACTIONS).order_by("-id")
    if practitioner_id is not None:
        get_public_listing(practitioner_id)
        entries = entries.filter(practitioner_id=practitioner_id)
    entries = list(entries[:limit])
    names = dict(
        Practitioner.objects.filter(pk__in={e.practitioner_id for e in entries}).values_list(
            "pk", "name"
        )
    )
    items = []
    for entry in entries:
        after = entry.after or {}
        status = after.get("status")
        name = names.get(entry.practitioner_id, "A removed listing")
        change = CHANGES[entry.action]
        items.append(
            {
                "id": f"decision-{entry.pk}",
                "date": entry.created_at.isoformat(),
                "action": entry.action,
                "title": change.subject.format(name=name),
                "listing_id": entry.practitioner_id,
                "listing_name": name,
                "listing_url": absolute_url(
                    "register:listing", practitioner_id=entry.practitioner_id
                ),
                "status": status,
                "status_label": Status(status).label if status in Status.values else None,
                "accredited_until": after.get("accredited_until"),
                "reason": after.get("status_reason") or None,
                "created_at": entry.created_at,
            }
        )
    return items


def describe(item: dict) -> str:
    """A decision in one plain sentence, for feeds."""
    text = f"{item['title']} on {govuk_date(item['created_at'])}."
    if item["status"] == Status.ACCREDITED and item["accredited_until"]:
        text += f" Accredited until {govuk_date(item['accredited_until'])}."
    if item["reason"]:
        text += f" Reason: {item['reason']}"
    return text
