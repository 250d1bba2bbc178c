"""Our OpenAPI document: served, faithful to the official files (paths, methods, request
fields, security), and exercised by schemathesis against the running application."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from pde.pdn.api.openapi import openapi_document

from . import _jsonschema_compat
from .factories import (
    api_client,
    s1_document,
    s2_document,
    s3p_document,
    s3s_document,
    s6_document,
    save_record,
    submit_declaration,
)

pytestmark = pytest.mark.django_db

OFFICIAL = {
    "S1/oas/OAS_API_Declaraciones_Inicial.json": {"/v2/declaraciones"},
    "S2/oas/OAS_API_servidores_intervienen_contrataciones.json": {
        "/v1/spic",
        "/v1/spic/dependencias",
    },
    "S3/oas/OAS_API_Servidores_Sancionados.json": {
        "/v1/ssancionados",
        "/v1/ssancionados/dependencias",
    },
    "S3/oas/OAS_API_Particulares_Sancionados.json": {
        "/v1/psancionados",
        "/v1/psancionados/dependencias",
    },
    "S6/OAS_API_Contrataciones_Abiertas.json": {"/contrataciones-abiertas"},
}


def resolve(spec, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def field_paths(spec, schema, prefix="") -> dict[str, str]:
    """Dotted property paths of a request schema -> their JSON type."""
    schema = resolve(spec, schema)
    out = {}
    for name, sub in (schema.get("properties") or {}).items():
        sub = resolve(spec, sub)
        path = f"{prefix}{name}"
        if sub.get("properties") and sub.get("type", "object") == "object":
            out.update(field_paths(spec, sub, path + "."))
        else:
            out[path] = sub.get("type", "object")
    return out


def test_the_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(openapi_document()))


def test_the_docs_page_lists_every_endpoint(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in openapi_document()["paths"]:
        assert f"<code>{path}</code>" in text


@pytest.mark.parametrize("file_name", sorted(OFFICIAL))
def test_paths_methods_and_request_fields_match_the_official_files(shared_dir, file_name):
    official = json.loads((shared_dir / "pdn" / file_name).read_text())
    ours = openapi_document()
    assert set(official["paths"]) == OFFICIAL[file_name]
    for path, item in official["paths"].items():
        assert path in ours["paths"]
        assert set(item) == set(ours["paths"][path])
        for method, operation in item.items():
            mine = ours["paths"][path][method]
            # Every status the official operation declares, we declare too.
            assert set(operation["responses"]) <= set(mine["responses"])
            body = operation.get("requestBody")
            if not body:
                continue
            theirs = field_paths(official, body["content"]["application/json"]["schema"])
            our_fields = field_paths(
                ours, mine["requestBody"]["content"]["application/json"]["schema"]
            )
            assert our_fields == theirs
    tokens = {
        flow["tokenUrl"]
        for scheme in official["components"]["securitySchemes"].values()
        for flow in scheme["flows"].values()
    }
    assert tokens == {"/oauth"}


def test_s1_scope_is_the_official_one(shared_dir):
    official = json.loads(
        (shared_dir / "pdn/S1/oas/OAS_API_Declaraciones_Inicial.json").read_text()
    )
    theirs = official["paths"]["/v2/declaraciones"]["post"]["security"][0]
    ours = openapi_document()["paths"]["/v2/declaraciones"]["post"]["security"][0]
    assert list(theirs.values()) == list(ours.values()) == [["read:declaraciones"]]


# --- schemathesis --------------------------------------------------------------------------

_jsonschema_compat.install()
schema = schemathesis.from_dict(openapi_document(), base_url="http://testserver")
_APP = {}


def wsgi_app():
    # Built inside the test, after the session fixtures set the test settings.
    if "app" not in _APP:
        from django.core.wsgi import get_wsgi_application

        _APP["app"] = get_wsgi_application()
    return _APP["app"]


@pytest.fixture
def populated(municipality, client):
    entity = municipality("07089")
    for tipo in ("INICIAL", "MODIFICACIÓN", "CONCLUSIÓN"):
        submit_declaration(entity, s1_document(tipo, inmuebles=[{"valor": 10}]))
    save_record("s2", entity, s2_document("S2-1"))
    save_record("s3s", entity, s3s_document("S3S-1"))
    save_record("s3p", entity, s3p_document("S3P-1"))
    save_record("s6", entity, s6_document("ocds-x"))
    _api, _c, header = api_client(client, "Schemathesis")
    return header["HTTP_AUTHORIZATION"]


@pytest.fixture
def keep_connection():
    """A real WSGI request closes the database connection when it ends (Django's test
    client disconnects that handler; so must we, or the test transaction is lost)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_schemathesis(case, populated, keep_connection):
    if case.path not in ("/oauth", "/oauth/token"):
        case.headers = {**(case.headers or {}), "Authorization": populated}
    response = case.call_wsgi(app=wsgi_app())
    case.validate_response(response)
