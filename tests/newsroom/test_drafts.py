import pytest
from django.core.exceptions import ValidationError

from newsroom import selectors, services
from newsroom.errors import ImmutableError, PermissionRefused
from newsroom.models import Article, Draft

pytestmark = pytest.mark.django_db

BODY = "The convoy carried 600 fighters.\nIt took two weeks."


@pytest.fixture
def article(reporter):
    return services.article_create(title="Convoy", body=BODY, author=reporter)


def test_article_create_saves_draft_one_with_a_content_hash(article, reporter):
    draft = article.drafts.get()
    assert draft.number == 1
    assert draft.body == BODY
    assert draft.author == reporter
    assert len(draft.content_hash) == 64
    assert article.slug == "convoy"


def test_saving_changed_text_creates_the_next_draft(article, reporter):
    draft, created = services.draft_save(
        article=article,
        title="Convoy",
        body=BODY.replace("600", "700"),
        author=reporter,
        change_note="Corrected the figure",
    )
    assert created
    assert draft.number == 2
    assert draft.change_note == "Corrected the figure"
    assert list(article.drafts.values_list("number", flat=True)) == [1, 2]


def test_saving_unchanged_text_is_a_no_op_returning_the_current_draft(
    article, reporter
):
    draft, created = services.draft_save(
        article=article, title="Convoy", body=BODY, author=reporter
    )
    assert not created
    assert draft.number == 1
    assert article.drafts.count() == 1


def test_windows_line_endings_do_not_make_a_new_draft(article, reporter):
    _, created = services.draft_save(
        article=article,
        title="Convoy",
        body=BODY.replace("\n", "\r\n"),
        author=reporter,
    )
    assert not created


def test_a_title_change_alone_is_a_new_draft_and_renames_the_article(article, reporter):
    draft, created = services.draft_save(
        article=article, title="Convoy arrives", body=BODY, author=reporter
    )
    assert created
    assert draft.number == 2
    article.refresh_from_db()
    assert article.title == "Convoy arrives"


def test_restore_saves_an_old_draft_as_a_new_draft(article, reporter):
    services.draft_save(
        article=article, title="Convoy", body="Rewritten entirely.", author=reporter
    )
    restored, created = services.draft_restore(
        article=article, number=1, author=reporter
    )
    assert created
    assert restored.number == 3
    assert restored.body == BODY
    assert restored.restored_from.number == 1
    assert restored.change_note == "Restored draft 1"


def test_restoring_the_latest_text_is_a_no_op(article, reporter):
    restored, created = services.draft_restore(
        article=article, number=1, author=reporter
    )
    assert not created
    assert restored.number == 1


def test_drafts_cannot_be_edited(article):
    draft = article.drafts.get()
    draft.body = "Changed in place"
    with pytest.raises(ImmutableError):
        draft.save()
    assert Draft.objects.get(pk=draft.pk).body == BODY


def test_drafts_cannot_be_deleted(article):
    draft = article.drafts.get()
    with pytest.raises(ImmutableError):
        draft.delete()
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_extraction_bookkeeping_is_the_only_mutable_part(article):
    draft = article.drafts.get()
    services.draft_extraction_fields_update(draft=draft, extraction_status="done")
    assert Draft.objects.get(pk=draft.pk).extraction_status == "done"
    with pytest.raises(ImmutableError):
        services.draft_extraction_fields_update(draft=draft, body="x")


@pytest.mark.postgres
def test_postgres_refuses_rewriting_a_draft_even_with_a_raw_update(article):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.filter(article=article).update(
            body="rewritten behind the service"
        )
    assert article.drafts.get().body == BODY


def test_reviewers_cannot_write_drafts(article, reviewer):
    with pytest.raises(PermissionRefused):
        services.draft_save(
            article=article, title="Convoy", body="new", author=reviewer
        )
    assert article.drafts.count() == 1


BAD_INPUTS = [
    ("title", "Convoy", "", "body"),
    ("whitespace body", "Convoy", "   \n\t ", "body"),
    ("oversize body", "Convoy", "x" * 1_000_001, "body"),
    ("NUL byte", "Convoy", "six\x00hundred", "body"),
    ("unpaired surrogate", "Convoy", "bad \ud800 text", "body"),
    ("empty title", "   ", "Body", "title"),
    ("long title", "T" * 301, "Body", "title"),
    ("title with NUL", "Con\x00voy", "Body", "title"),
]


@pytest.mark.parametrize(
    ("case", "title", "body", "field"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_is_refused_and_nothing_is_saved(
    article, reporter, case, title, body, field
):
    with pytest.raises(ValidationError) as excinfo:
        services.draft_save(article=article, title=title, body=body, author=reporter)
    assert field in excinfo.value.message_dict
    assert article.drafts.count() == 1
    with pytest.raises(ValidationError):
        services.article_create(title=title, body=body, author=reporter)
    assert Article.objects.count() == 1


def test_a_body_of_exactly_the_limit_is_accepted(article, reporter):
    draft, created = services.draft_save(
        article=article, title="Convoy", body="y" * 1_000_000, author=reporter
    )
    assert created
    assert len(draft.body) == 1_000_000


def test_article_list_counts_drafts(article, reporter):
    services.draft_save(article=article, title="Convoy", body="v2", author=reporter)
    listed = selectors.article_list().get(pk=article.pk)
    assert listed.draft_count == 2
    assert listed.latest_draft_number == 2
