import pytest

from checks.models import ClaimStatus
from newsroom import services as newsroom_services
from newsroom.errors import PermissionRefused, TransitionError
from newsroom.models import Article, Desk, Draft
from reviews import selectors
from reviews.models import AuditEvent, Publication
from reviews.services import article_publish

from .conftest import draft_extracted

pytestmark = pytest.mark.django_db
S = ClaimStatus


def test_publishing_is_refused_listing_every_blocking_claim(
    article, make_claim, editor
):
    figure = make_claim("600 fighters")
    vehicles = make_claim("40 vehicles", status=S.VERIFIED)
    make_claim("two weeks", status=S.SIGNED_OFF)
    draft = article.drafts.get()

    with pytest.raises(TransitionError) as refused:
        article_publish(article=article, draft=draft, editor=editor)

    assert refused.value.data["blocking_claims"] == [figure.pk, vehicles.pk]
    assert f"#{figure.pk} “600 fighters” (unchecked)" in refused.value.message
    assert f"#{vehicles.pk} “40 vehicles” (verified)" in refused.value.message
    assert refused.value.message.startswith(
        "Draft 1 cannot be published: 2 claim(s) must be signed off or waived first"
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Publication.objects.exists()


def test_a_draft_whose_claims_are_all_cleared_is_published(article, make_claim, editor):
    make_claim("600 fighters", status=S.SIGNED_OFF)
    make_claim("40 vehicles", status=S.WAIVED)
    draft = article.drafts.get()

    publication = article_publish(article=article, draft=draft, editor=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.live_draft == draft
    assert article.published_at == publication.published_at
    assert list(selectors.article_publications(article=article)) == [publication]
    event = AuditEvent.objects.get(action="article.publish")
    assert (event.actor, event.draft, event.to_state) == (editor, draft, "published")


def test_claims_below_the_desk_threshold_do_not_block(
    article, make_claim, editor, reporter
):
    article.desk = Desk.objects.create(
        name="World", slug="world", checkworthiness_threshold=0.8
    )
    article.save(update_fields=["desk"])
    make_claim("600 fighters", checkworthiness=0.79)
    at_threshold = make_claim("40 vehicles", checkworthiness=0.8)
    draft = article.drafts.get()
    assert selectors.publish_blockers(draft=draft) == [at_threshold]


def test_without_a_desk_the_threshold_is_one_half(article, make_claim):
    make_claim("600 fighters", checkworthiness=0.49)
    blocking = make_claim("40 vehicles", checkworthiness=0.5)
    assert selectors.publish_blockers(draft=article.drafts.get()) == [blocking]


def test_claims_not_mentioned_in_the_draft_do_not_block(
    article, make_claim, editor, reporter
):
    make_claim("600 fighters")
    draft2, _ = newsroom_services.draft_save(
        article=article,
        title=article.title,
        body="A rewritten article with no figures at all.",
        author=reporter,
    )
    draft_extracted(draft2)
    assert selectors.publish_blockers(draft=draft2) == []
    article_publish(article=article, draft=draft2, editor=editor)
    article.refresh_from_db()
    assert article.live_draft == draft2


@pytest.mark.parametrize(
    "status",
    [Draft.ExtractionStatus.PENDING, Draft.ExtractionStatus.RUNNING, "failed"],
)
def test_publishing_waits_for_the_drafts_claims_to_be_extracted(
    article, editor, status
):
    draft = article.drafts.get()
    newsroom_services.draft_extraction_fields_update(
        draft=draft, extraction_status=status
    )
    with pytest.raises(TransitionError, match="until its claims have been extracted"):
        article_publish(article=article, draft=draft, editor=editor)


@pytest.mark.parametrize("who", ["reporter", "reviewer"])
def test_only_editors_publish(article, request, who):
    with pytest.raises(PermissionRefused):
        article_publish(
            article=article,
            draft=article.drafts.get(),
            editor=request.getfixturevalue(who),
        )


def test_publishing_the_live_draft_again_is_refused(article, editor):
    draft = article.drafts.get()
    article_publish(article=article, draft=draft, editor=editor)
    with pytest.raises(TransitionError, match="already live"):
        article_publish(article=article, draft=draft, editor=editor)
    assert Publication.objects.count() == 1
