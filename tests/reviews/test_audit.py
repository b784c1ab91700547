import pytest
from django.db import DatabaseError, connection, transaction

from newsroom.errors import ImmutableError
from reviews.models import AuditEvent
from reviews.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(article, editor):
    return audit_record(
        actor=editor,
        action="article.test",
        obj=article,
        from_state="a",
        to_state="b",
        draft=article.drafts.get(),
        data={"n": 1},
    )


def test_an_audit_event_records_who_did_what_to_which_object(event, article, editor):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == editor
    assert (stored.object_type, stored.object_id) == ("newsroom.article", article.pk)
    assert stored.article_id == article.pk
    assert (stored.from_state, stored.to_state) == ("a", "b")
    assert stored.data == {"n": 1}


def test_an_audit_event_cannot_be_changed(event):
    event.action = "something.else"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    assert AuditEvent.objects.get(pk=event.pk).action == "article.test"


def test_an_audit_event_cannot_be_deleted(event):
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reviews_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM reviews_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_sql_rewriting_the_audit_trail(event, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "article.test"
