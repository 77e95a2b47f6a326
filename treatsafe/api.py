"""The one NinjaAPI instance: each app contributes a router; domain errors become JSON here."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from treatsafe.core.errors import DomainError
from treatsafe.core.schemas import ErrorOut
from treatsafe.geo.api import router as geo_router
from treatsafe.ingredients.api import router as ingredients_router
from treatsafe.records.api import router as records_router
from treatsafe.register.api import router as register_router
from treatsafe.reviews.api import router as reviews_router
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
    if retry_after := exc.details.get("retry_after"):  # busy or rate-limited: when to try again
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


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc: MultiPartParserError):
    body = {
        "error": "invalid",
        "message": "The upload could not be read: send multipart/form-data with a boundary.",
    }
    return api.create_response(request, body, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja's own errors (e.g. a body that is not JSON) get the same shape as ours.
    message = str(exc)
    if message == "Cannot parse request body":
        message = "The request body is not valid JSON."
    body = {"error": "invalid" if exc.status_code == 400 else "error", "message": message}
    return api.create_response(request, body, status=exc.status_code)


ROUTERS = (
    geo_router,
    ingredients_router,
    treatments_router,
    register_router,
    records_router,
    reviews_router,
)


def document_common_errors(routers=ROUTERS) -> None:
    """Every error an operation can answer is in the schema, in the one error shape: 400 for
    anything with parameters or a body (a value that is not valid), 413 for a body (larger than
    the upload limit). Statuses an app documents itself (404, 429, 503 ...) are kept."""
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                sources = {
                    model.__ninja_param_source__
                    for model in operation.models
                    if model.model_fields  # a model with no fields takes no input
                }
                common = {400: bool(sources), 413: bool(sources & {"body", "file", "form"})}
                for status, applies in common.items():
                    if applies and status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(
                            ErrorOut
                        )


document_common_errors()
for router in ROUTERS:
    api.add_router("/v1/", router)
