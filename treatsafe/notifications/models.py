"""Who is told what: people watching a listing (no account needed, address confirmed first),
and the expiry reminders already sent (so each is sent once)."""

from django.db import models

from treatsafe.register.models import Practitioner


class Watch(models.Model):
    """Someone asked to be emailed when a listing is suspended, revoked, expires or is renewed.
    Nothing is sent until the address is confirmed; `token` is the secret in every link (to
    confirm and to unsubscribe). Never shown to anyone but the address's owner."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "email"], name="notifications_one_watch_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"Watch on listing {self.practitioner_id}"


class ExpiryReminder(models.Model):
    """An expiry reminder sent: one per listing and expiry date."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")
    accredited_until = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "accredited_until"], name="notifications_one_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for listing {self.practitioner_id} ({self.accredited_until})"
