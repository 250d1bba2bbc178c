"""Pull: harvesting a PDN-compatible API (a fake PDN server on httpx.MockTransport)."""

import json
from datetime import timedelta
from urllib.parse import parse_qs

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pde.core.models import AuditEntry
from pde.pdn.models import DeliveryBatch, HarvestRun, ProcurementServant, ScheduledHarvest
from pde.pdn.services import harvest as harvest_module
from pde.pdn.services.harvest import HarvestError, HarvestSource, claim_due_harvests, harvest
from pde.pdn.tests.delivery_samples import sample

pytestmark = pytest.mark.django_db

BASE = "https://honestidad.example.gob.mx"


class FakePdn:
    """A PDN S2 endpoint with OAuth password grant; ``failures[page]`` lists what the
    server does on the next requests of that page (an HTTP status or an exception)."""

    def __init__(self, records, failures=None, expire_token_on=None):
        self.records = records
        self.failures = {page: list(plan) for page, plan in (failures or {}).items()}
        self.expire_token_on = expire_token_on
        self.token_requests = []
        self.page_requests = []
        self.tokens_issued = 0

    def current_token(self):
        return f"token-{self.tokens_issued}"

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            self.token_requests.append(form)
            if form.get("password") != "secreta":
                return httpx.Response(401, json={"code": "401", "message": "bad"})
            self.tokens_issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": self.current_token(),
                    "token_type": "Bearer",
                    "expires_in": 3600,
                },
            )
        assert request.url.path == "/v1/spic"
        body = json.loads(request.content)
        page, size = body["page"], body["pageSize"]
        self.page_requests.append((page, size))
        plan = self.failures.get(page)
        if plan:
            failure = plan.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, json={"code": str(failure), "message": "error"})
        if self.expire_token_on == page:
            self.expire_token_on = None
            self.tokens_issued += 1  # the old token is no longer valid
        if request.headers.get("Authorization") != f"Bearer {self.current_token()}":
            return httpx.Response(401, json={"code": "401", "message": "token"})
        chunk = self.records[(page - 1) * size : page * size]
        return httpx.Response(
            200,
            json={
                "pagination": {
                    "pageSize": size,
                    "page": page,
                    "totalRows": len(self.records),
                    "hasNextPage": page * size < len(self.records),
                },
                "results": chunk,
            },
        )

    def client(self):
        return httpx.Client(transport=httpx.MockTransport(self.handler))


SOURCE = HarvestSource(
    system="s2",
    url=f"{BASE}/v1/spic",
    token_url=f"{BASE}/oauth",
    username="pde",
    password="secreta",
    client_id="cliente",
    client_secret="secreto",
)


@pytest.fixture
def sop(state_entity):
    return state_entity("SOP")


def records(n):
    return [sample("s2", f"SH-{i:04d}") for i in range(n)]


def test_harvests_every_page_with_page_size_200(sop):
    server = FakePdn(records(450))
    run = harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    assert [size for _page, size in server.page_requests] == [200, 200, 200]
    assert [page for page, _size in server.page_requests] == [1, 2, 3]
    assert (run.status, run.last_page, run.total_rows) == ("done", 3, 450)
    assert ProcurementServant.objects.filter(entity=sop).count() == 450
    batch = run.batch
    assert (batch.channel, batch.status, batch.total, batch.created_count) == (
        "harvest",
        "done",
        450,
        450,
    )
    token_request = server.token_requests[0]
    assert token_request["grant_type"] == "password"
    assert (token_request["username"], token_request["client_id"]) == ("pde", "cliente")


def test_harvesting_again_changes_nothing(sop):
    server = FakePdn(records(30))
    harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    stamps = list(ProcurementServant.objects.order_by("pk").values_list("updated_at", flat=True))
    run = harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    assert (run.batch.created_count, run.batch.unchanged_count) == (0, 30)
    assert (
        list(ProcurementServant.objects.order_by("pk").values_list("updated_at", flat=True))
        == stamps
    )


