"""Push API: POST /api/ingest/<system> with a provider's API key."""

import json

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.core.models import AuditEntry
from pde.pdn.models import (
    ContractingProcess,
    DeliveryBatch,
    ProcurementServant,
    SanctionedServant,
)
from pde.pdn.services.ingest import create_token, revoke_token, submit_delivery
from pde.pdn.tests.delivery_samples import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sop(state_entity):
    return state_entity("SOP")


@pytest.fixture
def tapachula(municipality):
    return municipality("07089")


@pytest.fixture
def provider(make_user):
    def make(entity):
        user = make_user("data_provider", scope=[entity], entity=entity)
        _token, key = create_token(user, "nómina")
        return user, key

    return make


def push(client, system, records, key, *, ndjson=False):
    if ndjson:
        body = "\n".join(json.dumps(r) for r in records)
        content_type = "application/x-ndjson"
    else:
        body = json.dumps(records)
        content_type = "application/json"
    return client.post(
        f"/api/ingest/{system}",
        body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def test_valid_records_are_stored_under_the_providers_ente(client, provider, sop):
    _user, key = provider(sop)
    response = push(client, "s2", [sample("s2", "a"), sample("s2", "b")], key)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done"
    assert (body["received"], body["created"], body["rejected"]) == (2, 2, 0)
    assert body["errors"] == []
    assert body["statusUrl"].endswith(f"/api/ingest/s2/jobs/{body['batch']}")
    stored = ProcurementServant.objects.get(record_id="a")
    assert stored.entity == sop
    assert stored.document == sample("s2", "a")


def test_ndjson_is_accepted(client, provider, sop):
    _user, key = provider(sop)
    response = push(client, "s6", [sample("s6", "r1"), sample("s6", "r2")], key, ndjson=True)
    assert response.status_code == 200, response.content
    assert ContractingProcess.objects.filter(entity=sop).count() == 2


def test_invalid_records_are_rejected_with_index_path_and_message(client, provider, sop):
    _user, key = provider(sop)
    bad = sample("s3s", "bad")
    bad["tipoSancion"][0]["clave"] = "ZZ"
    missing = sample("s3s", "missing")
    del missing["causaMotivoHechos"]
    response = push(client, "s3s", [sample("s3s", "ok"), bad, missing], key)
    body = response.json()
    assert (body["created"], body["rejected"]) == (1, 2)
    assert [(e["index"], e["id"], e["path"]) for e in body["errors"]] == [
        (1, "bad", "$.tipoSancion[0].clave"),
        (2, "missing", "$.causaMotivoHechos"),
    ]
    assert "catálogo" in body["errors"][0]["message"]
    assert list(SanctionedServant.objects.values_list("record_id", flat=True)) == ["ok"]


def test_resending_the_same_batch_changes_nothing(client, provider, sop):
    _user, key = provider(sop)
    records = [sample("s2", "a"), sample("s2", "b")]
    push(client, "s2", records, key)
    before = {
        r.record_id: (r.updated_at, r.delivered_at, r.batch_id)
        for r in ProcurementServant.objects.all()
    }
    body = push(client, "s2", records, key).json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 0, 2)
    after = {
        r.record_id: (r.updated_at, r.delivered_at, r.batch_id)
        for r in ProcurementServant.objects.all()
    }
    assert after == before
    assert ProcurementServant.objects.count() == 2


def test_changed_record_is_updated_in_place(client, provider, sop):
    _user, key = provider(sop)
    push(client, "s2", [sample("s2", "a")], key)
    original = ProcurementServant.objects.get(record_id="a")
    body = push(client, "s2", [sample("s2", "a", nombres="Juana")], key).json()
    assert (body["created"], body["updated"]) == (0, 1)
    updated = ProcurementServant.objects.get(record_id="a")
    assert updated.pk == original.pk
    assert updated.nombres_norm == "juana"
    assert updated.delivered_at == original.delivered_at
    assert updated.updated_at > original.updated_at


