"""CosIng reference tables: the inventory of ingredients and the entries of Annexes II-VI of
Regulation (EC) No 1223/2009, as published by the European Commission (for information only;
the legal text is the Regulation). Loaded by `treatsafe import-data` (datasets.py)."""

from django.db import models


class IngredientFunction(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Ingredient(models.Model):
    cosing_ref = models.IntegerField(primary_key=True, verbose_name="CosIng reference")
    inci_name = models.TextField(db_index=True, verbose_name="INCI name")
    inn_name = models.CharField(max_length=200, blank=True, verbose_name="INN name")
    ph_eur_name = models.CharField(max_length=200, blank=True, verbose_name="Ph. Eur. name")
    cas_numbers = models.TextField(blank=True, verbose_name="CAS numbers")
    ec_numbers = models.TextField(blank=True, verbose_name="EC numbers")
    description = models.TextField(blank=True)
    restriction_text = models.TextField(
        blank=True, help_text="the inventory's Restriction column (older than the annexes)"
    )
    update_date = models.DateField(null=True, blank=True)
    functions = models.ManyToManyField(IngredientFunction, related_name="ingredients")

    class Meta:
        ordering = ["inci_name"]

    def __str__(self):
        return self.inci_name


class AnnexEntry(models.Model):
    """One row of an annex. Reference numbers repeat within an annex, so the key is the row:
    `key` is "<annex>.<data row number>" (e.g. "III.17"), stable for the same file."""

    ANNEXES = [
        ("II", "Annex II: prohibited"),
        ("III", "Annex III: restricted"),
        ("IV", "Annex IV: colourant"),
        ("V", "Annex V: preservative"),
        ("VI", "Annex VI: UV filter"),
    ]

    key = models.CharField(max_length=12, primary_key=True)
    annex = models.CharField(max_length=3, choices=ANNEXES)
    reference = models.CharField(max_length=10, db_index=True)
    chemical_name = models.TextField()
    glossary_name = models.TextField(blank=True)
    cas = models.TextField(blank=True, verbose_name="CAS numbers")
    ec = models.TextField(blank=True, verbose_name="EC numbers")
    colour = models.CharField(max_length=20, blank=True)
    product_type = models.TextField(blank=True, verbose_name="product type, body parts")
    max_concentration = models.TextField(blank=True, verbose_name="maximum concentration")
    max_percent = models.FloatField(
        null=True, blank=True, help_text="set only where the text states one plain percentage"
    )
    other = models.TextField(blank=True)
    conditions_and_warnings = models.TextField(blank=True)
    regulation = models.CharField(max_length=30, blank=True)
    identified_ingredients = models.TextField(blank=True)
    update_date = models.DateField(null=True, blank=True)
    ingredients = models.ManyToManyField(
        Ingredient, through="AnnexLink", related_name="annex_entries"
    )

    class Meta:
        ordering = ["annex", "key"]
        verbose_name_plural = "annex entries"

    def __str__(self):
        return f"{self.annex}/{self.reference}"


class AnnexLink(models.Model):
    SOURCES = [
        ("identified", "the entry's identified ingredients"),
        ("restriction", "the inventory's Restriction column"),
        ("glossary", "the entry's glossary name"),
        ("cas", "a shared CAS number"),
        ("conditional", "the Restriction column, which attaches a condition to the ban"),
    ]

    entry = models.ForeignKey(AnnexEntry, on_delete=models.CASCADE)
    ingredient = models.ForeignKey(Ingredient, on_delete=models.CASCADE)
    source = models.CharField(max_length=12, choices=SOURCES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "ingredient"], name="one_link_per_pair")
        ]

    def __str__(self):
        return f"{self.entry} - {self.ingredient}"


class Synonym(models.Model):
    KINDS = [
        ("inn", "International Non-proprietary Name"),
        ("ph_eur", "European Pharmacopoeia name"),
        ("ci", "Colour Index number"),
        ("common", "common name"),
        ("botanical", "plant's common name (from its CosIng description)"),
        ("label", "label name (documented labelling convention)"),
    ]

    name = models.CharField(max_length=200, db_index=True)
    ingredient = models.ForeignKey(Ingredient, on_delete=models.CASCADE, related_name="synonyms")
    kind = models.CharField(max_length=10, choices=KINDS)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
