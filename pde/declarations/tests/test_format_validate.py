"""validate(): Spanish messages that name the section and the field; valid documents
pass, and every document the strategies generate passes the official schema too."""

import copy

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pde.declarations import format as s1
from pde.declarations.format.validation import fast_check, validator

from .format_official import official_errors
from .strategies import documents

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(doc=documents())
def test_generated_documents_are_valid_for_us_and_for_the_official_schema(shared_dir, doc):
    assert s1.validate(doc) == []
    assert official_errors(shared_dir, doc) == []
    statuses = s1.section_statuses(doc)
    assert set(statuses.values()) == {"complete"}
    assert len(statuses) == len(
        s1.sections(doc["metadata"]["tipo"], doc["metadata"]["declaracionCompleta"])
    )


@pytest.fixture
def valid_doc():
    doc = s1.new_document(
        "INICIAL",
        False,
        declarant={
            "nombre": "María José",
            "primerApellido": "Gutiérrez",
            "segundoApellido": "Ñandú",
            "curp": "GUNM800101MCSTXR09",
            "rfc": "GUNM800101",
            "homoClave": "AB1",
            "correoInstitucional": "maria.gutierrez@chiapas.gob.mx",
            "nombreEntePublico": "Secretaría de Obras Públicas",
            "empleoCargoComision": "Auxiliar administrativo",
            "nivelOrdenGobierno": "ESTATAL",
            "ambitoPublico": "EJECUTIVO",
            "entidadFederativa": "07",
        },
        institution="SESAECH",
    )
    doc = s1.put_section(doc, "domicilioDeclarante", {"domicilioMexico": {"calle": "Uno"}})
    doc = s1.put_items(
        doc,
        "datosCurricularesDeclarante",
        [{"nivel": {"clave": "LIC", "valor": "LICENCIATURA"}, "estatus": "FINALIZADO"}],
    )
    doc = s1.put_section(doc, "experienciaLaboral", {"ninguno": True})
    monto = {"valor": 12000, "moneda": "MXN"}
    doc = s1.put_section(
        doc,
        "ingresos",
        {
            "remuneracionMensualCargoPublico": monto,
            "ingresoMensualNetoDeclarante": monto,
            "totalIngresosMensualesNetos": monto,
        },
    )
    doc = s1.put_section(doc, "actividadAnualAnterior", {"servidorPublicoAnioAnterior": False})
    return doc


def test_a_complete_simplified_inicial_is_valid(valid_doc, shared_dir):
    assert s1.validate(valid_doc) == []
    assert official_errors(shared_dir, valid_doc) == []


def _messages(doc):
    return [(i.section_key, i.path, i.label, i.message) for i in s1.validate(doc)]


def test_wrong_type_names_section_and_field(valid_doc):
    doc = copy.deepcopy(valid_doc)
    doc["declaracion"]["situacionPatrimonial"]["datosGenerales"]["curp"] = 123
    ((key, path, label, message),) = _messages(doc)
    assert key == "datosGenerales"
    assert path == "declaracion.situacionPatrimonial.datosGenerales.curp"
    assert label == "CURP"
    assert message == "1. Datos generales › CURP: debe ser texto."


def test_missing_required_field_and_section(valid_doc):
    doc = copy.deepcopy(valid_doc)
    del doc["declaracion"]["situacionPatrimonial"]["datosGenerales"]["primerApellido"]
    del doc["declaracion"]["situacionPatrimonial"]["ingresos"]
    found = _messages(doc)
    assert (
        "datosGenerales",
        "declaracion.situacionPatrimonial.datosGenerales.primerApellido",
        "Primer apellido",
        "1. Datos generales › Primer apellido: es obligatorio y no se capturó.",
    ) in found
    ingresos = [f for f in found if f[0] == "ingresos"]
    assert len(ingresos) == 1
    assert "falta capturar esta sección" in ingresos[0][3]
    assert ingresos[0][3].startswith("8. Ingresos netos")
    assert s1.section_status(doc, "ingresos") == "empty"
    assert s1.section_status(doc, "datosGenerales") == "incomplete"
    assert s1.section_status(doc, "experienciaLaboral") == "complete"
    statuses = s1.section_statuses(doc)
    assert statuses["ingresos"] == "empty" and statuses["datosGenerales"] == "incomplete"


