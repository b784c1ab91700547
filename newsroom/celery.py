"""The Celery app.

With ``CELERY_BROKER_URL`` unset, settings make every task run in-process
(``task_always_eager``), so the project works with no server at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
