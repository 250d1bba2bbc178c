"""Section and item forms: what a declarant posts becomes a valid S1 document."""

from datetime import date

import pytest
from django import forms
from django.template.loader import render_to_string

from pde.declarations import format as s1

from .format_official import official_errors

DECLARANT = {
    "nombre": "Ángela",
    "primerApellido": "Muñoz",
    "segundoApellido": "Cañas",
    "curp": "MUCA850505MCSXXN01",
    "rfc": "MUCA850505XY1",
    "correoInstitucional": "angela.munoz@sop.chiapas.gob.mx",
    "nombreEntePublico": "Secretaría de Obras Públicas",
    "empleoCargoComision": "Directora de Proyectos",
    "nivelEmpleoCargoComision": "Dirección de área",
    "nivelOrdenGobierno": "ESTATAL",
    "ambitoPublico": "EJECUTIVO",
    "entidadFederativa": "07",
    "municipioAlcaldia": {"clave": "101", "valor": "Tuxtla Gutiérrez"},
}


def fill(form) -> dict:
    """POST data a diligent declarant would send: every field with a plausible value."""
    data = {}
    for name, field in form.fields.items():
        last = name.rsplit(".", 1)[-1]
        if last == "ninguno":
            continue
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = [field.choices[0][0]]
        elif isinstance(field, forms.ChoiceField):
            data[name] = field.choices[1][0]
        elif isinstance(field, forms.DateField):
            data[name] = "2019-03-15"
        elif isinstance(field, forms.DecimalField):
            data[name] = "1500.50" if field.max_value is None else "10"
        elif isinstance(field, forms.IntegerField):
            data[name] = "2015" if last == "anio" else "50"
        elif isinstance(field, forms.NullBooleanField):
            data[name] = "true"
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        elif isinstance(field, forms.EmailField):
            data[name] = "persona@ejemplo.mx"
        elif last == "clave":  # municipio
            data[name] = "101"
        elif last == "moneda":
            data[name] = "MXN"
        elif field.max_length == 2:
            data[name] = "MX"
        elif field.min_length:
            data[name] = "X" * field.min_length
        else:
            text = "Añil Ñandú"
            data[name] = text[: field.max_length] if field.max_length else text
    return data


def capture(tipo: str, complete: bool, *, with_items: bool) -> dict:
    doc = s1.new_document(tipo, complete, declarant=DECLARANT, institution="SESAECH")
    for sec in s1.sections(tipo, complete):
        form = s1.SectionForm(sec, initial=s1.get_section(doc, sec.key))
        data = fill(form)
        if sec.allows_ninguno and not with_items:
            data = {"ninguno": "on", "aclaracionesObservaciones": "Sin nada que declarar"}
        bound = s1.SectionForm(sec, data=data)
        assert bound.is_valid(), (sec.key, bound.errors)
        doc = s1.put_section(doc, sec.key, bound.to_value())
        if sec.repeatable and (with_items or not sec.allows_ninguno):
            item = s1.ItemForm(sec, data=fill(s1.ItemForm(sec)))
            assert item.is_valid(), (sec.key, item.errors)
            doc = s1.put_items(doc, sec.key, [*s1.items(doc, sec.key), item.to_value()])
    return doc


@pytest.mark.parametrize("tipo", s1.TIPOS)
@pytest.mark.parametrize("complete", [True, False])
@pytest.mark.parametrize("with_items", [True, False])
def test_every_form_captured_document_validates(shared_dir, tipo, complete, with_items):
    doc = capture(tipo, complete, with_items=with_items)
    assert s1.validate(doc) == []
    assert official_errors(shared_dir, doc) == []
    assert official_errors(shared_dir, s1.public_version(doc)) == []
    for sec in s1.sections(tipo, complete):
        assert s1.section_status(doc, sec.key) == "complete"