def test_bad_catalogue_clave_and_nested_amount(valid_doc):
    doc = s1.put_items(
        valid_doc,
        "datosCurricularesDeclarante",
        [{"nivel": {"clave": "XYZ", "valor": "LICENCIATURA"}}],
    )
    ingresos = s1.get_section(doc, "ingresos")
    ingresos["ingresoMensualNetoDeclarante"] = {"valor": -5, "moneda": "MXN"}
    doc = s1.put_section(doc, "ingresos", ingresos)
    messages = [i.message for i in s1.validate(doc)]
    assert (
        "3. Datos curriculares del declarante › elemento 1 › Nivel – Clave: "
        "«XYZ» no es una opción válida del catálogo."
    ) in messages
    assert any(
        m.startswith("8. Ingresos netos")
        and "Ingreso mensual neto del declarante – Valor: no puede ser menor que 0." in m
        for m in messages
    )


def test_bad_date_pattern_and_length(valid_doc):
    doc = s1.put_items(
        valid_doc,
        "datosCurricularesDeclarante",
        [{"fechaObtencion": "31/12/2020"}],
    )
    doc["declaracion"]["situacionPatrimonial"]["datosGenerales"]["rfc"]["homoClave"] = "ABCD"
    empleo = doc["declaracion"]["situacionPatrimonial"]["datosEmpleoCargoComision"]
    empleo["domicilioMexico"]["entidadFederativa"]["clave"] = "7"
    messages = " | ".join(i.message for i in s1.validate(doc))
    assert "Fecha de obtención: debe ser una fecha válida (AAAA-MM-DD)." in messages
    assert "Homoclave: admite como máximo 3 caracteres." in messages
    assert "Entidad federativa – Clave: «7» no tiene el formato esperado." in messages


def test_ninguno_must_agree_with_the_items():
    doc = {
        "id": "x",
        "metadata": {
            "actualizacion": "2026-01-01T00:00:00Z",
            "institucion": "SESAECH",
            "tipo": "MODIFICACIÓN",
            "declaracionCompleta": True,
            "actualizacionConflictoInteres": False,
        },
        "declaracion": {
            "situacionPatrimonial": {"vehiculos": {"ninguno": False, "vehiculo": []}},
            "interes": {"apoyos": {"ninguno": True, "apoyo": [{"nombrePrograma": "X"}]}},
        },
    }
    messages = [i.message for i in s1.validate(doc)]
    assert "11. Vehículos › Vehículo: agregue al menos un elemento o marque «Ninguno»." in messages
    assert any(m.startswith("3. Apoyos o beneficios públicos › Ninguno: marcó") for m in messages)
    assert "actividadAnualAnterior" not in str(messages)  # not part of a Modificación


def test_envelope_errors():
    assert s1.validate([])[0].message.endswith("el documento debe ser un objeto JSON.")
    (issue,) = s1.validate({"metadata": {"tipo": "ANUAL"}})
    assert issue.path == "metadata.tipo"
    assert "INICIAL, MODIFICACIÓN o CONCLUSIÓN" in issue.message
    issues = s1.validate({"metadata": {"tipo": "INICIAL"}, "declaracion": {}})
    labels = {i.label for i in issues}
    assert {"Identificador", "Fecha de actualización", "Situación patrimonial"} <= labels


def test_section_status_of_a_new_document():
    doc = s1.new_document("CONCLUSIÓN", True, declarant={}, institution="SESAECH")
    assert {s1.section_status(doc, s.key) for s in s1.sections("CONCLUSIÓN", True)} == {"empty"}


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path


BAD_VALUES = st.sampled_from([None, 12, 1.5, "texto", True, [], {}, "1999-02-30", -7, "ZZZ"])


@PROPERTY
@given(doc=documents(), data=st.data())
def test_the_fast_check_never_accepts_what_jsonschema_rejects(doc, data):
    """validate() asks fastjsonschema first; it must agree with jsonschema on every
    document, valid or broken."""
    leaves = list(_leaves(doc))
    broken = copy.deepcopy(doc)
    for path in data.draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=3)):
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = data.draw(BAD_VALUES)
    tipo = doc["metadata"]["tipo"]
    if not isinstance(broken["metadata"].get("tipo"), str) or broken["metadata"]["tipo"] != tipo:
        return
    slow = list(validator(tipo).iter_errors(broken))
    try:
        fast_check(tipo)(broken)
        fast_ok = True
    except Exception:
        fast_ok = False
    assert fast_ok == (not slow), [e.message for e in slow]
