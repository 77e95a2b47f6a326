"""Account rules: sign-up, email verification links, assessors. No HTTP here: views pass in a
`link` function that turns a path into an absolute URL."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from treatsafe.accounts.errors import (
    AlreadyVerified,
    VerificationLinkExpired,
    VerificationLinkInvalid,
    WrongPassword,
)
from treatsafe.accounts.roles import make_assessor, make_practitioner

# How long a verification link works. Settings may override it.
VERIFICATION_MAX_AGE = timedelta(days=2)
_VERIFY_SALT = "treatsafe.accounts.verify-email"

Link = Callable[[str], str]


def normalise_email(email: str) -> str:
    return get_user_model().objects.normalize_email(email.strip()).lower()


def verification_max_age() -> timedelta:
    return getattr(settings, "ACCOUNTS_VERIFICATION_MAX_AGE", VERIFICATION_MAX_AGE)


def _state(user) -> str:
    """A fingerprint of what a verification link vouches for. It changes when the account is
    verified or signed up for again (new password), so each link works once, for one sign-up."""
    value = f"{user.pk}|{user.email}|{user.password}|{user.is_active}|{user.email_verified_at}"
    return salted_hmac(_VERIFY_SALT, value).hexdigest()[:32]


def make_verification_token(user) -> str:
    return signing.TimestampSigner(salt=_VERIFY_SALT).sign_object(
        {"u": user.pk, "s": _state(user)}, compress=True
    )


def _user_for_link(token: str, *, lock: bool = False):
    """The account a verification link was made for, if the link still works.

    Raises VerificationLinkExpired after VERIFICATION_MAX_AGE, AlreadyVerified when the account
    is already confirmed, VerificationLinkInvalid for anything else."""
    signer = signing.TimestampSigner(salt=_VERIFY_SALT)
    try:
        data = signer.unsign_object(token, max_age=verification_max_age())
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired("This link has expired.") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise VerificationLinkInvalid("This link is not valid.") from exc
    if not isinstance(data, dict):
        raise VerificationLinkInvalid("This link is not valid.")
    users = get_user_model().objects.all()
    if lock:
        users = users.select_for_update()
    user = users.filter(pk=data.get("u")).first()
    if user is None:
        raise VerificationLinkInvalid("This link is not valid.")
    if user.email_verified_at is not None:
        raise AlreadyVerified("Your email address is already confirmed.")
    if data.get("s") != _state(user):
        raise VerificationLinkInvalid("This link is not valid.")
    return user


def check_verification_link(token: str):
    """The account a verification link is for, without changing it (raises like verify_email)."""
    return _user_for_link(token)


def verify_email(token: str, password: str):
    """Activate the account a verification link was made for and return it.

    The link proves control of the inbox; the password proves the person opening it is the one
    who signed up. Both are needed: otherwise someone could sign up with another person's
    address and have them activate an account whose password only the impostor knows.
    Raises WrongPassword (and changes nothing) when the password is not the account's, and the
    errors of check_verification_link when the link does not work."""
    with transaction.atomic():
        user = _user_for_link(token, lock=True)
        if not password or not user.check_password(password):
            raise WrongPassword("The password is not correct.")
        _mark_verified(user)
    return user


def _mark_verified(user) -> None:
    user.is_active = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["is_active", "email_verified_at"])


def verify_after_password_reset(user) -> None:
    """A password reset link proves control of the inbox and sets a password its opener chose,
    so it also confirms an account still waiting for email verification."""
    if user.email_verified_at is None:
        _mark_verified(user)


def send_verification_email(user, link: Link) -> None:
    url = link(reverse("accounts:verify", args=[make_verification_token(user)]))
    hours = int(verification_max_age().total_seconds() // 3600)
    _send(user.email, "accounts/email/verify", {"user": user, "url": url, "hours": hours})


def sign_up(email: str, password: str, full_name: str, link: Link) -> None:
    """Register a practitioner account, inactive until they follow the link we email them.

    The caller shows the same message whatever happens, so nobody can find out whether an email
    address has an account: a new or still unverified address gets a verification link (the
    latest sign-up's name and password win, and older links stop working); an address that
    already has an account gets an email saying so, with links to sign in or reset the password."""
    User = get_user_model()
    email = normalise_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and user.email_verified_at is None and not user.is_active:
            user.full_name = full_name
            user.set_password(password)
            user.save(update_fields=["full_name", "password"])
        elif user is not None:
            make_password(password)  # as slow as a new sign-up, so timing tells nothing
            _send(
                user.email,
                "accounts/email/already_registered",
                {
                    "user": user,
                    "login_url": link(reverse("accounts:login")),
                    "reset_url": link(reverse("accounts:password_reset")),
                },
            )
            return
        else:
            user = User(username=email, email=email, full_name=full_name, is_active=False)
            user.set_password(password)
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:
                # Someone signed up with this address (or it is an admin's username) a moment
                # ago: keep theirs, and show the same message as always.
                return
            make_practitioner(user)
    send_verification_email(user, link)


def create_assessor(email: str, full_name: str, link: Link) -> tuple[object, bool]:
    """Make `email` an assessor (creating the account if needed) and return (user, created).

    A new account has no password: we email a link to set one (valid for
    PASSWORD_RESET_TIMEOUT), so no password passes through a terminal or a shell history."""
    User = get_user_model()
    email = normalise_email(email)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email, email=email, full_name=full_name)
            user.set_unusable_password()
            user.email_verified_at = timezone.now()
            user.save()
        make_assessor(user)
    if created:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        url = link(reverse("accounts:password_reset_confirm", args=[uid, token]))
        _send(user.email, "accounts/email/assessor_invite", {"user": user, "url": url})
    return user, created


def _send(to: str, template: str, context: dict) -> None:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])