def test_server_errors_and_timeouts_are_retried_with_backoff(sop):
    server = FakePdn(records(250), failures={2: [503, httpx.ReadTimeout("slow"), 502]})
    slept = []
    run = harvest(SOURCE, sop, http=server.client(), sleep=slept.append)
    assert run.status == "done"
    assert slept == [1, 2, 4]
    assert ProcurementServant.objects.count() == 250


def test_a_failed_harvest_resumes_from_the_last_page_done(sop, settings):
    settings.PDE_HARVEST_MAX_RETRIES = 1
    server = FakePdn(records(650), failures={3: [500, 500]})
    with pytest.raises(HarvestError) as failure:
        harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    assert "2 intentos" in str(failure.value)
    run = HarvestRun.objects.get()
    assert (run.status, run.last_page) == ("failed", 2)
    assert run.batch.status == "failed"
    assert ProcurementServant.objects.count() == 400
    assert AuditEntry.objects.filter(action="pdn.harvest_failed").exists()

    server.page_requests.clear()
    resumed = harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    assert resumed.pk == run.pk
    assert [page for page, _size in server.page_requests] == [3, 4]
    assert (resumed.status, resumed.last_page) == ("done", 4)
    assert ProcurementServant.objects.count() == 650
    batch = DeliveryBatch.objects.get(pk=run.batch_id)
    assert (batch.status, batch.total, batch.created_count) == ("done", 650, 650)


def test_restart_ignores_the_unfinished_run(sop, settings):
    settings.PDE_HARVEST_MAX_RETRIES = 0
    server = FakePdn(records(250), failures={2: [500]})
    with pytest.raises(HarvestError):
        harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    server.page_requests.clear()
    harvest(SOURCE, sop, http=server.client(), resume=False, sleep=lambda s: None)
    assert [page for page, _size in server.page_requests] == [1, 2]
    assert HarvestRun.objects.count() == 2


def test_an_expired_token_is_renewed(sop):
    server = FakePdn(records(250), expire_token_on=2)
    run = harvest(SOURCE, sop, http=server.client(), sleep=lambda s: None)
    assert run.status == "done"
    assert len(server.token_requests) == 2


def test_wrong_credentials_fail_with_a_spanish_message(sop):
    server = FakePdn(records(5))
    source = HarvestSource(**{**SOURCE.__dict__, "password": "mala"})
    with pytest.raises(HarvestError, match="rechazó las credenciales"):
        harvest(source, sop, http=server.client(), sleep=lambda s: None)
    assert ProcurementServant.objects.count() == 0


def test_invalid_records_of_the_source_are_reported(sop):
    data = records(3)
    data[1]["tipoProcedimiento"] = [{"clave": 9, "valor": "?"}]
    run = harvest(SOURCE, sop, http=FakePdn(data).client(), sleep=lambda s: None)
    assert (run.batch.created_count, run.batch.rejected_count) == (2, 1)
    assert run.batch.errors[0]["index"] == 1
    assert run.batch.errors[0]["path"] == "$.tipoProcedimiento[0].clave"


def test_the_command_harvests_and_reports(sop, monkeypatch, capsys):
    server = FakePdn(records(210))
    monkeypatch.setattr(harvest_module, "http_client", server.client)
    monkeypatch.setattr(harvest_module.time, "sleep", lambda s: None)
    call_command(
        "harvest",
        "--system=s2",
        f"--url={BASE}/v1/spic",
        f"--token-url={BASE}/oauth",
        "--username=pde",
        "--password=secreta",
        "--client-id=cliente",
        "--client-secret=secreto",
        "--ente=SOP",
    )
    out = capsys.readouterr().out
    assert "página 2: 210/210 registros" in out
    assert "210 nuevos" in out
    assert ProcurementServant.objects.filter(entity=sop).count() == 210


