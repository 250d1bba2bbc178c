"""Celery tasks of the Sistema Electrónico Estatal's delivery: queued batches and
scheduled harvests (``run_due_harvests`` runs every ``PDE_HARVEST_BEAT_SECONDS``
under ``celery -A pde beat``)."""

from celery import shared_task
from django.conf import settings


@shared_task(name="pdn.process_delivery_batch")
def process_delivery_batch(batch_id: int) -> int | None:
    from pde.pdn.services.ingest import process_batch

    batch = process_batch(batch_id)
    return batch.pk if batch else None


@shared_task(name="pdn.run_harvest")
def run_scheduled_harvest(harvest_id: int) -> int | None:
    from pde.pdn.services.harvest import run_scheduled

    run = run_scheduled(harvest_id)
    return run.pk if run else None


@shared_task(name="pdn.run_due_harvests")
def run_due_harvests() -> list[int]:
    """Queue every active scheduled harvest whose next run is due."""
    from pde.pdn.services.harvest import claim_due_harvests

    due = claim_due_harvests()
    for harvest_id in due:
        run_scheduled_harvest.delay(harvest_id)
    return due


def beat_seconds() -> int:
    return getattr(settings, "PDE_HARVEST_BEAT_SECONDS", 300)
