import pytest
from django.urls import reverse

from newsroom import services
from newsroom.models import Draft

pytestmark = pytest.mark.django_db

BODY = "Hezbollah allowed 600 ISIS terrorists to leave.\nThe convoy had 11 buses."


@pytest.fixture
def article(editor):
    return services.article_create(title="Convoy", body=BODY, author=editor)


def change_form_data(article, body, **extra):
    """What the article change form posts."""
    return {
        "title": article.title,
        "desk": "",
        "byline": "",
        "body": body,
        "change_note": "",
        **extra,
    }


def test_editor_sees_the_article_and_its_first_draft(client, editor, article):
    client.force_login(editor)
    page = client.get(reverse("admin:newsroom_article_change", args=[article.pk]))
    assert page.status_code == 200
    assert "Draft 1" in page.content.decode()
    assert BODY.split("\n")[0] in page.content.decode()


def test_saving_an_edited_article_in_the_admin_creates_draft_two(
    client, editor, article
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:newsroom_article_change", args=[article.pk]),
        change_form_data(article, BODY.replace("600", "700"), change_note="Fix figure"),
    )
    assert response.status_code == 302
    draft2 = article.drafts.get(number=2)
    assert "700 ISIS" in draft2.body
    assert draft2.change_note == "Fix figure"
    assert draft2.author == editor


def test_saving_without_changes_makes_no_draft(client, editor, article):
    client.force_login(editor)
    client.post(
        reverse("admin:newsroom_article_change", args=[article.pk]),
        change_form_data(article, BODY),
    )
    assert article.drafts.count() == 1


def test_compare_view_shows_exactly_what_changed(client, editor, article):
    draft2, _ = services.draft_save(
        article=article, title="Convoy", body=BODY.replace("600", "700"), author=editor
    )
    client.force_login(editor)
    page = client.get(reverse("admin:newsroom_draft_compare", args=[draft2.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 change" in html
    assert "<del>6</del><ins>7</ins>" in html or "<del>600</del><ins>700</ins>" in html


def test_draft_text_is_escaped_in_the_compare_view(client, editor, article):
    draft2, _ = services.draft_save(
        article=article,
        title="Convoy",
        body=BODY + "\n<script>alert(1)</script>",
        author=editor,
    )
    client.force_login(editor)
    html = client.get(
        reverse("admin:newsroom_draft_compare", args=[draft2.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_drafts_are_read_only_in_the_admin(client, editor, article):
    client.force_login(editor)
    draft = article.drafts.get()
    url = reverse("admin:newsroom_draft_change", args=[draft.pk])
    client.post(url, {"body": "hacked"})
    assert Draft.objects.get(pk=draft.pk).body == BODY
    delete = client.post(
        reverse("admin:newsroom_draft_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_an_empty_body_in_the_admin_is_refused_with_a_message(client, editor, article):
    client.force_login(editor)
    response = client.post(
        reverse("admin:newsroom_article_change", args=[article.pk]),
        change_form_data(article, "x" * 1_000_001),
        follow=True,
    )
    assert "the limit is 1,000,000" in response.content.decode()
    assert article.drafts.count() == 1
