import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from newsroom.models import Article, Draft

pytestmark = pytest.mark.django_db


def test_loadseeds_creates_demo_users_and_the_seed_article(
    monkeypatch, capsys, seed_body
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("loadseeds")
    users = get_user_model().objects.filter(
        username__in=["reporter", "reviewer", "editor"]
    )
    assert {u.username: [g.name for g in u.groups.all()] for u in users} == {
        "reporter": ["reporter"],
        "reviewer": ["reviewer"],
        "editor": ["editor"],
    }
    assert all(u.is_staff and u.check_password("demo-pass-123") for u in users)
    article = Article.objects.get()
    assert article.title == "ISIS Convoy Joins Terrorists in ISIS-Held Syria"
    assert article.byline == "Matthew Little"
    assert "Qalamoun" in article.metadata["photo_caption"]
    assert article.desk.name == "World"
    draft = article.drafts.get()
    assert draft.number == 1
    assert draft.body == seed_body
    assert "600 ISIS terrorists" in draft.body


def test_loadseeds_twice_changes_nothing(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("loadseeds")
    before = (
        list(get_user_model().objects.values_list("username", "password")),
        list(Draft.objects.values_list("pk", "content_hash")),
    )
    call_command("loadseeds")
    after = (
        list(get_user_model().objects.values_list("username", "password")),
        list(Draft.objects.values_list("pk", "content_hash")),
    )
    assert before == after
    assert Article.objects.count() == 1


def test_a_generated_password_is_printed_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("loadseeds")
    first = capsys.readouterr().out
    call_command("loadseeds")
    second = capsys.readouterr().out
    assert "Demo password" in first
    password = first.split("Demo password for reporter, reviewer and editor: ")[
        1
    ].split()[0]
    assert get_user_model().objects.get(username="editor").check_password(password)
    assert "Demo password" not in second
