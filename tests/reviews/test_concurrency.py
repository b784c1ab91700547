import threading

import pytest
from django.db import connection

from checks.models import Claim, ClaimStatus
from newsroom import services as newsroom_services
from newsroom.errors import TransitionError
from reviews import services
from reviews.models import AuditEvent, Rating

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_editors_signing_off_one_claim_at_once_exactly_one_wins(
    settings, reporter, reviewer, editor, other_editor, make_claim
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    article = newsroom_services.article_create(
        title="Quiet day", body="The minister spoke at length.", author=reporter
    )
    claim = make_claim("spoke at length", target=article)
    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=Rating.VERIFIED,
        explanation="On the record.",
        evidence=[{"url": "https://example.org/transcript"}],
    )
    start = threading.Barrier(2)
    won, refused, errors = [], [], []

    def sign_off(user):
        try:
            start.wait()
            services.claim_sign_off(claim=Claim.objects.get(pk=claim.pk), editor=user)
            won.append(user)
        except TransitionError as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sign_off, args=(u,)) for u in (editor, other_editor)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert len(won) == 1
    assert [e.message for e in refused] == [
        "Cannot sign off a claim that is signed off."
    ]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SIGNED_OFF
    assert claim.verdicts.get().signed_off_by == won[0]
    assert AuditEvent.objects.filter(action="claim.sign_off").count() == 1
