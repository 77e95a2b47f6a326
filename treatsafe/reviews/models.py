"""Verified reviews: one per treatment record, written by the record's holder, showing the
treatment, date and products as the practitioner recorded them."""

from django.conf import settings
from django.db import models


class Review(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for moderation"
        HIDDEN = "hidden", "Hidden"

    # One review per record (a unique key: NULLs, from deleted records, do not collide).
    record = models.OneToOneField(
        "records.TreatmentRecord", null=True, on_delete=models.SET_NULL, related_name="review"
    )
    practitioner = models.ForeignKey(
        "register.Practitioner", null=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    # As recorded by the practitioner (never the reviewer's own claims).
    treatment = models.CharField(max_length=40)
    treated_on = models.DateField()
    products = models.JSONField(default=list)

    rating = models.PositiveSmallIntegerField()
    text = models.TextField()
    status = models.CharField(max_length=12, choices=State.choices)
    held_reason = models.TextField(blank=True)
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    moderated_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["practitioner", "status"])]

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.rating}/5)"


class ReviewFlag(models.Model):
    """Someone's report that a review breaks the rules, for the assessors."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flags")
    reason = models.TextField()
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Flag on review {self.review_id}"
