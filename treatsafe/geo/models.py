"""UK postcode geography: areas, districts, unit postcodes, local authorities and post towns.

Loaded from the reference data by `treatsafe import-data` (see `treatsafe.geo.datasets`). Every
key is the normalised form ("W1G 9PF", "W1G", "W"), so a lookup is one indexed primary-key read.
"""

from django.db import models


class Jurisdiction(models.TextChoices):
    UK = "UK", "UK"
    CROWN_DEPENDENCY = "Crown Dependency", "Crown Dependency (not part of the UK)"
    NON_GEOGRAPHIC = "Non-geographic", "Non-geographic"


class PostcodeArea(models.Model):
    """The letters at the start of a postcode ("EH", "W", "BT")."""

    code = models.CharField(max_length=4, primary_key=True)
    name = models.CharField(max_length=100)
    jurisdiction = models.CharField(max_length=20, choices=Jurisdiction.choices)
    crown_dependency = models.CharField(
        max_length=20, blank=True, help_text="Jersey, Guernsey or Isle of Man"
    )
    countries = models.CharField(max_length=100, blank=True, help_text="e.g. 'England;Wales'")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} ({self.name})"


class LocalAuthority(models.Model):
    """A GB council, keyed by its GSS code (Ordnance Survey Boundary-Line codelist)."""

    gss_code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=50)
    country = models.CharField(max_length=20)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class PostcodeDistrict(models.Model):
    """An outward code ("SY10"). GB districts come from OS Code-Point Open; Northern Ireland,
    the Crown Dependencies, non-geographic and terminated districts from Doogal."""

    class Source(models.TextChoices):
        CODEPOINT = "codepoint", "OS Code-Point Open 2025"
        DOOGAL = "doogal", "Doogal postcode districts 2023"

    district = models.CharField(max_length=4, primary_key=True)
    area = models.ForeignKey(PostcodeArea, on_delete=models.PROTECT, related_name="districts")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    nation = models.CharField(
        max_length=20,
        blank=True,
        help_text="blank when the district crosses a border or is outside",
    )
    nations = models.CharField(
        max_length=60, blank=True, help_text="every nation with postcodes here, ';'-separated"
    )
    cross_border = models.BooleanField(default=False)
    local_authority_code = models.CharField(max_length=9, blank=True)
    local_authority_name = models.CharField(max_length=200, blank=True)
    local_authority_approximate = models.BooleanField(
        default=False, help_text="name from Doogal's Region, not an official council code"
    )
    post_town = models.CharField(max_length=100, blank=True)
    postcodes = models.PositiveIntegerField(default=0)
    non_geographic = models.BooleanField(default=False)
    terminated = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["district"]

    def __str__(self):
        return self.district


class UnitPostcode(models.Model):
    """A full postcode point from OS Code-Point Open ("W1G 9PF")."""

    postcode = models.CharField(max_length=8, primary_key=True)
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    nation = models.CharField(max_length=20)
    local_authority_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode


class PlaceName(models.Model):
    """A post town and one of its districts, so that "Cardiff" finds CF10, CF11 ..."""

    key = models.CharField(max_length=100, db_index=True, help_text="normalised name")
    name = models.CharField(max_length=100)
    district = models.ForeignKey(PostcodeDistrict, on_delete=models.CASCADE, related_name="places")

    class Meta:
        ordering = ["key", "district"]
        constraints = [
            models.UniqueConstraint(fields=["key", "district"], name="geo_place_key_district")
        ]

    def __str__(self):
        return f"{self.name} ({self.district_id})"
