"""The offline app's server side: definition, manifest, service worker, idempotent sync."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from pde.surveys.models import Form, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def post(client, form, payload):
    return client.post(
        reverse("surveys:offline_sync", args=[form.form_id]),
        data=json.dumps(payload),
        content_type="application/json",
    )


def interview(**data):
    return {
        "uuid": str(uuid.uuid4()),
        "language": "tzo",
        "version": "2026110101",
        "consent": True,
        "data": {"edad": 22, "municipio": "07023", "soborno": "no", **data},
    }


def test_app_shell_manifest_service_worker_and_definition(client, published_form):
    app = client.get(reverse("surveys:offline_app", args=[published_form.form_id]))
    assert app.status_code == 200
    html = app.content.decode()
    assert 'rel="manifest"' in html and "surveys/offline.js" in html
    manifest = client.get(reverse("surveys:offline_manifest", args=[published_form.form_id]))
    assert manifest["Content-Type"] == "application/manifest+json"
    body = json.loads(manifest.content)
    assert body["display"] == "standalone" and body["scope"] == "/encuestas/campo/"
    worker = client.get(reverse("surveys:offline_sw"))
    assert worker["Content-Type"].startswith("application/javascript")
    assert b"caches.open" in worker.content
    definition = client.get(reverse("surveys:offline_definition", args=[published_form.form_id]))
    data = definition.json()
    assert data["version"] == "2026110101"
    assert set(data["languages"]) == {"es", "tzh", "tzo"}
    assert data["ui"]["tzh"]["next"] == "Ta patil"
    assert [page["name"] for page in data["pages"]][:3] == ["edad", "municipio", "soborno"]
    assert data["calculates"] == [{"name": "monto_miles", "calculation": "${monto} div 1000"}]


def test_sync_is_idempotent_by_client_uuid(client, published_form):
    payload = interview()
    first = post(client, published_form, payload)
    assert first.status_code == 201
    again = post(client, published_form, payload)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    response = Response.objects.get()
    assert str(response.uuid) == payload["uuid"]
    assert response.channel == Response.Channel.OFFLINE and response.language == "tzo"
    assert response.consent_at is not None


@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ("no es json", 400, "mal formada"),
        ({**interview(), "consent": False}, 400, "consentimiento"),
        ({**interview(), "uuid": "123"}, 400, "UUID"),
        (interview(edad=3), 400, "Hay respuestas por corregir"),
    ],
)
def test_bad_sync_is_refused_and_stored_nowhere(client, published_form, payload, status, text):
    response = client.post(
        reverse("surveys:offline_sync", args=[published_form.form_id]),
        data=payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == status
    assert text in json.dumps(response.json(), ensure_ascii=False)
    assert Response.objects.count() == 0


def test_closed_or_unknown_form(client, published_form):
    Form.objects.filter(pk=published_form.pk).update(status=Form.Status.CLOSED)
    assert post(client, published_form, interview()).status_code == 403
    unknown = client.post(
        reverse("surveys:offline_sync", args=["no_existe"]),
        data=json.dumps(interview()),
        content_type="application/json",
    )
    assert unknown.status_code == 404
    assert Response.objects.count() == 0
