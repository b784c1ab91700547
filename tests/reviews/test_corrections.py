import pytest
from django.db import DatabaseError, connection, transaction

from checks.models import ClaimStatus
from newsroom.errors import (
    DomainError,
    ImmutableError,
    PermissionRefused,
    TransitionError,
)
from newsroom.models import Article
from reviews import selectors, services
from reviews.models import AuditEvent, CorrectionNote, CorrectionRequest, Rating

pytestmark = pytest.mark.django_db
S = ClaimStatus
EVIDENCE = [
    {
        "url": "https://www.syriahr.com/en/report",
        "title": "Observatory count",
        "excerpt": "308 fighters and 331 civilians left the area.",
    }
]


@pytest.fixture
def published(article, make_claim, reviewer, editor, other_editor, evidence):
    """The article published with its "600 fighters" claim signed off."""
    claim = make_claim("600 fighters")
    for other in ("40 vehicles", "two weeks"):
        make_claim(other, status=S.WAIVED)
    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=Rating.VERIFIED,
        explanation="The deal's terms give 600.",
        evidence=evidence,
    )
    services.claim_sign_off(claim=claim, editor=other_editor)
    services.article_publish(article=article, draft=article.drafts.get(), editor=editor)
    claim.refresh_from_db()
    return claim


def _open(claim, requester, proposed="639 fighters", **kwargs):
    return services.correction_request_open(
        claim=claim,
        requester=requester,
        problem="The observatory counted 308 fighters and 331 civilians.",
        proposed_text=proposed,
        evidence=kwargs.pop("evidence", EVIDENCE),
        **kwargs,
    )


def test_the_whole_correction_loop(published, reporter, reviewer, editor, other_editor):
    claim = published
    article = claim.article
    live_before = Article.objects.get(pk=article.pk).live_draft

    correction = _open(claim, reporter)
    assert list(selectors.corrections_awaiting_assessment()) == [correction]
    services.correction_assess(
        correction=correction, reviewer=reviewer, accept=True, notes="Checked."
    )
    assert list(selectors.corrections_awaiting_sign_off()) == [correction]
    note = services.correction_sign_off(
        correction=correction,
        editor=editor,
        note="This article overstated how many fighters left under the deal.",
    )

    article.refresh_from_db()
    corrected = article.live_draft
    assert corrected.number == live_before.number + 1
    assert "allowed 639 fighters to leave" in corrected.body
    assert corrected.body.replace("639", "600") == live_before.body
    assert (note.number, note.old_text, note.new_text) == (
        1,
        "600 fighters",
        "639 fighters",
    )
    assert list(selectors.article_correction_notes(article=article)) == [note]

    claim.refresh_from_db()
    assert claim.status == S.SIGNED_OFF
    verdict = selectors.claim_current_verdict(claim=claim)
    assert verdict.correction == correction
    assert (verdict.reviewer, verdict.signed_off_by) == (reviewer, editor)
    assert verdict.evidence.get().url == EVIDENCE[0]["url"]
    history = list(selectors.claim_verdicts(claim=claim))
    assert [v.rating for v in history] == [Rating.VERIFIED, Rating.VERIFIED]
    assert history[1].draft == live_before

    # Re-anchoring the corrected draft reports the claim as changed (600 → 639):
    # the signed-off correction covers it, so it stays signed off.
    services.claims_reopen_changed(
        claims=[claim], draft=corrected, changes={claim.pk: {"value": [600, 639]}}
    )
    claim.refresh_from_db()
    assert claim.status == S.SIGNED_OFF
    assert selectors.claim_current_verdict(claim=claim) == verdict

    loop = {
        "correction.open",
        "correction.accept",
        "claim.correct",
        "article.publish",
        "correction.sign_off",
        "claim.change_covered_by_correction",
    }
    trail = selectors.article_audit_trail(article=article).filter(action__in=loop)
    assert [e.action for e in trail][-6:] == [
        "correction.open",
        "correction.accept",
        "claim.correct",
        "article.publish",
        "correction.sign_off",
        "claim.change_covered_by_correction",
    ]


def test_a_later_change_to_a_corrected_claim_still_reopens_it(
    published, reporter, reviewer, editor
):
    correction = _open(published, reporter)
    services.correction_assess(correction=correction, reviewer=reviewer, accept=True)
    services.correction_sign_off(correction=correction, editor=editor)
    article = published.article
    from newsroom.services import draft_save

    later, _ = draft_save(
        article=article,
        title=article.title,
        body=article.drafts.order_by("-number").first().body.replace("639", "700"),
        author=reporter,
    )
    services.claims_reopen_changed(claims=[published], draft=later, changes={})
    published.refresh_from_db()
    assert published.status == S.REOPENED


def test_correction_notes_are_numbered_per_article(
    published, make_claim, reporter, reviewer, editor
):
    first = _open(published, reporter)
    services.correction_assess(correction=first, reviewer=reviewer, accept=True)
    services.correction_sign_off(correction=first, editor=editor)
    vehicles = make_claim("40 vehicles", status=S.SIGNED_OFF)
    # The claim must be mentioned in the live (corrected) draft.
    second = _open(vehicles, reporter, proposed="45 vehicles")
    services.correction_assess(correction=second, reviewer=reviewer, accept=True)
    note = services.correction_sign_off(correction=second, editor=editor)
    assert note.number == 2
    assert note.text == (
        "An earlier version of this article said “40 vehicles”. "
        "It now says “45 vehicles”."
    )
    live = published.article.__class__.objects.get(pk=published.article_id).live_draft
    assert "639 fighters" in live.body
    assert "45 vehicles" in live.body


