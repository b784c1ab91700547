import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def perms(role):
    return {p.codename for p in Group.objects.get(name=role).permissions.all()}


def test_roles_exist_with_fitting_permissions():
    assert {"add_draft", "add_article"} <= perms("reporter")
    assert "publish_article" not in perms("reporter")
    assert "add_draft" not in perms("reviewer")
    assert "view_draft" in perms("reviewer")
    assert {"publish_article", "add_draft"} <= perms("editor")


def test_no_role_may_change_or_delete_drafts():
    for role in ("reporter", "reviewer", "editor"):
        assert not {"change_draft", "delete_draft"} & perms(role)
