"""Background tasks of the core (run by Celery workers, or inline without a broker)."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients)


@shared_task
def ping() -> str:
    """Answers "pong": operators use it to check that workers are up."""
    return "pong"
