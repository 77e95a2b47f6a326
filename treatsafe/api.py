"""The one NinjaAPI instance: each app contributes a router; domain errors become JSON here."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError

from treatsafe.core.errors import DomainError
from treatsafe.geo.api import router as geo_router
from treatsafe.ingredients.api import router as ingredients_router
from treatsafe.notifications.api import router as notifications_router
from treatsafe.register.api import router as register_router
from treatsafe.treatments.api import router as treatments_router


class Docs(Swagger):
    """Swagger UI with a way back to the site, and a <noscript> note linking to the schema."""

    template = "core/api_docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        from django.shortcuts import render

        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": False,
            "openapi_json_url": self.settings["url"],
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="TreatSafe API",
    version="1",
    description=(
        "Open data and checks from TreatSafe. Reference data: CosIng (European Commission, "
        "CC BY 4.0) and OS Code-Point Open (OGL v3); see /about for attribution."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs=Docs(),
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"error": exc.code, "message": exc.message, **exc.details}
    response = api.create_response(request, body, status=exc.status)
    if retry_after := exc.details.get("retry_after"):  # busy: when to try again
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    body = {"error": "invalid", "message": "The request is not valid.", "detail": exc.errors}
    return api.create_response(request, body, status=400)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request, exc: RequestDataTooBig):
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576
    body = {"error": "too_large", "message": f"The request is larger than {limit_mb:.1f} MB."}
    return api.create_response(request, body, status=413)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja's own errors (e.g. a body that is not JSON) get the same shape as ours.
    message = str(exc)
    if message == "Cannot parse request body":
        message = "The request body is not valid JSON."
    body = {"error": "invalid" if exc.status_code == 400 else "error", "message": message}
    return api.create_response(request, body, status=exc.status_code)


api.add_router("/v1/", geo_router)
api.add_router("/v1/", ingredients_router)
api.add_router("/v1/", treatments_router)
api.add_router("/v1/", register_router)
api.add_router("/v1/", notifications_router)


def refuse_unknown_query_parameters(url_patterns) -> None:
    """Every GET operation answers 400 to a query parameter it does not take, naming it and
    the ones it accepts (a misspelt `radius=` must not silently become the default 10 miles).
    Applied to the mounted URL patterns (django-ninja clones each router's operations when it
    mounts them), by treatsafe.urls."""
    for pattern in url_patterns:
        closure = getattr(pattern.callback, "__closure__", None) or ()
        for cell in closure:
            path_view = cell.cell_contents
            for operation in getattr(path_view, "operations", ()):
                if "GET" not in operation.methods or getattr(operation, "_strict", False):
                    continue
                accepted = sorted(
                    name
                    for model in operation.models
                    if getattr(model, "__ninja_param_source__", None) == "query"
                    for name in getattr(model, "__ninja_flatten_map__", {})
                )
                operation.run = _strict(api, operation.run, accepted)
                operation._strict = True


def _strict(ninja_api: NinjaAPI, run, accepted: list[str]):
    def strict_run(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - set(accepted))
        if unknown:
            names = ", ".join(unknown)
            takes = f"It accepts: {', '.join(accepted)}." if accepted else "It takes none."
            body = {
                "error": "unknown_parameter",
                "message": f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: "
                f"{names}. {takes}",
                "unknown": unknown,
                "accepted": accepted,
            }
            return ninja_api.create_response(request, body, status=400)
        return run(request, *args, **kwargs)

    return strict_run