def test_section_form_output_is_the_s1_json():
    sec = s1.section("datosGenerales")
    form = s1.SectionForm(
        sec,
        data={
            "nombre": "Ángela",
            "primerApellido": "Muñoz",
            "rfc.rfc": "MUCA850505",
            "rfc.homoClave": "XY1",
            "situacionPersonalEstadoCivil": "CAS",
            "regimenMatrimonial": "SBI",
            "paisNacimiento": "mx",
            "correoElectronico.institucional": "a@sop.gob.mx",
        },
    )
    assert form.is_valid(), form.errors
    assert form.to_value() == {
        "nombre": "Ángela",
        "primerApellido": "Muñoz",
        "rfc": {"rfc": "MUCA850505", "homoClave": "XY1"},
        "correoElectronico": {"institucional": "a@sop.gob.mx"},
        "situacionPersonalEstadoCivil": {"clave": "CAS", "valor": "CASADO (A)"},
        "regimenMatrimonial": {"clave": "SBI", "valor": "SEPARACIÓN DE BIENES"},
        "paisNacimiento": "MX",
    }


def test_item_form_flattens_nested_objects_and_lists():
    sec = s1.section("bienesInmuebles", "MODIFICACIÓN")
    form = s1.ItemForm(
        sec,
        data={
            "tipoOperacion": "AGREGAR",
            "tipoInmueble": "CASA",
            "titular": ["DEC"],
            "superficieTerreno.valor": "300",
            "valorAdquisicion.valor": "1250000",
            "fechaAdquisicion": "2018-06-01",
            "domicilioMexico.entidadFederativa": "07",
            "domicilioMexico.municipioAlcaldia.clave": "089",
            "tercero.1.nombreRazonSocial": "Copropietario",
            "tercero.1.tipoPersona": "FISICA",
        },
    )
    assert form.is_valid(), form.errors
    value = form.to_value()
    assert value["titular"] == [{"clave": "DEC", "valor": "DECLARANTE"}]
    assert value["superficieTerreno"] == {"valor": 300, "unidad": "m2"}
    assert value["valorAdquisicion"] == {"valor": 1250000, "moneda": "MXN"}
    assert value["fechaAdquisicion"] == "2018-06-01"
    assert value["domicilioMexico"] == {
        "municipioAlcaldia": {"clave": "089"},
        "entidadFederativa": {"clave": "07", "valor": "Chiapas"},
    }
    assert value["tercero"] == [{"tipoPersona": "FISICA", "nombreRazonSocial": "Copropietario"}]
    # And back: the item as initial data fills the same fields.
    again = s1.ItemForm(sec, initial=value)
    assert again["tercero.0.nombreRazonSocial"].value() == "Copropietario"
    assert again["titular"].value() == ["DEC"]
    assert again["domicilioMexico.entidadFederativa"].value() == "07"


def test_yes_no_answers_round_trip():
    sec = s1.section("participacion")
    form = s1.ItemForm(sec, data={"recibeRemuneracion": "false", "tipoRelacion": "DECLARANTE"})
    assert form.is_valid(), form.errors
    assert form.to_value() == {"tipoRelacion": "DECLARANTE", "recibeRemuneracion": False}
    html = str(s1.ItemForm(sec, initial={"recibeRemuneracion": True})["recibeRemuneracion"])
    assert '<option value="true" selected>Sí</option>' in html
    unanswered = s1.ItemForm(sec, data={"recibeRemuneracion": "unknown"})
    assert unanswered.is_valid() and unanswered.to_value() == {}


@pytest.mark.parametrize(
    ("key", "data", "field", "fragment"),
    [
        ("datosGenerales", {"nombre": "A", "primerApellido": "B", "curp": "X" * 19}, "curp", "18"),
        ("datosGenerales", {"nombre": "A"}, "primerApellido", "obligatorio"),
        (
            "datosGenerales",
            {"nombre": "A", "primerApellido": "B", "situacionPersonalEstadoCivil": "XYZ"},
            "situacionPersonalEstadoCivil",
            "XYZ",
        ),
        (
            "ingresos",
            {
                "remuneracionMensualCargoPublico.valor": "-1",
                "ingresoMensualNetoDeclarante.valor": "10",
                "totalIngresosMensualesNetos.valor": "10",
            },
            "remuneracionMensualCargoPublico.valor",
            "0",
        ),
        (
            "datosEmpleoCargoComision",
            {
                "nombreEntePublico": "SOP",
                "empleoCargoComision": "Jefe",
                "domicilioMexico.municipioAlcaldia.clave": "12",
            },
            "domicilioMexico.municipioAlcaldia.clave",
            "Formato",
        ),
        (
            "actividadAnualAnterior",
            {"servidorPublicoAnioAnterior": "on", "fechaIngreso": "2020-13-45"},
            "fechaIngreso",
            "fecha",
        ),
    ],
)
def test_bad_values_give_an_error_on_that_field(key, data, field, fragment):
    form = s1.SectionForm(s1.section(key), data=data)
    assert not form.is_valid()
    assert field in form.errors, form.errors
    assert fragment.lower() in " ".join(form.errors[field]).lower()


