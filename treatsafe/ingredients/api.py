"""JSON API for ingredients (mounted under /api/v1/ by treatsafe.api)."""

from django.urls import reverse
from ninja import File, Query, Router, Schema, UploadedFile

from treatsafe.core import ratelimit
from treatsafe.core.responses import json_response
from treatsafe.ingredients import services
from treatsafe.ingredients.schemas import (
    ErrorOut,
    IngredientOut,
    IngredientSearchOut,
    LabelIn,
    LabelOut,
    LabelPhotoOut,
)

router = Router(tags=["ingredients"])


@router.post(
    "/labels/check",
    response={200: LabelOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut, 503: ErrorOut},
    summary="Check a product's ingredient list against CosIng",
)
def check_label(request, body: LabelIn):
    """Parse the list, match each name to CosIng and say what each ingredient does. `verdict`:
    `prohibited` (a banned ingredient), `restriction_broken` (the label itself shows a legal
    condition broken), `unknown_ingredients` (some names could not be checked) or `ok` (no
    banned ingredient; conditions only the maker can meet are in `maker_limits`).
    Limits: 20,000 characters and 500 ingredients."""
    ratelimit.hit(request, "label_check")
    # Already in the public shape (tests hold it to LabelOut): validating it again through
    # the schema cost three times the check itself.
    return json_response(services.check_label(body.text).as_dict())


@router.post(
    "/labels/check-image",
    response={200: LabelPhotoOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut, 503: ErrorOut},
    summary="Read an ingredient list from a photo of a label and check it",
)
def check_label_image(request, image: File[UploadedFile]):
    """Multipart upload, field `image`: a JPEG, PNG or HEIC photo of the ingredient list, up to
    8 MB. The text read from it (`text`) comes back with the result: reading photos makes mistakes,
    so show it to the person to correct and check again with /labels/check."""
    ratelimit.hit(request, "photo_check")
    text, result = services.check_label_photo(image)
    return {"text": text, **result.as_dict()}


class SearchQuery(Schema):
    q: str


@router.get(
    "/ingredients",
    response={200: IngredientSearchOut, 400: ErrorOut},
    summary="Search ingredients by name, with close spellings",
)
def search_ingredients(request, filters: Query[SearchQuery]):
    found = services.search_ingredients(filters.q)
    return {
        "query": found.query,
        "results": [
            {
                "cosing_ref": i.cosing_ref,
                "inci_name": i.inci_name,
                "url": reverse("ingredients:detail", args=[i.cosing_ref]),
            }
            for i in found.results
        ],
        "suggestions": [
            {"cosing_ref": ref, "inci_name": name, "score": score}
            for ref, name, score in found.suggestions
        ],
    }


@router.get(
    "/ingredients/{ref}",
    response={200: IngredientOut, 404: ErrorOut},
    summary="One CosIng ingredient with its annex entries",
)
def get_ingredient(request, ref: int):
    return services.ingredient_public(services.get_ingredient(ref))
