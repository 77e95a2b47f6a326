"""The register's signals, answered: emails to practitioners and watchers."""

from treatsafe.register import signals


def on_status_changed(sender, listing, action, before, reason, on, **kwargs):
    from treatsafe.notifications import services

    services.tell_practitioner(listing, action, reason)
    services.tell_watchers(listing, action, reason)


def on_expiry_approaching(sender, listing, days, **kwargs):
    from treatsafe.notifications import services

    services.remind_expiry(listing, days)


def connect() -> None:
    signals.status_changed.connect(on_status_changed, dispatch_uid="notifications-status")
    signals.expiry_approaching.connect(on_expiry_approaching, dispatch_uid="notifications-expiry")


def listing_links(practitioner_id: int) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        (
            "Get an email when this listing is suspended, revoked, expires or is renewed",
            reverse("notifications:watch", args=[practitioner_id]),
        ),
        (
            "Every decision on this listing (Atom feed)",
            reverse("notifications:listing_feed_atom", args=[practitioner_id]),
        ),
        (
            "Every decision on this listing (JSON feed)",
            reverse("notifications:listing_feed_json", args=[practitioner_id]),
        ),
    ]
