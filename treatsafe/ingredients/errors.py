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
