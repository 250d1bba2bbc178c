"""The declarant's declaration from start to acuse through the services: format choice,
pre-filling, drafts, validation, submission (folio, hash, public version, search columns,
receipt, audit), immutability and correction. Runs on SQLite and PostgreSQL."""

import io
import re
import threading

import pytest
from django.db import connection, connections, transaction
from pypdf import PdfReader

from pde.core.models import AuditEntry
from pde.declarations import format as s1
from pde.declarations.models import Declaration, DeclaredProperty, ReceiptEntry
from pde.declarations.services import declarant as services
from pde.declarations.signals import ImmutableDeclaration

from .declarant_helpers import (
    CURP,
    HOME_STREET,
    complete_sections,
    fill,
    make_servant,
    simplified_sections,
)

pytestmark = pytest.mark.django_db
FOLIO = re.compile(r"^DP-\d{4}-\d{6}$")


def actions_for(declaration) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(declaration.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


# --- start --------------------------------------------------------------------------


def test_start_picks_the_format_from_the_padron_and_prefills_the_declarant(
    declarant, servant, tapachula
):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)

    assert draft.status == Declaration.Status.DRAFT
    assert draft.complete_format is False
    assert draft.declarant == declarant and draft.entity == tapachula
    assert draft.source == Declaration.Source.WIZARD and draft.captured_by is None
    assert draft.document["metadata"]["tipo"] == "INICIAL"
    assert draft.document["metadata"]["declaracionCompleta"] is False
    general = s1.get_section(draft.document, "datosGenerales")
    assert general["nombre"] == "María José" and general["curp"] == CURP
    job = s1.get_section(draft.document, "datosEmpleoCargoComision")
    assert job["nombreEntePublico"] == tapachula.name
    assert job["empleoCargoComision"] == "Analista de proyectos"
    assert "declaration.started" in actions_for(draft)


def test_a_head_of_department_gets_the_complete_format(declarant, tapachula):
    chief = make_servant(tapachula, declarant, curp="LOPJ750505HCSPRN01", complete_format=True)
    draft = services.start_declaration(servant=chief, tipo="INICIAL", actor=declarant)
    assert draft.complete_format is True
    keys = [section.key for section in s1.sections("INICIAL", True)]
    assert "bienesInmuebles" in keys and "fideicomisos" in keys


def test_a_second_open_draft_of_the_same_type_is_refused(declarant, servant):
    services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    with pytest.raises(services.DeclarationError) as error:
        services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    assert "borrador" in str(error.value)
    # Another type is fine.
    services.start_declaration(servant=servant, tipo="CONCLUSIÓN", actor=declarant)
    assert Declaration.objects.filter(servant=servant).count() == 2


def test_unknown_type_is_refused_in_spanish(declarant, servant):
    with pytest.raises(services.DeclarationError) as error:
        services.start_declaration(servant=servant, tipo="ANUAL", actor=declarant)
    assert "no existe" in str(error.value)
    assert not Declaration.objects.exists()


def test_modificacion_is_prefilled_from_the_previous_submitted_declaration(
    declarant, servant, submitted
):
    draft = services.start_declaration(servant=servant, tipo="MODIFICACIÓN", actor=declarant)

    studies = s1.items(draft.document, "datosCurricularesDeclarante")
    assert studies and studies[0]["carreraAreaConocimiento"] == "Ingeniería civil"
    home = s1.get_section(draft.document, "domicilioDeclarante")
    assert home["domicilioMexico"]["calle"] == HOME_STREET
    # Income belongs to one period: not carried.
    assert s1.get_section(draft.document, "ingresos") == {}
    assert draft.period_year == draft.created_at.year - 1


# --- drafts ---------------------------------------------------------------------------


