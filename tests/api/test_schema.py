"""The OpenAPI schema is valid, and the API keeps to it under generated input."""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from newsroom.wsgi import application


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    text = path.read_text()
    assert "openapi: 3." in text
    assert "/api/v1/claims/{id}/sign-off/" in text


@pytest.mark.django_db
def test_schema_and_docs_are_served_to_authenticated_users(client_for, reviewer, anon):
    assert anon.get("/api/schema/").status_code == 401
    client = client_for(reviewer)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "paths" in schema.json()
    client.force_login(reviewer)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from drf-spectacular-sidecar, not a CDN.
    assert b"drf_spectacular_sidecar/swagger-ui-dist" in docs.content
    assert b"cdn.jsdelivr" not in docs.content


def _schema():
    schema = schemathesis.openapi.from_dict(
        SchemaGenerator().get_schema(request=None, public=True)
    )
    schema.app = application
    return schema


schema = _schema()


@pytest.fixture
def token(make_user, seed_article):
    from newsroom.roles import EDITOR

    # An editor may call every endpoint; a seeded article gives ids to hit.
    user = make_user("fuzzer", EDITOR)
    return Token.objects.create(user=user).key


@pytest.fixture
def wsgi_keeps_the_test_transaction():
    # The WSGI handler closes "old" connections around each request, which would
    # drop the test's transaction; Django's test client does the same.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_within_its_schema(
    case, token, wsgi_keeps_the_test_transaction
):
    response = case.call(headers={"Authorization": f"Token {token}"})
    # No 5xx, and every documented answer matches its schema (the generated input
    # is often invalid on purpose: a 400 or 404 is a fine answer to it).
    case.validate_response(
        response,
        checks=[
            checks.not_a_server_error,
            checks.response_schema_conformance,
            checks.content_type_conformance,
        ],
    )
