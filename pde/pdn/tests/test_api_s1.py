"""S1 POST /v2/declaraciones: conformance to the three official schemas, every filter
and sort against a brute-force check over the same data, pagination invariants, the
public version, and the non-public authorization."""

import json
import uuid
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.core.text import normalize_text, spanish_sort_key
from pde.declarations.models import Declaration
from pde.pdn.models import ApiCall

from .factories import PRIVATE_CURP, PRIVATE_STREET, api_client, s1_document, submit_declaration

pytestmark = pytest.mark.django_db
URL = "/v2/declaraciones"
SCHEMA_FILES = {
    "INICIAL": "OAS_API_Declaraciones_Inicial.json",
    "MODIFICACIÓN": "OAS_API_Declaraciones_Modificacion.json",
    "CONCLUSIÓN": "OAS_API_Declaraciones_Conclusion.json",
}

PEOPLE = [
    (
        "José",
        "Núñez",
        "Ávila",
        "Ayuntamiento de Tapachula",
        "Director de Obras",
        "LIC",
        30000,
        "MUNICIPAL_ALCALDIA",
        "D1",
        [{"construccion": 90, "terreno": 200, "forma": "CPV", "valor": 900000}],
    ),
    (
        "Jose",
        "Nuñez",
        "avila",
        "Secretaría de Obras Públicas",
        "Analista",
        "MAE",
        18000,
        "ESTATAL",
        "A2",
        [],
    ),
    (
        "María",
        "Ñandú",
        "Pérez",
        "Secretaría de Salud",
        "Jefa de departamento",
        "DOC",
        45000,
        "ESTATAL",
        "JD",
        [
            {"construccion": 50, "terreno": 60, "forma": "HRN", "valor": 300000},
            {"construccion": 300, "terreno": 1000, "forma": "CPV", "valor": 5000000},
        ],
    ),
    (
        "Ana",
        "nava",
        "Zúñiga",
        "Ayuntamiento de Tuxtla Gutiérrez",
        "Tesorera",
        "LIC",
        60000,
        "MUNICIPAL_ALCALDIA",
        "T1",
        [{"construccion": 120, "terreno": 150, "forma": "DNC", "valor": 1200000}],
    ),
    ("Óscar", "Ortiz", "", "Secretaría de Educación", "Maestro", "ESP", 12000, "ESTATAL", "M1", []),
    (
        "Ñeco",
        "Nuno",
        "Chávez",
        "Ayuntamiento de Tapachula",
        "Auxiliar administrativo",
        "BCH",
        9000,
        "MUNICIPAL_ALCALDIA",
        "AUX",
        [{"construccion": 0, "terreno": 80, "forma": "CPV", "valor": 150000}],
    ),
    (
        "José Luis",
        "Álvarez",
        "Núñez",
        "Fiscalía General",
        "Fiscal",
        "DOC",
        80000,
        "ESTATAL",
        "F1",
        [{"construccion": 250, "terreno": 400, "forma": "PRM", "valor": 2500000}],
    ),
    (
        "luis",
        "alvarez",
        "nunez",
        "Secretaría de Salud",
        "Médico",
        "MAE",
        35000,
        "FEDERAL",
        "MD",
        [],
    ),
]
TIPOS = ["INICIAL", "MODIFICACIÓN", "CONCLUSIÓN"]


@pytest.fixture
def dataset(municipality):
    entity = municipality("07089")
    declarations = []
    for i, (nombre, primer, segundo, ente, cargo, esc, ingreso, orden, nivel, props) in enumerate(
        PEOPLE
    ):
        document = s1_document(
            TIPOS[i % 3],
            nombre=nombre,
            primer=primer,
            segundo=segundo,
            ente=ente,
            cargo=cargo,
            escolaridad=esc,
            ingreso=ingreso,
            orden=orden,
            nivel_cargo=nivel,
            inmuebles=props,
        )
        declarations.append(submit_declaration(entity, document))
    # A draft is never served.
    submit_declaration(entity, s1_document(nombre="Borrador"), status=Declaration.Status.DRAFT)
    return declarations


def fetch_all(post_json, auth, body: dict, page_size=3) -> list[dict]:
    results, page = [], 1
    while True:
        response = post_json(URL, {**body, "page": page, "pageSize": page_size}, auth)
        assert response.status_code == 200, response.content
        data = response.json()
        results += data["results"]
        expected_next = page * page_size < data["pagination"]["totalRows"]
        assert data["pagination"]["hasNextPage"] is expected_next
        if not data["pagination"]["hasNextPage"]:
            assert len(results) == data["pagination"]["totalRows"]
            return results
        page += 1


# --- brute force over the stored public versions ------------------------------------------


def _sp(doc):
    return doc["declaracion"]["situacionPatrimonial"]


