"""Practitioners' personal API tokens, for clinic software. A token is shown once; only its
SHA-256 digest is stored (a random 256-bit token needs no slow hash), so a copy of the
database gives no working token. Revoked tokens stop working at once."""

import hashlib
import secrets

from django.db import transaction

from treatsafe.core.errors import InvalidInput, NotFound
from treatsafe.records import clock
from treatsafe.records.models import ApiToken
from treatsafe.register import audit
from treatsafe.register.permissions import is_practitioner
from treatsafe.register.services import own_listing

PREFIX = "tsr_"
MAX_ACTIVE = 10


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user, name: str) -> tuple[ApiToken, str]:
    """Make a token for the user's own listing; return it and the token text (shown once)."""
    listing = own_listing(user) if is_practitioner(user) else None
    if listing is None:
        raise NotFound("Only a practitioner with a listing can make an API token.")
    name = (name or "").strip()[:100]
    if not name:
        raise InvalidInput(
            "Give the token a name, such as the clinic software it is for.", field="name"
        )
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise InvalidInput(
            f"You can have at most {MAX_ACTIVE} tokens: revoke one first.", field="name"
        )
    text = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=text[:10], digest=digest(text), created_at=clock.now()
        )
        audit.record(
            user, "api_token_created", token, practitioner_id=listing.pk, after={"name": name}
        )
    return token, text


def revoke(user, token_id: int) -> ApiToken:
    token = (
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
        if user.is_authenticated
        else None
    )
    if token is None:
        raise NotFound("There is no token of yours with that number.")
    listing = own_listing(user)
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            user, "api_token_revoked", token, practitioner_id=listing.pk if listing else None
        )
    return token


def authenticate(text: str):
    """The user a live token belongs to, or None."""
    if not text or not text.startswith(PREFIX) or len(text) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(text), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or not is_practitioner(token.user):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user
