"""S2, S3 and S6 endpoints over delivered records: official-schema conformance, each
filter and sort against a brute-force check, pagination, /dependencias, private fields."""

import copy
import json

import jsonschema
import pytest

from pde.core.text import normalize_text, spanish_sort_key

from .factories import (
    api_client,
    institution,
    s2_document,
    s3p_document,
    s3s_document,
    s6_document,
    save_record,
)

pytestmark = pytest.mark.django_db

SOP = institution()
SALUD = institution("Secretaría de Salud", "SSA", "SSA-07")
TAPACHULA = institution("Ayuntamiento de Tapachula", "", "")
INSTITUTIONS = [SOP, SALUD, TAPACHULA]
NAMES = [
    ("José", "Núñez", "Ávila"),
    ("jose", "nuñez", "avila"),
    ("María", "Ñandú", "Pérez"),
    ("Ana", "Nava", "Zúñiga"),
    ("Óscar", "Ortiz", ""),
    ("Luis", "Álvarez", "Núñez"),
    ("Ñeco", "Nuno", "Chávez"),
]


def fetch_all(post_json, auth, url, body, page_size=3):
    results, page = [], 1
    while True:
        response = post_json(url, {**body, "page": page, "pageSize": page_size}, auth)
        assert response.status_code == 200, response.content
        data = response.json()
        results += data["results"]
        total = data["pagination"]["totalRows"]
        assert data["pagination"]["hasNextPage"] is (page * page_size < total)
        if not data["pagination"]["hasNextPage"]:
            assert len(results) == total
            return results
        page += 1


def brute_sorted(records, key, direction):
    """records: [(pk, document)]; key: document -> comparable. Ties by pk ascending."""
    ordered = sorted(records, key=lambda r: r[0])
    ordered.sort(key=lambda r: key(r[1]), reverse=direction == "desc")
    return [r[1]["id"] for r in ordered]


def get(document, *path):
    for key in path:
        document = (document or {}).get(key) if isinstance(document, dict) else None
    return document or ""


# --- S2 -------------------------------------------------------------------------------


@pytest.fixture
def s2_records(municipality):
    entity = municipality("07089")
    records = []
    for i, (nombres, primer, segundo) in enumerate(NAMES):
        document = s2_document(
            f"S2-{i:02d}",
            nombres=nombres,
            primer=primer,
            segundo=segundo,
            inst=INSTITUTIONS[i % 3],
            puesto=["Director de área", "Jefe de oficina", "Analista"][i % 3],
            procedimientos=[(1,), (2, 3), (5,), (1, 4)][i % 4],
            curp=f"CURP{i:014d}",
            rfc=f"RFCX{i:09d}",
        )
        records.append(save_record("s2", entity, document))
    return [(r.pk, r.document) for r in records]


S2_TEXT = {
    "nombres": lambda d: d["nombres"],
    "primerApellido": lambda d: d["primerApellido"],
    "segundoApellido": lambda d: d.get("segundoApellido", ""),
    "institucionDependencia": lambda d: d["institucionDependencia"]["nombre"],
}
S2_SORTS = {**S2_TEXT, "puesto": lambda d: d["puesto"]["nombre"]}


def test_s2_conforms_to_the_official_schema(s2_records, post_json, pdn_auth, shared_dir):
    spec = json.loads(
        (shared_dir / "pdn/S2/oas/OAS_API_servidores_intervienen_contrataciones.json").read_text()
    )
    schema = {"$ref": "#/components/schemas/resSpic", "components": spec["components"]}
    data = post_json("/v1/spic", {"pageSize": 200}, pdn_auth).json()
    jsonschema.Draft4Validator(schema).validate(data)
    assert len(data["results"]) == len(NAMES)


def test_s2_hides_curp_and_rfc_unless_authorized(s2_records, post_json, pdn_auth, client):
    text = post_json("/v1/spic", {"pageSize": 200}, pdn_auth).content.decode()
    assert "CURP0000" not in text and "RFCX0000" not in text
    _a, _c, investigator = api_client(client, "Fiscalía", non_public=True)
    body = {"pageSize": 200, "query": {"rfcSolicitante": "GOAP780710RH7"}}
    assert "CURP0000" in post_json("/v1/spic", body, investigator).content.decode()


