"""Delivery of S2, S3 and S6 records by the entes generadores (push, upload, harvest).

Every delivery is a :class:`DeliveryBatch`. Each record is validated against our
schema of its system; valid ones are upserted by their key (``id``; for S6 the pair
``ocid`` + ``id``) under the delivering ente, in transactional chunks, so a record
is either stored whole or not at all. A record whose content did not change is left
untouched (no new timestamp), so re-sending a batch changes nothing. A record whose
id belongs to another ente is rejected, never overwritten.

Batches larger than ``PDE_INGEST_SYNC_LIMIT`` records are queued and processed by
Celery (``process_delivery_batch``); their progress is kept on the batch.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core import roles
from pde.core.models import PublicEntity, User
from pde.core.services import record_event
from pde.pdn.models.records import (
    RECORD_MODELS,
    SYSTEMS,
    DeliveryBatch,
    PdnRecord,
    ProviderToken,
    columns_from_document,
    document_hash,
)
from pde.pdn.validation import RecordError, validate_record

__all__ = [
    "PayloadError",
    "columns_from_document",
    "parse_payload",
    "submit_delivery",
    "ingest_into_batch",
    "process_batch",
    "sync_limit",
]

logger = logging.getLogger(__name__)


def sync_limit() -> int:
    return getattr(settings, "PDE_INGEST_SYNC_LIMIT", 500)


def chunk_size() -> int:
    return max(1, getattr(settings, "PDE_INGEST_CHUNK_SIZE", 500))


class PayloadError(ValueError):
    """The body is neither a JSON array of records nor NDJSON (message in Spanish)."""


def parse_payload(raw: bytes | str) -> list:
    """Records from a JSON array, a single JSON object, or NDJSON (one record per line)."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PayloadError(_("El contenido no está codificado en UTF-8.")) from error
    else:
        text = raw
    stripped = text.strip()
    if not stripped:
        raise PayloadError(_("La entrega está vacía: envíe una lista JSON de registros."))
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise PayloadError(
                _("JSON mal formado en la línea %(line)s, columna %(col)s: %(msg)s.")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg}
            ) from error
        return data
    records = []
    for number, line in enumerate(stripped.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise PayloadError(
                _("NDJSON mal formado en la línea %(line)s: %(msg)s.")
                % {"line": number, "msg": error.msg}
            ) from error
    return records


# --- Storing --------------------------------------------------------------------------


@dataclass
class _Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)


def _key_tuple(model: type[PdnRecord], key: dict) -> tuple:
    return tuple(key[name] for name in sorted(key))


def _store_chunk(
    model: type[PdnRecord], entity: PublicEntity, batch: DeliveryBatch, chunk: list
) -> _Outcome:
    """Upsert one chunk of (index, document) pairs in one transaction."""
    outcome = _Outcome()
    keys = {index: model.key_of(document) for index, document in chunk}
    record_ids = {key["record_id"] for key in keys.values()}
    now = timezone.now()
    with transaction.atomic():
        existing = {
            _key_tuple(model, model.key_of(obj.document) | {"record_id": obj.record_id}): obj
            for obj in model.objects.select_for_update().filter(record_id__in=record_ids)
        }
        to_create, to_update = [], []
        for index, document in chunk:
            key = keys[index]
            current = existing.get(_key_tuple(model, key))
            if current is not None and current.entity_id != entity.pk:
                outcome.errors.append(
                    RecordError(
                        index,
                        "$.id",
                        _(
                            "El id «%(id)s» ya fue entregado por otro ente y no puede "
                            "sobrescribirse; use ids propios de su ente (por ejemplo, con "
                            "sus siglas como prefijo)."
                        )
                        % {"id": key["record_id"]},
                        key["record_id"],
                    )
                )
                continue
            if current is not None:
                if current.content_hash == document_hash(document):
                    outcome.unchanged += 1
                    continue
                current.apply_document(document)
                current.updated_at = now
                current.batch = batch
                to_update.append(current)
                continue
            record = model(entity=entity, delivered_at=now, updated_at=now, batch=batch)
            record.apply_document(document)
            to_create.append(record)
        if to_create:
            model.objects.bulk_create(to_create)
        if to_update:
            fields = [
                "document",
                "content_hash",
                "updated_at",
                "batch",
                *columns_from_document(model.system, to_update[0].document).keys(),
            ]
            model.objects.bulk_update(to_update, fields)
        outcome.created += len(to_create)
        outcome.updated += len(to_update)
    return outcome


def _store_chunk_retrying(model, entity, batch, chunk) -> _Outcome:
    """A concurrent delivery may create the same id between our read and our insert:
    the unique constraint refuses it; the retry then sees that row and updates or
    rejects it."""
    for _attempt in range(3):
        try:
            return _store_chunk(model, entity, batch, chunk)
        except IntegrityError:
            continue
    return _store_chunk(model, entity, batch, chunk)