def test_the_command_fails_clearly(sop, monkeypatch, settings):
    settings.PDE_HARVEST_MAX_RETRIES = 0
    server = FakePdn(records(5), failures={1: [500]})
    monkeypatch.setattr(harvest_module, "http_client", server.client)
    args = [
        "harvest",
        "--system=s2",
        f"--url={BASE}/v1/spic",
        f"--token-url={BASE}/oauth",
        "--username=pde",
        "--password=secreta",
        "--client-id=cliente",
        "--client-secret=secreto",
    ]
    with pytest.raises(CommandError, match="reanudar"):
        call_command(*args, "--ente=SOP")
    with pytest.raises(CommandError, match="único ente"):
        call_command(*args, "--ente=NOEXISTE")


def _scheduled(entity, **fields):
    values = {
        "name": "Secretaría de la Honestidad S2",
        "system": "s2",
        "entity": entity,
        "url": SOURCE.url,
        "token_url": SOURCE.token_url,
        "username": "pde",
        "password": "secreta",
        "client_id": "cliente",
        "client_secret": "secreto",
        "interval_hours": 24,
    }
    values.update(fields)
    return ScheduledHarvest.objects.create(**values)


def test_due_harvests_are_claimed_once(sop):
    now = timezone.now()
    due = _scheduled(sop, next_run_at=now - timedelta(minutes=1))
    _scheduled(sop, name="futura", next_run_at=now + timedelta(hours=1))
    _scheduled(sop, name="inactiva", active=False, next_run_at=now - timedelta(hours=1))
    assert claim_due_harvests(now) == [due.pk]
    assert claim_due_harvests(now) == []
    due.refresh_from_db()
    assert due.next_run_at == now + timedelta(hours=24)


def test_beat_task_runs_due_harvests(sop, monkeypatch):
    from pde.pdn.tasks import run_due_harvests

    server = FakePdn(records(20))
    monkeypatch.setattr(harvest_module, "http_client", server.client)
    scheduled = _scheduled(sop, next_run_at=timezone.now() - timedelta(minutes=5))
    assert run_due_harvests.delay().get() == [scheduled.pk]
    run = scheduled.runs.get()
    assert (run.status, run.batch.created_count) == ("done", 20)
    scheduled.refresh_from_db()
    assert scheduled.last_run_at is not None


def test_beat_schedule_is_configured(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["pdn-run-due-harvests"]
    assert entry["task"] == "pdn.run_due_harvests"
    assert entry["schedule"] == settings.PDE_HARVEST_BEAT_SECONDS


def test_a_failing_scheduled_harvest_is_recorded_not_raised(sop, monkeypatch, settings):
    from pde.pdn.tasks import run_scheduled_harvest

    settings.PDE_HARVEST_MAX_RETRIES = 0
    server = FakePdn(records(5), failures={1: [500]})
    monkeypatch.setattr(harvest_module, "http_client", server.client)
    scheduled = _scheduled(sop)
    run_scheduled_harvest.delay(scheduled.pk)
    run = scheduled.runs.get()
    assert run.status == "failed" and "HTTP 500" in run.message


def test_the_command_reads_secrets_from_the_environment(sop, monkeypatch):
    server = FakePdn(records(3))
    monkeypatch.setattr(harvest_module, "http_client", server.client)
    args = [
        "harvest",
        "--system=s2",
        f"--url={BASE}/v1/spic",
        f"--token-url={BASE}/oauth",
        "--username=pde",
        "--client-id=cliente",
        "--ente=SOP",
    ]
    monkeypatch.delenv("PDE_HARVEST_PASSWORD", raising=False)
    monkeypatch.setenv("PDE_HARVEST_CLIENT_SECRET", "secreto")
    with pytest.raises(CommandError, match="PDE_HARVEST_PASSWORD"):
        call_command(*args, password="")
    call_command(*args, password="secreta")
    assert server.token_requests[-1]["client_secret"] == "secreto"
    assert ProcurementServant.objects.count() == 3
