"""Every error has the same JSON shape: {"error": {"code", "message", "fields"}}."""

import pytest

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status, code=None):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "fields"}
    assert isinstance(error["message"], str)
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


def test_a_request_without_credentials_is_a_401_with_the_scheme(anon):
    response = anon.get("/api/v1/articles/")
    assert_error_shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_a_401(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_error_shape(anon.get("/api/v1/me/"), 401, "authentication_failed")


def test_an_unknown_article_is_a_404(client_for, reviewer):
    assert_error_shape(client_for(reviewer).get("/api/v1/articles/999999/"), 404)


def test_an_unknown_api_path_is_a_json_404(client_for, reviewer):
    assert_error_shape(client_for(reviewer).get("/api/v1/nothing-here/"), 404)


def test_a_wrong_method_is_a_405(client_for, reviewer):
    response = client_for(reviewer).delete("/api/v1/me/")
    assert_error_shape(response, 405, "method_not_allowed")


def test_malformed_json_is_a_400(client_for, reporter):
    response = client_for(reporter).post(
        "/api/v1/articles/", data="{nope", content_type="application/json"
    )
    assert_error_shape(response, 400, "parse_error")


def test_field_errors_are_listed_per_field(client_for, reporter):
    response = client_for(reporter).post("/api/v1/articles/", {"title": ""})
    error = assert_error_shape(response, 400, "invalid")
    assert set(error["fields"]) == {"title", "body"}
    assert all(isinstance(m, str) for m in error["fields"]["body"])


def test_a_service_validation_error_is_mapped_to_its_field(client_for, reporter):
    response = client_for(reporter).post(
        "/api/v1/articles/", {"title": "x" * 301, "body": "Fine."}
    )
    error = assert_error_shape(response, 400, "invalid")
    assert list(error["fields"]) == ["title"]
    assert "limit is 300" in error["fields"]["title"][0]


def test_an_oversize_body_is_a_413(client_for, reporter, settings, article):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(reporter).post(
        f"/api/v1/articles/{article.pk}/drafts/",
        {"title": "Big", "body": "word " * 1000},
    )
    assert_error_shape(response, 413, "request_too_large")
    assert article.drafts.count() == 1


def test_too_many_requests_are_throttled_per_user(
    client_for, reviewer, editor, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/min",
        },
    }
    client = client_for(reviewer)
    statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/me/")
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    # Another user has their own allowance.
    assert client_for(editor).get("/api/v1/me/").status_code == 200


def test_extraction_has_its_own_tighter_throttle(client_for, reviewer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "extract": "1/min",
        },
    }
    client = client_for(reviewer)
    assert (
        client.post("/api/v1/extract/", {"text": "Some 20 people."}).status_code == 200
    )
    assert_error_shape(
        client.post("/api/v1/extract/", {"text": "Some 20 people."}), 429
    )
    assert client.get("/api/v1/me/").status_code == 200
