from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person with an account: a practitioner, an assessor or an admin. Patients need none.

    People sign in with their email address. A practitioner's account stays inactive until they
    follow the link we email them; `email_verified_at` records when they did, so an account an
    admin deactivates later is never re-activated by an old verification link."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)
    email_verified_at = models.DateTimeField("email verified at", null=True, blank=True)

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    def __str__(self) -> str:
        return self.email or self.username
