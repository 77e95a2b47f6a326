"""Pages: the label checker, ingredient pages and a name search. Thin: one service call each."""

from django.shortcuts import render

from treatsafe.core import ratelimit
from treatsafe.core.errors import DomainError
from treatsafe.ingredients import photos, services, wording

FLAG_LABELS = {
    "human_origin": "Human origin",
    "animal_origin": "Animal origin",
    "plant_origin": "Plant origin",
    "microbial_origin": "Microbial origin",
    "exosome": "Exosomes or vesicles",
}


def _displayable(text: str) -> str:
    """The pasted text to show again in the form, without control characters (binary junk)."""
    return "".join(c for c in text if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160))


def check(request):
    context = {
        "text": "",
        "limit": f"{services.MAX_CHARACTERS:,}",
        "photo_reading": photos.ocr_available(),
        "photo_limit": f"{photos.MAX_PHOTO_BYTES // (1024 * 1024)} MB",
    }
    status, retry_after = 200, None
    if request.method == "POST":
        text = request.POST.get("text", "")
        photo = request.FILES.get("photo")
        context["text"] = _displayable(text[: services.MAX_CHARACTERS * 2])
        try:
            ratelimit.hit(request, "photo_check" if photo else "label_check")
        except ratelimit.RateLimited as error:
            return ratelimit.too_many_requests(request, error)
        try:
            if photo:
                text = services.read_label_photo(photo)
                context.update(text=text, from_photo=True)
            result = services.check_label(text)
        except (services.PhotoError, services.PhotoReadingUnavailable, photos.PhotosBusy) as error:
            # without photo reading there is no file input: the error belongs to the text box
            field = "photo" if context["photo_reading"] else "text"
            context.update(error=error.message, error_field=field)
            status = error.status
            retry_after = error.details.get("retry_after")
        except DomainError as error:  # bad text, or the reference data is not loaded (503)
            context.update(error=error.message, error_field="text")
            status = error.status
        else:
            heading, explanation = result.headline
            context.update(
                result=result,
                heading=heading,
                explanation=explanation,
                maker_heading=wording.MAKER_HEADING,
                maker_explanation=wording.MAKER_EXPLANATION,
                rows=[
                    {
                        "item": item,
                        "tag": (
                            wording.STATUS_TAGS[item.status],
                            f"govuk-tag--{wording.COLOURS[item.status]}",
                        ),
                        "flags": [FLAG_LABELS[flag] for flag in item.flags],
                    }
                    for item in result.ingredients
                ],
                attribution=services.COSING_ATTRIBUTION,
            )
    response = render(request, "ingredients/check.html", context, status=status)
    if retry_after:  # too many photos being read: when to try again
        response["Retry-After"] = str(retry_after)
    return response


def detail(request, ref: int):
    try:
        ingredient = services.ingredient_public(services.get_ingredient(ref))
    except services.IngredientNotFound as error:
        return render(request, "core/404.html", {"message": error.message}, status=404)
    flags = [FLAG_LABELS[flag] for flag in ingredient["flags"]]
    return render(request, "ingredients/detail.html", {"ingredient": ingredient, "flags": flags})


def search(request):
    query = request.GET.get("q", "")
    context = {"query": query}
    status = 200
    if "q" in request.GET:
        try:
            context["found"] = services.search_ingredients(query)
        except DomainError as error:
            context["error"] = error.message
            status = error.status
    return render(request, "ingredients/search.html", context, status=status)
