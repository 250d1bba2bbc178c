"""Reads of deliveries: batch status, validation reports, the per-ente dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from pde.core.models import PublicEntity, User
from pde.core.selectors import entities_in_scope, has_unscoped_access
from pde.pdn.models.records import (
    RECORD_MODELS,
    SYSTEM_LABELS,
    SYSTEMS,
    DeliveryBatch,
    HarvestRun,
    ProviderToken,
    ScheduledHarvest,
)


def batch_status(batch: DeliveryBatch) -> dict:
    """The JSON status of a delivery (API answer and job status)."""
    return {
        "batch": batch.pk,
        "system": batch.system,
        "status": batch.status,
        "received": batch.total,
        "processed": batch.processed,
        "progress": batch.progress_percent,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "rejected": batch.rejected_count,
        "errors": [
            {
                "index": error["index"],
                "id": error.get("id", ""),
                "path": error["path"],
                "message": error["message"],
            }
            for error in batch.errors
        ],
        "message": batch.message,
        "receivedAt": batch.created_at.isoformat(),
        "finishedAt": batch.finished_at.isoformat() if batch.finished_at else None,
    }


def visible_batches(user: User) -> QuerySet[DeliveryBatch]:
    batches = DeliveryBatch.objects.select_related("entity", "submitted_by")
    if has_unscoped_access(user):
        return batches
    return batches.filter(entity__in=entities_in_scope(user))


def can_see_batch(user: User, batch: DeliveryBatch) -> bool:
    return visible_batches(user).filter(pk=batch.pk).exists()


def filter_batches(
    user: User, *, system: str = "", entity_id: int | None = None
) -> QuerySet[DeliveryBatch]:
    batches = visible_batches(user)
    if system in SYSTEMS:
        batches = batches.filter(system=system)
    if entity_id:
        batches = batches.filter(entity_id=entity_id)
    return batches.order_by("-created_at", "-pk")


def stale_after() -> timedelta:
    return timedelta(days=getattr(settings, "PDE_DELIVERY_STALE_DAYS", 90))


@dataclass
class DashboardRow:
    entity: PublicEntity
    system: str
    records: int
    last_update: datetime | None
    last_batch: DeliveryBatch | None
    stale: bool

    @property
    def system_label(self) -> str:
        return str(SYSTEM_LABELS[self.system])

    @property
    def last_errors(self) -> int:
        return self.last_batch.rejected_count if self.last_batch else 0


def dashboard(user: User, *, system: str = "", entity_id: int | None = None) -> list[DashboardRow]:
    """One row per ente and system with records or deliveries that ``user`` may see:
    records held, last change, last delivery (with its errors) and freshness."""
    entities = entities_in_scope(user)
    systems = [system] if system in SYSTEMS else list(SYSTEMS)
    counts: dict[tuple[int, str], tuple[int, datetime | None]] = {}
    for code in systems:
        rows = RECORD_MODELS[code].objects.filter(entity__in=entities)
        if entity_id:
            rows = rows.filter(entity_id=entity_id)
        for row in rows.values("entity").annotate(n=Count("id"), last=Max("updated_at")):
            counts[(row["entity"], code)] = (row["n"], row["last"])
    batches = DeliveryBatch.objects.filter(entity__in=entities, system__in=systems)
    if entity_id:
        batches = batches.filter(entity_id=entity_id)
    last_ids = (
        batches.values("entity", "system").annotate(last=Max("id")).values_list("last", flat=True)
    )
    last_batches = {
        (b.entity_id, b.system): b
        for b in DeliveryBatch.objects.filter(pk__in=list(last_ids)).select_related("entity")
    }
    keys = set(counts) | set(last_batches)
    entity_map = PublicEntity.objects.in_bulk({key[0] for key in keys})
    now = timezone.now()
    result = []
    for entity_pk, code in keys:
        held, last_update = counts.get((entity_pk, code), (0, None))
        last_batch = last_batches.get((entity_pk, code))
        reference = last_batch.created_at if last_batch else last_update
        result.append(
            DashboardRow(
                entity=entity_map[entity_pk],
                system=code,
                records=held,
                last_update=last_update,
                last_batch=last_batch,
                stale=reference is None or now - reference > stale_after(),
            )
        )
    result.sort(key=lambda row: (row.entity.name, SYSTEMS.index(row.system)))
    return result


def tokens_of(user: User) -> QuerySet[ProviderToken]:
    return ProviderToken.objects.filter(user=user).order_by("-created_at")


def scheduled_harvests() -> QuerySet[ScheduledHarvest]:
    return ScheduledHarvest.objects.select_related("entity").order_by("name")


def harvest_runs(harvest: ScheduledHarvest) -> QuerySet[HarvestRun]:
    return harvest.runs.select_related("batch").order_by("-started_at", "-pk")
