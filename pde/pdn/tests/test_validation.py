"""Our validators and catalogues against the official specs (read from ../shared in tests only)."""

import csv
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pde.pdn.tests.delivery_samples import sample
from pde.pdn.validation import catalogs as cat
from pde.pdn.validation import official_schema, record_schema, validate_record
from pde.pdn.validation.schemas import STRENGTHENED

OAS = {
    "s2": ("S2/oas/OAS_API_servidores_intervienen_contrataciones.json", "respSpic", None),
    "s3s": ("S3/oas/OAS_API_Servidores_Sancionados.json", "ssancionados", "results"),
    "s3p": (
        "S3/oas/OAS_API_Particulares_Sancionados.json",
        "resParticularesSancionados",
        "results",
    ),
}
S2_CATALOGS = "catalogos/S2 - Servidores públicos en contrataciones"
S3_CATALOGS = "catalogos/S3 - Sancionados"


def _resolve(node, components):
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _resolve(components[name], components)
        return {
            key: _resolve(value, components)
            for key, value in node.items()
            if key not in ("description", "example")
        }
    if isinstance(node, list):
        return [_resolve(item, components) for item in node]
    return node


def _canonical(node):
    """Order-insensitive form of a schema: required and enum lists as sorted tuples."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("required", "enum"):
                out[key] = tuple(sorted(value, key=str))
            else:
                out[key] = _canonical(value)
        return out
    if isinstance(node, list):
        return [_canonical(item) for item in node]
    return node


def _official_record_schema(shared_dir, system):
    path, name, results = OAS[system]
    spec = json.loads((shared_dir / "pdn" / path).read_text(encoding="utf-8"))
    components = spec["components"]["schemas"]
    schema = _resolve(components[name], components)
    if results:
        schema = schema["properties"][results]
    return schema["items"]


@pytest.mark.parametrize("system", ["s2", "s3s", "s3p"])
def test_our_schema_is_the_official_record_schema(shared_dir, system):
    assert _canonical(official_schema(system)) == _canonical(
        _official_record_schema(shared_dir, system)
    )


@pytest.mark.parametrize("system", ["s2", "s3s", "s3p", "s6"])
def test_record_schema_only_adds_the_documented_strengthenings(system):
    strict = record_schema(system)
    base = official_schema(system)
    for pointer, extra in STRENGTHENED[system].items():
        node = strict
        base_node = base
        for part in pointer.strip("/").split("/"):
            node, base_node = node[part], base_node[part]
        for key in extra:
            node.pop(key)
    assert strict == base


def _catalog(shared_dir, relative):
    return json.loads((shared_dir / "pdn" / relative).read_text(encoding="utf-8"))


def _pairs(entries):
    return sorted((entry["clave"], entry["valor"]) for entry in entries)


@pytest.mark.parametrize(
    ("ours", "official"),
    [
        (cat.GENERO, f"{S2_CATALOGS}/genero.json"),
        (cat.S2_NIVEL_RESPONSABILIDAD, f"{S2_CATALOGS}/nivelResponsabilidad.json"),
        (cat.S2_TIPO_AREA, f"{S2_CATALOGS}/tipoArea.json"),
        (cat.S2_TIPO_PROCEDIMIENTO, f"{S2_CATALOGS}/tipoProcedimiento.json"),
        (cat.GENERO, f"{S3_CATALOGS}/ServidoresPublicos/genero.json"),
        (cat.S3S_TIPO_FALTA, f"{S3_CATALOGS}/ServidoresPublicos/tipoFalta.json"),
        (cat.S3S_TIPO_SANCION, f"{S3_CATALOGS}/ServidoresPublicos/tipoSancion.json"),
        (cat.S3P_TIPO_SANCION, f"{S3_CATALOGS}/Particulares/tipoSancion.json"),
    ],
)
def test_catalogues_equal_the_official_ones(shared_dir, ours, official):
    assert sorted(ours, key=str) == _pairs(_catalog(shared_dir, official))


def test_catalogues_csv_agree(shared_dir):
    path = shared_dir / "pdn" / S3_CATALOGS / "ServidoresPublicos" / "tipoFalta.csv"
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    claves = {row[0] for row in rows[1:] if row}
    assert claves == set(cat.claves(cat.S3S_TIPO_FALTA))


def test_plain_lists_equal_the_official_ones(shared_dir):
    assert list(cat.S3P_TIPO_PERSONA) == _catalog(
        shared_dir, f"{S3_CATALOGS}/Particulares/tipoPersona.json"
    )
    assert list(cat.S3_TIPO_DOCUMENTO) == _catalog(
        shared_dir, f"{S3_CATALOGS}/Particulares/tipoDocumento.json"
    )


def test_s6_codelists_equal_the_oas_filters(shared_dir):
    spec = json.loads(
        (shared_dir / "pdn" / "S6" / "OAS_API_Contrataciones_Abiertas.json").read_text("utf-8")
    )
    query = spec["components"]["schemas"]["requestOpenContracting"]["properties"]["query"]
    properties = query["properties"]
    assert set(properties["procurementMethod"]["items"]["enum"]) == set(cat.OCDS_PROCUREMENT_METHOD)
    assert set(properties["awardStatus"]["items"]["enum"]) == set(cat.OCDS_AWARD_STATUS)
    ours = official_schema("s6")
    assert ours["properties"]["tender"]["properties"]["procurementMethod"]["enum"] == list(
        cat.OCDS_PROCUREMENT_METHOD
    )


@pytest.mark.parametrize("system", ["s2", "s3s", "s3p", "s6"])
def test_samples_are_valid(system):
    assert validate_record(system, 0, sample(system)) == []


def _messages(system, record):
    return {(error.path, error.message) for error in validate_record(system, 7, record)}


def test_missing_required_field_is_named_with_its_path():
    record = sample("s3s")
    del record["servidorPublicoSancionado"]["puesto"]
    errors = validate_record("s3s", 7, record)
    assert [(e.index, e.path, e.id) for e in errors] == [
        (7, "$.servidorPublicoSancionado.puesto", "S3S-1")
    ]
    assert "Falta el campo obligatorio «puesto»" in errors[0].message


def test_catalogue_violation_lists_allowed_values():
    record = sample("s3s", tipoSancion=[{"clave": "X", "valor": "?"}])
    ((path, message),) = _messages("s3s", record)
    assert path == "$.tipoSancion[0].clave"
    assert "«X» no está en el catálogo" in message and "IRSC" in message


def test_wrong_types_and_formats_in_spanish():
    record = sample(
        "s2",
        fechaCaptura="ayer",
        tipoProcedimiento=[{"clave": "1", "valor": "X"}],
        puesto={"nombre": "X", "nivel": "N" * 13},
    )
    found = dict(_messages("s2", record))
    assert "fecha y hora ISO 8601" in found["$.fechaCaptura"]
    assert "número entero" in found["$.tipoProcedimiento[0].clave"]
    assert "máximo 12 caracteres" in found["$.puesto.nivel"]


def test_date_format_is_checked():
    record = sample("s3s")
    record["resolucion"]["fechaResolucion"] = "2024-13-45"
    assert ("$.resolucion.fechaResolucion") in {p for p, _m in _messages("s3s", record)}


def test_empty_id_is_refused():
    found = _messages("s2", sample("s2", "   "))
    assert ("$.id", "No puede estar vacío.") in found


def test_record_must_be_an_object():
    errors = validate_record("s6", 3, ["no"])
    assert [(e.index, e.path) for e in errors] == [(3, "$")]


def test_s6_requires_ocds_fields():
    record = sample("s6")
    del record["tag"]
    record["awards"][0]["status"] = "ganada"
    found = dict(_messages("s6", record))
    assert "tag" in found["$.tag"]
    assert "ganada" in found["$.awards[0].status"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    system=st.sampled_from(["s2", "s3s", "s3p", "s6"]),
    field=st.text(min_size=1, max_size=20),
    value=json_values,
)
def test_validation_never_crashes_and_paths_are_json_paths(system, field, value):
    record = sample(system)
    record[field] = value
    for error in validate_record(system, 0, record):
        assert error.path.startswith("$")
        assert error.message


@settings(max_examples=60)
@given(system=st.sampled_from(["s2", "s3s", "s3p"]), value=json_values)
def test_any_non_string_id_is_rejected(system, value):
    if isinstance(value, str):
        return
    errors = validate_record(system, 0, {**sample(system), "id": value})
    assert any(error.path == "$.id" for error in errors)


def test_a_wrong_type_gets_one_message_not_also_a_catalogue_one():
    record = sample("s2", tipoProcedimiento=[{"clave": "1", "valor": "X"}])
    errors = validate_record("s2", 0, record)
    assert [(e.path, "número entero" in e.message) for e in errors] == [
        ("$.tipoProcedimiento[0].clave", True)
    ]
