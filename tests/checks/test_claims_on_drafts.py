"""Claims extracted on every save and followed across drafts (database level)."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checks import selectors, services
from checks.models import Claim, ClaimMention, ClaimOutcome, ClaimStatus
from checks.tasks import draft_claims_extract_task
from newsroom.models import Draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_extractor")]

BODY = (
    "The deal allowed 600 ISIS terrorists to leave the area.\n"
    "Coalition strikes took out 40 vehicles on the road.\n"
    "“We consider it an insult to the Iraqi people,” Haider Abadi said.\n"
)


def claim_at(draft: Draft, snippet: str) -> Claim:
    pos = draft.body.index(snippet)
    mention = ClaimMention.objects.get(draft=draft, start__lte=pos, end__gt=pos)
    return mention.claim


def outcome(claim: Claim, draft: Draft) -> ClaimOutcome:
    return ClaimOutcome.objects.get(claim=claim, draft=draft)


def set_status(claim: Claim, status: str) -> None:
    # The review workflow owns status; tests give verdicts directly.
    Claim.objects.filter(pk=claim.pk).update(status=status)


# --- Extraction job -------------------------------------------------------------


def test_a_saved_draft_is_queued_after_commit_and_extracted_then(
    reporter, django_capture_on_commit_callbacks
):
    from newsroom.services import article_create

    with django_capture_on_commit_callbacks() as callbacks:
        article = article_create(title="Convoy", body=BODY, author=reporter)
    draft = article.drafts.get()
    assert draft.extraction_status == Draft.ExtractionStatus.PENDING
    assert draft.extraction_queued_at is not None
    assert not Claim.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()  # the commit happened: the (eager) task runs now
    draft.refresh_from_db()
    assert draft.extraction_status == Draft.ExtractionStatus.DONE
    assert draft.extraction_attempts == 1
    assert draft.extracted_at is not None
    assert sorted(Claim.objects.values_list("text", flat=True)) == [
        "40 vehicles",
        "600 ISIS terrorists",
        "“We consider it an insult to the Iraqi people,”",
    ]


def test_claims_start_new_with_their_first_and_last_draft(article_factory):
    article = article_factory(BODY)
    draft = article.drafts.get()
    claim = claim_at(draft, "600 ISIS")
    assert (claim.first_draft, claim.last_draft) == (draft, draft)
    assert claim.status == ClaimStatus.UNCHECKED
    assert claim.value == 600
    assert len(claim.fingerprint) == 64
    assert outcome(claim, draft).outcome == "new"


def test_extracting_a_draft_again_writes_nothing_and_duplicates_nothing(
    article_factory, django_assert_num_queries
):
    article = article_factory(BODY)
    draft = article.drafts.get()
    before = (Claim.objects.count(), ClaimMention.objects.count())
    with django_assert_num_queries(1):  # read the draft, see it is done
        services.draft_claims_extract(draft_id=draft.pk)
    draft_claims_extract_task.delay(draft.pk)
    assert (Claim.objects.count(), ClaimMention.objects.count()) == before
    assert ClaimOutcome.objects.filter(draft=draft).count() == 3


def test_the_task_retries_transient_database_errors_with_backoff():
    assert draft_claims_extract_task.acks_late is True
    assert OperationalError in draft_claims_extract_task.autoretry_for
    assert draft_claims_extract_task.retry_backoff


def test_a_transient_database_error_is_raised_for_a_retry(article_factory, monkeypatch):
    article = article_factory(BODY)
    draft = article.drafts.get()
    Draft.objects.filter(pk=draft.pk).update(extraction_status="pending")

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_draft_claims_store", down)
    with pytest.raises(OperationalError):
        services.draft_claims_extract(draft_id=draft.pk)
    draft.refresh_from_db()
    assert draft.extraction_status == Draft.ExtractionStatus.RUNNING


def test_an_extractor_error_marks_the_draft_failed_and_the_save_succeeds(
    article_factory, monkeypatch
):
    import checks.extraction

    def broken(text, *, published=None):
        raise ValueError("cannot parse")

    monkeypatch.setattr(checks.extraction, "extract_claims", broken)
    article = article_factory(BODY)
    draft = article.drafts.get()
    assert draft.extraction_status == Draft.ExtractionStatus.FAILED
    assert draft.extraction_error == "ValueError: cannot parse"
    assert not Claim.objects.exists()


def test_a_draft_whose_predecessor_waits_extracts_it_first(
    reporter, article_factory, django_capture_on_commit_callbacks
):
    from newsroom.services import draft_save

    article = article_factory(BODY)
    with django_capture_on_commit_callbacks():  # queued, but the worker lags
        second, _ = draft_save(
            article=article, title="Convoy", body="Intro.\n" + BODY, author=reporter
        )
        third, _ = draft_save(
            article=article,
            title="Convoy",
            body="Intro.\n" + BODY.replace("600", "700"),
            author=reporter,
        )
    services.draft_claims_extract(draft_id=third.pk)
    second.refresh_from_db()
    assert second.extraction_status == Draft.ExtractionStatus.DONE
    figure = claim_at(article.drafts.get(number=1), "600 ISIS")
    assert outcome(figure, second).outcome == "carried"
    assert outcome(figure, third).outcome == "changed"


def test_a_failed_draft_run_again_later_does_not_rewind_its_claims(
    article_factory, save, monkeypatch, toy_extractor
):
    import checks.extraction

    article = article_factory(BODY)
    figure = claim_at(article.drafts.get(), "600 ISIS")
    set_status(figure, ClaimStatus.VERIFIED)

    def fails_on_650(text, *, published=None):
        if "650" in text:
            raise ValueError("cannot parse")
        return toy_extractor(text, published=published)

    monkeypatch.setattr(checks.extraction, "extract_claims", fails_on_650)
    second = save(article, BODY.replace("600 ISIS", "650 ISIS"))
    assert second.extraction_status == Draft.ExtractionStatus.FAILED
    third = save(article, "Intro.\n" + BODY)
    monkeypatch.setattr(checks.extraction, "extract_claims", toy_extractor)

    services.draft_claims_extract(draft_id=second.pk)  # run again by hand
    second.refresh_from_db()
    figure.refresh_from_db()
    assert second.extraction_status == Draft.ExtractionStatus.DONE
    assert claim_at(second, "650 ISIS") == figure
    assert outcome(figure, second).outcome == "changed"
    assert outcome(figure, third).outcome == "carried"
    assert figure.last_draft == third
    assert figure.value == 600
    assert figure.status == ClaimStatus.VERIFIED


# --- Re-anchoring across drafts ------------------------------------------------


def test_inserted_text_keeps_a_verified_claim_verified_at_its_new_offsets(
    article_factory, save
):
    article = article_factory(BODY)
    first = article.drafts.get()
    figure = claim_at(first, "600 ISIS")
    set_status(figure, ClaimStatus.VERIFIED)

    second = save(article, "Breaking news from the border.\n" + BODY)
    figure.refresh_from_db()
    assert claim_at(second, "600 ISIS") == figure
    assert figure.status == ClaimStatus.VERIFIED
    assert figure.last_draft == second
    assert figure.first_draft == first
    assert outcome(figure, second).outcome == "carried"
    mention = figure.mentions.get(draft=second)
    assert second.body[mention.start : mention.end] == "600 ISIS terrorists"


def test_a_figure_changed_from_600_to_700_reopens_its_verified_claim(
    article_factory, save
):
    article = article_factory(BODY)
    first = article.drafts.get()
    figure = claim_at(first, "600 ISIS")
    vehicles = claim_at(first, "40 vehicles")
    set_status(figure, ClaimStatus.VERIFIED)
    set_status(vehicles, ClaimStatus.VERIFIED)
    version = Claim.objects.get(pk=figure.pk).version

    second = save(article, BODY.replace("600 ISIS", "700 ISIS"))
    figure.refresh_from_db()
    vehicles.refresh_from_db()
    assert claim_at(second, "700 ISIS") == figure
    assert figure.status == ClaimStatus.REOPENED
    assert figure.value == 700
    assert figure.text == "700 ISIS terrorists"
    assert figure.version > version
    assert outcome(figure, second).outcome == "changed"
    assert outcome(figure, second).changes == {"value": [600, 700]}
    assert vehicles.status == ClaimStatus.VERIFIED  # untouched figures stay checked
    assert [w["code"] for w in figure.warnings] == ["changed_after_verification"]
    assert "600 → 700" in figure.warnings[0]["message"]


def test_a_changed_claim_not_yet_checked_stays_unchecked(article_factory, save):
    article = article_factory(BODY)
    figure = claim_at(article.drafts.get(), "600 ISIS")
    second = save(article, BODY.replace("600 ISIS", "700 ISIS"))
    figure.refresh_from_db()
    assert outcome(figure, second).outcome == "changed"
    assert figure.status == ClaimStatus.UNCHECKED
    assert figure.warnings == []


def test_a_reworded_quote_is_reopened_with_old_and_new_words(article_factory, save):
    article = article_factory(BODY)
    quote = claim_at(article.drafts.get(), "We consider")
    set_status(quote, ClaimStatus.SIGNED_OFF)
    second = save(article, BODY.replace("an insult to", "a slap in the face of"))
    quote.refresh_from_db()
    assert claim_at(second, "We consider") == quote
    assert quote.status == ClaimStatus.REOPENED
    assert outcome(quote, second).changes == {
        "value": [
            "we consider it an insult to the iraqi people",
            "we consider it a slap in the face of the iraqi people",
        ]
    }


def test_moved_paragraphs_keep_every_claim_and_its_status(article_factory, save):
    article = article_factory(BODY)
    first = article.drafts.get()
    claims = {s: claim_at(first, s) for s in ("600 ISIS", "40 vehicles", "We consider")}
    set_status(claims["40 vehicles"], ClaimStatus.VERIFIED)
    lines = BODY.splitlines(keepends=True)
    second = save(article, lines[2] + lines[1] + lines[0])
    assert {s: claim_at(second, s) for s in claims} == claims
    assert set(
        ClaimOutcome.objects.filter(draft=second).values_list("outcome", flat=True)
    ) == {"carried"}
    assert Claim.objects.get(pk=claims["40 vehicles"].pk).status == "verified"


def test_a_deleted_sentence_marks_its_claim_removed(article_factory, save):
    article = article_factory(BODY)
    first = article.drafts.get()
    vehicles = claim_at(first, "40 vehicles")
    second = save(
        article,
        BODY.replace("Coalition strikes took out 40 vehicles on the road.\n", ""),
    )
    vehicles.refresh_from_db()
    assert outcome(vehicles, second).outcome == "removed"
    assert vehicles.last_draft == first
    assert not vehicles.mentions.filter(draft=second).exists()
    assert vehicles not in selectors.claim_list(draft=second)


def test_the_same_figure_twice_is_one_claim_mentioned_twice(article_factory, save):
    body = BODY + "Officials confirmed 600 ISIS terrorists had left.\n"
    article = article_factory(body)
    first = article.drafts.get()
    figure = claim_at(first, "600 ISIS terrorists to")
    assert figure.mentions.filter(draft=first).count() == 2
    second = save(article, "Update.\n" + body)
    assert claim_at(second, "600 ISIS terrorists had") == figure
    assert figure.mentions.filter(draft=second).count() == 2


def test_a_whole_rewrite_removes_old_claims_and_adds_new_ones(article_factory, save):
    article = article_factory(BODY)
    old = set(Claim.objects.values_list("pk", flat=True))
    second = save(article, "Markets rose as 300 traders returned on Monday.\n")
    assert (
        set(
            ClaimOutcome.objects.filter(draft=second, outcome="removed").values_list(
                "claim_id", flat=True
            )
        )
        == old
    )
    assert list(selectors.claim_list(draft=second).values_list("text", flat=True)) == [
        "300 traders"
    ]


def test_a_restored_draft_brings_back_the_claims_with_their_verdicts(
    article_factory, save, reporter, django_capture_on_commit_callbacks
):
    from newsroom.services import draft_restore

    article = article_factory(BODY)
    vehicles = claim_at(article.drafts.get(), "40 vehicles")
    set_status(vehicles, ClaimStatus.VERIFIED)
    save(
        article,
        BODY.replace("Coalition strikes took out 40 vehicles on the road.\n", ""),
    )
    with django_capture_on_commit_callbacks(execute=True):
        third, _ = draft_restore(article=article, number=1, author=reporter)
    vehicles.refresh_from_db()
    assert claim_at(third, "40 vehicles") == vehicles
    assert vehicles.status == ClaimStatus.VERIFIED
    assert [e.outcome for e in selectors.claim_history(claim=vehicles)] == [
        "new",
        "removed",
        "carried",
    ]


def test_extraction_runs_a_constant_number_of_queries_whatever_the_claim_count(
    article_factory,
    reporter,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from newsroom.services import draft_save

    def body(n):
        # Figures of one subject: every claim also gets conflict warnings.
        return "".join(f"Officials counted {i + 1} vehicles.\n" for i in range(n))

    def second_draft(n):
        article = article_factory(body(n), title=f"Counts {n}")
        with django_capture_on_commit_callbacks():
            draft, _ = draft_save(
                article=article,
                title=article.title,
                body="Intro.\n" + body(n).replace("counted 2 ", "counted 2000 "),
                author=reporter,
            )
        return draft

    small, large = second_draft(3), second_draft(80)
    with CaptureQueriesContext(connection) as few:
        services.draft_claims_extract(draft_id=small.pk)
    assert len(few.captured_queries) <= 25
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.draft_claims_extract(draft_id=large.pk)
    for draft, n in ((small, 3), (large, 80)):
        outcomes = ClaimOutcome.objects.filter(draft=draft)
        assert outcomes.count() == n
        assert outcomes.filter(outcome="changed").count() == 1


# --- Broker down and the sweeper ----------------------------------------------


def test_a_save_succeeds_when_the_broker_is_down_and_the_sweeper_catches_up(
    reporter, broker_down, django_capture_on_commit_callbacks
):
    from newsroom.services import article_create

    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(title="Convoy", body=BODY, author=reporter)
    draft = article.drafts.get()
    assert draft.extraction_status == Draft.ExtractionStatus.PENDING
    assert not Claim.objects.exists()

    broker_down()  # the broker is back (in-process here)
    assert services.draft_extraction_sweep() == 0  # not stale yet
    assert services.draft_extraction_sweep(stale_after=timedelta(0)) == 1
    draft.refresh_from_db()
    assert draft.extraction_status == Draft.ExtractionStatus.DONE
    assert Claim.objects.filter(article=article).count() == 3


def test_the_sweeper_leaves_done_and_failed_drafts_alone(article_factory, reporter):
    from newsroom.services import article_create, draft_extraction_fields_update

    done = article_factory(BODY).drafts.get()
    # Saved without running their commit callbacks: never queued, as if the
    # broker had been down.
    failed = article_create(title="Failed", body=BODY, author=reporter).drafts.get()
    draft_extraction_fields_update(
        draft=failed, extraction_status=Draft.ExtractionStatus.FAILED
    )
    pending = article_create(title="Waiting", body=BODY, author=reporter).drafts.get()
    Draft.objects.filter(pk__in=[failed.pk, pending.pk]).update(
        extraction_queued_at=timezone.now() - timedelta(hours=1)
    )

    assert services.draft_extraction_sweep(stale_after=timedelta(minutes=5)) == 1
    statuses = dict(
        Draft.objects.filter(pk__in=[done.pk, failed.pk, pending.pk]).values_list(
            "pk", "extraction_status"
        )
    )
    assert statuses == {done.pk: "done", failed.pk: "failed", pending.pk: "done"}


def test_the_sweeper_runs_periodically():
    from django.conf import settings

    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "checks.tasks.draft_extraction_sweep_task"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] <= 600


def test_a_queued_draft_whose_article_was_deleted_is_skipped():
    assert draft_claims_extract_task.delay(987654).get() == "gone"


def test_a_second_task_for_a_draft_already_extracted_leaves_it_done(
    reporter, django_capture_on_commit_callbacks
):
    """Two workers took the same draft (its own task, and a later draft's task
    catching up): the one that finishes second must not undo the first."""
    from checks.services import _draft_extract_one
    from newsroom.services import article_create

    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(title="Convoy", body=BODY, author=reporter)
    done = article.drafts.get()
    stale = Draft.objects.get(pk=done.pk)
    stale.extraction_status = Draft.ExtractionStatus.PENDING  # as the loser read it
    mentions = list(
        ClaimMention.objects.filter(draft=done).values_list("pk", flat=True)
    )

    _draft_extract_one(draft=stale)

    done.refresh_from_db()
    assert done.extraction_status == Draft.ExtractionStatus.DONE
    assert done.extraction_error == ""
    assert (
        list(ClaimMention.objects.filter(draft=done).values_list("pk", flat=True))
        == mentions
    )
