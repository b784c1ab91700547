import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Login failure counters and API throttles live in the cache, which outlives
    # a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


BODY_A = (
    "The convoy of 40 trucks arrived on Monday. Officials said 12 people were "
    "hurt. The mayor said 300 homes lost power. Repairs will cost $5 million."
)
BODY_B = "Officials said 12 people were hurt. The mayor said 300 homes lost power."
BODY_C = "The bridge opened on Friday. It cost $5 million."
EVIDENCE = [{"url": "https://example.org/source"}]


class World:
    """One object in every state an action needs, made through the services."""


@pytest.fixture
def world(reporter, reviewer, other_reviewer, editor, other_editor):
    from rest_framework.authtoken.models import Token

    from checks.models import Claim
    from checks.services import draft_claims_extract
    from newsroom import services, webhooks
    from newsroom.models import Desk, Draft, WebhookDelivery
    from reviews import services as review
    from reviews.models import AuditEvent

    def article(title, body):
        made = services.article_create(title=title, body=body, author=reporter)
        draft_claims_extract(draft_id=made.drafts.get().pk)
        return made, {c.text: c for c in Claim.objects.filter(article=made)}

    def verify(claim):
        review.claim_assign(
            claim=claim, assignee=other_reviewer, assigned_by=other_editor
        )
        review.claim_verdict_record(
            claim=claim,
            reviewer=other_reviewer,
            rating="verified",
            explanation="Checked.",
            evidence=EVIDENCE,
        )

    def clear_and_publish(made, claims):
        for claim in claims.values():
            review.claim_waive(claim=claim, editor=other_editor, reason="opinion")
        review.article_publish(
            article=made, draft=made.drafts.get(), editor=other_editor
        )

    w = World()
    w.users = {
        "reporter": reporter,
        "reviewer": reviewer,
        "editor": editor,
    }
    w.reviewer = reviewer
    w.subscription = webhooks.webhook_subscription_create(
        url="http://127.0.0.1:9/hook", owner=other_editor, events=["article.published"]
    )
    w.a, claims = article("Convoy arrives", BODY_A)
    w.free = claims["40 trucks"]
    w.mine = claims["12 people"]
    review.claim_assign(claim=w.mine, assignee=reviewer, assigned_by=other_editor)
    w.verified = claims["300 homes"]
    verify(w.verified)
    w.signed = claims["$5 million"]
    verify(w.signed)
    review.claim_sign_off(claim=w.signed, editor=other_editor)

    w.b, claims = article("Power cut", BODY_B)
    clear_and_publish(w.b, claims)
    w.b_free = claims["12 people"]
    w.b_open = review.correction_request_open(
        claim=claims["300 homes"],
        requester=other_reviewer,
        problem="The utility says 350.",
        proposed_text="350 homes",
        evidence=EVIDENCE,
    )
    w.c, claims = article("Bridge opens", BODY_C)
    for claim in claims.values():
        review.claim_waive(claim=claim, editor=other_editor, reason="opinion")
    # An accepted correction needs a claim of a published article of its own.
    w.d, claims = article("Power cut, part two", BODY_B)
    clear_and_publish(w.d, claims)
    w.accepted = review.correction_request_open(
        claim=claims["12 people"],
        requester=other_reviewer,
        problem="The hospital says 13.",
        proposed_text="13 people",
        evidence=EVIDENCE,
    )
    review.correction_assess(correction=w.accepted, reviewer=other_editor, accept=True)
    # A correction signed off, for its public note.
    w.e, claims = article("Power cut, part three", BODY_B)
    clear_and_publish(w.e, claims)
    published = review.correction_request_open(
        claim=claims["12 people"],
        requester=other_reviewer,
        problem="The hospital says 13.",
        proposed_text="13 people",
        evidence=EVIDENCE,
    )
    review.correction_assess(correction=published, reviewer=other_editor, accept=True)
    review.correction_sign_off(correction=published, editor=editor)
    Desk.objects.create(name="Metro", slug="metro")
    for user in (reporter, reviewer, editor):
        Token.objects.get_or_create(user=user)
    w.delivery = WebhookDelivery.objects.order_by("pk").first()
    w.audit_event = AuditEvent.objects.order_by("pk").first()
    w.draft = Draft.objects.filter(article=w.a).get()
    return w
