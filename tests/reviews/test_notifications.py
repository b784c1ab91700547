from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from checks.models import Claim, ClaimStatus
from newsroom.celery import app
from reviews import services, tasks
from reviews.models import Rating

pytestmark = pytest.mark.django_db
EVIDENCE = [{"url": "https://example.org/source"}]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_an_assignment_emails_the_reviewer_after_commit(
    make_claim, editor, reviewer, django_capture_on_commit_callbacks
):
    claim = make_claim()
    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_assign(
            claim=claim,
            assignee=reviewer,
            assigned_by=editor,
            due_at=timezone.now() + timedelta(days=2),
        )
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    [email] = mail.outbox
    assert email.to == [reviewer.email]
    assert email.subject == "1 claim(s) assigned to you"
    assert "600 fighters" in email.body
    assert "eddie assigned you" in email.body


def test_assigning_many_claims_sends_one_email_listing_them(
    make_claim, editor, reviewer, django_capture_on_commit_callbacks
):
    claims = [make_claim("600 fighters"), make_claim("40 vehicles")]
    with django_capture_on_commit_callbacks(execute=True):
        services.claims_assign(claims=claims, assignee=reviewer, assigned_by=editor)
    [email] = mail.outbox
    assert email.subject == "2 claim(s) assigned to you"
    assert "600 fighters" in email.body
    assert "40 vehicles" in email.body


def test_taking_a_claim_for_yourself_sends_no_email(
    make_claim, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.claim_assign(
            claim=make_claim(), assignee=reviewer, assigned_by=reviewer
        )
    assert callbacks == []
    assert mail.outbox == []


def test_a_stale_assignment_email_is_not_sent(
    make_claim, editor, reviewer, other_reviewer, django_capture_on_commit_callbacks
):
    claim = make_claim()
    with django_capture_on_commit_callbacks() as first:
        services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_assign(claim=claim, assignee=other_reviewer, assigned_by=editor)
    first[0]()  # the first job runs late, after the reassignment
    assert [m.to for m in mail.outbox] == [[other_reviewer.email]]


def test_a_verdict_emails_the_editors_but_not_its_reviewer(
    make_claim,
    editor,
    other_editor,
    reviewer,
    make_user,
    django_capture_on_commit_callbacks,
):
    no_address = make_user("nomail", "editor")
    no_address.email = ""
    no_address.save(update_fields=["email"])
    claim = make_claim()
    services.claim_assign(claim=claim, assignee=editor, assigned_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_verdict_record(
            claim=claim,
            reviewer=editor,
            rating=Rating.FALSE,
            explanation="The figure is wrong.",
            evidence=EVIDENCE,
        )
    assert [m.to for m in mail.outbox] == [[other_editor.email]]
    assert mail.outbox[0].subject == f"Verdict awaiting sign-off: claim #{claim.pk}"
    assert "as False" in mail.outbox[0].body


def test_a_verdict_signed_off_before_the_job_runs_sends_nothing(
    make_claim, editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    claim = make_claim()
    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_verdict_record(
            claim=claim,
            reviewer=reviewer,
            rating=Rating.VERIFIED,
            explanation="Confirmed.",
            evidence=EVIDENCE,
        )
    services.claim_sign_off(claim=claim, editor=editor)
    callbacks[0]()
    assert mail.outbox == []


def test_a_correction_request_emails_reviewers_and_editors(
    article,
    make_claim,
    reporter,
    reviewer,
    editor,
    other_editor,
    django_capture_on_commit_callbacks,
):
    claim = make_claim(status=ClaimStatus.SIGNED_OFF)
    for other in ("40 vehicles", "two weeks"):
        make_claim(other, status=ClaimStatus.WAIVED)
    services.article_publish(article=article, draft=article.drafts.get(), editor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_request_open(
            claim=claim,
            requester=reporter,
            problem="Too high.",
            proposed_text="450 fighters",
            evidence=EVIDENCE,
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [reviewer.email, editor.email, other_editor.email]
    )
    assert "“600 fighters” to “450 fighters”" in mail.outbox[0].body


def test_the_daily_reminder_lists_each_reviewers_overdue_claims(
    make_claim, editor, reviewer, other_reviewer
):
    past = timezone.now() - timedelta(hours=1)
    late = [make_claim("600 fighters"), make_claim("40 vehicles")]
    services.claims_assign(
        claims=late, assignee=reviewer, assigned_by=editor, due_at=past
    )
    rated = make_claim("two weeks")
    services.claim_assign(
        claim=rated, assignee=reviewer, assigned_by=editor, due_at=past
    )
    services.claim_verdict_record(
        claim=rated,
        reviewer=reviewer,
        rating=Rating.UNVERIFIABLE,
        explanation="No source.",
    )
    on_time = make_claim("The convoy")
    services.claim_assign(
        claim=on_time,
        assignee=other_reviewer,
        assigned_by=editor,
        due_at=timezone.now() + timedelta(days=1),
    )
    mail.outbox.clear()

    sent = tasks.assignments_overdue_remind_task.delay().get(timeout=5)

    assert sent == 1
    [email] = mail.outbox
    assert email.to == [reviewer.email]
    assert email.subject == "Reminder: 2 overdue claim(s)"
    assert "600 fighters" in email.body
    assert "40 vehicles" in email.body
    assert "two weeks" not in email.body


def test_the_reminder_is_scheduled_daily_on_the_notifications_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["reviews-overdue-assignments-remind"]
    assert entry["task"] == tasks.assignments_overdue_remind_task.name
    assert entry["schedule"] == 24 * 60 * 60
    assert entry["task"] in app.tasks
    route = app.amqp.router.route({}, entry["task"])
    assert route["queue"].name == "notifications"


def test_notification_jobs_ack_late_and_retry_on_mail_errors():
    for task in (
        tasks.assignments_notify_task,
        tasks.verdict_awaiting_sign_off_notify_task,
        tasks.correction_request_notify_task,
        tasks.assignments_overdue_remind_task,
    ):
        assert task.acks_late
        assert OSError in task.autoretry_for


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_overdue_reminder_from_the_notifications_queue(
    celery_worker_process, reporter, reviewer, editor
):
    from newsroom import services as newsroom_services

    from .conftest import draft_extracted

    article = newsroom_services.article_create(
        title="Quiet day", body="The minister spoke for 90 minutes.", author=reporter
    )
    draft = draft_extracted(article.drafts.get())
    claim = Claim.objects.create(
        article=article,
        kind="duration",
        text="90 minutes",
        fingerprint="fp-worker",
        first_draft=draft,
        last_draft=draft,
        checkworthiness=0.9,
    )
    services.claim_assign(
        claim=claim,
        assignee=reviewer,
        assigned_by=reviewer,
        due_at=timezone.now() - timedelta(minutes=5),
    )
    result = tasks.assignments_overdue_remind_task.delay()
    assert result.get(timeout=30) == 1
