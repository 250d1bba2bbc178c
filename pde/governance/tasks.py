"""Background work of the governance app (Celery workers, or inline without a broker)."""

from celery import shared_task
from django.core.mail import EmailMessage


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_convocation(session_id: int, subject: str, body: str, recipients: list[str]) -> int:
    """E-mail the convocatoria to the members with its PDF attached (rendered here, on the
    worker, so the request that issued it does not wait for WeasyPrint)."""
    from .documents import convocation_pdf
    from .models import Session

    session = Session.objects.select_related("body").get(pk=session_id)
    message = EmailMessage(subject, body, to=recipients)
    message.attach(
        f"convocatoria-{session.body.acronym}-{session.year}-{session.kind}-{session.number}.pdf",
        convocation_pdf(session),
        "application/pdf",
    )
    return message.send()