def test_a_provider_cannot_overwrite_another_entes_record(client, provider, sop, tapachula):
    _u1, key_sop = provider(sop)
    _u2, key_tap = provider(tapachula)
    push(client, "s3s", [sample("s3s", "X-1")], key_sop)
    body = push(client, "s3s", [sample("s3s", "X-1", causaMotivoHechos="otro")], key_tap).json()
    assert (body["created"], body["updated"], body["rejected"]) == (0, 0, 1)
    assert body["errors"][0]["path"] == "$.id"
    assert "otro ente" in body["errors"][0]["message"]
    record = SanctionedServant.objects.get(record_id="X-1")
    assert record.entity == sop
    assert record.document["causaMotivoHechos"] == "Hechos"


def test_same_id_in_another_system_is_independent(client, provider, sop, tapachula):
    _u1, key_sop = provider(sop)
    _u2, key_tap = provider(tapachula)
    push(client, "s2", [sample("s2", "SAME")], key_sop)
    body = push(client, "s3s", [sample("s3s", "SAME")], key_tap).json()
    assert body["created"] == 1
    assert SanctionedServant.objects.get(record_id="SAME").entity == tapachula


def test_repeated_id_within_a_delivery_is_an_error(client, provider, sop):
    _user, key = provider(sop)
    body = push(client, "s2", [sample("s2", "a"), sample("s2", "a", nombres="B")], key).json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert body["errors"][0]["index"] == 1
    assert "se repite" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("[{", "JSON mal formado"),
        ("", "vacía"),
        ('{"id": 1}\n{oops', "NDJSON mal formado en la línea 2"),
        ('{"a": 1}', None),
    ],
)
def test_malformed_bodies(client, provider, sop, body, fragment):
    _user, key = provider(sop)
    response = client.post(
        "/api/ingest/s2", body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    if fragment is None:  # one JSON object is one NDJSON record: validated, not a crash
        assert response.status_code == 200
        assert response.json()["rejected"] == 1
        return
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert fragment in response.json()["message"]
    assert ProcurementServant.objects.count() == 0


def test_authentication_failures(client, provider, sop, make_user):
    response = client.post("/api/ingest/s2", "[]", content_type="application/json")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message"}
    response = push(client, "s2", [], "pde_nope")
    assert response.status_code == 401
    user, key = provider(sop)
    revoke_token(user.provider_tokens.get(), by=user)
    assert push(client, "s2", [sample("s2")], key).status_code == 401
    assert ProcurementServant.objects.count() == 0


def test_a_key_of_a_user_who_is_no_longer_a_provider_is_refused(client, provider, sop):
    user, key = provider(sop)
    user.groups.clear()
    response = push(client, "s2", [sample("s2")], key)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_unknown_system_is_404(client, provider, sop):
    _user, key = provider(sop)
    response = push(client, "s9", [], key)
    assert response.status_code == 404
    assert "s3s" in response.json()["message"]


def test_get_is_not_allowed(client):
    assert client.get("/api/ingest/s2").status_code == 405


@override_settings(PDE_INGEST_MAX_BYTES=100)
def test_too_large_body_is_413(client, provider, sop):
    _user, key = provider(sop)
    response = push(client, "s2", [sample("s2")], key)
    assert response.status_code == 413
    assert ProcurementServant.objects.count() == 0


@override_settings(PDE_INGEST_SYNC_LIMIT=2, PDE_INGEST_CHUNK_SIZE=2)
def test_large_batch_runs_in_the_background_with_status(
    client, provider, sop, tapachula, django_capture_on_commit_callbacks
):
    _user, key = provider(sop)
    records = [sample("s2", f"r{i}") for i in range(5)]
    records[3]["nombres"] = 7
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = push(client, "s2", records, key)
    assert response.status_code == 202
    queued = response.json()
    assert (queued["status"], queued["received"], queued["processed"]) == ("pending", 5, 0)
    status_url = f"/api/ingest/s2/jobs/{queued['batch']}"
    pending = client.get(status_url, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert pending["status"] == "pending"
    for callback in callbacks:  # the worker picks the batch up (Celery runs inline in tests)
        callback()
    done = client.get(status_url, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert (done["status"], done["progress"], done["created"], done["rejected"]) == (
        "done",
        100,
        4,
        1,
    )
    assert done["errors"][0]["index"] == 3
    assert DeliveryBatch.objects.get(pk=queued["batch"]).payload is None
    # Another ente's provider cannot read this job.
    _other, other_key = provider(tapachula)
    assert client.get(status_url, HTTP_AUTHORIZATION=f"Token {other_key}").status_code == 404


def test_every_delivery_is_recorded_and_audited(client, provider, sop):
    user, key = provider(sop)
    body = push(client, "s2", [sample("s2", "a"), {"id": "b"}], key).json()
    batch = DeliveryBatch.objects.get(pk=body["batch"])
    assert (batch.entity, batch.submitted_by, batch.system, batch.channel) == (
        sop,
        user,
        "s2",
        "api",
    )
    assert (batch.total, batch.created_count, batch.rejected_count) == (2, 1, 1)
    assert len(batch.file_sha256) == 64
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(batch.pk), object_type="pdn.deliverybatch"
        ).values_list("action", flat=True)
    )
    assert actions == {"pdn.delivery_received", "pdn.delivery_processed"}
    processed = AuditEntry.objects.get(action="pdn.delivery_processed", object_id=str(batch.pk))
    assert processed.actor == user
    assert "PEJJ800101HCSRRN09" not in json.dumps(processed.changes)


def test_no_record_is_half_stored_when_a_chunk_fails(client, provider, sop, monkeypatch):
    from pde.pdn.models import ProcurementServant as Model

    _user, key = provider(sop)
    push(client, "s2", [sample("s2", "a")], key)

    def failing_bulk_update(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Model.objects, "bulk_update", failing_bulk_update)
    with pytest.raises(RuntimeError):
        push(client, "s2", [sample("s2", "new"), sample("s2", "a", nombres="Cambio")], key)
    assert list(Model.objects.values_list("record_id", flat=True)) == ["a"]
    assert Model.objects.get(record_id="a").nombres_norm == "jose juan"
    failed = DeliveryBatch.objects.latest("pk")
    assert failed.status == "failed" and "reenvíela" in failed.message


def test_a_job_is_reachable_only_under_its_own_system(client, provider, sop):
    _user, key = provider(sop)
    batch_id = push(client, "s2", [sample("s2")], key).json()["batch"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get(f"/api/ingest/s2/jobs/{batch_id}", **auth).status_code == 200
    assert client.get(f"/api/ingest/s3s/jobs/{batch_id}", **auth).status_code == 404
    assert client.get(f"/api/ingest/s2/jobs/{batch_id}").status_code == 401


def test_records_of_one_system_never_land_in_another(client, provider, sop):
    _user, key = provider(sop)
    body = push(client, "s3p", [sample("s3s", "servant")], key).json()
    assert body["rejected"] == 1
    assert not SanctionedServant.objects.exists()


id_lists = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6)
names = st.sampled_from(["Ana", "José", "Ñoño"])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.lists(st.tuples(id_lists, names), max_size=1), ids=id_lists, name=names)
def test_resending_any_delivery_is_a_no_op(sop, make_user, first, ids, name):
    """Whatever is already stored, delivering a batch twice: the second time nothing
    is created or updated and no stored row changes."""
    ProcurementServant.objects.all().delete()
    user = make_user("data_provider", scope=[sop], entity=sop)
    for earlier_ids, earlier_name in first:
        submit_delivery(
            "s2", sop, [sample("s2", i, nombres=earlier_name) for i in earlier_ids], user=user
        )
    records = [sample("s2", i, nombres=name) for i in ids]
    submit_delivery("s2", sop, records, user=user)
    snapshot = list(ProcurementServant.objects.order_by("pk").values())
    again = submit_delivery("s2", sop, records, user=user)
    assert (again.created_count, again.updated_count) == (0, 0)
    assert again.unchanged_count == len(set(ids))
    assert again.rejected_count == len(ids) - len(set(ids))
    assert list(ProcurementServant.objects.order_by("pk").values()) == snapshot