def test_sections_and_items_save_on_every_step(declarant, servant):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    services.save_section(
        draft, "experienciaLaboral", {"ninguno": False, "experiencia": []}, actor=declarant
    )
    job = {
        "tipoOperacion": "AGREGAR",
        "ambitoSector": {"clave": "PRV", "valor": "PRIVADO"},
        "nombreEmpresaSociedadAsociacion": "Constructora del Soconusco",
        "puesto": "Residente de obra",
        "fechaIngreso": "2015-02-01",
        "fechaEgreso": "2025-12-31",
        "ubicacion": "MX",
    }
    services.save_item(draft, "experienciaLaboral", job, actor=declarant)
    services.save_item(
        draft, "experienciaLaboral", {**job, "puesto": "Supervisor"}, actor=declarant
    )
    services.save_item(
        draft, "experienciaLaboral", {**job, "puesto": "Gerente"}, actor=declarant, index=0
    )

    stored = Declaration.objects.get(pk=draft.pk)  # resumable: it is all in the database
    assert [i["puesto"] for i in s1.items(stored.document, "experienciaLaboral")] == [
        "Gerente",
        "Supervisor",
    ]
    services.remove_item(stored, "experienciaLaboral", 0, actor=declarant)
    stored.refresh_from_db()
    assert [i["puesto"] for i in s1.items(stored.document, "experienciaLaboral")] == ["Supervisor"]
    with pytest.raises(services.DeclarationError):
        services.remove_item(stored, "experienciaLaboral", 5, actor=declarant)
    with pytest.raises(services.DeclarationError):
        services.save_section(stored, "fideicomisos", {"ninguno": True}, actor=declarant)
    assert actions_for(stored).count("declaration.item_saved") == 3


# --- validation -----------------------------------------------------------------------


def test_submit_lists_every_error_per_section_and_field_in_spanish(declarant, servant):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    sections = simplified_sections()
    sections["ingresos"] = {"remuneracionMensualCargoPublico": {"valor": -5, "moneda": "MXN"}}
    sections["experienciaLaboral"] = {"ninguno": False, "experiencia": []}
    del sections["actividadAnualAnterior"]
    fill(draft, declarant, sections)

    with pytest.raises(services.DeclarationInvalid) as raised:
        services.submit_declaration(draft, actor=declarant)

    by_section = raised.value.by_section()
    assert set(by_section) >= {"ingresos", "experienciaLaboral", "actividadAnualAnterior"}
    assert "datosGenerales" not in by_section
    for issue in raised.value.issues:
        assert issue.label and issue.message
    messages = " ".join(issue.message for issue in raised.value.issues)
    assert "falta capturar esta sección" in messages
    assert "Ninguno" in messages
    draft.refresh_from_db()
    assert draft.status == Declaration.Status.DRAFT and draft.folio is None
    assert not ReceiptEntry.objects.exists()


# --- submission -----------------------------------------------------------------------


def test_full_lifecycle_submit(declarant, servant, tapachula):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    fill(draft, declarant)
    assert all(
        s1.section_status(draft.document, s.key) == "complete"
        for s in s1.sections("INICIAL", False)
    )

    filed = services.submit_declaration(draft, actor=declarant)

    assert filed.status == Declaration.Status.SUBMITTED
    assert FOLIO.match(filed.folio)
    assert filed.submitted_at is not None
    assert filed.document["id"] == str(filed.pk)
    assert filed.document_sha256 == s1.sha256(filed.document)
    assert filed.public_document == s1.public_version(filed.document)
    assert CURP not in str(filed.public_document)
    assert HOME_STREET not in str(filed.public_document)
    assert not s1.validate(filed.document)
    # Search columns come from the public version.
    assert filed.primer_apellido_norm == "perez"
    assert "tapachula" in filed.ente_nombre_norm
    assert "analista" in filed.empleo_cargo_comision_norm
    assert filed.total_ingresos_netos == 18000
    receipt = ReceiptEntry.objects.get(declaration=filed)
    assert receipt.folio == filed.folio
    assert receipt.document_sha256 == filed.document_sha256
    actions = actions_for(filed)
    assert actions[0] == "declaration.started" and actions[-1] == "declaration.submitted"
    submitted_event = AuditEntry.objects.get(action="declaration.submitted")
    assert submitted_event.changes["folio"] == filed.folio
    assert CURP not in str(submitted_event.changes)