def _validated(system: str, records: list, start: int = 0) -> tuple[list, list[RecordError]]:
    """(valid (index, document) pairs, errors); a key repeated within the delivery is
    an error of its later occurrences."""
    model = RECORD_MODELS[system]
    valid, errors, seen = [], [], {}
    for offset, record in enumerate(records):
        index = start + offset
        record_errors = validate_record(system, index, record)
        if record_errors:
            errors.extend(record_errors)
            continue
        key = _key_tuple(model, model.key_of(record))
        if key in seen:
            errors.append(
                RecordError(
                    index,
                    "$.id",
                    _("El id «%(id)s» se repite en esta entrega (registro %(first)s).")
                    % {"id": record.get("id"), "first": seen[key]},
                    str(record.get("id")),
                )
            )
            continue
        seen[key] = index
        valid.append((index, record))
    return valid, errors


def _with_rows(errors, source_rows: list[int] | None, start: int) -> list[dict]:
    """Error dicts; for spreadsheet uploads each also names its sheet ``row``."""
    found = []
    for error in errors:
        item = error.as_dict()
        if source_rows and 0 <= error.index - start < len(source_rows):
            item["row"] = source_rows[error.index - start]
        found.append(item)
    return found


def ingest_into_batch(
    batch: DeliveryBatch,
    records: list,
    *,
    start: int = 0,
    source_rows: list[int] | None = None,
) -> DeliveryBatch:
    """Validate and store ``records`` (delivery positions from ``start``) into ``batch``,
    adding to its counts. Used by every channel; a harvest calls it once per page."""
    model = RECORD_MODELS[batch.system]
    valid, errors = _validated(batch.system, records, start)
    batch.rejected_count += len({error.index for error in errors})
    batch.errors = [*batch.errors, *_with_rows(errors, source_rows, start)]
    step = chunk_size()
    processed_invalid = len(records) - len(valid)
    batch.processed += processed_invalid
    for begin in range(0, len(valid), step):
        chunk = valid[begin : begin + step]
        outcome = _store_chunk_retrying(model, batch.entity, batch, chunk)
        batch.created_count += outcome.created
        batch.updated_count += outcome.updated
        batch.unchanged_count += outcome.unchanged
        batch.rejected_count += len({error.index for error in outcome.errors})
        batch.errors = [*batch.errors, *_with_rows(outcome.errors, source_rows, start)]
        batch.processed += len(chunk)
        batch.save(
            update_fields=[
                "processed",
                "created_count",
                "updated_count",
                "unchanged_count",
                "rejected_count",
                "errors",
            ]
        )
    batch.errors.sort(key=lambda error: (error["index"], error["path"]))
    batch.save()
    return batch


def _finish(batch: DeliveryBatch, *, actor: User | None) -> DeliveryBatch:
    batch.status = DeliveryBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.payload = None
    batch.save()
    record_event(
        "pdn.delivery_processed",
        batch,
        actor=actor,
        changes={
            "system": batch.system,
            "entity": batch.entity_id,
            "channel": batch.channel,
            "total": batch.total,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "rejected": batch.rejected_count,
        },
    )
    logger.info(
        "delivery %s: system=%s entity=%s total=%s created=%s updated=%s unchanged=%s rejected=%s",
        batch.pk,
        batch.system,
        batch.entity_id,
        batch.total,
        batch.created_count,
        batch.updated_count,
        batch.unchanged_count,
        batch.rejected_count,
    )
    return batch


def start_batch(
    system: str,
    entity: PublicEntity,
    *,
    user: User | None,
    channel: str,
    total: int = 0,
    file_name: str = "",
    file_sha256: str = "",
) -> DeliveryBatch:
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}")
    return DeliveryBatch.objects.create(
        system=system,
        entity=entity,
        submitted_by=user,
        channel=channel,
        status=DeliveryBatch.Status.RUNNING,
        total=total,
        file_name=file_name[:255],
        file_sha256=file_sha256,
        started_at=timezone.now(),
    )


