"""A data provider uploads a spreadsheet in a real browser and reads the report."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from pde.core.tests.test_browser import (  # noqa: F401  (fixtures)
    MOBILE,
    PASSWORD,
    _async_unsafe_allowed,
    browser,
    expect_clean_page,
    expect_no_sideways_scroll,
    open_page,
    screenshot,
    sign_in,
)
from pde.pdn.models import SanctionedServant
from pde.pdn.validation.tabular import template_columns

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _csv(tmp_path):
    header = template_columns("s3s")
    good = {
        "id": "SOP-1",
        "fechaCaptura": "2024-03-01T10:00:00Z",
        "institucionDependencia.nombre": "Secretaría de Obras Públicas",
        "servidorPublicoSancionado.nombres": "María",
        "servidorPublicoSancionado.primerApellido": "Gómez",
        "servidorPublicoSancionado.puesto": "Directora",
        "tipoFalta.clave": "NAD",
        "tipoFalta.valor": "NEGLIGENCIA ADMINISTRATIVA",
        "tipoSancion[0].clave": "I",
        "tipoSancion[0].valor": "INHABILITADO",
        "causaMotivoHechos": "Hechos",
    }
    bad = {**good, "id": "SOP-2", "tipoSancion[0].clave": "ZZ"}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows([good, bad])
    path = tmp_path / "sancionados.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_provider_uploads_a_csv_and_reads_the_report(
    live_server,
    open_page,  # noqa: F811
    make_user,
    state_entity,
    tmp_path,  # noqa: F811
):
    sop = state_entity("SOP")
    provider = make_user("data_provider", scope=[sop], entity=sop)
    page = open_page()
    # The first request of a fresh live server warms it up (slow on a busy machine).
    page.goto(live_server.url + "/cuenta/entrar/", timeout=60_000)
    sign_in(page, provider.username, PASSWORD)
    page.goto(live_server.url + "/sistema-electronico/entregas/")
    expect_clean_page(page)
    expect(page.get_by_text("Todavía no hay entregas ni registros")).to_be_visible()
    page.get_by_role("link", name="Cargar archivo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cargar registros")
    page.get_by_label("Sistema").select_option("s3s")
    page.get_by_label("Archivo").set_input_files(str(_csv(tmp_path)))
    page.get_by_role("button", name="Validar y cargar").click()
    expect(page).to_have_url(re.compile(r"/sistema-electronico/entregas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporte de validación")
    expect(page.get_by_text("$.tipoSancion[0].clave")).to_be_visible()
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    screenshot(page, "pdn-delivery-report-desktop")
    assert list(SanctionedServant.objects.values_list("record_id", flat=True)) == ["SOP-1"]

    phone = open_page(MOBILE, storage_state=page.context.storage_state())
    phone.goto(page.url)
    expect_clean_page(phone)
    expect_no_sideways_scroll(phone)
    screenshot(phone, "pdn-delivery-report-mobile")
