import signal
import time

import pytest

from checks import anchoring
from checks.extraction import extract_claims
from checks.models import Claim, ClaimMention, ClaimOutcome
from newsroom import services
from newsroom.models import Draft

from .conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

MONTHS = ["January", "March", "May", "July", "September", "November"]
VISIBILITY_TIMEOUT = 2


def big_body(chars: int = 950_000) -> str:
    """About a megabyte of reporting with tens of thousands of distinct figures."""
    paragraphs, size, n = [], 0, 0
    while size < chars:
        paragraph = (
            f"In district {n}, officials counted {n * 7 + 3} damaged houses and "
            f"{n % 50 + 2} schools on {MONTHS[n % 6]} {n % 28 + 1}, 2024. The budget "
            f"for the area rose by {n % 90 + 5} percent to ${n * 13 + 100} million, "
            f"according to the ministry. Aid workers said the convoy of {n % 40 + 10} "
            "trucks reached the valley after a delay of several days."
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        n += 1
    return "\n\n".join(paragraphs)


def test_an_extraction_killed_midway_is_redelivered_and_completed_without_duplicates(
    start_worker, reporter
):
    body = big_body()
    first = start_worker(visibility_timeout=VISIBILITY_TIMEOUT)
    article = services.article_create(
        title="District damage survey", body=body, author=reporter
    )
    draft = article.drafts.get()

    def status():
        return Draft.objects.values_list("extraction_status", flat=True).get(
            pk=draft.pk
        )

    wait_for(lambda: status() == "running", timeout=30, what="extraction to start")
    time.sleep(0.3)  # well inside the extraction of ~25,000 figures
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.monotonic()

    # Killed in the middle: nothing of the extraction was committed.
    assert status() == "running"
    assert not ClaimMention.objects.filter(draft=draft).exists()
    assert not Claim.objects.filter(article=article).exists()

    # The task was never acknowledged, so once its visibility timeout has passed
    # the next worker to start (as a supervisor would restart one) takes it back.
    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 0.5 - (time.monotonic() - killed_at)))
    start_worker(visibility_timeout=VISIBILITY_TIMEOUT, ping=False)
    wait_for(lambda: status() == "done", timeout=90, interval=0.2, what="extraction")

    draft.refresh_from_db()
    assert draft.extraction_attempts == 2
    assert draft.extraction_error == ""
    expected = extract_claims(body)
    mentions = ClaimMention.objects.filter(draft=draft)
    assert sorted(mentions.values_list("start", "end")) == [
        (c.start, c.end) for c in expected
    ]
    claims = Claim.objects.filter(article=article)
    assert claims.count() == len(anchoring.claims_group(expected))
    # Each claim appears once in the draft's outcomes: no claim was made twice.
    assert ClaimOutcome.objects.filter(draft=draft).count() == claims.count()
    assert set(claims.values_list("status", flat=True)) == {"unchecked"}
