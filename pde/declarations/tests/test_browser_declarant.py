"""A declarant fills a simplified Inicial in a real browser, from start to acuse."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from pde.core.tests.test_browser import (  # noqa: F401  (fixtures)
    _async_unsafe_allowed,
    browser,
    expect_clean_page,
    main_nav,
    open_page,
    screenshot,
    sign_in,
)
from pde.declarations.models import Declaration, ReceiptEntry

from .declarant_helpers import PASSWORD, make_servant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLOW_MS = 20_000


def save_and_continue(page, heading: str) -> None:
    page.get_by_role("button", name=re.compile(r"^Guardar y (continuar|revisar)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_declarant_fills_a_simplified_inicial_and_downloads_the_acuse(
    live_server,
    open_page,  # noqa: F811  (the core browser fixture, imported above)
    make_user,
    municipality,
):
    tapachula = municipality("07089")
    user = make_user("declarant", entity=tapachula, first_name="María José", last_name="Pérez")
    make_servant(tapachula, user)
    page = open_page()
    # The wizard renders and validates many fields per page; give a busy machine time.
    page.set_default_timeout(SLOW_MS)
    page.set_default_navigation_timeout(SLOW_MS)
    expect.set_options(timeout=SLOW_MS)

    page.goto(live_server.url + "/cuenta/entrar/")
    sign_in(page, user.username, PASSWORD)
    main_nav(page).get_by_role("link", name="Mis declaraciones").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis declaraciones")
    expect(page.get_by_text("Todavía no tiene declaraciones")).to_be_visible()

    page.get_by_label("Inicial").check()
    page.get_by_role("button", name="Iniciar declaración").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaración Inicial")
    expect(page.locator(".progress-summary")).to_contain_text("de 7 apartados completos")
    screenshot(page, "declaration-start-desktop")
    # Datos generales and the employment come pre-filled from the padrón; the
    # progress shows them complete, and "continue" opens the first one that is not.
    expect(page.locator(".badge-complete")).to_have_count(2)
    page.get_by_role("link", name=re.compile(r"^(Comenzar|Continuar) la captura$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domicilio del declarante")
    page.get_by_role("link", name="1. Datos generales").click()

    # 1. Datos generales.
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos generales")
    expect(page.locator('[name="nombre"]')).to_have_value("María José")
    save_and_continue(page, "Domicilio del declarante")

    # 2. Domicilio (private data).
    page.locator('[name="domicilioMexico.calle"]').fill("Avenida Central Norte")
    page.locator('[name="domicilioMexico.numeroExterior"]').fill("12")
    page.locator('[name="domicilioMexico.codigoPostal"]').fill("30700")
    save_and_continue(page, "Datos curriculares del declarante")

    # 3. Escolaridad: one item, added on its own page.
    expect(page.get_by_text("No ha agregado registros")).to_be_visible()
    page.get_by_role("link", name="Agregar registro").click()
    page.locator('[name="nivel"]').select_option("LIC")
    page.locator('[name="institucionEducativa.nombre"]').fill("Universidad Autónoma de Chiapas")
    page.locator('[name="institucionEducativa.ubicacion"]').select_option("MX")
    page.locator('[name="carreraAreaConocimiento"]').fill("Arquitectura")
    page.locator('[name="estatus"]').select_option("FINALIZADO")
    page.locator('[name="documentoObtenido"]').select_option("TITULO")
    page.get_by_role("button", name="Guardar registro").click()
    expect(page.locator("#section-items")).to_contain_text("Universidad Autónoma de Chiapas")
    save_and_continue(page, "Datos del empleo, cargo o comisión")

    # 4. Empleo: pre-filled.
    expect(page.locator('[name="empleoCargoComision"]')).to_have_value("Analista de proyectos")
    save_and_continue(page, "Experiencia laboral")

    # 5. Experiencia laboral: "ninguno".
    page.locator('[name="ninguno"]').check()
    save_and_continue(page, "Ingresos netos del declarante, pareja y/o dependientes económicos")

    # 8. Ingresos: a wrong value first, to see the field's error.
    page.locator('[name="remuneracionMensualCargoPublico.valor"]').fill("-1")
    page.locator('[name="ingresoMensualNetoDeclarante.valor"]').fill("21000")
    page.locator('[name="totalIngresosMensualesNetos.valor"]').fill("21000")
    page.get_by_role("button", name="Guardar y continuar »").click()
    expect(page.locator(".field-error").first).to_be_visible()
    page.locator('[name="remuneracionMensualCargoPublico.valor"]').fill("21000")
    save_and_continue(page, "¿Te desempeñaste como servidor público el año inmediato anterior?")

    # 9. Actividad anual anterior: last section, then the review.
    save_and_continue(page, "Revisar y presentar")
    expect(page.locator(".review-list .badge-incomplete")).to_have_count(0)
    screenshot(page, "declaration-review-desktop")
    page.get_by_label("Declaro bajo protesta de decir verdad").check()
    page.get_by_role("button", name="Presentar declaración").click()

    declaration = Declaration.objects.get()
    assert declaration.status == Declaration.Status.SUBMITTED
    expect(page.get_by_role("heading", level=1)).to_contain_text(declaration.folio)
    expect(page.locator(".messages")).to_contain_text(declaration.folio)
    expect_clean_page(page)
    screenshot(page, "declaration-submitted-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar acuse (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"acuse-{declaration.folio}.pdf"
    pdf = Path(download.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert declaration.folio in text
    assert "María José Pérez Gómez" in text
    assert declaration.document_sha256 in flat
    assert ReceiptEntry.objects.get(declaration=declaration).entry_hash in flat

    # The public version is searchable and does not show the home address.
    page.goto(live_server.url + "/declaraciones/consulta/?name=perez")
    page.get_by_role("link", name="María José Pérez Gómez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("María José Pérez Gómez")
    expect(page.locator("main")).not_to_contain_text("Avenida Central Norte")
    expect(page.locator("main")).to_contain_text("Arquitectura")
