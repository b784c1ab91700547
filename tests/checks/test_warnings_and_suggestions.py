"""What reviewers see beside the claims: warnings, earlier verdicts, lists."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from checks import selectors
from checks.models import Claim, ClaimMention, ClaimStatus
from newsroom.roles import EDITOR, REVIEWER
from reviews.services import claim_assign, claim_verdict_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_extractor")]

BODY = (
    "The deal allowed 600 ISIS terrorists to leave the area.\n"
    "Coalition strikes took out 40 vehicles on the road.\n"
)


def claim_at(draft, snippet):
    pos = draft.body.index(snippet)
    return ClaimMention.objects.get(draft=draft, start__lte=pos, end__gt=pos).claim


def verify(claim, *, reviewer, editor, explanation="Matches the agency count."):
    claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    return claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating="verified",
        explanation=explanation,
        evidence=[{"url": "https://example.org/report", "title": "Report"}],
    )


# --- Consistency warnings ------------------------------------------------------


def test_conflicting_figures_for_the_same_subject_warn_on_both_claims(
    article_factory,
):
    article = article_factory(BODY + "By Friday 300 ISIS terrorists had left.\n")
    draft = article.drafts.get()
    six, three = claim_at(draft, "600 ISIS"), claim_at(draft, "300 ISIS")
    warnings = selectors.claim_warnings(article=article)
    assert {(w.claim, w.code, w.other_claim_id) for w in warnings} == {
        (six, "conflicting_figure", three.pk),
        (three, "conflicting_figure", six.pk),
    }
    assert "300 ISIS terrorists" in next(w for w in warnings if w.claim == six).message
    assert claim_at(draft, "40 vehicles").warnings == []


def test_a_conflict_resolved_in_the_next_draft_no_longer_warns(article_factory, save):
    article = article_factory(BODY + "By Friday 300 ISIS terrorists had left.\n")
    save(article, BODY + "By Friday 600 ISIS terrorists had left.\n")
    assert selectors.claim_warnings(article=article) == []


def test_a_figure_changed_after_verification_warns_until_checked_again(
    article_factory, save, reviewer, editor
):
    article = article_factory(BODY)
    figure = claim_at(article.drafts.get(), "600 ISIS")
    verify(figure, reviewer=reviewer, editor=editor)

    save(article, BODY.replace("600 ISIS", "700 ISIS"))
    [warning] = selectors.claim_warnings(claim=figure)
    assert warning.code == "changed_after_verification"
    assert warning.draft == 2
    assert "after it was verified" in warning.message

    save(article, "Update.\n" + BODY.replace("600 ISIS", "700 ISIS"))
    assert [w.code for w in selectors.claim_warnings(claim=figure)] == [
        "changed_after_verification"
    ]
    verify(figure, reviewer=reviewer, editor=editor)  # checked again
    save(article, "Update two.\n" + BODY.replace("600 ISIS", "700 ISIS"))
    assert selectors.claim_warnings(claim=figure) == []


def test_a_change_the_review_workflow_keeps_closed_raises_no_warning(
    article_factory, save, reviewer, editor, monkeypatch
):
    # A signed-off correction changes its claim on purpose: the review workflow
    # keeps the claim signed off instead of reopening it.
    import reviews.services

    article = article_factory(BODY)
    figure = claim_at(article.drafts.get(), "600 ISIS")
    verify(figure, reviewer=reviewer, editor=editor)
    calls = []
    monkeypatch.setattr(
        reviews.services, "claims_reopen_changed", lambda **kw: calls.append(kw)
    )
    second = save(article, BODY.replace("600 ISIS", "700 ISIS"))
    assert calls[0]["changes"] == {figure.pk: {"value": [600, 700]}}
    assert calls[0]["draft"] == second
    figure.refresh_from_db()
    assert figure.status == ClaimStatus.VERIFIED
    assert selectors.claim_warnings(claim=figure) == []


# --- Reuse across articles ----------------------------------------------------


def test_a_claim_verified_elsewhere_is_suggested_with_its_verdict(
    article_factory, reviewer, editor
):
    earlier = article_factory(BODY, title="Earlier")
    source = claim_at(earlier.drafts.get(), "600 ISIS")
    verify(source, reviewer=reviewer, editor=editor, explanation="UN figures.")

    later = article_factory("Reports say 600 ISIS terrorists left.\n", title="Later")
    claim = claim_at(later.drafts.get(), "600 ISIS")
    [suggestion] = selectors.claim_suggestions(claim=claim)
    assert suggestion.source_claim == source
    assert suggestion.source_status == ClaimStatus.VERIFIED
    assert suggestion.source_rating == "verified"
    assert suggestion.source_explanation == "UN figures."
    assert list(selectors.claim_suggestions(article=later)) == [suggestion]


def test_unchecked_or_different_claims_elsewhere_are_not_suggested(
    article_factory, reviewer, editor
):
    earlier = article_factory(BODY, title="Earlier")
    verify(claim_at(earlier.drafts.get(), "600 ISIS"), reviewer=reviewer, editor=editor)
    later = article_factory(
        "Reports say 700 ISIS terrorists and 40 vehicles left.\n", title="Later"
    )
    assert not selectors.claim_suggestions(article=later).exists()


# --- Selectors ------------------------------------------------------------------


def test_claim_list_filters_and_runs_a_constant_number_of_queries(
    article_factory, save, reviewer, django_assert_num_queries
):
    article = article_factory(BODY)
    second = save(article, BODY.replace("Coalition strikes took out 40 vehicles", ""))
    figure = claim_at(second, "600 ISIS")
    Claim.objects.filter(pk=figure.pk).update(status="assigned", assignee=reviewer)

    assert list(selectors.claim_list(draft=second)) == [figure]
    assert list(selectors.claim_list(article=article, status="assigned")) == [figure]
    assert list(selectors.claim_list(assignee=reviewer)) == [figure]
    assert selectors.claim_list(kind="quote").count() == 0
    assert selectors.claim_list(min_checkworthiness=0.9).count() == 0
    with django_assert_num_queries(1):
        rows = [
            (c.article.title, c.last_draft.number, c.assignee)
            for c in selectors.claim_list(article=article)
        ]
    assert rows == [("Convoy", 2, reviewer), ("Convoy", 1, None)]


def test_overdue_claims_are_open_claims_past_their_due_date(article_factory):
    from datetime import timedelta

    from django.utils import timezone

    article = article_factory(BODY)
    late, done = Claim.objects.order_by("pk")
    Claim.objects.filter(pk=late.pk).update(
        status="assigned", due_at=timezone.now() - timedelta(days=1)
    )
    Claim.objects.filter(pk=done.pk).update(
        status="verified", due_at=timezone.now() - timedelta(days=1)
    )
    assert list(selectors.claim_list(article=article, overdue=True)) == [late]
    assert list(selectors.claim_list(article=article, overdue=False)) == [done]


def test_claim_history_lists_each_draft_with_outcome_and_mentions(
    article_factory, save
):
    article = article_factory(BODY)
    figure = claim_at(article.drafts.get(), "600 ISIS")
    save(article, "Intro.\n" + BODY)
    save(article, "Intro.\n" + BODY.replace("600", "650"))
    history = selectors.claim_history(claim=figure)
    assert [(e.draft.number, e.outcome) for e in history] == [
        (1, "new"),
        (2, "carried"),
        (3, "changed"),
    ]
    assert [m.text for m in history[2].mentions] == ["650 ISIS terrorists"]
    assert history[2].changes == {"value": [600, 650]}


def test_draft_claims_gives_highlights_in_text_order(
    article_factory, django_assert_num_queries
):
    article = article_factory(BODY)
    draft = article.drafts.get()
    with django_assert_num_queries(1):
        spans = [
            (draft.body[m.start : m.end], m.claim.kind)
            for m in selectors.draft_claims(draft=draft)
        ]
    assert spans == [("600 ISIS terrorists", "count"), ("40 vehicles", "count")]


# --- Roles and admin ------------------------------------------------------------


def test_reviewers_view_claims_and_editors_may_also_change_them(reviewer, editor):
    def perms(role):
        return set(
            Permission.objects.filter(
                group__name=role, content_type__app_label="checks"
            ).values_list("codename", flat=True)
        )

    assert "view_claim" in perms(REVIEWER)
    assert "change_claim" not in perms(REVIEWER)
    assert {"view_claim", "change_claim", "view_claimsuggestion"} <= perms(EDITOR)
    assert reviewer.has_perm("checks.view_claim")
    assert Group.objects.filter(name=REVIEWER).exists()


def test_the_claim_admin_lists_claims_read_only(client, article_factory, editor):
    article_factory(BODY)
    claim = Claim.objects.first()
    client.force_login(editor)
    listing = client.get(reverse("admin:checks_claim_changelist") + "?status=unchecked")
    assert listing.status_code == 200
    assert "600 ISIS terrorists" in listing.text
    page = client.get(reverse("admin:checks_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