def submit_delivery(
    system: str,
    entity: PublicEntity,
    records: list,
    *,
    user: User | None,
    channel: str = DeliveryBatch.Channel.API,
    file_name: str = "",
    file_sha256: str = "",
    background: bool | None = None,
    source_rows: list[int] | None = None,
) -> DeliveryBatch:
    """Receive one delivery. Small ones are processed now; large ones (over
    ``PDE_INGEST_SYNC_LIMIT`` records) are queued for a Celery worker."""
    if not isinstance(records, list):
        raise PayloadError(_("La entrega debe ser una lista JSON de registros o NDJSON."))
    batch = start_batch(
        system,
        entity,
        user=user,
        channel=channel,
        total=len(records),
        file_name=file_name,
        file_sha256=file_sha256,
    )
    record_event(
        "pdn.delivery_received",
        batch,
        actor=user,
        changes={"system": system, "entity": entity.pk, "channel": channel, "total": len(records)},
    )
    if background is None:
        background = len(records) > sync_limit()
    if background:
        batch.status = DeliveryBatch.Status.PENDING
        batch.payload = {"records": records, "rows": source_rows}
        batch.started_at = None
        batch.save(update_fields=["status", "payload", "started_at"])
        from pde.pdn.tasks import process_delivery_batch

        transaction.on_commit(lambda: process_delivery_batch.delay(batch.pk))
        return batch
    try:
        ingest_into_batch(batch, records, source_rows=source_rows)
    except Exception:
        # Chunks already committed stay (each record is whole); the batch says it failed.
        batch.refresh_from_db()
        batch.status = DeliveryBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.message = _("La entrega se interrumpió por un error interno; reenvíela.")
        batch.save(update_fields=["status", "finished_at", "message"])
        record_event("pdn.delivery_failed", batch, actor=user)
        raise
    return _finish(batch, actor=user)


def process_batch(batch_id: int) -> DeliveryBatch | None:
    """Process a queued batch (the Celery task's body). Safe to call twice."""
    batch = (
        DeliveryBatch.objects.select_related("entity", "submitted_by").filter(pk=batch_id).first()
    )
    if batch is None or batch.status != DeliveryBatch.Status.PENDING:
        return batch
    batch.status = DeliveryBatch.Status.RUNNING
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at"])
    try:
        payload = batch.payload or {}
        ingest_into_batch(
            batch, list(payload.get("records") or []), source_rows=payload.get("rows")
        )
    except Exception as error:  # a worker must record the failure, not lose the batch
        logger.exception("delivery %s failed", batch.pk)
        batch.refresh_from_db()
        batch.status = DeliveryBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.message = _("La entrega no pudo procesarse: %(error)s") % {
            "error": type(error).__name__
        }
        batch.save(update_fields=["status", "finished_at", "message"])
        record_event("pdn.delivery_failed", batch, actor=batch.submitted_by)
        raise
    return _finish(batch, actor=batch.submitted_by)


def records_of(system: str, entity: PublicEntity | None = None) -> Iterable[PdnRecord]:
    records = RECORD_MODELS[system].objects.all()
    return records.filter(entity=entity) if entity else records


def error_summary(batch: DeliveryBatch) -> dict[int, list[dict]]:
    by_index: dict[int, list[dict]] = {}
    for error in batch.errors:
        by_index.setdefault(error["index"], []).append(error)
    return by_index


# --- Providers and their API tokens ---------------------------------------------------


class ProviderAuthError(PermissionError):
    """Authentication or authorization failure of an ingestion request."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def provider_entity(user: User) -> PublicEntity | None:
    """The one ente a data provider delivers for (None if ``user`` is not a provider)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not user.groups.filter(name=roles.DATA_PROVIDER).exists():
        return None
    entities = list(user.scope_entities.all()[:2])
    return entities[0] if len(entities) == 1 else None


def create_token(user: User, name: str, *, by: User | None = None) -> tuple[ProviderToken, str]:
    """A new API token for ``user``; returns it and its key (shown only this once)."""
    if provider_entity(user) is None:
        raise ValidationError(
            _("Sólo una persona con el rol de ente generador de un ente puede tener claves de API.")
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Indique un nombre para la clave.")})
    key = ProviderToken.new_key()
    token = ProviderToken.objects.create(
        user=user, name=name[:100], key_prefix=key[:12], key_hash=ProviderToken.hash_key(key)
    )
    record_event("pdn.provider_token_created", token, actor=by or user)
    return token, key


def revoke_token(token: ProviderToken, *, by: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event("pdn.provider_token_revoked", token, actor=by)


def authenticate_provider(authorization: str) -> tuple[User, PublicEntity, ProviderToken]:
    """The provider behind an ``Authorization: Token <key>`` header, or ProviderAuthError."""
    scheme, _sep, key = (authorization or "").strip().partition(" ")
    if scheme.lower() not in ("token", "bearer") or not key.strip():
        raise ProviderAuthError(
            401,
            "unauthorized",
            _("Falta la clave de API: envíe el encabezado «Authorization: Token <clave>»."),
        )
    token = (
        ProviderToken.objects.select_related("user")
        .filter(key_hash=ProviderToken.hash_key(key.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        raise ProviderAuthError(
            401, "unauthorized", _("La clave de API no es válida o fue revocada.")
        )
    entity = provider_entity(token.user)
    if entity is None:
        raise ProviderAuthError(
            403,
            "forbidden",
            _("La cuenta de esta clave no es ente generador de un solo ente público."),
        )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ProviderToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, entity, token
