"""The register: practitioners (the listings), the clinics they work at, the treatments they
offer with their products, assessments against the standards, reports, and the append-only,
hash-chained audit log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from treatsafe.register.accreditation import Status
from treatsafe.register.registration import REGISTER_CHOICES
from treatsafe.register.standards import Finding


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Doctor"
    NURSE = "nurse", "Nurse"
    DENTIST = "dentist", "Dentist"
    PHARMACIST = "pharmacist", "Pharmacist"
    PARAMEDIC = "paramedic", "Paramedic"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    DENTAL_HYGIENIST = "dental_hygienist", "Dental hygienist or therapist"
    AESTHETICIAN = "aesthetician", "Aesthetic practitioner (not a healthcare professional)"
    BEAUTY_THERAPIST = "beauty_therapist", "Beauty therapist"


class Source(models.TextChoices):
    HUMAN = "human", "Human"
    ANIMAL = "animal", "Animal"
    PLANT = "plant", "Plant"
    MICROBIAL = "microbial", "Microbial"
    SYNTHETIC = "synthetic", "Synthetic"


class Route(models.TextChoices):
    TOPICAL = "topical", "On the skin"
    AFTER_MICRONEEDLING = "after-microneedling", "On the skin after microneedling"
    INJECTED = "injected", "Injected"


class RegulatoryStatus(models.TextChoices):
    LICENSED_MEDICINE = "licensed_medicine", "Licensed medicine"
    DEVICE = "device", "UKCA or CE-marked medical device"
    COSMETIC = "cosmetic", "Cosmetic"
    UNLICENSED = "unlicensed", "None (unlicensed)"


class Practitioner(models.Model):
    """A person on the register: the listing the public sees, and its accreditation state."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    name = models.CharField(max_length=200)
    profession = models.CharField(max_length=32, choices=Profession.choices)
    statutory_register = models.CharField(max_length=8, choices=REGISTER_CHOICES, default="none")
    registration_number = models.CharField(max_length=16, blank=True)
    is_prescriber = models.BooleanField("independent prescriber", default=False)
    qualifications = models.TextField(blank=True)
    insurer = models.CharField(max_length=200, blank=True)
    insurance_expires = models.DateField(null=True, blank=True)
    complications_contact = models.CharField(
        "emergency and complications contact", max_length=200, blank=True
    )
    clinics = models.ManyToManyField("Clinic", related_name="practitioners", blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    accredited_until = models.DateField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    renewal_requested = models.BooleanField(default=False)

    is_demo = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "accredited_until"])]

    def __str__(self) -> str:
        return self.name


class Clinic(models.Model):
    """Premises where treatments are given, placed by the postcode service."""

    name = models.CharField(max_length=200)
    address = models.TextField()
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField()
    longitude = models.FloatField()
    location_precision = models.CharField(
        max_length=16, default="postcode", help_text="postcode, or district for a district centre"
    )
    nation = models.CharField(max_length=20, choices=Nation.choices)
    local_authority = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    website = models.URLField(blank=True)
    created_by = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"


class Product(models.Model):
    """A product a practitioner uses, with the label checker's verdict on its ingredients."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(max_length=200)
    manufacturer = models.CharField(max_length=200)
    source = models.CharField(max_length=16, choices=Source.choices)
    route = models.CharField(max_length=24, choices=Route.choices)
    regulatory_status = models.CharField(max_length=24, choices=RegulatoryStatus.choices)
    ingredients = models.TextField("ingredient list", blank=True)
    label_verdict = models.CharField(max_length=24, blank=True)
    label_reasons = models.JSONField(default=list, blank=True)
    verdicts_fingerprint = models.CharField(max_length=64, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.manufacturer})"


class Offer(models.Model):
    """A treatment from the catalogue, at a clinic, by a practitioner, with its price, products
    and the treatment checker's verdict. An unlawful offer is never published."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="offers")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="offers")
    treatment = models.CharField(max_length=40)
    price_from = models.DecimalField(max_digits=8, decimal_places=2)
    price_to = models.DecimalField(max_digits=8, decimal_places=2)
    products = models.ManyToManyField(Product, related_name="offers", blank=True)
    verdict = models.CharField(max_length=16, blank=True)
    verdict_reasons = models.JSONField(default=list, blank=True)
    verdicts_fingerprint = models.CharField(max_length=64, blank=True)
    is_published = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["treatment", "id"]
        indexes = [
            # covers the search's join of a listing's offers at a clinic (listings.hydrate): the
            # offers are read from the index alone
            models.Index(
                fields=[
                    "practitioner",
                    "clinic",
                    "is_published",
                    "verdict",
                    "treatment",
                    "price_from",
                    "price_to",
                ],
                name="register_offer_shown",
            )
        ]

    def __str__(self) -> str:
        return f"{self.treatment} by {self.practitioner_id} at {self.clinic_id}"

    def save(self, *args, **kwargs):
        if self.verdict == "unlawful":
            self.is_published = False  # the last line of defence: never publish an unlawful offer
        super().save(*args, **kwargs)

    def clean(self):
        prices = self.price_from is not None and self.price_to is not None
        if prices and (self.price_from < 0 or self.price_to < self.price_from):
            raise ValidationError(
                {"price_to": "The highest price must be at least the lowest price."}
            )
        if self.is_published and self.verdict == "unlawful":
            raise ValidationError(
                {"is_published": "This treatment is unlawful as offered and cannot be published."}
            )


