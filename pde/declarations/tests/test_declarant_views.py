"""The declarant's pages: own list, start, wizard pages, items, review with errors, submit,
acuse download, correction, constancia fiscal upload, and who may see what."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from pde.core.models import AuditEntry
from pde.declarations import format as s1
from pde.declarations.models import Declaration, FiscalProof
from pde.declarations.services import declarant as services

from .declarant_helpers import (
    fill,
    make_servant,
    simplified_sections,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def tiny_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Acuse de la declaración anual SAT 2025</p>").write_pdf()


def upload(name: str, content: bytes, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    for url in (
        reverse("declarations:my_declarations"),
        reverse("declarations:declaration_detail", args=[submitted.pk]),
        reverse("declarations:acuse", args=[submitted.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]


def test_own_page_lists_declarations_and_starts_one(client_for, declarant, servant):
    client = client_for(declarant)
    page = client.get(reverse("declarations:my_declarations"))
    assert page.status_code == 200
    assert "Todavía no tiene declaraciones" in page.content.decode()
    assert "Analista de proyectos" in page.content.decode()

    response = client.post(
        reverse("declarations:start"), {"servant": servant.pk, "tipo": "INICIAL"}
    )
    draft = Declaration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:declaration_detail", args=[draft.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Datos generales" in detail and "apartados completos" in detail

    again = client.post(reverse("declarations:start"), {"servant": servant.pk, "tipo": "INICIAL"})
    assert again.status_code == 400
    assert "borrador" in again.content.decode()
    assert Declaration.objects.count() == 1


def test_a_user_cannot_start_for_someone_elses_padron_entry(
    client_for, make_user, tapachula, servant
):
    intruder = make_user("declarant", entity=tapachula)
    response = client_for(intruder).post(
        reverse("declarations:start"), {"servant": servant.pk, "tipo": "INICIAL"}
    )
    assert response.status_code == 400
    assert not Declaration.objects.exists()


def test_a_user_without_padron_entry_sees_how_to_get_one(client_for, make_user, tapachula):
    user = make_user("declarant", entity=tapachula)
    page = client_for(user).get(reverse("declarations:my_declarations")).content.decode()
    assert "no está vinculada" in page


def test_wizard_section_page_saves_and_moves_on(client_for, declarant, servant):
    client = client_for(declarant)
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    url = reverse("declarations:section", args=[draft.pk, "actividadAnualAnterior"])
    page = client.get(url)
    assert page.status_code == 200
    form = s1.SectionForm(s1.section("actividadAnualAnterior"))
    field_names = list(form.fields) if hasattr(form, "fields") else []
    assert field_names, "the section form has fields"
    assert "Apartado 9" in page.content.decode()


def test_repeatable_items_add_edit_remove_through_pages(client_for, declarant, servant):
    client = client_for(declarant)
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    fill(draft, declarant)
    section_url = reverse("declarations:section", args=[draft.pk, "datosCurricularesDeclarante"])
    page = client.get(section_url).content.decode()
    assert "Universidad Autónoma de Chiapas" in page
    assert (
        client.get(
            reverse("declarations:item_edit", args=[draft.pk, "datosCurricularesDeclarante", 0])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("declarations:item_add", args=[draft.pk, "datosCurricularesDeclarante"])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("declarations:item_edit", args=[draft.pk, "datosCurricularesDeclarante", 7])
        ).status_code
        == 404
    )

    removed = client.post(
        reverse("declarations:item_remove", args=[draft.pk, "datosCurricularesDeclarante", 0]),
        headers={"HX-Request": "true"},
    )
    assert removed.status_code == 200
    assert "Universidad Autónoma de Chiapas" not in removed.content.decode()
    draft.refresh_from_db()
    assert s1.items(draft.document, "datosCurricularesDeclarante") == []


def test_review_lists_errors_per_section_and_refuses_submission(client_for, declarant, servant):
    client = client_for(declarant)
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    sections = simplified_sections()
    del sections["ingresos"]
    fill(draft, declarant, sections)

    review = client.get(reverse("declarations:review", args=[draft.pk]))
    text = review.content.decode()
    assert "falta capturar esta sección" in text
    assert "Presentar declaración" not in text

    response = client.post(reverse("declarations:submit", args=[draft.pk]), {"confirm": "1"})
    assert response.status_code == 400
    assert "falta capturar esta sección" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Declaration.Status.DRAFT


def test_submit_download_acuse_and_correct(client_for, declarant, servant):
    client = client_for(declarant)
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    fill(draft, declarant)
    review = client.get(reverse("declarations:review", args=[draft.pk])).content.decode()
    assert "Presentar declaración" in review
    # The review shows what was captured, section by section (the declarant's own data).
    assert "Ver lo capturado" in review and "Universidad Autónoma de Chiapas" in review

    unconfirmed = client.post(reverse("declarations:submit", args=[draft.pk]))
    assert unconfirmed.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Declaration.Status.DRAFT

    response = client.post(reverse("declarations:submit", args=[draft.pk]), {"confirm": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Declaration.Status.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert draft.folio in detail and draft.document_sha256 in detail

    acuse = client.get(reverse("declarations:acuse", args=[draft.pk]))
    assert acuse.status_code == 200 and acuse["Content-Type"] == "application/pdf"
    assert draft.folio in acuse["Content-Disposition"]
    text = PdfReader(io.BytesIO(acuse.content)).pages[0].extract_text()
    assert draft.folio in text

    # Editing pages of a submitted declaration send back to its summary.
    section = client.get(reverse("declarations:section", args=[draft.pk, "ingresos"]))
    assert section.status_code == 302

    corrected = client.post(reverse("declarations:correct", args=[draft.pk]))
    correction = Declaration.objects.get(corrects=draft)
    assert corrected["Location"] == reverse("declarations:declaration_detail", args=[correction.pk])
    own = client.get(reverse("declarations:my_declarations")).content.decode()
    assert f"Corrige {draft.folio}" in own


def test_another_declarant_cannot_see_or_edit_my_draft(
    client_for, declarant, servant, make_user, tapachula, submitted
):
    draft = services.start_declaration(servant=servant, tipo="CONCLUSIÓN", actor=declarant)
    intruder = make_user("declarant", entity=tapachula)
    client = client_for(intruder)
    for method, name, args in (
        ("get", "declaration_detail", [draft.pk]),
        ("get", "section", [draft.pk, "datosGenerales"]),
        ("post", "section", [draft.pk, "datosGenerales"]),
        ("get", "review", [draft.pk]),
        ("post", "submit", [draft.pk]),
        ("post", "discard", [draft.pk]),
        ("get", "acuse", [submitted.pk]),
        ("post", "correct", [submitted.pk]),
        ("get", "fiscal_proof", [submitted.pk]),
    ):
        response = getattr(client, method)(reverse(f"declarations:{name}", args=args))
        assert response.status_code == 403, (name, response.status_code)
    assert AuditEntry.objects.filter(action="access.denied").count() >= 9
    own = client.get(reverse("declarations:my_declarations")).content.decode()
    assert submitted.folio not in own
    draft.refresh_from_db()
    assert draft.status == Declaration.Status.DRAFT
    unknown = client.get(
        reverse("declarations:declaration_detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert unknown.status_code == 404


def test_fiscal_proof_upload_checks_content_and_stores_sha256(
    client_for, declarant, submitted, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(declarant)
    url = reverse("declarations:fiscal_proof", args=[submitted.pk])

    fake = client.post(url, {"file": upload("constancia.pdf", b"esto no es un PDF")})
    assert fake.status_code == 400
    assert "no es un PDF válido" in fake.content.decode()
    disguised = client.post(url, {"file": upload("constancia.pdf", b"%PDF-1.4 roto")})
    assert disguised.status_code == 400
    assert not FiscalProof.objects.exists()

    content = tiny_pdf()
    response = client.post(url, {"file": upload("acuse-sat.pdf", content), "fiscal_year": "2025"})
    assert response.status_code == 302
    proof = FiscalProof.objects.get()
    import hashlib

    assert proof.sha256 == hashlib.sha256(content).hexdigest()
    assert proof.size == len(content) and proof.fiscal_year == 2025
    assert proof.file.read() == content
    # The declaration itself did not change.
    submitted.refresh_from_db()
    assert submitted.document_sha256 == s1.sha256(submitted.document)
    detail = client.get(reverse("declarations:declaration_detail", args=[submitted.pk]))
    assert proof.sha256 in detail.content.decode()
    assert AuditEntry.objects.filter(action="declaration.fiscal_proof_attached").exists()


def test_fiscal_proof_size_limit(client_for, declarant, submitted, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    content = tiny_pdf()
    with override_settings(PDE_DECLARATIONS_FISCAL_PROOF_MAX_BYTES=len(content) - 1):
        response = client_for(declarant).post(
            reverse("declarations:fiscal_proof", args=[submitted.pk]),
            {"file": upload("grande.pdf", content)},
        )
    assert response.status_code == 400
    assert "máximo" in response.content.decode()
    assert not FiscalProof.objects.exists()


def test_menu_shows_my_declarations_to_declarants_and_public_search_to_all(
    client, client_for, declarant
):
    public_home = client.get("/").content.decode()
    assert "Consulta de declaraciones" in public_home
    assert "Mis declaraciones" not in public_home
    home = client_for(declarant).get("/").content.decode()
    assert "Mis declaraciones" in home


def test_a_declaration_captured_on_behalf_shows_on_the_persons_page(
    client_for, make_user, tapachula, declarant
):
    officer = make_user("oic_officer", scope=[tapachula], entity=tapachula)
    person = make_servant(tapachula, None, curp="EEEE800101HCSRRR01")
    draft = services.start_declaration(
        servant=person, tipo="INICIAL", actor=officer, source=Declaration.Source.ON_BEHALF
    )
    fill(draft, officer)
    filed = services.submit_declaration(draft, actor=officer)
    officer_page = client_for(officer).get(reverse("declarations:my_declarations"))
    assert filed.folio in officer_page.content.decode()
    # Later the person gets an account linked to the padrón entry: they see it too.
    person.user = declarant
    person.save()
    client = client_for(declarant)
    page = client.get(reverse("declarations:my_declarations")).content.decode()
    assert filed.folio in page
    assert "Capturada por el OIC" in page
    assert client.get(reverse("declarations:acuse", args=[filed.pk])).status_code == 200


def test_my_declarations_is_not_in_an_oic_officers_menu(client_for, make_user, tapachula):
    officer = make_user("oic_officer", scope=[tapachula], entity=tapachula)
    assert "Mis declaraciones" not in client_for(officer).get("/").content.decode()
