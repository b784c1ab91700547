"""Two transactions at once, on PostgreSQL, with the interleaving forced.

Each race runs one side in a thread (its own database connection) and holds it
at a chosen point inside its transaction; the other side then starts, and the
test checks in ``pg_stat_activity`` that it really waits for the first one's
row lock before letting the first one go.
"""

import threading
import time

import pytest
from django.db import connection

import checks.services
from checks.models import Claim
from checks.services import draft_claims_extract
from newsroom import services
from reviews import services as review_services

BODY = "The convoy of 40 trucks arrived on Monday. Officials said 12 people were hurt."


class Side(threading.Thread):
    """Run ``work`` in its own thread and database connection; keep its outcome."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work = work
        self.pid: int | None = None
        self.connected = threading.Event()
        self.result = None
        self.error: BaseException | None = None

    def run(self):
        try:
            connection.ensure_connection()
            self.pid = connection.connection.info.backend_pid
            self.connected.set()
            self.result = self.work()
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            self.error = exc
        finally:
            self.connected.set()
            connection.close()

    def outcome(self, timeout: float = 30):
        self.join(timeout)
        assert not self.is_alive(), "a side of the race never finished"
        return self.result


def waits_for_a_lock(side: Side, timeout: float = 10) -> bool:
    """Whether ``side`` is blocked on a lock held by another transaction."""
    side.connected.wait(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and side.is_alive():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                [side.pid],
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return True
        time.sleep(0.02)
    return False


class Gate:
    """Hold a function's caller at the call until the test opens the gate."""

    def __init__(self):
        self.reached = threading.Event()
        self.opened = threading.Event()

    def wrap(self, function):
        def gated(*args, **kwargs):
            self.reached.set()
            if not self.opened.wait(30):
                raise TimeoutError("the gate was never opened")
            return function(*args, **kwargs)

        return gated


@pytest.fixture
def gate():
    gate = Gate()
    yield gate
    gate.opened.set()  # never leave a thread hanging


@pytest.fixture
def article(reporter):
    article = services.article_create(title="Convoy", body=BODY, author=reporter)
    draft_claims_extract(draft_id=article.drafts.get().pk)
    return article


@pytest.fixture
def trucks(article) -> Claim:
    return Claim.objects.get(article=article, text="40 trucks")


@pytest.fixture
def verified(trucks, reviewer, editor) -> Claim:
    review_services.claim_assign(claim=trucks, assignee=reviewer, assigned_by=editor)
    review_services.claim_verdict_record(
        claim=trucks,
        reviewer=reviewer,
        rating="verified",
        explanation="The ministry's list has 40 trucks.",
        evidence=[{"url": "https://example.org/list"}],
    )
    trucks.refresh_from_db()
    return trucks


@pytest.fixture
def next_draft(article, reporter, monkeypatch):
    """Save the next draft without extracting it: each test extracts it itself."""

    def save(body: str):
        with monkeypatch.context() as patch:
            patch.setattr(checks.services, "_extraction_publish", lambda **kw: True)
            draft, created = services.draft_save(
                article=article,
                title=article.title,
                body=body,
                author=article.created_by,
            )
        assert created
        return draft

    return save


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