class SearchEntry(models.Model):
    """Denormalised search rows: one per practitioner and clinic for each published treatment,
    plus one with treatment '*' for 'any treatment'. Rebuilt whenever a listing changes, so a
    search is one indexed bounding-box query."""

    ANY = "*"

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    treatment = models.CharField(max_length=40)
    latitude = models.FloatField()
    longitude = models.FloatField()
    nation = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    accredited_until = models.DateField(null=True)
    # the clinic as a point on the unit sphere (geo.postcodes.unit_vector): the database tests
    # "within r miles" and orders by distance with a dot product, exactly as haversine would
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)
    z = models.FloatField(default=0.0)

    class Meta:
        indexes = [
            # Covers the search query: every column it filters on or reads, so a search is an
            # index-only range scan (chosen by measurement, bench/search.py).
            models.Index(
                fields=[
                    "treatment",
                    "status",
                    "latitude",
                    "longitude",
                    "accredited_until",
                    "nation",
                    "practitioner",
                    "clinic",
                    "x",
                    "y",
                    "z",
                ],
                name="register_search_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.treatment} at {self.latitude:.4f},{self.longitude:.4f}"


class ListingCard(models.Model):
    """A listing at one of its clinics as a search result shows it (listings.cards_from_rows),
    ready-made, so a search reads one row a hit instead of joining the listing, its clinic and
    its offers there. SQLite only (listings.py says why). Database triggers (migration 0011)
    delete a card whenever a column it shows is written in its listing, its clinic or the
    listing's offers, from any path; reindex writes it again; a hit without a card is joined as
    before. `recipe` digests the code-side parts (treatment names, labels, the shape): a card of
    another recipe is not read."""

    # found by the unique (practitioner, clinic) index; a clinic's own index finds its cards
    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    recipe = models.CharField(max_length=16)
    card = models.TextField()  # JSON; the distance null (the search's own)
    # the last day (ISO) the card's accreditation reads as stored, if it can lapse: after it, an
    # accredited listing reads as expired (listings.as_of)
    shown_until = models.CharField(max_length=10, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "clinic"], name="register_listingcard_unique"
            )
        ]

    def __str__(self) -> str:
        return f"card of listing {self.practitioner_id} at clinic {self.clinic_id}"


class SearchVersion(models.Model):
    """Which state of the search rows a remembered total belongs to (counting.py). Database
    triggers (migration 0006) bump `n` whenever a search row is written or deleted, whoever
    writes it (cascades and raw SQL included), in the writing transaction, so a reader never
    sees new rows with an old number. `epoch` is drawn at random when the row is created, so a
    database emptied and filled again never repeats an earlier (epoch, n)."""

    epoch = models.BigIntegerField()
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"search rows version {self.epoch}.{self.n}"


class SearchTotal(models.Model):
    """A place search's total within its radius, counted once and shared by every server process
    while the search rows stay at the version it was counted at (counting.py). `key` digests the
    search: its point, radius, treatment, nation, statuses and day."""

    key = models.CharField(max_length=40, unique=True)
    epoch = models.BigIntegerField()
    n = models.BigIntegerField()
    total = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.total} for {self.key}"


class NameEntry(models.Model):
    """One row per public listing for look-up by name, clinic or registration number: the
    practitioner's and clinics' names folded (accents and case removed), indexed by the
    database's own text index (SQLite FTS5 trigram table, PostgreSQL pg_trgm GIN: migration
    0004), and the registration number in canonical form. Rebuilt with the search rows."""

    practitioner = models.OneToOneField(Practitioner, on_delete=models.CASCADE, related_name="+")
    key = models.TextField()  # "folded name | folded clinic name | ..."
    number = models.CharField(max_length=16, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class Assessment(models.Model):
    """An assessor's finding against one published standard for one listing."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="assessments"
    )
    standard = models.CharField(max_length=32)
    finding = models.CharField(max_length=16, choices=Finding.choices)
    evidence = models.TextField("evidence note", blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "standard"], name="register_one_finding_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.finding}"


class Report(models.Model):
    """A concern someone has reported about a listing, for the assessors."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        REVIEWED = "reviewed", "Reviewed"
        CLOSED = "closed", "Closed"

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="reports")
    description = models.TextField()
    status = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report {self.pk} on listing {self.practitioner_id}"


class VerdictState(models.Model):
    """The fingerprint of the rules and reference data the stored verdicts were computed with."""

    key = models.CharField(max_length=32, unique=True)
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: {self.fingerprint[:12]}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise PermissionError("The audit log is append-only: entries cannot be deleted.")

    _raw_delete = delete


class AuditEntry(models.Model):
    """One change to a listing or an accreditation: who, when, what, before and after.

    Append-only (blocked here and by database triggers) and hash-chained: `hash` is the SHA-256
    of the entry's canonical JSON including `prev_hash`, so `treatsafe verify-audit` detects any
    later edit or deletion. Actors are stored by value, not by foreign key, so deleting a user
    never has to touch the log.
    """

    created_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    practitioner_id = models.BigIntegerField(null=True, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only: entries cannot be deleted.")
