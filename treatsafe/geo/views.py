"""Pages for geo: a thin rendering of the postcode service."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from treatsafe.core.errors import DomainError
from treatsafe.geo.services import lookup_place

MAX_QUERY = 100


def lookup(request):
    """GET /postcodes/?q=...: a search form, and the answer as a GOV.UK summary list."""
    query = request.GET.get("q")
    context = {"query": query or "", "result": None, "error": None}
    if query is not None:
        try:
            result = lookup_place(query[: MAX_QUERY + 1])
        except DomainError as error:
            context["error"] = error.message
            context["options"] = error.details.get("options", [])
        else:
            context["result"] = result
            if result.postcode:
                path = reverse("api:get_postcode", kwargs={"postcode": result.postcode})
            else:
                path = reverse("api:get_place") + "?" + urlencode({"q": result.place})
            context["json_url"] = path
    return render(request, "geo/lookup.html", context)