def test_ninguno_discards_the_rest_and_requires_nothing():
    form = s1.SectionForm(
        s1.section("datosPareja"), data={"ninguno": "on", "nombre": "Alguien", "curp": "X" * 30}
    )
    assert form.is_valid(), form.errors
    assert form.to_value() == {"ninguno": True}


def test_repeatable_section_form_keeps_items_and_ninguno_empties_them():
    doc = s1.new_document("INICIAL", True, declarant=DECLARANT, institution="SESAECH")
    doc = s1.put_items(doc, "vehiculos", [{"marca": "Nissan"}])
    form = s1.SectionForm(
        s1.section("vehiculos"), data={"aclaracionesObservaciones": "Un vehículo"}
    )
    assert set(form.fields) == {"ninguno", "aclaracionesObservaciones"}
    assert form.is_valid()
    doc2 = s1.put_section(doc, "vehiculos", form.to_value())
    assert s1.items(doc2, "vehiculos") == [{"marca": "Nissan"}]
    assert s1.get_section(doc2, "vehiculos")["ninguno"] is False
    form = s1.SectionForm(s1.section("vehiculos"), data={"ninguno": "on"})
    assert form.is_valid()
    doc3 = s1.put_section(doc2, "vehiculos", form.to_value())
    assert s1.items(doc3, "vehiculos") == []
    assert s1.items(doc2, "vehiculos") == [{"marca": "Nissan"}]  # no mutation


def test_forms_follow_the_tipo_of_the_section():
    fields = set(s1.SectionForm(s1.sections("CONCLUSIÓN", True)[7]).fields)
    assert "ingresoConclusionNetoDeclarante.valor" in fields
    fields = set(s1.SectionForm(s1.section("ingresos"), tipo="MODIFICACIÓN").fields)
    assert "ingresoAnualNetoDeclarante.valor" in fields
    with pytest.raises(ValueError):
        s1.ItemForm(s1.section("datosGenerales"))


def test_form_renders_spanish_labels_selects_dates_and_private_marks():
    form = s1.SectionForm(s1.section("datosGenerales"))
    html = render_to_string("declarations/format/form.html", {"form": form})
    assert "Primer apellido" in html
    assert '<option value="CAS">CASADO (A)</option>' in html
    assert "Dato no público" in html  # CURP is highlighted as not public
    item = s1.ItemForm(s1.section("bienesInmuebles"))
    html = render_to_string("declarations/format/form.html", {"form": item})
    assert 'type="date"' in html
    assert "Valor de adquisición" in html
    assert 'name="domicilioMexico.entidadFederativa"' in html
    assert "Chiapas" in html
    assert 'type="checkbox"' in html  # titular
    assert str(item).split() == html.split()  # {{ form }} renders the same grouped fields
    assert '<fieldset class="s1-group"><legend>Domicilio en México</legend>' in html


def test_new_document_prefills_the_declarant_and_metadata():
    doc = s1.new_document("INICIAL", False, declarant=DECLARANT, institution="SESAECH")
    assert doc["metadata"]["tipo"] == "INICIAL"
    assert doc["metadata"]["declaracionCompleta"] is False
    assert doc["metadata"]["actualizacionConflictoInteres"] is False
    assert doc["metadata"]["institucion"] == "SESAECH"
    assert doc["metadata"]["actualizacion"].startswith(str(date.today().year))
    generales = s1.get_section(doc, "datosGenerales")
    assert generales["rfc"] == {"rfc": "MUCA850505", "homoClave": "XY1"}
    assert generales["correoElectronico"] == {"institucional": DECLARANT["correoInstitucional"]}
    empleo = s1.get_section(doc, "datosEmpleoCargoComision")
    assert empleo["domicilioMexico"]["entidadFederativa"] == {"clave": "07", "valor": "Chiapas"}
    assert "interes" not in doc["declaracion"]
    with pytest.raises(ValueError):
        s1.new_document("ANUAL", True, declarant={}, institution="X")