@pytest.mark.parametrize(
    "path,term",
    [
        ("nombres", "jose"),
        ("primerApellido", "NUÑEZ"),
        ("segundoApellido", "avi"),
        ("institucionDependencia", "secretaria"),
    ],
)
def test_s2_text_filters(s2_records, post_json, pdn_auth, path, term):
    got = {r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/spic", {"query": {path: term}})}
    expected = {
        d["id"] for _pk, d in s2_records if normalize_text(term) in normalize_text(S2_TEXT[path](d))
    }
    assert got == expected and got


def test_s2_claves_and_procedures(s2_records, post_json, pdn_auth):
    def ids(query):
        return {r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/spic", {"query": query})}

    assert ids({"curp": "CURP00000000000003"}) == {"S2-03"}
    assert ids({"rfc": "rfcx000000005"}) == {"S2-05"}
    assert ids({"curp": "CURP0000"}) == set()  # exact, not substring
    for wanted in ([1], [2, 5], [4], [3]):
        expected = {
            d["id"]
            for _pk, d in s2_records
            if {p["clave"] for p in d["tipoProcedimiento"]} & set(wanted)
        }
        assert ids({"tipoProcedimiento": wanted}) == expected
    assert ids({"tipoProcedimiento": []}) == {d["id"] for _pk, d in s2_records}
    assert ids({"id": "S2-02", "nombres": "nadie"}) == {"S2-02"}


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("path", sorted(S2_SORTS))
def test_s2_sorts(s2_records, post_json, pdn_auth, path, direction):
    got = [r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/spic", {"sort": {path: direction}})]
    key = lambda d: spanish_sort_key(S2_SORTS[path](d))  # noqa: E731
    assert got == brute_sorted(s2_records, key, direction)


def test_s2_dependencias(s2_records, client, pdn_auth):
    response = client.get("/v1/spic/dependencias", **pdn_auth)
    assert response.status_code == 200
    assert response.json() == [
        {"nombre": "Ayuntamiento de Tapachula"},
        {"nombre": "Secretaría de Obras Públicas", "siglas": "SOP", "clave": "SOP-07"},
        {"nombre": "Secretaría de Salud", "siglas": "SSA", "clave": "SSA-07"},
    ]


# --- S3 servidores ----------------------------------------------------------------------


@pytest.fixture
def s3s_records(municipality):
    entity = municipality("07089")
    records = []
    for i, (nombres, primer, segundo) in enumerate(NAMES):
        document = s3s_document(
            f"S3S-{i:02d}",
            nombres=nombres,
            primer=primer,
            segundo=segundo,
            inst=INSTITUTIONS[i % 3],
            sanciones=[("I",), ("M", "S"), ("SE",), ("D", "I")][i % 4],
            curp=f"CURP{(7 - i):014d}",
            rfc=f"RFCS{i:09d}",
        )
        records.append(save_record("s3s", entity, document))
    return [(r.pk, r.document) for r in records]


S3S_FIELDS = {
    "nombres": lambda d: d["servidorPublicoSancionado"]["nombres"],
    "primerApellido": lambda d: d["servidorPublicoSancionado"]["primerApellido"],
    "segundoApellido": lambda d: d["servidorPublicoSancionado"].get("segundoApellido", ""),
    "institucionDependencia": lambda d: d["institucionDependencia"]["nombre"],
    "rfc": lambda d: d["servidorPublicoSancionado"]["rfc"],
    "curp": lambda d: d["servidorPublicoSancionado"]["curp"],
}


def test_s3s_conforms_to_the_official_schema(s3s_records, post_json, pdn_auth, shared_dir):
    spec = json.loads((shared_dir / "pdn/S3/oas/OAS_API_Servidores_Sancionados.json").read_text())
    schema = {"$ref": "#/components/schemas/ssancionados", "components": spec["components"]}
    data = post_json("/v1/ssancionados", {"pageSize": 200}, pdn_auth).json()
    jsonschema.Draft4Validator(schema).validate(data)
    assert "CURP0000" not in json.dumps(data)


@pytest.mark.parametrize(
    "path", ["nombres", "primerApellido", "segundoApellido", "institucionDependencia"]
)
def test_s3s_text_filters(s3s_records, post_json, pdn_auth, path):
    for term in ("nunez", "Ñandú", "jos", "salud", "ÁVILA"):
        body = {"query": {path: term}}
        got = {r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/ssancionados", body)}
        expected = {
            d["id"]
            for _pk, d in s3s_records
            if normalize_text(term) in normalize_text(S3S_FIELDS[path](d))
        }
        assert got == expected, term


def test_s3s_claves_and_sanctions(s3s_records, post_json, pdn_auth):
    def ids(query):
        url = "/v1/ssancionados"
        return {r["id"] for r in fetch_all(post_json, pdn_auth, url, {"query": query})}

    assert ids({"rfc": "RFCS000000002"}) == {"S3S-02"}
    assert ids({"curp": "CURP00000000000007"}) == {"S3S-00"}
    for wanted in (["I"], ["S", "SE"], ["O"]):
        expected = {
            d["id"]
            for _pk, d in s3s_records
            if {s["clave"] for s in d["tipoSancion"]} & set(wanted)
        }
        assert ids({"tipoSancion": wanted}) == expected


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("path", sorted(S3S_FIELDS))
def test_s3s_sorts(s3s_records, post_json, pdn_auth, path, direction):
    body = {"sort": {path: direction}}
    got = [r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/ssancionados", body)]
    key = lambda d: spanish_sort_key(S3S_FIELDS[path](d))  # noqa: E731
    assert got == brute_sorted(s3s_records, key, direction)


def test_s3s_dependencias(s3s_records, client, pdn_auth):
    data = client.get("/v1/ssancionados/dependencias", **pdn_auth).json()
    assert [d["nombre"] for d in data] == [
        "Ayuntamiento de Tapachula",
        "Secretaría de Obras Públicas",
        "Secretaría de Salud",
    ]


# --- S3 particulares ------------------------------------------------------------------------

PARTICULARS = [
    ("Constructora Ñandú SA de CV", "M", "CNA800101AB1"),
    ("Constructora Nava SA", "M", "CNV800101AB1"),
    ("José Pérez Gómez", "F", "PEGJ800101AB1"),
    ("Servicios Ávila", "M", "SAV800101AB1"),
    ("María Núñez", "F", "NUMM800101AB1"),
]


@pytest.fixture
def s3p_records(municipality):
    entity = municipality("07089")
    records = []
    for i, (nombre, tipo, rfc) in enumerate(PARTICULARS):
        document = s3p_document(
            f"S3P-{i:02d}",
            nombre=nombre,
            rfc=rfc,
            tipo_persona=tipo,
            inst=INSTITUTIONS[i % 3],
            sanciones=[("M",), ("I", "A"), ("IND",)][i % 3],
            expediente=f"EXP/{i % 2}",
        )
        records.append(save_record("s3p", entity, document))
    return [(r.pk, r.document) for r in records]


S3P_SORTS = {
    "nombreRazonSocial": lambda d: d["particularSancionado"]["nombreRazonSocial"],
    "rfc": lambda d: d["particularSancionado"]["rfc"],
    "institucionDependencia": lambda d: d["institucionDependencia"]["nombre"],
}


def test_s3p_conforms_and_hides_persons_rfc_and_addresses(
    s3p_records, post_json, pdn_auth, shared_dir
):
    spec = json.loads((shared_dir / "pdn/S3/oas/OAS_API_Particulares_Sancionados.json").read_text())
    schema = {
        "$ref": "#/components/schemas/resParticularesSancionados",
        "components": spec["components"],
    }
    data = post_json("/v1/psancionados", {"pageSize": 200}, pdn_auth).json()
    jsonschema.Draft4Validator(schema).validate(data)
    text = json.dumps(data, ensure_ascii=False)
    assert "PEGJ800101AB1" not in text  # a person's RFC
    assert "CNA800101AB1" in text  # a company's RFC is public
    assert "Calle Privada" not in text


def test_s3p_filters(s3p_records, post_json, pdn_auth):
    def ids(query):
        url = "/v1/psancionados"
        return {r["id"] for r in fetch_all(post_json, pdn_auth, url, {"query": query})}

    assert ids({"nombreRazonSocial": "constructora nandu"}) == {"S3P-00"}
    assert ids({"nombreRazonSocial": "NUÑEZ"}) == {"S3P-04"}
    assert ids({"rfc": "cnv800101ab1"}) == {"S3P-01"}
    assert ids({"tipoPersona": "F"}) == {"S3P-02", "S3P-04"}
    assert ids({"expediente": "EXP/1"}) == {"S3P-01", "S3P-03"}
    assert ids({"tipoSancion": ["A", "IND"]}) == {"S3P-01", "S3P-02", "S3P-04"}
    assert ids({"institucionDependencia": "salud"}) == {"S3P-01", "S3P-04"}


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("path", sorted(S3P_SORTS))
def test_s3p_sorts(s3p_records, post_json, pdn_auth, path, direction):
    body = {"sort": {path: direction}}
    got = [r["id"] for r in fetch_all(post_json, pdn_auth, "/v1/psancionados", body)]
    key = lambda d: spanish_sort_key(S3P_SORTS[path](d))  # noqa: E731
    assert got == brute_sorted(s3p_records, key, direction)


def test_s3p_rfc_solicitante_at_the_top_level_is_logged(s3p_records, post_json, client):
    from pde.pdn.models import ApiCall

    _a, _c, auth = api_client(client, "Consulta")
    post_json("/v1/psancionados", {"rfcSolicitante": "GOAP780710RH7"}, auth)
    assert ApiCall.objects.latest("pk").rfc_solicitante == "GOAP780710RH7"


# --- S6 ----------------------------------------------------------------------------------

CONTRACTS = [
    (
        "ocds-1",
        "Compra de zapatos",
        "Secretaría de Salud",
        "open",
        ("active",),
        "Zapatos del Sur",
        "Zapatos escolares",
        2,
        "2026-01-10T00:00:00Z",
        "2026-02-10T00:00:00Z",
    ),
    (
        "ocds-2",
        "Ñoquis para comedores",
        "Secretaría de Educación",
        "direct",
        ("pending",),
        "Pastas Núñez",
        "Ñoquis",
        1,
        "2026-03-01T00:00:00Z",
        "2026-03-05T00:00:00Z",
    ),
    (
        "ocds-3",
        "Obra pública: puente",
        "Ayuntamiento de Tapachula",
        "selective",
        ("active", "cancelled"),
        "Constructora Ávila",
        "Puente vehicular",
        5,
        "2025-11-01T00:00:00Z",
        "2026-01-30T00:00:00Z",
    ),
    (
        "ocds-4",
        "Ambulancias",
        "secretaría de salud",
        "limited",
        ("unsuccessful",),
        "Vehículos SA",
        "Ambulancia equipada",
        3,
        "2026-02-01T00:00:00Z",
        "2026-04-01T00:00:00Z",
    ),
]


@pytest.fixture
def s6_records(municipality):
    entity = municipality("07089")
    records = []
    for ocid, title, buyer, method, status, supplier, item, n, start, end in CONTRACTS:
        document = s6_document(
            ocid,
            title=title,
            buyer=buyer,
            method=method,
            award_status=status,
            supplier=supplier,
            item=item,
            tenderers=n,
            start=start,
            end=end,
        )
        records.append(save_record("s6", entity, document))
    return [(r.pk, r.document) for r in records]


def test_s6_conforms_to_the_official_envelope(s6_records, post_json, pdn_auth, shared_dir):
    spec = json.loads((shared_dir / "pdn/S6/OAS_API_Contrataciones_Abiertas.json").read_text())
    response_schema = copy.deepcopy(
        spec["paths"]["/contrataciones-abiertas"]["post"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]
    )
    # The items are OCDS releases (an external schema): check their key fields here.
    response_schema["allOf"][1]["properties"]["results"]["items"] = {
        "type": "object",
        "required": ["ocid", "id", "date"],
    }
    schema = {**response_schema, "components": spec["components"]}
    data = post_json("/contrataciones-abiertas", {"pageSize": 200}, pdn_auth).json()
    jsonschema.Draft4Validator(schema).validate(data)
    assert data["pagination"]["totalRows"] == len(CONTRACTS)


def test_s6_filters(s6_records, post_json, pdn_auth):
    def ocids(query):
        url = "/contrataciones-abiertas"
        return {r["ocid"] for r in fetch_all(post_json, pdn_auth, url, {"query": query})}

    assert ocids({"ocid": "ocds-3"}) == {"ocds-3"}
    assert ocids({"title": "NOQUIS"}) == {"ocds-2"}
    assert ocids({"buyerName": "secretaria de salud"}) == {"ocds-1", "ocds-4"}
    assert ocids({"procurementMethod": ["open", "direct"]}) == {"ocds-1", "ocds-2"}
    assert ocids({"awardStatus": ["cancelled"]}) == {"ocds-3"}
    assert ocids({"supplierName": "nunez"}) == {"ocds-2"}
    assert ocids({"itemDescription": "ambulancia"}) == {"ocds-4"}
    assert ocids({"numberOfTenderers": 5}) == {"ocds-3"}
    assert ocids({"tenderStartDate": "2026-01-10T00:00:00Z"}) == {"ocds-1", "ocds-2", "ocds-4"}
    assert ocids({"tenderEndDate": "2026-02-10T00:00:00Z"}) == {"ocds-1", "ocds-3"}


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize(
    "path,key",
    [("title", lambda d: d["tender"]["title"]), ("buyerName", lambda d: d["buyer"]["name"])],
)
def test_s6_sorts(s6_records, post_json, pdn_auth, path, key, direction):
    body = {"sort": {path: direction}}
    got = [r["id"] for r in fetch_all(post_json, pdn_auth, "/contrataciones-abiertas", body)]
    expected = brute_sorted(s6_records, lambda d: spanish_sort_key(key(d)), direction)
    assert got == expected


def test_deep_pages_fetch_documents_only_for_the_page(s6_records, post_json, pdn_auth):
    """The offset walks sort keys and ids; documents are read for the page alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post_json(
            "/contrataciones-abiertas",
            {"page": 2, "pageSize": 2, "sort": {"title": "asc"}},
            pdn_auth,
        )
    offset_queries = [q["sql"] for q in queries if "OFFSET" in q["sql"].upper()]
    assert offset_queries
    assert all('"document"' not in sql for sql in offset_queries)
