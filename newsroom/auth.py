"""Password logins, refused for a while after repeated failures.

``ThrottledModelBackend`` replaces Django's ``ModelBackend`` in
``AUTHENTICATION_BACKENDS``, so every caller of ``authenticate()`` is covered:
the admin login form, DRF's session login and its token-obtain view. Failures
are counted in the cache per username and per client address for
``LOGIN_THROTTLE_SECONDS`` from the first failure; once a count reaches its
limit, every login for that username or from that address is refused, even
with the right password, until the window ends.

A refusal looks exactly like a wrong password, and failures are counted for
usernames that do not exist as well as for those that do, so neither the
answer nor the counting tells a guesser whether an account exists.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_PREFIX = "login-failures"


def _username_key(username: str) -> str:
    # Usernames are hashed: cache keys must be short and free of odd characters.
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return f"{CACHE_PREFIX}:user:{digest}"


def _address_key(request) -> str | None:
    address = getattr(request, "META", {}).get("REMOTE_ADDR")
    return f"{CACHE_PREFIX}:ip:{address}" if address else None


def _limits(request, username: str) -> list[tuple[str, int]]:
    limits = [(_username_key(username), settings.LOGIN_THROTTLE_USERNAME_FAILURES)]
    address = _address_key(request)
    if address:
        limits.append((address, settings.LOGIN_THROTTLE_ADDRESS_FAILURES))
    return limits


def login_throttled(*, request, username: str) -> bool:
    """Whether logins for ``username`` or from the request's address are refused."""
    limits = _limits(request, username)
    counts = cache.get_many([key for key, _ in limits])
    return any(counts.get(key, 0) >= limit for key, limit in limits)


def login_failure_record(*, request, username: str) -> None:
    for key, _ in _limits(request, username):
        # ``add`` starts the window at the first failure; ``incr`` keeps it.
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_SECONDS)


def login_failures_clear(*, username: str) -> None:
    cache.delete(_username_key(username))


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            if login_throttled(request=request, username=username):
                logger.warning("Login refused: too many failures (%s).", username)
                # Stops ``authenticate()`` at once: no other backend is asked.
                raise PermissionDenied
            user = super().authenticate(
                request, username=username, password=password, **kwargs
            )
            if user is None:
                login_failure_record(request=request, username=username)
            else:
                login_failures_clear(username=username)
            return user
        except (RedisError, OSError):
            # The cache is down: the password check alone decides rather than
            # locking the whole newsroom out.
            logger.exception("Login throttling unavailable; checking password only.")
            return super().authenticate(
                request, username=username, password=password, **kwargs
            )