def test_complete_format_fills_public_properties(declarant, tapachula):
    chief = make_servant(tapachula, declarant, curp="LOPJ750505HCSPRN01", complete_format=True)
    draft = services.start_declaration(servant=chief, tipo="INICIAL", actor=declarant)
    sections = complete_sections("INICIAL")
    sections["bienesInmuebles"] = {
        "ninguno": False,
        "bienInmueble": [
            {
                "tipoOperacion": "AGREGAR",
                "tipoInmueble": {"clave": "CASA", "valor": "CASA"},
                "titular": [{"clave": "DEC", "valor": "DECLARANTE"}],
                "porcentajePropiedad": 100,
                "superficieTerreno": {"valor": 200, "unidad": "m2"},
                "superficieConstruccion": {"valor": 120, "unidad": "m2"},
                "formaAdquisicion": {"clave": "CPV", "valor": "COMPRAVENTA"},
                "formaPago": "CRÉDITO",
                "valorAdquisicion": {"valor": 950000, "moneda": "MXN"},
                "fechaAdquisicion": "2018-05-10",
                "datoIdentificacion": "FOLIO-REAL-7788",
                "valorConformeA": "ESCRITURA PÚBLICA",
                "domicilioMexico": {"calle": HOME_STREET, "codigoPostal": "30700"},
            }
        ],
    }
    fill(draft, declarant, sections)
    issues = s1.validate(Declaration.objects.get(pk=draft.pk).document)
    assert not issues, issues
    filed = services.submit_declaration(draft, actor=declarant)
    assert filed.complete_format
    properties = list(DeclaredProperty.objects.filter(declaration=filed))
    assert properties == [] or properties[0].forma_adquisicion == "CPV"
    assert HOME_STREET not in str(filed.public_document)


def test_folios_are_consecutive_and_unique(declarant, servant, tapachula):
    folios = []
    for n in range(3):
        person = make_servant(tapachula, declarant, curp=f"AAAA80010{n}HCSRRR0{n}")
        draft = services.start_declaration(servant=person, tipo="INICIAL", actor=declarant)
        fill(draft, declarant)
        folios.append(services.submit_declaration(draft, actor=declarant).folio)
    numbers = [int(folio.rsplit("-", 1)[1]) for folio in folios]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_folios(make_user, municipality):
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite's in-memory test database is one connection")
    entity = municipality("07089")
    user = make_user("declarant", entity=entity)
    drafts = []
    for n in range(6):
        person = make_servant(entity, user, curp=f"BBBB80010{n}HCSRRR0{n}")
        draft = services.start_declaration(servant=person, tipo="INICIAL", actor=user)
        drafts.append(fill(draft, user))
    start = threading.Barrier(len(drafts))
    failures: list[BaseException] = []

    def submit(draft):
        try:
            start.wait(timeout=10)
            services.submit_declaration(draft, actor=user)
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    folios = list(Declaration.objects.values_list("folio", flat=True))
    assert len(set(folios)) == len(drafts)
    numbers = sorted(int(f.rsplit("-", 1)[1]) for f in folios)
    assert numbers == list(range(numbers[0], numbers[0] + len(drafts)))
    sequences = sorted(ReceiptEntry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(drafts) + 1))


def test_a_draft_cannot_be_submitted_twice(declarant, submitted):
    with pytest.raises(services.DeclarationLocked):
        services.submit_declaration(submitted, actor=declarant)
    assert ReceiptEntry.objects.count() == 1


# --- immutability ---------------------------------------------------------------------


