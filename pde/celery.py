"""Celery application.

With ``PDE_BROKER_URL`` set, tasks go to that broker (Redis) and run on workers
(``celery -A pde worker``). Without it, ``task_always_eager`` makes the same
tasks run inline in the calling process, so a one-machine install needs no
broker at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pde.settings")

app = Celery("pde")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
