from django.db import models


class ImportedDataset(models.Model):
    """Which version of a reference dataset is loaded, so that re-importing the same files is a
    no-op that says so."""

    name = models.CharField(max_length=50, unique=True)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the dataset's files")
    counts = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name
