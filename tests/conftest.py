"""Shared fixtures: roles and users, and the real services some tests need.

Tests that need PostgreSQL, Redis, a Celery worker or Chromium skip when the
service is missing, unless ``REQUIRE_SERVICES=1`` (as in CI), where a missing
service is an error.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsroom.roles import EDITOR, REPORTER, REVIEWER, roles_sync
from newsroom.workers import celery_broker_use, celery_worker_start, database_url_of

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def service_missing(reason: str):
    """Skip, or fail when services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def _port_open(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname, parts.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _service_markers(request):
    from django.db import connection

    if (
        request.node.get_closest_marker("postgres")
        and connection.vendor != "postgresql"
    ):
        service_missing("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if (
        request.node.get_closest_marker("redis")
        or request.node.get_closest_marker("worker")
    ) and not _port_open(TEST_REDIS_URL, 6379):
        service_missing(f"needs Redis at {TEST_REDIS_URL}")
    if request.node.get_closest_marker("browser") and not (
        shutil.which("chromium") and shutil.which("chromedriver")
    ):
        service_missing("needs Debian's chromium and chromium-driver")


@pytest.fixture(autouse=True)
def _celery_join_flag_reset():
    """Undo a Celery race that concurrent tests can leave behind.

    In eager mode ``apply_async`` saves and restores a process-wide "inside a
    task" flag around each call; threads running eager tasks at once (the
    concurrency tests) can restore it in the wrong order and leave it set, after
    which every ``result.get()`` in the process refuses to run.
    """
    from celery._state import _set_task_join_will_block

    yield
    _set_task_join_will_block(False)


@pytest.fixture
def make_user(db):
    if not Group.objects.filter(name=EDITOR).exists():
        roles_sync()  # a transactional test flushed the migration's groups

    def make(username: str, *roles: str, **extra):
        user = get_user_model().objects.create_user(
            username=username,
            password="pw-for-tests-1",
            email=f"{username}@example.org",
            is_staff=True,
            **extra,
        )
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def reporter(make_user):
    return make_user("rita", REPORTER)


@pytest.fixture
def reviewer(make_user):
    return make_user("rev", REVIEWER)


@pytest.fixture
def other_reviewer(make_user):
    return make_user("rev2", REVIEWER)


@pytest.fixture
def editor(make_user):
    return make_user("eddie", EDITOR)


@pytest.fixture
def other_editor(make_user):
    return make_user("edna", EDITOR)


@pytest.fixture
def seed_body() -> str:
    return (REPO_ROOT / "seeds" / "isis-convoy" / "body.txt").read_text(
        encoding="utf-8"
    )


@pytest.fixture
def celery_live(settings):
    """Point the Celery app at the real Redis broker (not eager) for one test."""
    from newsroom.celery import app

    if not _port_open(TEST_REDIS_URL, 6379):
        service_missing(f"needs Redis at {TEST_REDIS_URL}")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    with celery_broker_use(app, TEST_REDIS_URL):
        yield app


@pytest.fixture
def celery_worker_process(celery_live, transactional_db):
    """Start a real Celery worker process on the test database and the real broker."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("a worker process shares the test database only on PostgreSQL")
    # The test broker is the tests' own: a worker already answering on it is a
    # stray from an interrupted run, with other code and another database, and
    # would steal this test's tasks.
    if celery_live.control.ping(timeout=0.5):
        celery_live.control.shutdown()
        time.sleep(1)
    proc = celery_worker_start(
        database_url=database_url_of(connection.settings_dict),
        broker_url=TEST_REDIS_URL,
        result_backend=TEST_REDIS_URL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited with {proc.returncode}")
            if celery_live.control.ping(timeout=0.5):
                break
        else:
            pytest.fail("celery worker did not answer a ping within 60 s")
    except BaseException:
        # Never leave a worker behind: it would serve the next run's tasks.
        proc.kill()
        proc.wait()
        raise
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def broker_down():
    """Point the Celery app at a closed port, not eager, for one test.

    Yields a function that brings the (in-process) broker back mid-test.
    """
    from newsroom.celery import app

    # Redis is down: the broker and the result store alike.
    with contextlib.ExitStack() as outage:
        outage.enter_context(celery_broker_use(app, "redis://127.0.0.1:1/0"))
        yield outage.close
