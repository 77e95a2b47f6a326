"""Treatment records (health records under UK GDPR), the practitioners' API tokens, recall
notices and complication reports.

A record's contents live in versions that never change once issued; a correction is a new
version saying what changed. The patient reaches their record through `token`, a random
256-bit value, never through a sequential id."""

from django.conf import settings
from django.db import models


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("An issued record cannot be changed: issue a correction instead.")


class ApiToken(models.Model):
    """A practitioner's personal API token for clinic software. Only its SHA-256 digest is
    stored; the token is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class TreatmentRecord(models.Model):
    """One treatment given: the stable part (who gave it, the patient's address for it, the
    retention date). What was given is in its versions."""

    token = models.CharField(max_length=64, unique=True)
    practitioner = models.ForeignKey(
        "register.Practitioner", null=True, on_delete=models.SET_NULL, related_name="records"
    )
    patient_email = models.EmailField(blank=True)
    created_at = models.DateTimeField()
    keep_until = models.DateField(db_index=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Treatment record {self.pk}"

    @property
    def current(self) -> "RecordVersion":
        return self.versions.order_by("-number").first()


class RecordVersion(models.Model):
    """What was given, as issued. Never changed: a correction is the next version, with what
    changed and when. The practitioner, clinic and accreditation are copied as they were."""

    record = models.ForeignKey(TreatmentRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    changes = models.TextField(blank=True)

    treated_on = models.DateField()
    treatment = models.CharField(max_length=40)
    route = models.CharField(max_length=24)
    area = models.CharField("area treated", max_length=200)
    aftercare = models.TextField("aftercare advice")
    patient_age_band = models.CharField(max_length=12)
    prescriber_name = models.CharField(max_length=200, blank=True)
    prescriber_number = models.CharField(max_length=32, blank=True)
    consultation_date = models.DateField(null=True, blank=True)

    practitioner_name = models.CharField(max_length=200)
    profession = models.CharField(max_length=32)
    statutory_register = models.CharField(max_length=8)
    registration_number = models.CharField(max_length=16, blank=True)
    is_prescriber = models.BooleanField(default=False)
    accreditation_status = models.CharField(max_length=20)
    accredited_until = models.DateField(null=True, blank=True)
    complications_contact = models.CharField(max_length=200, blank=True)
    clinic_id_at_time = models.BigIntegerField(null=True)
    clinic_name = models.CharField(max_length=200)
    clinic_address = models.TextField()
    clinic_postcode = models.CharField(max_length=8)
    nation = models.CharField(max_length=20)

    verdict = models.CharField(max_length=16)
    verdict_reasons = models.JSONField(default=list)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["record", "number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="records_one_number")
        ]

    def __str__(self) -> str:
        return f"Record {self.record_id} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("An issued record cannot be changed: issue a correction instead.")
        super().save(*args, **kwargs)


class RecordProduct(models.Model):
    """A product as it was used: copied from the practitioner's listing, with batch and expiry."""

    version = models.ForeignKey(RecordVersion, on_delete=models.CASCADE, related_name="products")
    # The listing's product id, kept as a plain number: the listing's product may be edited or
    # removed later, and an issued record never changes.
    product_ref = models.BigIntegerField(null=True, db_index=True)
    name = models.CharField(max_length=200)
    manufacturer = models.CharField(max_length=200)
    source = models.CharField(max_length=16)
    route = models.CharField(max_length=24)
    regulatory_status = models.CharField(max_length=24)
    ingredients = models.TextField(blank=True)
    label_verdict = models.CharField(max_length=24, blank=True)
    batch = models.CharField("batch or lot number", max_length=64)
    expires_on = models.DateField()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["version", "id"]
        indexes = [models.Index(fields=["batch"])]

    def __str__(self) -> str:
        return f"{self.name} batch {self.batch}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("An issued record cannot be changed: issue a correction instead.")
        super().save(*args, **kwargs)


class BatchConcern(models.Model):
    """An assessor's concern about one batch of a product (matched by name, manufacturer and
    batch across every practitioner's records)."""

    product_name = models.CharField(max_length=200)
    manufacturer = models.CharField(max_length=200)
    batch = models.CharField(max_length=64)
    reason = models.TextField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.product_name} batch {self.batch}"


class RecallNotice(models.Model):
    """A notice shown on a record: a product in it has become unlawful, or its batch is of
    concern."""

    class Kind(models.TextChoices):
        UNLAWFUL = "unlawful", "Product found unlawful"
        BATCH = "batch", "Batch of concern"

    record = models.ForeignKey(TreatmentRecord, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    product_name = models.CharField(max_length=200)
    batch = models.CharField(max_length=64, blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind", "product_name", "batch"], name="records_one_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.product_name}"


class ComplicationReport(models.Model):
    """A problem a patient reports from their record, for the assessors and the practitioner."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        AWAITING_PRACTITIONER = "awaiting_practitioner", "Waiting for the practitioner"
        CLOSED = "closed", "Closed"

    class Triage(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Outcome(models.TextChoices):
        FINDING_AGAINST = "finding_against", "Closed with a finding against the practitioner"
        NO_FINDING = "no_finding", "Closed with no finding against the practitioner"
        WITHDRAWN = "withdrawn", "Closed: not enough information or withdrawn"

    record = models.ForeignKey(
        TreatmentRecord, null=True, on_delete=models.SET_NULL, related_name="complications"
    )
    practitioner = models.ForeignKey(
        "register.Practitioner", null=True, on_delete=models.SET_NULL, related_name="complications"
    )
    treatment = models.CharField(max_length=40)
    medicine_or_device = models.BooleanField(default=False)
    what_happened = models.TextField()
    started_on = models.DateField()
    how_now = models.CharField(max_length=16)
    seen_doctor = models.CharField(max_length=16)
    emergency_signs = models.JSONField(default=list)
    triage = models.CharField(max_length=8, choices=Triage.choices)
    triage_reason = models.TextField()
    status = models.CharField(max_length=24, choices=State.choices, default=State.OPEN)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_to_practitioner = models.TextField(blank=True)
    practitioner_response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    suspension = models.ForeignKey(
        "register.AuditEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Complication report {self.pk}"
