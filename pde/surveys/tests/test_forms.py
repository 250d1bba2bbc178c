"""XLSForm import: the committed three-language form, versions, import errors in Spanish."""

import pytest
from openpyxl import load_workbook

from pde.core.models import AuditEntry
from pde.surveys import services
from pde.surveys.models import Form, Response
from pde.surveys.schema import FormSchema
from pde.surveys.tests.conftest import FIXTURES, make_xlsform
from pde.surveys.tests.fixtures import make_fixture

pytestmark = pytest.mark.django_db


def test_committed_fixture_is_what_the_script_writes(tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    make_fixture.build(fresh)
    committed = load_workbook(FIXTURES / "encuesta_anticorrupcion.xlsx")
    regenerated = load_workbook(fresh)
    assert committed.sheetnames == regenerated.sheetnames == ["survey", "choices", "settings"]
    for name in committed.sheetnames:
        assert list(committed[name].values) == list(regenerated[name].values)


def test_three_language_form_is_imported(xlsform_bytes, make_user):
    officer = make_user("liaison_officer")
    version = services.import_xlsform(xlsform_bytes, actor=officer)
    form = version.form
    assert form.form_id == "encuesta_anticorrupcion"
    assert form.title == "Encuesta anticorrupción"
    assert form.status == Form.Status.DRAFT
    assert version.number == 1 and version.version_string == "2026110101"
    assert version.languages == {
        "es": "Español (es)",
        "tzh": "Tseltal (tzh)",
        "tzo": "Tsotsil (tzo)",
    }
    assert "<h:title>Encuesta anticorrupción</h:title>" in version.xform
    assert 'lang="Tseltal (tzh)"' in version.xform

    schema = FormSchema(version.definition)
    types = {q.name: q.type for q in schema.questions}
    assert types == {
        "edad": "integer",
        "municipio": "select_one",
        "soborno": "select_one",
        "tramites": "select_multiple",
        "monto": "decimal",
        "monto_miles": "calculate",
        "fecha_hecho": "date",
        "institucion": "text",
        "comentario": "text",
    }
    edad = schema.by_name["edad"]
    assert edad.group == "datos" and edad.required
    assert edad.label["tzh"] == "¿Jayeb ja'wilal ay awu'un?"
    assert edad.constraint_message["tzo"] == "Li ajabilale skotol ta 15 xchi'uk 110."
    assert schema.by_name["tramites"].relevant == ["${soborno} = 'si'"]
    assert schema.by_name["institucion"].repeat == "denuncias"
    soborno = schema.by_name["soborno"]
    assert soborno.choice_label("si", "tzh") == "Jich"
    assert soborno.choice_label("si", "es") == "Sí"
    # The privacy notice is taken out of the questions and shown before the first one.
    assert schema.consent["tzh"].startswith("Smelol mukul k'op")
    assert "aviso_privacidad" not in types
    assert AuditEntry.objects.filter(action="surveys.form.imported").count() == 1


def test_published_version_is_immutable_and_edits_make_a_new_version(xlsform_bytes, make_user):
    officer = make_user("liaison_officer")
    first = services.import_xlsform(xlsform_bytes, actor=officer)
    # Re-importing over an unpublished draft replaces the draft.
    again = services.import_xlsform(xlsform_bytes, actor=officer)
    assert again.pk == first.pk
    services.publish_version(first, actor=officer)
    form = first.form
    form.refresh_from_db()
    assert form.status == Form.Status.OPEN
    with pytest.raises(services.SurveyError, match="ya está publicada"):
        services.publish_version(first, actor=officer)

    response = services.start_web_response(form)
    assert response.version == first

    second = services.import_xlsform(xlsform_bytes, actor=officer)
    assert second.number == 2 and second.pk != first.pk
    first.refresh_from_db()
    assert first.is_published and not second.is_published
    # New respondents still get the published version until v2 is published.
    assert form.published_version() == first
    services.publish_version(second, actor=officer)
    assert form.published_version() == second
    response.refresh_from_db()
    assert response.version == first  # answers keep their version
    assert Response.objects.filter(version=first).count() == 1
    assert AuditEntry.objects.filter(action="surveys.form.published").count() == 2


def _problems(content: bytes) -> list[str]:
    with pytest.raises(services.XLSFormError) as info:
        services.parse_xlsform(content)
    return [str(p) for p in info.value.problems]


def test_unknown_type_is_reported_by_row_and_column():
    content = make_xlsform([["type", "name", "label"], ["text", "a", "A"], ["texto", "b", "B"]])
    problems = _problems(content)
    assert len(problems) == 1
    assert problems[0].startswith("hoja «survey», fila 3, columna «type»")
    assert "«texto» no está soportado" in problems[0]


def test_bad_expressions_are_reported_in_spanish():
    content = make_xlsform(
        [
            ["type", "name", "label", "relevant", "constraint"],
            ["integer", "edad", "Edad", "", ". >= "],
            ["text", "b", "B", "${no_existe} = 'x'", ""],
            ["text", "c", "C", "", "regex(., '[0-9]')"],
        ]
    )
    problems = _problems(content)
    assert problems == [
        "hoja «survey», fila 2, columna «constraint»: La expresión termina antes de tiempo.",
        "hoja «survey», fila 3, columna «relevant»: "
        "La pregunta «no_existe» no existe en el formulario.",
        "hoja «survey», fila 4, columna «constraint»: La función «regex» no está soportada.",
    ]


def test_missing_form_id_and_unknown_language():
    content = make_xlsform(
        [["type", "name", "label::Inglés (en)"], ["text", "a", "A"]],
        settings={"form_title": "Sin id"},
    )
    problems = _problems(content)
    assert any("columna «label::Inglés (en)»" in p and "no se reconoce" in p for p in problems)
    assert any("hoja «settings», fila 2, columna «form_id»" in p for p in problems)


def test_pyxform_errors_are_translated_with_their_row():
    content = make_xlsform([["type", "name", "label"], ["text", "a", "A"], ["text", "a", "Otra A"]])
    (problem,) = _problems(content)
    assert problem.startswith("hoja «survey», fila 3, columna «name»: Hay otra pregunta")
    content = make_xlsform(
        [["type", "name", "label"], ["begin group", "g", "G"], ["text", "a", "A"]]
    )
    (problem,) = _problems(content)
    assert "fila 2" in problem and "Falta el «end group»" in problem


def test_unreadable_file_is_refused_and_nothing_is_stored():
    with pytest.raises(services.XLSFormError, match="No se pudo leer el archivo"):
        services.import_xlsform(b"esto no es un libro de Excel")
    assert Form.objects.count() == 0


def test_staff_imports_through_the_page_and_template_is_a_valid_xlsform(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    officer = make_user("liaison_officer")
    client.force_login(officer)
    template = client.get(reverse("surveys:xlsform_template"))
    assert template.status_code == 200
    definition, _xform, languages, _warnings = services.parse_xlsform(template.content)
    assert set(languages) == {"es", "tzh", "tzo"}
    assert FormSchema(definition).ui["next"]["es"] == "Siguiente"

    bad = client.post(
        reverse("surveys:form_import"),
        {
            "kind": "public",
            "xlsform": SimpleUploadedFile(
                "f.xlsx", make_xlsform([["type", "name", "label"], ["texto", "a", "A"]])
            ),
        },
    )
    assert bad.status_code == 200
    assert "fila 2, columna «type»" in bad.content.decode()
    assert Form.objects.count() == 0
    good = client.post(
        reverse("surveys:form_import"),
        {"kind": "public", "xlsform": SimpleUploadedFile("f.xlsx", template.content)},
    )
    form = Form.objects.get()
    assert good["Location"] == reverse("surveys:form_detail", args=[form.pk])
    detail = client.get(good["Location"])
    assert detail.status_code == 200
    client.post(reverse("surveys:version_publish", args=[form.pk, 1]))
    form.refresh_from_db()
    assert form.status == Form.Status.OPEN
    client.post(reverse("surveys:form_status", args=[form.pk]), {"status": "closed"})
    form.refresh_from_db()
    assert form.status == Form.Status.CLOSED
    assert client.get(reverse("surveys:form_list")).status_code == 200
    client.force_login(make_user("declarant"))
    assert client.get(reverse("surveys:form_list")).status_code == 403
