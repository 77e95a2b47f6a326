"""The ingredients app's typed errors (mapped to HTTP statuses in treatsafe.api)."""

from treatsafe.core.errors import DomainError, InvalidInput, NotFound


class LabelError(InvalidInput):
    """The text cannot be checked as an ingredient list."""


class EmptyLabel(LabelError):
    code = "empty_label"


class LabelTooLong(LabelError):
    code = "label_too_long"


class TooManyIngredients(LabelError):
    code = "too_many_ingredients"


class NotText(LabelError):
    code = "not_text"


class IngredientNotFound(NotFound):
    code = "ingredient_not_found"


class ReferenceDataMissing(DomainError):
    status = 503
    code = "reference_data_missing"


class PhotoError(LabelError):
    """The uploaded photo cannot be read as a label."""

    code = "bad_photo"


class NotAPhoto(PhotoError):
    code = "not_a_photo"


class PhotoTooLarge(PhotoError):
    code = "photo_too_large"


class NoTextInPhoto(PhotoError):
    code = "no_text_in_photo"


class PhotosBusy(DomainError):
    """Two photos are being read already in this process: try again shortly (Retry-After)."""

    status = 503
    code = "photos_busy"


class PhotoReadingUnavailable(DomainError):
    """Tesseract OCR is not installed on this server."""

    status = 503
    code = "photo_reading_unavailable"
