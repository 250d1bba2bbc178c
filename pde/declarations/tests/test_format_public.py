"""The public version (norma decimonovena): nothing private ever leaks, it stays a
valid document, it is deterministic and pure; and the columns search reads from it."""

import copy
import json
from decimal import Decimal

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pde.declarations import format as s1

from .format_official import official_errors
from .strategies import PRIVATE_AMOUNTS, PRIVATE_MARK, documents

# Documents are large: shrinking a failure takes minutes, so report it unshrunk.
PROPERTY = settings(
    max_examples=30,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Keys that must never appear in a public document, whatever their value.
PRIVATE_KEYS = (
    '"curp"',
    '"homoClave"',
    '"personal"',
    '"casa"',
    '"celularPersonal"',
    '"situacionPersonalEstadoCivil"',
    '"regimenMatrimonial"',
    '"paisNacimiento"',
    '"nacionalidad"',
    '"domicilioDeclarante"',
    '"datosPareja"',
    '"datosDependienteEconomico"',
    '"numeroCuentaContrato"',
    '"datoIdentificacion"',
    '"numeroSerieRegistro"',
    '"lugarRegistro"',
    '"tercero"',
    '"relacion"',
    '"aclaracionesObservaciones"',
    '"ingresoMensualNetoParejaDependiente"',
    '"ingresoAnualNetoParejaDependiente"',
    '"ingresoConclusionNetoParejaDependiente"',
    '"ingresoNetoAnualParejaDependiente"',
)


def keys_of(value):
    """Every object key in a document, at any depth (values are not keys: a
    generated free-text value may spell a private key's name)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys_of(v)


def numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from numbers(v)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield value


@PROPERTY
@given(doc=documents())
def test_no_private_value_ever_reaches_the_public_version(doc):
    public = s1.public_version(doc)
    text = json.dumps(public, ensure_ascii=False)
    assert PRIVATE_MARK not in text
    low, high = PRIVATE_AMOUNTS
    assert not [n for n in numbers(public) if low <= n <= high]
    public_keys = set(keys_of(public))
    for key in PRIVATE_KEYS:
        assert key.strip('"') not in public_keys, key
    # The declarant's own RFC is an object under datosGenerales; any "rfc" left must
    # belong to a persona moral or a public body, never to the declarant.
    generales = public["declaracion"]["situacionPatrimonial"]["datosGenerales"]
    assert "rfc" not in generales


@PROPERTY
@given(doc=documents())
def test_the_public_version_is_a_valid_official_document(shared_dir, doc):
    public = s1.public_version(doc)
    assert official_errors(shared_dir, public) == []
    assert public["id"] == doc["id"] and public["metadata"] == doc["metadata"]


@PROPERTY
@given(doc=documents())
def test_the_public_version_is_pure_and_deterministic(doc):
    before = copy.deepcopy(doc)
    first = s1.public_version(doc)
    assert doc == before  # input untouched
    second = s1.public_version(doc)
    assert s1.canonical_json(first) == s1.canonical_json(second)
    first["declaracion"]["situacionPatrimonial"]["datosGenerales"]["nombre"] = "otro"
    assert doc == before  # and the output shares nothing with it
    assert s1.public_version(first)["declaracion"] == first["declaracion"]  # idempotent


def _doc_with(tipo="INICIAL", **sections):
    doc = {
        "id": "d-1",
        "metadata": {
            "actualizacion": "2026-05-20T10:00:00Z",
            "institucion": "SESAECH",
            "tipo": tipo,
            "declaracionCompleta": True,
            "actualizacionConflictoInteres": False,
        },
        "declaracion": {"situacionPatrimonial": {}, "interes": {}},
    }
    for key, value in sections.items():
        doc = s1.put_section(doc, key, value)
    return doc


DEC = [{"clave": "DEC", "valor": "DECLARANTE"}]
CASA = {"clave": "CASA", "valor": "CASA"}


def test_shared_assets_disappear_and_own_assets_lose_address_and_registry_data():
    own = {
        "tipoInmueble": CASA,
        "titular": DEC,
        "superficieTerreno": {"valor": 200, "unidad": "m2"},
        "superficieConstruccion": {"valor": 120, "unidad": "m2"},
        "formaAdquisicion": {"clave": "CPV", "valor": "COMPRAVENTA"},
        "valorAdquisicion": {"valor": 850000, "moneda": "MXN"},
        "datoIdentificacion": "Folio real 123",
        "domicilioMexico": {"calle": "Avenida Central", "numeroExterior": "10"},
        "transmisor": [{"tipoPersona": "FISICA", "nombreRazonSocial": "Juan Vende", "rfc": "VEJU"}],
    }
    shared = {
        "tipoInmueble": CASA,
        "titular": [{"clave": "CYG", "valor": "CÓNYUGE"}],
        "valorAdquisicion": {"valor": 777777, "moneda": "MXN"},
    }
    doc = _doc_with(bienesInmuebles={"ninguno": False, "bienInmueble": [own, shared]})
    public = s1.public_version(doc)
    (house,) = public["declaracion"]["situacionPatrimonial"]["bienesInmuebles"]["bienInmueble"]
    text = json.dumps(public, ensure_ascii=False)
    for gone in ("Folio real", "Avenida Central", "Juan Vende", "VEJU", "777777"):
        assert gone not in text
    assert house["valorAdquisicion"] == {"valor": 850000, "moneda": "MXN"}
    assert house["transmisor"] == [{"tipoPersona": "FISICA"}]
    assert s1.public_properties(public) == [
        {
            "superficie_construccion": Decimal("120"),
            "superficie_terreno": Decimal("200"),
            "forma_adquisicion": "CPV",
            "valor_adquisicion": Decimal("850000"),
        }
    ]


def test_only_shared_items_left_reads_as_ninguno():
    shared = {"titular": [{"clave": "CYG", "valor": "CÓNYUGE"}], "marca": "Nissan"}
    doc = _doc_with(vehiculos={"ninguno": False, "vehiculo": [shared]})
    public = s1.public_version(doc)
    assert public["declaracion"]["situacionPatrimonial"]["vehiculos"] == {
        "ninguno": True,
        "vehiculo": [],
    }


def test_balances_show_only_the_percentage_in_modificacion():
    inversion = {
        "titular": DEC,
        "numeroCuentaContrato": "0123456789",
        "saldoDiciembreAnterior": {"valor": 54321, "moneda": "MXN"},
        "porcentajeIncrementoDecremento": 12,
        "localizacionInversion": {"pais": "MX", "institucionRazonSocial": "Banco del Sur"},
    }
    doc = _doc_with("MODIFICACIÓN", inversiones={"ninguno": False, "inversion": [inversion]})
    (item,) = s1.public_version(doc)["declaracion"]["situacionPatrimonial"]["inversiones"][
        "inversion"
    ]
    assert item["porcentajeIncrementoDecremento"] == 12
    assert "saldoDiciembreAnterior" not in item and "numeroCuentaContrato" not in item
    assert item["localizacionInversion"]["institucionRazonSocial"] == "Banco del Sur"
    # In an Inicial the balance itself is public.
    inicial = {**inversion, "saldoSituacionActual": {"valor": 54321, "moneda": "MXN"}}
    del inicial["saldoDiciembreAnterior"], inicial["porcentajeIncrementoDecremento"]
    doc = _doc_with("INICIAL", inversiones={"ninguno": False, "inversion": [inicial]})
    (item,) = s1.public_version(doc)["declaracion"]["situacionPatrimonial"]["inversiones"][
        "inversion"
    ]
    assert item["saldoSituacionActual"]["valor"] == 54321


def test_interests_of_relatives_and_private_counterparties_are_hidden():
    doc = _doc_with(
        participacion={
            "ninguno": False,
            "participacion": [
                {"tipoRelacion": "PAREJA", "nombreEmpresaSociedadAsociacion": "Empresa Pareja"},
                {"tipoRelacion": "DECLARANTE", "nombreEmpresaSociedadAsociacion": "Mi Empresa"},
            ],
        },
        clientesPrincipales={
            "ninguno": False,
            "cliente": [
                {
                    "tipoRelacion": "DECLARANTE",
                    "clientePrincipal": {
                        "tipoPersona": "FISICA",
                        "nombreRazonSocial": "Cliente Persona",
                        "rfc": "CLPE",
                    },
                },
                {
                    "tipoRelacion": "DECLARANTE",
                    "clientePrincipal": {
                        "tipoPersona": "MORAL",
                        "nombreRazonSocial": "Constructora SA",
                        "rfc": "CON010101AAA",
                    },
                },
            ],
        },
    )
    text = json.dumps(s1.public_version(doc), ensure_ascii=False)
    assert "Empresa Pareja" not in text and "Cliente Persona" not in text
    assert "Mi Empresa" in text and "Constructora SA" in text


def test_public_income_total_is_the_declarants_own():
    ingresos = {
        "remuneracionMensualCargoPublico": {"valor": 30000, "moneda": "MXN"},
        "ingresoMensualNetoDeclarante": {"valor": 30000, "moneda": "MXN"},
        "ingresoMensualNetoParejaDependiente": {"valor": 12345, "moneda": "MXN"},
        "totalIngresosMensualesNetos": {"valor": 42345, "moneda": "MXN"},
    }
    public = s1.public_version(_doc_with(ingresos=ingresos))
    value = public["declaracion"]["situacionPatrimonial"]["ingresos"]
    assert "ingresoMensualNetoParejaDependiente" not in value
    assert value["totalIngresosMensualesNetos"]["valor"] == 30000
    assert "12345" not in json.dumps(public) and "42345" not in json.dumps(public)


def test_search_columns_come_from_the_public_version():
    doc = _doc_with(
        datosGenerales={
            "nombre": "José Ángel",
            "primerApellido": "Núñez",
            "segundoApellido": "Díaz",
        },
        datosCurricularesDeclarante={
            "escolaridad": [
                {"nivel": {"clave": "LIC", "valor": "LICENCIATURA"}},
                {"nivel": {"clave": "MAE", "valor": "MAESTRÍA"}},
                {"nivel": {"clave": "BCH", "valor": "BACHILLERATO"}},
            ]
        },
        datosEmpleoCargoComision={
            "nombreEntePublico": "Secretaría de Obras Públicas",
            "empleoCargoComision": "Jefa de Departamento",
            "nivelEmpleoCargoComision": "JD-1",
            "nivelOrdenGobierno": "ESTATAL",
            "domicilioMexico": {
                "entidadFederativa": {"clave": "07", "valor": "Chiapas"},
                "municipioAlcaldia": {"clave": "101", "valor": "Tuxtla Gutiérrez"},
            },
        },
        ingresos={
            "remuneracionMensualCargoPublico": {"valor": 25000.5, "moneda": "MXN"},
            "ingresoMensualNetoDeclarante": {"valor": 25000.5, "moneda": "MXN"},
            "totalIngresosMensualesNetos": {"valor": 25000.5, "moneda": "MXN"},
        },
    )
    columns = s1.search_columns(s1.public_version(doc))
    assert columns["nombres_norm"] == "jose angel"
    assert columns["primer_apellido_norm"] == "nunez"
    assert columns["segundo_apellido_norm"] == "diaz"
    assert (
        columns["primer_apellido_sort"]
        > s1.search_columns(
            s1.public_version(_doc_with(datosGenerales={"nombre": "A", "primerApellido": "Nuno"}))
        )["primer_apellido_sort"]
    )  # ñ sorts after n
    assert columns["escolaridad_nivel"] == "MAE"
    assert columns["ente_nombre_norm"] == "secretaria de obras publicas"
    assert columns["entidad_federativa"] == "07" and columns["municipio_alcaldia"] == "101"
    assert columns["empleo_cargo_comision_norm"] == "jefa de departamento"
    assert columns["nivel_empleo_cargo_comision"] == "JD-1"
    assert columns["nivel_orden_gobierno"] == "ESTATAL"
    assert columns["total_ingresos_netos"] == Decimal("25000.5")


def test_total_income_path_per_type():
    for tipo, name in (
        ("MODIFICACIÓN", "ingresoAnualNetoDeclarante"),
        ("CONCLUSIÓN", "ingresoConclusionNetoDeclarante"),
    ):
        doc = _doc_with(tipo, ingresos={name: {"valor": 99, "moneda": "MXN"}})
        assert s1.search_columns(s1.public_version(doc))["total_ingresos_netos"] == Decimal(99)
    assert s1.search_columns(_doc_with())["total_ingresos_netos"] is None


@settings(max_examples=15, deadline=None)
@given(doc=documents(), extra=st.text(max_size=5))
def test_sha256_is_over_the_canonical_json(doc, extra):
    import hashlib

    assert s1.sha256(doc) == hashlib.sha256(s1.canonical_json(doc)).hexdigest()
    reordered = dict(reversed(list(doc.items())))
    assert s1.canonical_json(reordered) == s1.canonical_json(doc)
    changed = copy.deepcopy(doc)
    changed["metadata"]["institucion"] += extra + "x"
    assert s1.sha256(changed) != s1.sha256(doc)
    assert json.loads(s1.canonical_json(doc).decode("utf-8")) == doc
    assert b" " not in s1.canonical_json({"a": [1, 2], "b": {"c": "d"}})
