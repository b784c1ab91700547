import pytest

from newsroom.tasks import ping_task


def test_without_a_broker_tasks_run_in_process():
    assert ping_task.delay("hello").get(timeout=1) == "hello"


@pytest.mark.worker
@pytest.mark.postgres
def test_a_real_worker_over_redis_returns_a_task_result(celery_worker_process):
    result = ping_task.delay("over redis")
    assert result.get(timeout=30) == "over redis"
    assert result.successful()
