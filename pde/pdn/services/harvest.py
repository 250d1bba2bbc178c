"""Pull: harvest another PDN-compatible API (password grant, every page, retries).

``harvest(...)`` asks the token URL for an access token (OAuth 2.0 password grant,
as every PDN client does), then POSTs ``{"page": n, "pageSize": 200}`` to the
endpoint until ``hasNextPage`` is false. Each page is validated and stored like a
push (one :class:`DeliveryBatch` per run, records under the configured ente).
5xx answers, timeouts and connection errors are retried with exponential backoff;
an expired token (401) is renewed once. The :class:`HarvestRun` keeps the last
page done, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.models import PublicEntity, User
from pde.core.services import record_event
from pde.pdn.models.records import DeliveryBatch, HarvestRun, ScheduledHarvest

from .ingest import _finish, ingest_into_batch, start_batch

logger = logging.getLogger(__name__)

__all__ = ["HarvestError", "HarvestSource", "harvest", "run_scheduled", "claim_due_harvests"]


class HarvestError(RuntimeError):
    """The source could not be harvested (message in Spanish)."""


@dataclass(frozen=True)
class HarvestSource:
    system: str
    url: str
    token_url: str
    username: str
    password: str
    client_id: str
    client_secret: str
    scope: str = ""


def http_client() -> httpx.Client:
    """The HTTP client harvests use (tests replace it with a fake PDN server)."""
    return httpx.Client(follow_redirects=True)


def _page_size() -> int:
    return getattr(settings, "PDE_HARVEST_PAGE_SIZE", 200)


def _max_retries() -> int:
    return getattr(settings, "PDE_HARVEST_MAX_RETRIES", 5)


def _timeout() -> float:
    return float(getattr(settings, "PDE_HARVEST_TIMEOUT_SECONDS", 30))


class _Client:
    def __init__(self, source: HarvestSource, http: httpx.Client, sleep: Callable[[float], None]):
        self.source, self.http, self.sleep = source, http, sleep
        self.token = ""

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One request, retried with backoff (1, 2, 4... s) on 5xx, timeouts and
        connection errors."""
        attempts = _max_retries() + 1
        for attempt in range(attempts):
            try:
                response = self.http.request(method, url, timeout=_timeout(), **kwargs)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                problem = type(error).__name__
            else:
                if response.status_code < 500:
                    return response
                problem = f"HTTP {response.status_code}"
            if attempt + 1 < attempts:
                delay = 2**attempt
                logger.warning("harvest %s: %s; retry in %ss", url, problem, delay)
                self.sleep(delay)
        raise HarvestError(
            _("El origen %(url)s no respondió tras %(n)s intentos (%(problem)s).")
            % {"url": url, "n": attempts, "problem": problem}
        )

    def authenticate(self) -> None:
        data = {
            "grant_type": "password",
            "username": self.source.username,
            "password": self.source.password,
            "client_id": self.source.client_id,
            "client_secret": self.source.client_secret,
        }
        if self.source.scope:
            data["scope"] = self.source.scope
        response = self._send(
            "POST",
            self.source.token_url,
            data=data,
            auth=(self.source.client_id, self.source.client_secret),
        )
        token = None
        if response.status_code == 200:
            try:
                token = response.json().get("access_token")
            except ValueError:
                token = None
        if not token:
            raise HarvestError(
                _("El origen rechazó las credenciales OAuth (HTTP %(status)s).")
                % {"status": response.status_code}
            )
        self.token = token

    def page(self, number: int) -> dict:
        body = {"page": number, "pageSize": _page_size()}
        for renewed in (False, True):
            response = self._send(
                "POST",
                self.source.url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
            )
            if response.status_code == 401 and not renewed:
                self.authenticate()
                continue
            break
        if response.status_code != 200:
            raise HarvestError(
                _("El origen respondió HTTP %(status)s a la página %(page)s.")
                % {"status": response.status_code, "page": number}
            )
        try:
            data = response.json()
        except ValueError as error:
            raise HarvestError(
                _("La página %(page)s no es JSON válido.") % {"page": number}
            ) from error
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise HarvestError(
                _("La página %(page)s no tiene la forma PDN {pagination, results}.")
                % {"page": number}
            )
        return data


def _resumable_run(source: HarvestSource, entity: PublicEntity) -> HarvestRun | None:
    return (
        HarvestRun.objects.filter(
            system=source.system,
            url=source.url,
            entity=entity,
            status__in=[HarvestRun.Status.FAILED, HarvestRun.Status.RUNNING],
        )
        .order_by("-started_at", "-pk")
        .first()
    )


