from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person with an account: a practitioner, an assessor or an admin. Patients need none."""

    email = models.EmailField("email address", unique=True)