NETO = {
    "INICIAL": "ingresoMensualNetoDeclarante",
    "MODIFICACIÓN": "ingresoAnualNetoDeclarante",
    "CONCLUSIÓN": "ingresoConclusionNetoDeclarante",
}


def field_value(doc, path: str):
    sp = _sp(doc)
    g, empleo = sp["datosGenerales"], sp["datosEmpleoCargoComision"]
    simple = {
        "nombres": g.get("nombre", ""),
        "primerApellido": g.get("primerApellido", ""),
        "segundoApellido": g.get("segundoApellido", ""),
        "escolaridadNivel": sp["datosCurricularesDeclarante"]["escolaridad"][0]["nivel"]["clave"],
        "datosEmpleoCargoComision.nombreEntePublico": empleo["nombreEntePublico"],
        "datosEmpleoCargoComision.entidadFederativa": empleo["domicilioMexico"][
            "entidadFederativa"
        ]["clave"],
        "datosEmpleoCargoComision.municipioAlcaldia": empleo["domicilioMexico"][
            "municipioAlcaldia"
        ]["clave"],
        "datosEmpleoCargoComision.empleoCargoComision": empleo["empleoCargoComision"],
        "datosEmpleoCargoComision.nivelEmpleoCargoComision": empleo["nivelEmpleoCargoComision"],
        "datosEmpleoCargoComision.nivelOrdenGobierno": empleo["nivelOrdenGobierno"],
        "totalIngresosNetos": Decimal(str(sp["ingresos"][NETO[doc["metadata"]["tipo"]]]["valor"])),
    }
    return simple[path]


def properties(doc):
    items = (_sp(doc).get("bienesInmuebles") or {}).get("bienInmueble", [])
    return [
        {
            "superficieConstruccion": Decimal(str(i["superficieConstruccion"]["valor"])),
            "superficieTerreno": Decimal(str(i["superficieTerreno"]["valor"])),
            "formaAdquisicion": i["formaAdquisicion"]["clave"],
            "valorAdquisicion": Decimal(str(i["valorAdquisicion"]["valor"])),
        }
        for i in items
    ]


TEXT_FIELDS = {
    "nombres",
    "primerApellido",
    "segundoApellido",
    "datosEmpleoCargoComision.nombreEntePublico",
    "datosEmpleoCargoComision.empleoCargoComision",
}


def sort_key(doc, path, direction):
    """Spanish order for names, raw for claves, numbers as numbers; missing last."""
    if path.startswith("bienesInmuebles."):
        values = [p[path.split(".")[1]] for p in properties(doc)]
        values = [v for v in values if v != ""]
        if not values:
            return None
        return min(values) if direction == "asc" else max(values)
    value = field_value(doc, path)
    if path in TEXT_FIELDS:
        return spanish_sort_key(value)
    return value


def brute_sorted(docs, path, direction):
    pk = lambda d: uuid.UUID(d["id"]).hex  # noqa: E731
    present = [d for d in docs if sort_key(d, path, direction) is not None]
    missing = [d for d in docs if sort_key(d, path, direction) is None]
    # Equal values keep the tie-breaker (pk) ascending in both directions.
    present.sort(key=pk)
    present.sort(key=lambda d: sort_key(d, path, direction), reverse=direction == "desc")
    return [d["id"] for d in present] + [d["id"] for d in sorted(missing, key=pk)]


def nest(path: str, value) -> dict:
    out = value
    for key in reversed(path.split(".")):
        out = {key: out}
    return out


def public_docs(dataset):
    return [d.public_document for d in dataset]


# --- conformance -----------------------------------------------------------------------------


def test_every_result_conforms_to_the_official_schema_of_its_tipo(
    dataset, post_json, pdn_auth, shared_dir
):
    results = fetch_all(post_json, pdn_auth, {})
    assert len(results) == len(PEOPLE)
    assert {r["metadata"]["tipo"] for r in results} == set(TIPOS)
    for tipo, file_name in SCHEMA_FILES.items():
        spec = json.loads((shared_dir / "pdn/S1/oas" / file_name).read_text())
        schema = {"$ref": "#/components/schemas/resDeclaraciones", "components": spec["components"]}
        page = {
            "pagination": {"pageSize": 10, "page": 1, "totalRows": 1, "hasNextPage": False},
            "results": [r for r in results if r["metadata"]["tipo"] == tipo],
        }
        jsonschema.Draft4Validator(schema).validate(page)


def test_only_the_public_version_is_served(dataset, post_json, pdn_auth):
    response = post_json(URL, {"pageSize": 200}, pdn_auth)
    text = response.content.decode()
    assert PRIVATE_CURP not in text
    assert PRIVATE_STREET not in text
    assert "Borrador" not in text
    by_id = {str(d.pk): d.public_document for d in dataset}
    for result in response.json()["results"]:
        assert result == by_id[result["id"]]


