"""Named builders for account test data: a test states only what matters to it."""

import re

from django.core import mail
from django.utils import timezone

from treatsafe.accounts.models import User
from treatsafe.accounts.roles import make_assessor, make_practitioner

PASSWORD = "correct horse battery staple"


def create_practitioner(email="pat@example.com", password=PASSWORD, verified=True, **fields):
    user = User(username=email, email=email, full_name=fields.pop("full_name", "Pat Example"))
    user.set_password(password)
    user.is_active = verified
    user.email_verified_at = timezone.now() if verified else None
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    make_practitioner(user)
    return user


def create_assessor(email="ada@example.com", password=PASSWORD):
    user = create_practitioner(email=email, password=password)
    user.groups.clear()
    make_assessor(user)
    return user


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def last_email_to(address: str):
    sent = [m for m in mail.outbox if address in m.to]
    assert sent, f"no email to {address}"
    return sent[-1]