def harvest(
    source: HarvestSource,
    entity: PublicEntity,
    *,
    user: User | None = None,
    scheduled: ScheduledHarvest | None = None,
    resume: bool = True,
    http: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_page: Callable[[HarvestRun], None] | None = None,
) -> HarvestRun:
    """Harvest every page of ``source`` into ``entity``'s records.

    With ``resume`` (the default), an unfinished run of the same source and ente
    continues after its last completed page. Raises :class:`HarvestError` after
    recording the failure on the run (which can then be resumed)."""
    run = _resumable_run(source, entity) if resume else None
    if run is None or run.batch is None:
        batch = start_batch(
            source.system,
            entity,
            user=user,
            channel=DeliveryBatch.Channel.HARVEST,
            file_name=source.url,
        )
        run = HarvestRun.objects.create(
            harvest=scheduled, system=source.system, entity=entity, url=source.url, batch=batch
        )
        record_event(
            "pdn.harvest_started",
            run,
            actor=user,
            changes={"system": source.system, "entity": entity.pk, "url": source.url},
        )
    else:
        batch = run.batch
        run.status = HarvestRun.Status.RUNNING
        run.message = ""
        run.save(update_fields=["status", "message"])
        batch.status = DeliveryBatch.Status.RUNNING
        batch.save(update_fields=["status"])
        record_event("pdn.harvest_resumed", run, actor=user, changes={"from_page": run.last_page})

    own_http = http is None
    client = _Client(source, http or http_client(), sleep)
    try:
        client.authenticate()
        number = run.last_page + 1
        while True:
            data = client.page(number)
            records = data["results"]
            pagination = data.get("pagination") or {}
            total_rows = pagination.get("totalRows")
            with transaction.atomic():
                start = batch.total
                batch.total += len(records)
                ingest_into_batch(batch, records, start=start)
                run.last_page = number
                if isinstance(total_rows, int):
                    run.total_rows = total_rows
                run.save(update_fields=["last_page", "total_rows"])
            if on_page:
                on_page(run)
            if not records or not pagination.get("hasNextPage"):
                break
            number += 1
    except HarvestError as error:
        run.status = HarvestRun.Status.FAILED
        run.message = str(error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        batch.status = DeliveryBatch.Status.FAILED
        batch.message = str(error)
        batch.save(update_fields=["status", "message"])
        record_event("pdn.harvest_failed", run, actor=user, changes={"page": run.last_page + 1})
        raise
    finally:
        if own_http:
            client.http.close()
    _finish(batch, actor=user)
    run.status = HarvestRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    record_event(
        "pdn.harvest_finished",
        run,
        actor=user,
        changes={"pages": run.last_page, "total": batch.total, "rejected": batch.rejected_count},
    )
    return run


def source_of(scheduled: ScheduledHarvest) -> HarvestSource:
    return HarvestSource(
        system=scheduled.system,
        url=scheduled.url,
        token_url=scheduled.token_url,
        username=scheduled.username,
        password=scheduled.password,
        client_id=scheduled.client_id,
        client_secret=scheduled.client_secret,
        scope=scheduled.scope,
    )


def claim_due_harvests(now=None) -> list[int]:
    """Ids of the active scheduled harvests due now; their next run moves forward at
    once, so two beat ticks (or two beat processes) never queue one harvest twice."""
    now = now or timezone.now()
    claimed = []
    with transaction.atomic():
        due = ScheduledHarvest.objects.select_for_update().filter(active=True, next_run_at__lte=now)
        for scheduled in due:
            scheduled.next_run_at = now + timedelta(hours=scheduled.interval_hours)
            scheduled.save(update_fields=["next_run_at"])
            claimed.append(scheduled.pk)
    return claimed


def run_scheduled(harvest_id: int, **kwargs) -> HarvestRun | None:
    scheduled = ScheduledHarvest.objects.select_related("entity").filter(pk=harvest_id).first()
    if scheduled is None:
        return None
    scheduled.last_run_at = timezone.now()
    scheduled.save(update_fields=["last_run_at"])
    try:
        return harvest(source_of(scheduled), scheduled.entity, scheduled=scheduled, **kwargs)
    except HarvestError:
        return HarvestRun.objects.filter(harvest=scheduled).order_by("-started_at", "-pk").first()


_SECRET_FIELDS = {"password", "client_secret"}


def save_scheduled_harvest(form, *, by: User) -> ScheduledHarvest:
    """Save a scheduled harvest from its form; the audit summary never holds secrets."""
    creating = form.instance.pk is None
    changed = [name for name in form.changed_data if name not in _SECRET_FIELDS]
    with transaction.atomic():
        scheduled = form.save()
        record_event(
            "pdn.harvest_scheduled" if creating else "pdn.harvest_schedule_changed",
            scheduled,
            actor=by,
            changes={
                "fields": changed,
                "secrets_changed": sorted(_SECRET_FIELDS & set(form.changed_data)),
                "system": scheduled.system,
                "entity": scheduled.entity_id,
                "url": scheduled.url,
                "active": scheduled.active,
            },
        )
    return scheduled


def delete_scheduled_harvest(scheduled: ScheduledHarvest, *, by: User) -> None:
    with transaction.atomic():
        record_event("pdn.harvest_schedule_deleted", scheduled, actor=by)
        scheduled.delete()
