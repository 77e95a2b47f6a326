"""The one NinjaAPI instance: each app contributes a router; domain errors become JSON here."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from treatsafe.core.errors import DomainError
from treatsafe.geo.api import router as geo_router
from treatsafe.ingredients.api import router as ingredients_router
from treatsafe.register.api import router as register_router
from treatsafe.treatments.api import router as treatments_router

api = NinjaAPI(
    title="TreatSafe API",
    version="1",
    description=(
        "Open data and checks from TreatSafe. Reference data: CosIng (European Commission, "
        "CC BY 4.0) and OS Code-Point Open (OGL v3); see /about for attribution."
    ),
    urls_namespace="api",
    docs_url="/docs",
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
