import threading

import pytest
from django.db import close_old_connections

from newsroom import services
from newsroom.models import Article

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_saves_get_gapless_unique_numbers(reporter):
    article = services.article_create(title="Race", body="Draft one.", author=reporter)
    start = threading.Barrier(20)
    errors: list[BaseException] = []
    numbers: list[int] = []
    lock = threading.Lock()

    def save(i: int):
        try:
            start.wait()
            draft, created = services.draft_save(
                article=Article.objects.get(pk=article.pk),
                title="Race",
                body=f"Draft from writer {i}.",
                author=reporter,
            )
            assert created
            with lock:
                numbers.append(draft.number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(2, 22))
    stored = list(article.drafts.order_by("number").values_list("number", flat=True))
    assert stored == list(range(1, 22))
