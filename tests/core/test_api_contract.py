"""The API keeps its published contract: schemathesis generates requests for every operation in
/api/openapi.json (valid and invalid ones, a bounded, seeded number each) and checks that no
answer is a server error and every answer's status, content type, headers and body are the
ones the schema documents. Runs on whichever database the suite runs on."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from treatsafe.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}


@pytest.fixture
def api_schema(settings):
    # The contract, not the limits (tests/core/test_rate_limits.py holds those): with limits on,
    # most generated requests would only be answered 429.
    settings.TREATSAFE_RATE_LIMITS = dict.fromkeys(settings.TREATSAFE_RATE_LIMITS)
    # As Django's test client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _exercise(operation, mode, calls: list) -> list[str]:
    failures = []

    @seed(20261128)
    @hypothesis_settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        calls.append(case.operation.label)
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        pass  # no invalid request exists (a free-text path, or no parameters at all)
    except Exception as error:  # schemathesis raises one error naming every failed check
        failures.append(f"{mode.value} {operation.label}: {error}")
    return failures


def test_every_operation_keeps_the_documented_contract(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12  # every router is mounted and documented
    failures, calls = [], []
    for operation in operations:
        for mode in EXAMPLES:
            failures += _exercise(operation, mode, calls)
    assert failures == [], "\n\n".join(failures)
    assert {op.label for op in operations} == set(calls)  # every operation was called
    print(f"schemathesis: {len(calls)} requests over {len(operations)} operations, 0 failures")


def _models_in(annotation, found: set) -> None:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def test_every_schema_in_the_api_has_a_name_of_its_own():
    # Two classes with one name share one entry in the OpenAPI components: one of them is then
    # documented with the other's shape (as GET /ingredients once was with the register's).
    from treatsafe.api import ROUTERS

    found: set = set()
    for router in ROUTERS:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for wrapper in operation.response_models.values():
                    if wrapper is not None and hasattr(wrapper, "model_fields"):
                        _models_in(wrapper.model_fields["response"].annotation, found)
                for model in operation.models:
                    for field in model.model_fields.values():
                        _models_in(field.annotation, found)
    by_name: dict[str, set] = {}
    for model in found:
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert len(found) > 20
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_every_error_status_is_documented_with_the_error_shape():
    from treatsafe.api import api

    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                schema = response["content"]["application/json"]["schema"]
                name = schema["$ref"].rsplit("/", 1)[-1]
                required = document["components"]["schemas"][name]["required"]
                assert {"error", "message"} <= set(required), (method, path, status, name)


def test_a_malformed_multipart_upload_gets_a_json_error_not_an_html_page(client):
    response = client.post(
        "/api/v1/labels/check-image", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "invalid"