def test_a_rejected_request_keeps_its_reason(published, reporter, reviewer):
    correction = _open(published, reporter)
    with pytest.raises(DomainError, match="Say why"):
        services.correction_assess(
            correction=correction, reviewer=reviewer, accept=False
        )
    services.correction_assess(
        correction=correction,
        reviewer=reviewer,
        accept=False,
        notes="The deal's text says 600; the observatory counts something else.",
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.REJECTED
    assert correction.rejection_reason.startswith("The deal's text says 600")
    published.refresh_from_db()
    assert published.status == S.SIGNED_OFF


def test_an_editor_can_reject_an_accepted_correction_with_a_reason(
    published, reporter, reviewer, editor
):
    correction = _open(published, reporter)
    services.correction_assess(correction=correction, reviewer=reviewer, accept=True)
    services.correction_reject(correction=correction, editor=editor, reason="Wrong.")
    correction.refresh_from_db()
    assert (correction.status, correction.rejection_reason) == ("rejected", "Wrong.")
    with pytest.raises(TransitionError, match="rejected"):
        services.correction_sign_off(correction=correction, editor=editor)


@pytest.mark.parametrize("who", ["reporter", "reviewer", "editor"])
def test_anyone_in_the_newsroom_can_request_a_correction(published, request, who):
    correction = _open(published, request.getfixturevalue(who))
    assert correction.status == CorrectionRequest.Status.OPEN
    assert correction.original_text == "600 fighters"


def test_a_user_without_a_role_cannot_request_a_correction(published, make_user):
    with pytest.raises(PermissionRefused):
        _open(published, make_user("outsider"))


def test_a_correction_needs_a_published_article(make_claim, reporter):
    with pytest.raises(TransitionError, match="published article"):
        _open(make_claim("600 fighters"), reporter)


def test_a_correction_request_needs_evidence(published, reporter):
    with pytest.raises(DomainError, match="at least one evidence item"):
        _open(published, reporter, evidence=[])


def test_a_correction_must_change_the_wording(published, reporter):
    with pytest.raises(DomainError, match="same as the published one"):
        _open(published, reporter, proposed="600 fighters")


def test_only_one_correction_of_a_claim_at_a_time(published, reporter, reviewer):
    first = _open(published, reporter)
    with pytest.raises(TransitionError, match=f"already in progress \\(#{first.pk}\\)"):
        _open(published, reviewer)


def test_the_requester_cannot_assess_their_own_request(published, reviewer):
    correction = _open(published, reviewer)
    with pytest.raises(TransitionError, match="someone else must assess"):
        services.correction_assess(
            correction=correction, reviewer=reviewer, accept=True
        )


def test_a_reporter_cannot_assess(published, reviewer, reporter):
    correction = _open(published, reviewer)
    with pytest.raises(PermissionRefused):
        services.correction_assess(
            correction=correction, reviewer=reporter, accept=True
        )


@pytest.mark.parametrize("signer", ["requester", "assessor"])
def test_sign_off_refused_for_the_requester_and_the_assessor(
    published, editor, other_editor, reviewer, signer
):
    requester, assessor = (
        (editor, reviewer) if signer == "requester" else (reviewer, editor)
    )
    correction = _open(published, requester)
    services.correction_assess(correction=correction, reviewer=assessor, accept=True)
    with pytest.raises(TransitionError, match="neither requested nor assessed"):
        services.correction_sign_off(correction=correction, editor=editor)
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.ACCEPTED
    services.correction_sign_off(correction=correction, editor=other_editor)
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.PUBLISHED


def test_a_reviewer_cannot_sign_off_a_correction(published, reporter, reviewer):
    correction = _open(published, reporter)
    services.correction_assess(correction=correction, reviewer=reviewer, accept=True)
    with pytest.raises(PermissionRefused):
        services.correction_sign_off(correction=correction, editor=reviewer)


def test_an_open_request_cannot_be_signed_off(published, reporter, editor):
    correction = _open(published, reporter)
    with pytest.raises(TransitionError, match="awaiting assessment"):
        services.correction_sign_off(correction=correction, editor=editor)


@pytest.fixture
def note(published, reporter, reviewer, editor):
    correction = _open(published, reporter)
    services.correction_assess(correction=correction, reviewer=reviewer, accept=True)
    return services.correction_sign_off(correction=correction, editor=editor)


def test_a_correction_note_cannot_be_changed_or_deleted(note):
    note.text = "Nothing happened."
    with pytest.raises(ImmutableError):
        note.save()
    with pytest.raises(ImmutableError):
        note.delete()
    with pytest.raises(ImmutableError):
        CorrectionNote.objects.filter(pk=note.pk).update(text="x")
    assert CorrectionNote.objects.get(pk=note.pk).text.startswith("An earlier version")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reviews_correctionnote SET text = 'forged' WHERE id = %s",
        "DELETE FROM reviews_correctionnote WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_sql_rewriting_correction_notes(note, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [note.pk])
    assert CorrectionNote.objects.filter(pk=note.pk).exists()


def test_every_step_of_a_correction_is_in_the_audit_trail(note, published):
    actions = set(
        AuditEvent.objects.filter(article=published.article).values_list(
            "action", flat=True
        )
    )
    assert {
        "correction.open",
        "correction.accept",
        "correction.sign_off",
        "claim.correct",
        "article.publish",
    } <= actions
