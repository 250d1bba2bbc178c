"""Background tasks of the declarations app (Celery workers, or inline without a broker)."""

import datetime as dt

from celery import shared_task

from pde.core.tasks import send_email


@shared_task
def send_deadline_reminders(items: list[dict]) -> int:
    """E-mail one reminder per item {"servant", "tipo", "deadline"}; each e-mail is its
    own task, so one bad address never stops the others. Returns how many were queued."""
    from .models import ObligatedServant
    from .services.oic import reminder_message

    servants = ObligatedServant.objects.select_related("entity").in_bulk(
        [item["servant"] for item in items]
    )
    queued = 0
    for item in items:
        servant = servants.get(item["servant"])
        if servant is None or not servant.email:
            continue
        subject, body = reminder_message(
            servant, item["tipo"], dt.date.fromisoformat(item["deadline"])
        )
        send_email.delay(subject, body, [servant.email])
        queued += 1
    return queued