def test_non_public_data_needs_the_explicit_authorization_and_a_requester(
    dataset, post_json, client
):
    _api, _c, authorized = api_client(client, "Fiscalía Anticorrupción", non_public=True)
    body = {"query": {"rfcSolicitante": "GOAP780710RH7"}, "pageSize": 200}
    full = post_json(URL, body, authorized).json()["results"]
    assert PRIVATE_CURP in json.dumps(full, ensure_ascii=False)
    # Without saying who asks, even the authorized client gets public versions.
    public = post_json(URL, {"pageSize": 200}, authorized).content.decode()
    assert PRIVATE_CURP not in public
    # A client without the authorization never gets them, rfcSolicitante or not.
    _api2, _c2, ordinary = api_client(client, "Consumidor")
    assert PRIVATE_CURP not in post_json(URL, body, ordinary).content.decode()
    call = ApiCall.objects.filter(client__name="Fiscalía Anticorrupción", non_public=True).get()
    assert call.rfc_solicitante == "GOAP780710RH7"


def test_every_call_is_logged_without_private_fields(dataset, post_json, pdn_auth):
    body = {"query": {"nombres": "jose", "rfcSolicitante": "GOAP780710RH7"}, "pageSize": 2}
    post_json(URL, body, pdn_auth)
    call = ApiCall.objects.latest("pk")
    assert call.system == "s1"
    assert call.endpoint == URL
    assert call.client_name == "PDN nacional"
    assert call.status_code == 200
    assert call.rows_returned == 2
    assert call.total_rows == 3
    assert call.rfc_solicitante == "GOAP780710RH7"
    assert call.query["query"]["nombres"] == "jose"
    assert "GOAP780710RH7" not in json.dumps(call.query)


# --- filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,term",
    [
        ("nombres", "jose"),
        ("nombres", "JOSÉ"),
        ("nombres", "luis"),
        ("primerApellido", "nunez"),
        ("primerApellido", "ñandu"),
        ("primerApellido", "Nuñ"),
        ("segundoApellido", "avila"),
        ("datosEmpleoCargoComision.nombreEntePublico", "tapachula"),
        ("datosEmpleoCargoComision.nombreEntePublico", "SECRETARIA DE"),
        ("datosEmpleoCargoComision.empleoCargoComision", "director"),
        ("datosEmpleoCargoComision.empleoCargoComision", "médico"),
    ],
)
def test_text_filters_are_accent_and_case_insensitive_substrings(
    dataset, post_json, pdn_auth, path, term
):
    got = {r["id"] for r in fetch_all(post_json, pdn_auth, {"query": nest(path, term)})}
    expected = {
        d["id"]
        for d in public_docs(dataset)
        if normalize_text(term) in normalize_text(field_value(d, path))
    }
    assert got == expected
    assert got  # every case above matches something


@pytest.mark.parametrize(
    "path,value",
    [
        ("escolaridadNivel", "DOC"),
        ("escolaridadNivel", "LI"),  # claves are exact: no substring
        ("datosEmpleoCargoComision.nivelOrdenGobierno", "ESTATAL"),
        ("datosEmpleoCargoComision.entidadFederativa", "07"),
        ("datosEmpleoCargoComision.municipioAlcaldia", "089"),
        ("datosEmpleoCargoComision.nivelEmpleoCargoComision", "JD"),
    ],
)
def test_clave_filters_are_exact(dataset, post_json, pdn_auth, path, value):
    got = {r["id"] for r in fetch_all(post_json, pdn_auth, {"query": nest(path, value)})}
    expected = {d["id"] for d in public_docs(dataset) if field_value(d, path) == value}
    assert got == expected


@pytest.mark.parametrize(
    "bounds", [{"min": 18000}, {"max": 18000}, {"min": 12000, "max": 45000}, {}, {"min": 1}]
)
def test_total_ingresos_netos_range_is_inclusive(dataset, post_json, pdn_auth, bounds):
    body = {"query": {"totalIngresosNetos": bounds}}
    got = {r["id"] for r in fetch_all(post_json, pdn_auth, body)}
    expected = {
        d["id"]
        for d in public_docs(dataset)
        if bounds.get("min", -1)
        <= field_value(d, "totalIngresosNetos")
        <= bounds.get("max", 10**12)
    }
    assert got == expected


def _property_matches(prop, conditions):
    for name, value in conditions.items():
        if isinstance(value, dict):
            if "min" in value and prop[name] < value["min"]:
                return False
            if "max" in value and prop[name] > value["max"]:
                return False
        elif prop[name] != value:
            return False
    return True


