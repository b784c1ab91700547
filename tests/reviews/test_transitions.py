"""Every allowed and every refused claim transition, for each role."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from checks.models import ClaimStatus
from newsroom.errors import DomainError, PermissionRefused, TransitionError
from reviews import selectors, services
from reviews.models import Assignment, AuditEvent, Rating, Verdict, Waiver

pytestmark = pytest.mark.django_db

S = ClaimStatus
VERDICTS = [S.VERIFIED, S.DISPUTED, S.FALSE, S.UNVERIFIABLE, S.NEEDS_CONTEXT]
ALL = list(S)
EVIDENCE = [{"url": "https://example.org/source", "title": "Source"}]

ALLOWED_FROM = {
    "assign": [S.UNCHECKED, S.ASSIGNED, S.REOPENED],
    "verdict": [S.ASSIGNED, S.REOPENED, *VERDICTS],
    "sign_off": VERDICTS,
    "waive": [S.UNCHECKED, S.ASSIGNED, S.REOPENED, *VERDICTS],
    "reopen": [S.SIGNED_OFF, S.WAIVED, *VERDICTS],
}
RESULT = {
    "assign": S.ASSIGNED,
    "verdict": S.DISPUTED,
    "sign_off": S.SIGNED_OFF,
    "waive": S.WAIVED,
    "reopen": S.REOPENED,
}


def run(action, claim, user, *, assignee=None, **kwargs):
    if action == "assign":
        return services.claim_assign(
            claim=claim, assignee=assignee or user, assigned_by=user, **kwargs
        )
    if action == "verdict":
        return services.claim_verdict_record(
            claim=claim,
            reviewer=user,
            rating=Rating.DISPUTED,
            explanation="Other sources give a lower figure.",
            evidence=EVIDENCE,
            **kwargs,
        )
    if action == "sign_off":
        return services.claim_sign_off(claim=claim, editor=user, **kwargs)
    if action == "waive":
        return services.claim_waive(
            claim=claim, editor=user, reason=Waiver.Reason.OPINION, **kwargs
        )
    if action == "reopen":
        return services.claim_reopen(
            claim=claim, editor=user, reason="New figures came in.", **kwargs
        )
    raise AssertionError(action)


@pytest.fixture
def claim_in(make_claim, reviewer):
    """A claim in ``status``, assigned to ``reviewer``, rated by them if rated."""

    def make(status):
        claim = make_claim(
            status=status,
            assignee=None if status == S.UNCHECKED else reviewer,
        )
        if status in VERDICTS or status == S.SIGNED_OFF:
            Verdict.objects.create(
                claim=claim,
                draft=claim.last_draft,
                rating=status if status in VERDICTS else Rating.VERIFIED,
                explanation="Checked.",
                reviewer=reviewer,
            )
        return claim

    return make


@pytest.fixture
def actor_for(reviewer, editor):
    def actor(action):
        return reviewer if action == "verdict" else editor

    return actor


ALLOWED = [(a, s) for a, froms in ALLOWED_FROM.items() for s in froms]
REFUSED = [(a, s) for a, froms in ALLOWED_FROM.items() for s in ALL if s not in froms]


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_allowed_transition_moves_the_claim_and_is_audited(
    action, status, claim_in, actor_for, reviewer
):
    claim = claim_in(status)
    user = actor_for(action)
    run(action, claim, user, assignee=reviewer)
    claim.refresh_from_db()
    assert claim.status == RESULT[action]
    assert claim.version == 2
    event = AuditEvent.objects.get(object_type="checks.claim", object_id=claim.pk)
    assert event.actor == user
    assert (event.from_state, event.to_state) == (status, RESULT[action])
    assert event.article_id == claim.article_id


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_refused_transition_raises_and_leaves_the_claim_as_it_was(
    action, status, claim_in, actor_for, reviewer
):
    claim = claim_in(status)
    with pytest.raises(TransitionError) as refused:
        run(action, claim, actor_for(action), assignee=reviewer)
    assert refused.value.message.startswith(
        ("Cannot ", "Assign the claim before recording a verdict")
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (status, 1)
    assert not AuditEvent.objects.exists()


ROLE_CASES = [
    # action, claim status, acting user fixture, assignee fixture, outcome
    ("assign", S.UNCHECKED, "editor", "reviewer", "ok"),
    ("assign", S.UNCHECKED, "editor", "other_editor", "ok"),
    ("assign", S.UNCHECKED, "reviewer", "other_reviewer", PermissionRefused),
    ("assign", S.UNCHECKED, "reporter", "reviewer", PermissionRefused),
    ("assign", S.UNCHECKED, "editor", "reporter", DomainError),
    ("take", S.UNCHECKED, "other_reviewer", None, "ok"),
    ("take", S.UNCHECKED, "editor", None, "ok"),
    ("take", S.ASSIGNED, "other_reviewer", None, PermissionRefused),
    ("take", S.ASSIGNED, "editor", None, "ok"),
    ("take", S.UNCHECKED, "reporter", None, PermissionRefused),
    ("verdict", S.ASSIGNED, "reviewer", None, "ok"),
    ("verdict", S.ASSIGNED, "editor", None, "ok"),
    ("verdict", S.ASSIGNED, "other_reviewer", None, PermissionRefused),
    ("verdict", S.ASSIGNED, "reporter", None, PermissionRefused),
    ("sign_off", S.VERIFIED, "editor", None, "ok"),
    ("sign_off", S.VERIFIED, "reviewer", None, PermissionRefused),
    ("sign_off", S.VERIFIED, "reporter", None, PermissionRefused),
    ("waive", S.ASSIGNED, "editor", None, "ok"),
    ("waive", S.ASSIGNED, "reviewer", None, PermissionRefused),
    ("waive", S.ASSIGNED, "reporter", None, PermissionRefused),
    ("reopen", S.SIGNED_OFF, "editor", None, "ok"),
    ("reopen", S.SIGNED_OFF, "reviewer", None, PermissionRefused),
    ("reopen", S.SIGNED_OFF, "reporter", None, PermissionRefused),
]


@pytest.mark.parametrize(("action", "status", "who", "to", "outcome"), ROLE_CASES)
def test_role_matrix(action, status, who, to, outcome, claim_in, request):
    claim = claim_in(status)
    user = request.getfixturevalue(who)
    assignee = request.getfixturevalue(to) if to else user
    name = "assign" if action == "take" else action
    if outcome == "ok":
        run(name, claim, user, assignee=assignee)
        claim.refresh_from_db()
        assert claim.status == RESULT[name]
    else:
        with pytest.raises(outcome):
            run(name, claim, user, assignee=assignee)
        claim.refresh_from_db()
        assert (claim.status, claim.version) == (status, 1)


def test_sign_off_refused_for_the_editor_who_gave_the_verdict(
    make_claim, editor, other_editor
):
    claim = make_claim()
    services.claim_assign(claim=claim, assignee=editor, assigned_by=editor)
    run("verdict", claim, editor)
    with pytest.raises(TransitionError, match="reviewer who gave the verdict"):
        services.claim_sign_off(claim=claim, editor=editor)
    services.claim_sign_off(claim=claim, editor=other_editor)
    claim.refresh_from_db()
    assert claim.status == S.SIGNED_OFF
    verdict = selectors.claim_current_verdict(claim=claim)
    assert (verdict.reviewer, verdict.signed_off_by) == (editor, other_editor)


def test_a_stale_expected_version_is_refused_with_both_versions(
    make_claim, editor, reviewer
):
    claim = make_claim()
    services.claim_assign(
        claim=claim, assignee=reviewer, assigned_by=editor, expected_version=1
    )
    with pytest.raises(TransitionError) as refused:
        services.claim_waive(
            claim=claim, editor=editor, reason="opinion", expected_version=1
        )
    assert refused.value.message == (
        "The claim changed since you loaded it (version 1, now 2); reload and try "
        "again."
    )
    assert refused.value.data["current_version"] == 2
    claim.refresh_from_db()
    assert claim.status == S.ASSIGNED
    services.claim_waive(
        claim=claim, editor=editor, reason="opinion", expected_version=2
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (S.WAIVED, 3)


def test_assignment_keeps_the_claim_queue_fields_and_a_history(
    make_claim, editor, reviewer, other_reviewer
):
    claim = make_claim()
    due = timezone.now() + timedelta(days=1)
    services.claim_assign(
        claim=claim, assignee=reviewer, assigned_by=editor, due_at=due
    )
    later = due + timedelta(days=1)
    services.claim_assign(
        claim=claim, assignee=other_reviewer, assigned_by=editor, due_at=later
    )
    claim.refresh_from_db()
    assert (claim.assignee, claim.due_at) == (other_reviewer, later)
    history = list(selectors.claim_assignments(claim=claim))
    assert [a.assignee for a in history] == [other_reviewer, reviewer]
    assert list(selectors.claims_assigned_to(user=other_reviewer)) == [claim]
    assert list(selectors.claims_assigned_to(user=reviewer)) == []


def test_assigning_many_claims_is_all_or_nothing(make_claim, editor, reviewer):
    free = make_claim("600 fighters")
    done = make_claim("40 vehicles", status=S.SIGNED_OFF)
    with pytest.raises(TransitionError, match=f"Claim {done.pk}: Cannot assign"):
        services.claims_assign(
            claims=[free, done], assignee=reviewer, assigned_by=editor
        )
    free.refresh_from_db()
    assert free.status == S.UNCHECKED
    assert not Assignment.objects.exists()

    other = make_claim("two weeks")
    claims = services.claims_assign(
        claims=[free, other], assignee=reviewer, assigned_by=editor
    )
    assert {c.status for c in claims} == {S.ASSIGNED}
    assert Assignment.objects.filter(assignee=reviewer).count() == 2


def test_a_verdict_supersedes_the_earlier_one_which_stays_in_history(
    claim_in, reviewer
):
    claim = claim_in(S.ASSIGNED)
    first = run("verdict", claim, reviewer)
    second = services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=Rating.UNVERIFIABLE,
        explanation="No independent source could confirm it.",
    )
    claim.refresh_from_db()
    assert claim.status == S.UNVERIFIABLE
    assert selectors.claim_current_verdict(claim=claim) == second
    first.refresh_from_db()
    assert first.rating == Rating.DISPUTED
    assert [v.pk for v in selectors.claim_verdicts(claim=claim)] == [
        second.pk,
        first.pk,
    ]


@pytest.mark.parametrize(
    "rating", [Rating.VERIFIED, Rating.DISPUTED, Rating.FALSE, Rating.NEEDS_CONTEXT]
)
def test_a_verdict_other_than_unverifiable_needs_evidence(claim_in, reviewer, rating):
    claim = claim_in(S.ASSIGNED)
    with pytest.raises(DomainError, match="needs at least one evidence item"):
        services.claim_verdict_record(
            claim=claim, reviewer=reviewer, rating=rating, explanation="Checked."
        )
    claim.refresh_from_db()
    assert claim.status == S.ASSIGNED


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file", "javascript:alert(1)", "example.org", "http://"]
)
def test_evidence_links_must_be_http_or_https(claim_in, reviewer, url):
    claim = claim_in(S.ASSIGNED)
    with pytest.raises(DomainError, match="not a valid http or https link"):
        services.claim_verdict_record(
            claim=claim,
            reviewer=reviewer,
            rating=Rating.VERIFIED,
            explanation="Checked.",
            evidence=[{"url": url}],
        )
    assert not Verdict.objects.exists()


def test_a_verdict_without_an_explanation_is_refused(claim_in, reviewer):
    with pytest.raises(DomainError, match="explanation for readers"):
        services.claim_verdict_record(
            claim=claim_in(S.ASSIGNED),
            reviewer=reviewer,
            rating=Rating.UNVERIFIABLE,
            explanation="  ",
        )


def test_an_uploaded_document_is_kept_as_evidence(
    claim_in, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    claim = claim_in(S.ASSIGNED)
    verdict = services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=Rating.VERIFIED,
        explanation="The ministry's statement gives the same figure.",
        evidence=[
            services.EvidenceItem(
                title="Ministry statement",
                document=SimpleUploadedFile("statement.pdf", b"%PDF-1.4 figure 600"),
            )
        ],
    )
    item = verdict.evidence.get()
    assert item.document.name.startswith("evidence/")
    assert (tmp_path / item.document.name).read_bytes() == b"%PDF-1.4 figure 600"


def test_waiving_for_another_reason_needs_a_note(claim_in, editor):
    claim = claim_in(S.UNCHECKED)
    with pytest.raises(DomainError, match="Say why"):
        services.claim_waive(claim=claim, editor=editor, reason=Waiver.Reason.OTHER)
    services.claim_waive(
        claim=claim, editor=editor, reason=Waiver.Reason.OTHER, note="Headline pun."
    )
    assert Waiver.objects.get().note == "Headline pun."


def test_reopening_by_hand_needs_a_reason(claim_in, editor):
    claim = claim_in(S.SIGNED_OFF)
    with pytest.raises(DomainError, match="Say why"):
        services.claim_reopen(claim=claim, editor=editor, reason="")
    claim.refresh_from_db()
    assert claim.status == S.SIGNED_OFF
