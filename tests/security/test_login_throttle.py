import re
import time

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from rest_framework.authtoken.serializers import AuthTokenSerializer

from newsroom.roles import EDITOR

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"
REFUSAL = "Please enter the correct username and password for a staff account."


@pytest.fixture(
    params=["locmem", pytest.param("redis", marks=pytest.mark.redis)],
    autouse=True,
)
def login_cache(request, settings):
    """Run each test on the in-process cache and on Redis, as in production."""
    from django.core.cache import cache

    if request.param == "redis":
        from tests.conftest import TEST_REDIS_URL

        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": TEST_REDIS_URL,
                "KEY_PREFIX": "security-tests",
            }
        }
    cache.clear()
    yield request.param
    cache.clear()


def admin_login(username, password, address="10.1.1.1"):
    return Client().post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def refused(response) -> bool:
    return response.status_code == 200 and REFUSAL in response.content.decode()


def test_the_admin_login_works_with_the_right_password(make_user):
    make_user("eve", EDITOR)
    response = admin_login("eve", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_five_failed_logins_lock_the_username_even_with_the_right_password(
    settings, make_user
):
    make_user("eve", EDITOR)
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES):
        assert refused(admin_login("eve", "wrong"))
    # From another address too: the lock is on the account.
    assert refused(admin_login("eve", PASSWORD, address="10.9.9.9"))
    assert refused(admin_login("EVE ", PASSWORD, address="10.9.9.8"))


def test_fewer_failures_than_the_limit_do_not_lock_anyone_out(settings, make_user):
    make_user("eve", EDITOR)
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES - 1):
        assert refused(admin_login("eve", "wrong"))
    assert admin_login("eve", PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(settings, make_user):
    make_user("eve", EDITOR)
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES - 1):
        admin_login("eve", "wrong")
    assert admin_login("eve", PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES - 1):
        admin_login("eve", "wrong")
    assert admin_login("eve", PASSWORD).status_code == 302


def test_a_locked_unknown_username_is_refused_exactly_like_a_locked_real_one(
    settings, make_user
):
    make_user("eve", EDITOR)
    answers = {}
    for username in ("eve", "nobody-here"):
        for n in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES):
            admin_login(username, "wrong", address=f"10.2.{len(answers)}.{n}")
        response = admin_login(username, PASSWORD, address=f"10.3.0.{len(answers)}")
        body = response.content.decode().replace(username, "USERNAME")
        answers[username] = (
            response.status_code,
            re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body),
        )
    assert answers["eve"][0] == 200
    assert REFUSAL in answers["eve"][1]
    assert answers["eve"] == answers["nobody-here"]


def test_one_address_trying_many_usernames_is_refused_after_the_address_limit(
    settings, make_user
):
    make_user("eve", EDITOR)
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 6
    for n in range(6):
        assert refused(admin_login(f"guess-{n}", "wrong", address="10.4.4.4"))
    # A real account with its right password, from the throttled address.
    assert refused(admin_login("eve", PASSWORD, address="10.4.4.4"))
    # The account itself is not locked: its owner logs in from elsewhere.
    assert admin_login("eve", PASSWORD, address="10.5.5.5").status_code == 302


def test_the_lock_ends_when_the_window_has_passed(settings, make_user):
    make_user("eve", EDITOR)
    settings.LOGIN_THROTTLE_SECONDS = 1
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES):
        admin_login("eve", "wrong")
    assert refused(admin_login("eve", PASSWORD))
    time.sleep(1.2)
    assert admin_login("eve", PASSWORD).status_code == 302


def test_drf_token_obtain_and_session_logins_share_the_lock(settings, make_user):
    make_user("eve", EDITOR)
    request = RequestFactory().post("/api-token-auth/", REMOTE_ADDR="10.6.6.6")

    def token_obtain(password):
        serializer = AuthTokenSerializer(
            data={"username": "eve", "password": password},
            context={"request": request},
        )
        return serializer.is_valid()

    assert token_obtain(PASSWORD)
    for _ in range(settings.LOGIN_THROTTLE_USERNAME_FAILURES):
        assert not token_obtain("wrong")
    assert not token_obtain(PASSWORD)
    # DRF's session login view is Django's LoginView: the same authenticate().
    assert authenticate(request, username="eve", password=PASSWORD) is None
    assert refused(admin_login("eve", PASSWORD, address="10.7.7.7"))