@pytest.mark.parametrize(
    "conditions",
    [
        {"formaAdquisicion": "CPV"},
        {"superficieConstruccion": {"min": 100}},
        {"superficieTerreno": {"max": 150}},
        {"valorAdquisicion": {"min": 1000000, "max": 3000000}},
        # One property must meet both: María has an HRN of 50 m² and a CPV of 300 m².
        {"formaAdquisicion": "HRN", "superficieConstruccion": {"min": 100}},
        {"formaAdquisicion": "CPV", "superficieConstruccion": {"min": 100}},
    ],
)
def test_bienes_inmuebles_need_one_property_meeting_every_condition(
    dataset, post_json, pdn_auth, conditions
):
    body = {"query": {"bienesInmuebles": conditions}}
    got = {r["id"] for r in fetch_all(post_json, pdn_auth, body)}
    expected = {
        d["id"]
        for d in public_docs(dataset)
        if any(_property_matches(p, conditions) for p in properties(d))
    }
    assert got == expected


def test_query_id_returns_that_record_and_ignores_the_rest(dataset, post_json, pdn_auth):
    target = dataset[3]
    body = {"query": {"id": str(target.pk), "nombres": "no coincide con nadie"}}
    results = fetch_all(post_json, pdn_auth, body)
    assert [r["id"] for r in results] == [str(target.pk)]
    assert fetch_all(post_json, pdn_auth, {"query": {"id": "no-es-un-id"}}) == []


def test_empty_strings_do_not_filter(dataset, post_json, pdn_auth):
    results = fetch_all(post_json, pdn_auth, {"query": {"nombres": "", "id": ""}})
    assert len(results) == len(PEOPLE)


# --- sorting and pagination ------------------------------------------------------------------

SORTS = [
    "nombres",
    "primerApellido",
    "segundoApellido",
    "escolaridadNivel",
    "datosEmpleoCargoComision.nombreEntePublico",
    "datosEmpleoCargoComision.entidadFederativa",
    "datosEmpleoCargoComision.municipioAlcaldia",
    "datosEmpleoCargoComision.empleoCargoComision",
    "datosEmpleoCargoComision.nivelEmpleoCargoComision",
    "datosEmpleoCargoComision.nivelOrdenGobierno",
    "totalIngresosNetos",
    "bienesInmuebles.superficieConstruccion",
    "bienesInmuebles.superficieTerreno",
    "bienesInmuebles.formaAdquisicion",
    "bienesInmuebles.valorAdquisicion",
]


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("path", SORTS)
def test_every_sortable_field_sorts_in_spanish_order_with_a_stable_tie_breaker(
    dataset, post_json, pdn_auth, path, direction
):
    got = [r["id"] for r in fetch_all(post_json, pdn_auth, {"sort": nest(path, direction)})]
    assert got == brute_sorted(public_docs(dataset), path, direction)


def test_spanish_order_puts_ñ_after_n(dataset, post_json, pdn_auth):
    got = fetch_all(post_json, pdn_auth, {"sort": {"primerApellido": "asc"}}, page_size=200)
    surnames = [
        r["declaracion"]["situacionPatrimonial"]["datosGenerales"]["primerApellido"] for r in got
    ]
    assert surnames.index("Nuno") < surnames.index("Ñandú") < surnames.index("Ortiz")
    assert surnames.index("Álvarez") < surnames.index("nava")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page_size=st.integers(min_value=1, max_value=9),
    sort=st.lists(st.sampled_from(SORTS[:11]), max_size=2, unique=True),
    direction=st.sampled_from(["asc", "desc"]),
)
def test_pages_cover_every_record_exactly_once(
    dataset, post_json, pdn_auth, page_size, sort, direction
):
    body = {"sort": {}}
    for path in sort:
        body["sort"] = (
            {**body["sort"], **nest(path, direction)}
            if "." not in path
            else {
                **body["sort"],
                path.split(".")[0]: {
                    **body["sort"].get(path.split(".")[0], {}),
                    path.split(".")[1]: direction,
                },
            }
        )
    ids = [r["id"] for r in fetch_all(post_json, pdn_auth, body, page_size=page_size)]
    assert sorted(ids) == sorted(str(d.pk) for d in dataset)


def test_a_page_past_the_end_is_empty_and_exact(dataset, post_json, pdn_auth):
    data = post_json(URL, {"page": 50, "pageSize": 5}, pdn_auth).json()
    assert data["results"] == []
    assert data["pagination"] == {
        "pageSize": 5,
        "page": 50,
        "totalRows": len(PEOPLE),
        "hasNextPage": False,
    }


def test_defaults_are_page_one_of_ten(dataset, post_json, pdn_auth):
    data = post_json(URL, "", pdn_auth).json()
    assert data["pagination"]["page"] == 1
    assert data["pagination"]["pageSize"] == 10
