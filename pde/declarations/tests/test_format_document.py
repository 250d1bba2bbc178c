"""new_document with a previous declaration, and the section/item editing helpers."""

import copy

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pde.declarations import format as s1

from .format_official import official_errors
from .strategies import documents

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MONTO = {"valor": 1000, "moneda": "MXN"}


def income(tipo):
    cargo, _otros, declarante, _pareja, total = s1.spec.INGRESOS_NAMES[tipo]
    return {cargo: MONTO, declarante: MONTO, total: MONTO}


@PROPERTY
@given(
    previous=documents(),
    tipo=st.sampled_from(["MODIFICACIÓN", "CONCLUSIÓN"]),
)
def test_a_new_declaration_carries_the_previous_one_forward(shared_dir, previous, tipo):
    complete = previous["metadata"]["declaracionCompleta"]
    before = copy.deepcopy(previous)
    doc = s1.new_document(
        tipo,
        complete,
        declarant={"nombre": "Renata", "primerApellido": "Ávila"},
        institution="SESAECH",
        previous=previous,
    )
    assert previous == before
    assert doc["id"] != previous["id"]
    assert doc["metadata"]["tipo"] == tipo
    # The padrón's data wins over the previous declaration's.
    generales = s1.get_section(doc, "datosGenerales")
    assert (generales["nombre"], generales["primerApellido"]) == ("Renata", "Ávila")
    # Period figures are not carried: income is captured afresh.
    assert s1.section_status(doc, "ingresos") == "empty"
    for sec in s1.sections(tipo, complete):
        if sec.repeatable and sec.key != "datosCurricularesDeclarante":
            for item in s1.items(doc, sec.key):
                assert item["tipoOperacion"] == "SIN_CAMBIOS"
    doc = s1.put_section(doc, "ingresos", income(tipo))
    if tipo == "CONCLUSIÓN":
        doc = s1.put_section(doc, "actividadAnualAnterior", {"servidorPublicoAnioAnterior": True})
    assert s1.validate(doc) == []
    assert official_errors(shared_dir, doc) == []


def test_items_reported_as_gone_are_not_carried_and_balances_are_dropped():
    previous = s1.new_document("INICIAL", True, declarant={}, institution="X")
    previous = s1.put_items(
        previous,
        "inversiones",
        [
            {
                "tipoOperacion": "AGREGAR",
                "saldoSituacionActual": MONTO,
                "numeroCuentaContrato": "1",
            },
            {"tipoOperacion": "BAJA", "numeroCuentaContrato": "2"},
        ],
    )
    doc = s1.new_document("MODIFICACIÓN", True, declarant={}, institution="X", previous=previous)
    assert s1.items(doc, "inversiones") == [
        {"tipoOperacion": "SIN_CAMBIOS", "numeroCuentaContrato": "1"}
    ]
    assert s1.get_section(doc, "inversiones")["ninguno"] is False
    # A simplified declaration takes only the simplified sections.
    doc = s1.new_document("MODIFICACIÓN", False, declarant={}, institution="X", previous=previous)
    assert "inversiones" not in doc["declaracion"]["situacionPatrimonial"]
    assert "interes" not in doc["declaracion"]


def test_section_helpers_never_mutate_and_copy_out():
    doc = s1.new_document("INICIAL", True, declarant={"nombre": "Inés"}, institution="X")
    snapshot = copy.deepcopy(doc)
    value = s1.get_section(doc, "datosGenerales")
    value["nombre"] = "Otra"
    assert doc == snapshot
    doc2 = s1.put_section(doc, "datosGenerales", {"nombre": "Zoé", "primerApellido": "Muñoz"})
    assert doc == snapshot
    assert s1.get_section(doc2, "datosGenerales")["nombre"] == "Zoé"
    doc3 = s1.put_items(doc2, "fideicomisos", [{"tipoRelacion": "DECLARANTE"}])
    assert s1.get_section(doc3, "fideicomisos") == {
        "fideicomiso": [{"tipoRelacion": "DECLARANTE"}],
        "ninguno": False,
    }
    assert s1.items(doc2, "fideicomisos") == []
    assert s1.get_section(doc, "vehiculos") == {}  # not captured yet
    with pytest.raises(ValueError, match="not a repeatable section"):
        s1.items(doc, "datosGenerales")
