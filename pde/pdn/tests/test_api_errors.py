"""What every PDN endpoint shares: 401 without a valid token or scope, 400 naming the
field for bad pages, sizes, types or JSON, and never a stack trace."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.pdn.models import ApiCall

from .factories import api_client

pytestmark = pytest.mark.django_db

SEARCHES = [
    "/v2/declaraciones",
    "/v1/spic",
    "/v1/ssancionados",
    "/v1/psancionados",
    "/contrataciones-abiertas",
]
DEPENDENCIAS = [
    "/v1/spic/dependencias",
    "/v1/ssancionados/dependencias",
    "/v1/psancionados/dependencias",
]
SCOPES = {
    "/v2/declaraciones": "read:declaraciones",
    "/v1/spic": "read:spic",
    "/v1/spic/dependencias": "read:spic",
    "/v1/ssancionados": "read:ssancionados",
    "/v1/ssancionados/dependencias": "read:ssancionados",
    "/v1/psancionados": "read:psancionados",
    "/v1/psancionados/dependencias": "read:psancionados",
    "/contrataciones-abiertas": "read:contrataciones-abiertas",
}


def call(client, path, headers, body="{}"):
    if path in DEPENDENCIAS:
        return client.get(path, **headers)
    return client.post(path, body, content_type="application/json", **headers)


def denied_status(path):
    # The official S3 servidores spec answers "No tienes permisos" with 403 there.
    return 403 if path == "/v1/ssancionados/dependencias" else 401


def assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message"}
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.parametrize("path", SEARCHES + DEPENDENCIAS)
@pytest.mark.parametrize(
    "header",
    [{}, {"HTTP_AUTHORIZATION": "Bearer no-es-un-token"}, {"HTTP_AUTHORIZATION": "Basic abc"}],
)
def test_missing_or_wrong_token(client, path, header):
    body = assert_error(call(client, path, header), denied_status(path))
    assert body["code"] in {"token_missing", "invalid_token"}


def test_expired_token(client):
    import datetime as dt

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    _api, _c, header = api_client(client)
    AccessToken.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    body = assert_error(call(client, "/v1/spic", header), 401)
    assert body["code"] == "invalid_token"


def test_tokens_in_the_query_string_are_refused(client):
    _api, _c, header = api_client(client)
    token = header["HTTP_AUTHORIZATION"].split()[1]
    response = client.post(f"/v1/spic?access_token={token}", "{}", content_type="application/json")
    assert response.status_code in (400, 401)
    assert set(response.json()) == {"code", "message"}


@pytest.mark.parametrize("path", SEARCHES + DEPENDENCIAS)
def test_a_client_calls_only_the_systems_its_scopes_allow(client, path):
    allowed = SCOPES[path]
    others = sorted({s for s in SCOPES.values() if s != allowed})
    _api, _c, header = api_client(client, "Sólo otros", scopes=others)
    body = assert_error(call(client, path, header), denied_status(path))
    assert body["code"] == "insufficient_scope"
    _api, _c, header = api_client(client, "Sólo este", scopes=[allowed])
    assert call(client, path, header).status_code == 200


BAD_BODIES = [
    ("{", "JSON"),
    ("[]", "objeto"),
    ('"texto"', "objeto"),
    ('{"page": 0}', "page"),
    ('{"page": -3}', "page"),
    ('{"page": "1"}', "page"),
    ('{"page": 1.5}', "page"),
    ('{"page": true}', "page"),
    ('{"pageSize": 0}', "pageSize"),
    ('{"pageSize": 201}', "pageSize"),
    ('{"pageSize": "10"}', "pageSize"),
    ('{"query": []}', "query"),
    ('{"query": "x"}', "query"),
    ('{"sort": 5}', "sort"),
    ('{"query": {"id": 5}}', "query.id"),
    ('{"query": {"nombres": 5}}', "query.nombres"),
    ('{"sort": {"nombres": "arriba"}}', "sort.nombres"),
    ('{"query": {"totalIngresosNetos": {"min": "mucho"}}}', "query.totalIngresosNetos.min"),
    ('{"query": {"totalIngresosNetos": 5}}', "query.totalIngresosNetos"),
    (
        '{"query": {"bienesInmuebles": {"valorAdquisicion": {"max": "x"}}}}',
        "query.bienesInmuebles.valorAdquisicion.max",
    ),
    (
        '{"query": {"datosEmpleoCargoComision": {"nivelOrdenGobierno": "GALACTICO"}}}',
        "query.datosEmpleoCargoComision.nivelOrdenGobierno",
    ),
    ('{"query": {"datosEmpleoCargoComision": "x"}}', "datosEmpleoCargoComision"),
    ('{"query": {"nombres": "a\\u0000b"}}', "nulos"),
    ('{"query": {"nombres": "a\\ud800b"}}', "query.nombres"),
    ('{"page": NaN}', "JSON"),
    ('{"query": {"totalIngresosNetos": {"min": -Infinity}}}', "JSON"),
]


@pytest.mark.parametrize("body,field", BAD_BODIES)
def test_bad_requests_are_400_naming_the_field(client, pdn_auth, body, field):
    response = call(client, "/v2/declaraciones", pdn_auth, body)
    error = assert_error(response, 400)
    assert field in error["message"]


@pytest.mark.parametrize(
    "path,body,field",
    [
        ("/v1/spic", '{"query": {"tipoProcedimiento": [9]}}', "query.tipoProcedimiento"),
        ("/v1/spic", '{"query": {"tipoProcedimiento": 1}}', "query.tipoProcedimiento"),
        ("/v1/ssancionados", '{"query": {"tipoSancion": ["ZZ"]}}', "query.tipoSancion"),
        ("/v1/psancionados", '{"query": {"tipoSancion": ["IRSC"]}}', "query.tipoSancion"),
        ("/v1/psancionados", '{"sort": {"curp": "asc", "rfc": "de"}}', "sort.rfc"),
        (
            "/contrataciones-abiertas",
            '{"query": {"procurementMethod": ["todos"]}}',
            "query.procurementMethod",
        ),
        (
            "/contrataciones-abiertas",
            '{"query": {"tenderStartDate": "ayer"}}',
            "query.tenderStartDate",
        ),
        (
            "/contrataciones-abiertas",
            '{"query": {"numberOfTenderers": "2"}}',
            "query.numberOfTenderers",
        ),
        ("/contrataciones-abiertas", '{"pageSize": 1000}', "pageSize"),
        (
            "/contrataciones-abiertas",
            '{"query": {"tenderEndDate": "0001-01-01T00:00:00+16:00"}}',
            "query.tenderEndDate",
        ),
    ],
)
def test_bad_requests_on_every_system(client, pdn_auth, path, body, field):
    error = assert_error(call(client, path, pdn_auth, body), 400)
    assert field in error["message"]


def test_errors_are_logged_too(client, pdn_auth):
    call(client, "/v1/spic", pdn_auth, '{"page": 0}')
    logged = ApiCall.objects.latest("pk")
    assert (logged.system, logged.status_code, logged.rows_returned) == ("s2", 400, 0)


def test_get_on_a_search_endpoint_is_405(client, pdn_auth):
    assert_error(client.get("/v1/spic", **pdn_auth), 405)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    [
        "nombres",
        "primerApellido",
        "id",
        "totalIngresosNetos",
        "bienesInmuebles",
        "rfc",
        "curp",
        "tipoSancion",
        "tipoProcedimiento",
        "title",
        "numberOfTenderers",
        "tenderStartDate",
        "procurementMethod",
        "datosEmpleoCargoComision",
        "escolaridadNivel",
        "tipoPersona",
    ]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(SEARCHES),
    page=JSON_VALUES,
    query=st.dictionaries(FIELDS, JSON_VALUES, max_size=3),
    sort=st.dictionaries(FIELDS, JSON_VALUES, max_size=2),
)
def test_any_body_gets_200_or_a_clean_400(client, pdn_auth, path, page, query, sort):
    body = json.dumps({"page": page, "query": query, "sort": sort})
    response = call(client, path, pdn_auth, body)
    assert response.status_code in (200, 400), response.content
    data = response.json()
    if response.status_code == 400:
        assert set(data) == {"code", "message"}
    else:
        assert data["pagination"]["totalRows"] >= 0
