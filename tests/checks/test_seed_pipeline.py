"""The seed article through the real extraction engine, in-process and on a worker."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command

from checks import services
from checks.models import Claim, ClaimMention, ClaimOutcome, ClaimStatus
from newsroom.models import Article, Draft
from newsroom.services import draft_save


def wait_for_extraction(draft: Draft, timeout: float = 60) -> Draft:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        draft.refresh_from_db()
        if draft.extraction_status in ("done", "failed"):
            return draft
        time.sleep(0.1)
    raise AssertionError(f"draft {draft.number} still {draft.extraction_status}")


def figure(draft: Draft, snippet: str) -> Claim:
    pos = draft.body.index(snippet)
    return ClaimMention.objects.get(draft=draft, start__lte=pos, end__gt=pos).claim


@pytest.mark.django_db
def test_loadseeds_gives_the_seed_article_its_claims(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loadseeds")
    draft = Article.objects.get().drafts.get()
    assert draft.extraction_status == Draft.ExtractionStatus.DONE
    texts = set(Claim.objects.values_list("text", flat=True))
    assert {"600 ISIS terrorists", "40 vehicles", "85 fighters"} <= texts
    claim = figure(draft, "600 ISIS terrorists")
    assert claim.value == 600
    assert claim.first_draft == draft


@pytest.mark.django_db
def test_editing_the_seed_figure_reopens_it_and_keeps_the_rest(
    reporter, seed_body, article_factory, save
):
    article = article_factory(seed_body, title="ISIS convoy")
    first = article.drafts.get()
    six_hundred = figure(first, "600 ISIS terrorists")
    vehicles = figure(first, "40 vehicles")
    Claim.objects.filter(pk__in=[six_hundred.pk, vehicles.pk]).update(
        status=ClaimStatus.SIGNED_OFF
    )
    count = Claim.objects.count()

    second = save(
        article,
        "Editor's note: updated with new figures.\n\n"
        + seed_body.replace("600 ISIS terrorists", "700 ISIS terrorists"),
    )
    six_hundred.refresh_from_db()
    vehicles.refresh_from_db()
    assert figure(second, "700 ISIS terrorists") == six_hundred
    assert six_hundred.status == ClaimStatus.REOPENED
    assert vehicles.status == ClaimStatus.SIGNED_OFF
    assert Claim.objects.count() == count
    assert dict(
        ClaimOutcome.objects.filter(draft=second)
        .exclude(outcome="carried")
        .values_list("claim__text", "outcome")
    ) == {"700 ISIS terrorists": "changed"}


@pytest.mark.worker
@pytest.mark.postgres
def test_a_real_worker_extracts_the_seed_article_over_redis(
    celery_worker_process, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("loadseeds")
    article = Article.objects.get()
    first = wait_for_extraction(article.drafts.get())
    assert first.extraction_status == Draft.ExtractionStatus.DONE
    six_hundred = figure(first, "600 ISIS terrorists")

    second, _ = draft_save(
        article=article,
        title=article.title,
        body=first.body.replace("600 ISIS terrorists", "700 ISIS terrorists"),
        author=article.created_by,
    )
    wait_for_extraction(second)
    assert figure(second, "700 ISIS terrorists") == six_hundred
    assert ClaimOutcome.objects.get(claim=six_hundred, draft=second).changes == {
        "value": [600, 700]
    }


@pytest.mark.worker
@pytest.mark.postgres
def test_with_the_broker_down_a_save_succeeds_and_the_sweeper_catches_up(
    celery_worker_process, celery_live, reporter, seed_body
):
    from newsroom.services import article_create
    from newsroom.workers import celery_broker_use

    with celery_broker_use(celery_live, "redis://127.0.0.1:1/0"):  # nothing there
        article = article_create(title="Convoy", body=seed_body, author=reporter)
    draft = article.drafts.get()
    time.sleep(0.5)
    draft.refresh_from_db()
    assert draft.extraction_status == Draft.ExtractionStatus.PENDING
    assert not Claim.objects.filter(article=article).exists()

    assert services.draft_extraction_sweep(stale_after=timedelta(0)) == 1
    assert wait_for_extraction(draft).extraction_status == "done"
    assert Claim.objects.filter(article=article, text="600 ISIS terrorists").exists()


@pytest.mark.django_db
def test_publishing_does_not_change_how_relative_dates_read(
    seed_body, article_factory, save
):
    from django.utils import timezone

    article = article_factory(seed_body, title="ISIS convoy")
    first = article.drafts.get()
    thursday = figure(first, "Thursday")
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now(), live_draft=first
    )
    article.refresh_from_db()
    second = save(article, seed_body + "\nThe convoy later moved on.\n")
    assert figure(second, "Thursday") == thursday
    assert not ClaimOutcome.objects.filter(draft=second).exclude(outcome="carried")