def test_a_submitted_declaration_never_changes(declarant, submitted):
    before = Declaration.objects.get(pk=submitted.pk)
    for attempt in (
        lambda: services.save_section(
            submitted, "datosGenerales", {"nombre": "Otra"}, actor=declarant
        ),
        lambda: services.save_item(submitted, "datosCurricularesDeclarante", {}, actor=declarant),
        lambda: services.remove_item(submitted, "datosCurricularesDeclarante", 0, actor=declarant),
        lambda: services.discard_draft(submitted, actor=declarant),
    ):
        with pytest.raises(services.DeclarationLocked):
            attempt()
    # Not even through the ORM.
    submitted.document["declaracion"]["situacionPatrimonial"]["datosGenerales"]["nombre"] = "X"
    with pytest.raises(ImmutableDeclaration), transaction.atomic():
        submitted.save()
    with pytest.raises(ImmutableDeclaration), transaction.atomic():
        Declaration.objects.get(pk=submitted.pk).delete()
    after = Declaration.objects.get(pk=submitted.pk)
    assert after.document == before.document
    assert after.document_sha256 == before.document_sha256 == s1.sha256(after.document)
    assert not services.can_edit(declarant, after)


def test_correction_is_a_new_version_linked_to_the_original(declarant, submitted):
    correction = services.correct_declaration(submitted, actor=declarant)
    assert correction.status == Declaration.Status.DRAFT
    assert correction.corrects == submitted
    assert correction.pk != submitted.pk
    with pytest.raises(services.DeclarationError):
        services.correct_declaration(submitted, actor=declarant)
    with pytest.raises(services.DeclarationError):
        services.correct_declaration(correction, actor=declarant)

    general = s1.get_section(correction.document, "datosGenerales")
    general["aclaracionesObservaciones"] = "Corrijo mi segundo apellido."
    services.save_section(correction, "datosGenerales", general, actor=declarant)
    filed = services.submit_declaration(correction, actor=declarant)

    original = Declaration.objects.get(pk=submitted.pk)
    assert original.document_sha256 == submitted.document_sha256
    assert filed.folio != original.folio
    assert ReceiptEntry.objects.get(declaration=filed).corrects_folio == original.folio
    assert "declaration.correction_started" in actions_for(correction)


# --- permissions ----------------------------------------------------------------------


def test_can_edit_is_for_the_declarant_or_who_captures_on_behalf(
    declarant, servant, make_user, tapachula
):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    other = make_user("declarant", entity=tapachula)
    officer = make_user("oic_officer", scope=[tapachula], entity=tapachula)
    assert services.can_edit(declarant, draft)
    assert not services.can_edit(other, draft)
    assert not services.can_edit(officer, draft)

    person = make_servant(tapachula, None, curp="CCCC800101HCSRRR01")
    on_behalf = services.start_declaration(
        servant=person, tipo="INICIAL", actor=officer, source=Declaration.Source.ON_BEHALF
    )
    assert on_behalf.captured_by == officer
    assert services.can_edit(officer, on_behalf)
    assert not services.can_edit(declarant, on_behalf)


# --- acuse ----------------------------------------------------------------------------


def test_acuse_pdf_states_folio_date_declarant_ente_type_format_hash_and_receipt(
    submitted, tapachula
):
    pdf = services.acuse_pdf(submitted)
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    receipt = ReceiptEntry.objects.get(declaration=submitted)
    assert submitted.folio in text
    assert "María José Pérez Gómez" in text
    assert tapachula.name in text
    assert "Inicial" in text and "Simplificado" in text
    assert submitted.document_sha256 in flat
    assert receipt.entry_hash in flat
    assert str(receipt.sequence) in text
    from django.utils import timezone

    assert timezone.localtime(submitted.submitted_at).strftime("%d/%m/%Y %H:%M") in text
    assert CURP not in text


def test_a_draft_has_no_acuse(declarant, servant):
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    with pytest.raises(services.DeclarationError):
        services.acuse_pdf(draft)
