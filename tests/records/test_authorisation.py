"""The authorisation matrix: every record, review and complication-report page and API
operation, for each kind of caller: anonymous, the patient (holding the record's token), the
practitioner who gave the treatment, another practitioner, an assessor handling a report about
the record and an assessor who is not. Where a caller has no business, the answer is a refusal,
nothing is written, nothing of the record is shown and no record read is audited."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from tests.records.builders import issue, practitioner
from tests.register.builders import make_assessor
from treatsafe.records import complications, tokens
from treatsafe.records.models import (
    ApiToken,
    BatchConcern,
    ComplicationReport,
    RecallNotice,
    RecordProduct,
    RecordVersion,
    TreatmentRecord,
)
from treatsafe.records.recording import ProductUse
from treatsafe.register.models import AuditEntry, Practitioner
from treatsafe.reviews import services as reviews
from treatsafe.reviews.models import Review, ReviewFlag

pytestmark = pytest.mark.django_db

ANON, PATIENT, OWNER, OTHER, WITH, WITHOUT = (
    "anonymous",
    "patient",
    "practitioner",
    "other practitioner",
    "assessor with report",
    "assessor without report",
)
ACTORS = (ANON, PATIENT, OWNER, OTHER, WITH, WITHOUT)
ALL = set(ACTORS)
SECRETS = ("SECRET-AREA", "SECRETLOT")
REFUSED = {302, 400, 401, 403, 404, 405, 409}
GUESSED = "A" * 43  # a well-formed token that is no record's


def _record_form(w, reason=False):
    day = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    data = {
        "treated_on": day,
        "treatment": "dermal-filler",
        "clinic": w["clinic"],
        "route": "injected",
        "area": "cheek",
        "product_1": w["product"],
        "batch_1": "NEW1",
        "expiry_1": "2099-01-01",
        "aftercare": "Rest",
        "patient_age_band": "18_or_over",
    }
    if reason:
        data["reason"] = "Wrong area"
    return data


def _api_record(w):
    return {
        "treated_on": (dt.date.today() - dt.timedelta(days=2)).isoformat(),
        "treatment": "dermal-filler",
        "clinic_id": w["clinic"],
        "route": "injected",
        "area": "cheek",
        "aftercare": "Rest",
        "patient_age_band": "18_or_over",
        "products": [{"product_id": w["product"], "batch": "N1", "expires_on": "2099-01-01"}],
    }


PROBLEM = {
    "what_happened": "Swollen",
    "started_on": dt.date.today().isoformat(),
    "how_now": "same",
    "seen_doctor": "no",
}

# (method, path, data, may get an answer, may see the record, may change something)
CASES = [
    ("get", "/records/", None, {OWNER, OTHER}, {OWNER}, set()),
    ("get", "/records/new/", None, {OWNER, OTHER}, set(), set()),
    ("post", "/records/new/", _record_form, {OWNER, OTHER}, set(), {OWNER}),
    ("get", "/records/mine/{t}/", None, {OWNER}, {OWNER}, set()),
    ("get", "/records/mine/{t}/correct/", None, {OWNER}, {OWNER}, set()),
    (
        "post",
        "/records/mine/{t}/correct/",
        lambda w: _record_form(w, True),
        {OWNER},
        {OWNER},
        {OWNER},
    ),
    ("get", "/records/mine/{t}/record.pdf", None, {OWNER}, {OWNER}, set()),
    ("get", "/records/api-tokens/", None, {OWNER, OTHER}, set(), set()),
    ("post", "/records/api-tokens/{tok}/revoke/", {}, {OWNER}, set(), {OWNER}),
    ("get", "/records/complications/{rep}/respond/", None, {OWNER}, set(), set()),
    ("post", "/records/complications/{rep}/respond/", {"response": "Hi"}, {OWNER}, set(), {OWNER}),
    ("get", "/records/r/{pt}/", None, {PATIENT}, {PATIENT}, set()),
    ("get", "/records/r/{pt}/record.json", None, {PATIENT}, {PATIENT}, set()),
    ("get", "/records/r/{pt}/record.pdf", None, {PATIENT}, {PATIENT}, set()),
    ("get", "/records/r/{pt}/delete/", None, {PATIENT}, set(), set()),
    ("post", "/records/r/{pt}/delete/", {}, {PATIENT}, set(), {PATIENT}),
    ("get", "/records/r/{pt}/problem/", None, {PATIENT}, set(), set()),
    ("post", "/records/r/{pt}/problem/", {"emergency_signs": ["vision"]}, {PATIENT}, set(), set()),
    ("get", "/records/r/{pt}/problem/details/", None, {PATIENT}, set(), set()),
    ("post", "/records/r/{pt}/problem/details/", PROBLEM, {PATIENT}, set(), {PATIENT}),
    ("get", "/reviews/r/{pt}/", None, {PATIENT}, set(), set()),
    (
        "post",
        "/reviews/r/{pt}/",
        {"rating": "5", "text": "Lovely results."},
        {PATIENT},
        set(),
        {PATIENT},
    ),
    ("get", "/records/assess/complications/", None, {WITH, WITHOUT}, set(), set()),
    ("get", "/records/assess/complications/{rep}/", None, {WITH, WITHOUT}, set(), set()),
    ("get", "/records/assess/complications/{rep}/record/", None, {WITH}, {WITH}, set()),
    ("post", "/records/assess/complications/{rep}/take/", {}, {WITH, WITHOUT}, set(), {WITH}),
    (
        "post",
        "/records/assess/complications/{rep}/triage/",
        {"triage-triage": "high", "triage-triage_reason": "x"},
        {WITH, WITHOUT},
        set(),
        {WITH},
    ),
    (
        "post",
        "/records/assess/complications/{rep}/ask/",
        {"ask-question": "Which filler?"},
        {WITH, WITHOUT},
        set(),
        {WITH},
    ),
    (
        "post",
        "/records/assess/complications/{rep}/close/",
        {"close-outcome": "no_finding", "close-outcome_note": "ok"},
        {WITH, WITHOUT},
        set(),
        {WITH},
    ),
    (
        "post",
        "/records/assess/complications/{rep}/suspend/",
        {"suspend-reason": "Serious"},
        {WITH, WITHOUT},
        set(),
        {WITH},
    ),
    ("get", "/records/assess/batches/", None, {WITH, WITHOUT}, set(), set()),
    (
        "post",
        "/records/assess/batches/",
        {"product_name": "P", "manufacturer": "M", "batch": "B", "reason": "R"},
        {WITH, WITHOUT},
        set(),
        {WITH, WITHOUT},
    ),
    ("get", "/reviews/{rv}/reply/", None, {OWNER}, set(), set()),
    ("post", "/reviews/{rv}/reply/", {"reply": "Thank you."}, {OWNER}, set(), {OWNER}),
    ("get", "/reviews/{rv}/report/", None, ALL, set(), set()),
    ("post", "/reviews/{rv}/report/", {"reason": "Fake"}, ALL, set(), ALL),
    ("get", "/reviews/moderate/", None, {WITH, WITHOUT}, set(), set()),
    ("get", "/reviews/moderate/{rv}/", None, {WITH, WITHOUT}, set(), set()),
    (
        "post",
        "/reviews/moderate/{rv}/hide/",
        {"reason": "Rude"},
        {WITH, WITHOUT},
        set(),
        {WITH, WITHOUT},
    ),
    ("api-post", "/api/v1/records", _api_record, {OWNER}, set(), {OWNER}),
    ("api-get", "/api/v1/records", None, {OWNER, OTHER}, {OWNER}, set()),
    ("api-get", "/api/v1/records/{t}", None, {OWNER}, {OWNER}, set()),
    (
        "api-post",
        "/api/v1/records/{t}/corrections",
        lambda w: {**_api_record(w), "reason": "typo"},
        {OWNER},
        set(),
        {OWNER},
    ),
    ("api-get", "/api/v1/patient-records/{pt}", None, {PATIENT}, {PATIENT}, set()),
    ("api-delete", "/api/v1/patient-records/{pt}", None, {PATIENT}, set(), {PATIENT}),
    (
        "api-post",
        "/api/v1/patient-records/{pt}/complications",
        PROBLEM,
        {PATIENT},
        set(),
        {PATIENT},
    ),
    (
        "api-post",
        "/api/v1/patient-records/{pt}/review",
        {"rating": 4, "text": "Good results here."},
        {PATIENT},
        set(),
        {PATIENT},
    ),
    ("api-get", "/api/v1/practitioners/{lid}/reviews", None, ALL, set(), set()),
]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each
    test runs in its own savepoint inside it (pytest-django), so no test sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world):
    cache.clear()  # rate limits
    return shared_world


def _build_world():
    owner_user, listing, product = practitioner()
    other_user, _, _ = practitioner()
    record = issue(
        owner_user,
        listing,
        treated_on=dt.date.today() - dt.timedelta(days=10),
        area="SECRET-AREA",
        products=[ProductUse(product.pk, "SECRETLOT", dt.date.today() + dt.timedelta(days=99))],
    )
    second = issue(owner_user, listing, treated_on=dt.date.today() - dt.timedelta(days=10))
    review = reviews.leave_review(second, 5, "Very good results indeed.", "setup")
    report = complications.report_problem(
        record, complications.ReportInput("Lump", dt.date.today(), "same", "no", [])
    )
    with_report, without_report = make_assessor(), make_assessor()
    complications.take_on(with_report, report.pk)
    complications.ask_practitioner(with_report, report.pk, "What happened?")
    owner_token, owner_text = tokens.create(owner_user, "app")
    _, other_text = tokens.create(other_user, "app")
    return {
        "users": {OWNER: owner_user, OTHER: other_user, WITH: with_report, WITHOUT: without_report},
        "api": {OWNER: owner_text, OTHER: other_text},
        "t": record.token,
        "tok": owner_token.pk,
        "rep": report.pk,
        "rv": review.pk,
        "lid": listing.pk,
        "clinic": listing.clinics.first().pk,
        "product": product.pk,
    }


def _state():
    models = (
        TreatmentRecord,
        RecordVersion,
        RecordProduct,
        ComplicationReport,
        RecallNotice,
        ApiToken,
        BatchConcern,
        Review,
        ReviewFlag,
    )
    # A token's own last-used time is the caller's bookkeeping, not a change to anything.
    state = [
        sorted(
            str({k: v for k, v in row.items() if k != "last_used_at"}) for row in m.objects.values()
        )
        for m in models
    ]
    state.append(sorted(Practitioner.objects.values_list("pk", "status")))
    return state


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_every_caller_gets_only_what_they_may(world, case, actor):
    method, template, data, answers, sees, writes = case
    path = template.format(
        t=world["t"],
        pt=world["t"] if actor == PATIENT else GUESSED,
        tok=world["tok"],
        rep=world["rep"],
        rv=world["rv"],
        lid=world["lid"],
    )
    if callable(data):
        data = data(world)
    client = Client()
    if actor in world["users"] and not method.startswith("api"):
        client.force_login(world["users"][actor])
    headers = {}
    if method.startswith("api") and actor in world["api"]:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world['api'][actor]}"
    before, audited = _state(), AuditEntry.objects.filter(action="record_viewed").count()
    verb = method.removeprefix("api-")
    if method.startswith("api") and verb in ("post",):
        response = client.post(path, data or {}, content_type="application/json", **headers)
    elif verb == "delete":
        response = client.delete(path, **headers)
    elif verb == "post":
        response = client.post(path, data or {}, **headers)
    else:
        response = client.get(path, **headers)
    body = b"" if getattr(response, "streaming", False) else response.content
    if actor in answers:
        assert response.status_code < 400, (actor, path, response.status_code)
    else:
        assert response.status_code in REFUSED, (actor, path, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], response["Location"]
    if actor not in writes:
        assert _state() == before, f"{actor} changed something through {method} {path}"
    if actor not in sees:
        assert not any(s.encode() in body for s in SECRETS), f"{actor} saw the record at {path}"
        viewed = AuditEntry.objects.filter(action="record_viewed").count()
        assert viewed == audited, f"{actor} read the record at {path}"
