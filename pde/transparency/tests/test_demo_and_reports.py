"""The demo quarter reproduces the seed report's figures, and the quarterly report
(page, PDF, XLSX) carries exactly those figures."""

from io import BytesIO

import pytest
from django.utils.formats import localize
from openpyxl import load_workbook
from pypdf import PdfReader

from pde.core.demo import create_demo_data
from pde.core.models import AuditEntry
from pde.transparency import reports, selectors
from pde.transparency.demo import load_demo
from pde.transparency.models import AccessRequest, ReservedIndexEdition

SEED_TEXT = "En el segundo trimestre de 2021 la SESAECH recibió y dio trámite a doce solicitudes"


@pytest.fixture
def quarter(db):
    assert load_demo() is True
    return selectors.quarter_figures(2021, 2)


def test_the_seed_report_states_the_figures_we_reproduce(shared_dir):
    text = (shared_dir / "seed" / "000_3609df59275c0140.txt").read_text(encoding="utf-8")
    assert SEED_TEXT in text
    assert (
        "diez de las cuales fueron respondidas en un tiempo promedio de siete días hábiles" in text
    )
    assert "ninguna fue impugnada" in text and "dos de ellas quedaron pendientes" in text
    assert "sesionó en cuatro ocasiones" in text


def test_the_demo_quarter_gives_the_seed_figures(quarter):
    assert quarter["received"] == 12
    assert quarter["answered"] == 10
    assert quarter["pending"] == 2
    assert quarter["average_business_days"] == 7.0
    assert quarter["max_business_days"] == 9
    assert quarter["appeals"] == 0
    assert quarter["committee_sessions"] == 4
    assert quarter["answered_on_time"] == 10
    assert quarter["arco_requests"] == 1
    matters = {row["code"]: row["count"] for row in quarter["resolutions_by_matter"]}
    assert matters == {
        "incompetence": 1,
        "applicability": 1,
        "classification": 2,
        "nonexistence": 1,
        "extension": 1,
    }
    # The other quarters are empty: every number comes from the data.
    assert selectors.quarter_figures(2021, 1)["received"] == 0


def test_the_demo_is_idempotent_and_audited(quarter):
    entries = AuditEntry.objects.count()
    assert load_demo() is False
    assert AuditEntry.objects.count() == entries
    assert AccessRequest.objects.count() == 12
    assert AuditEntry.objects.filter(action="transparency.request.received").count() == 12
    assert ReservedIndexEdition.objects.get(year=2021, semester=1).entries


def test_the_core_demo_loads_the_transparency_quarter_once(db):
    create_demo_data()
    create_demo_data()
    assert AccessRequest.objects.count() == 12
    pending = AccessRequest.objects.get(folio="071120021000111")
    assert pending.status == AccessRequest.Status.EXTENSION
    assert selectors.request_deadlines(pending).due.isoformat() == "2021-07-12"


def test_the_pdf_report_contains_the_figures(quarter):
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(reports.quarterly_pdf(2021, 2))).pages
    )
    text = " ".join(text.split())
    assert "Informe trimestral de solicitudes de información — 2021, trimestre 2" in text
    for label, value in reports.summary_rows(quarter):
        assert f"{label} {localize(value)}" in text, label
    assert "Solicitudes recibidas 12" in text
    assert "Promedio de días hábiles para responder 7,0" in text
    assert "Sesiones del Comité de Transparencia 4" in text


def test_the_xlsx_report_contains_the_figures(quarter):
    book = load_workbook(BytesIO(reports.quarterly_xlsx(2021, 2)))
    rows = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}
    assert rows["Solicitudes recibidas"] == 12
    assert rows["Solicitudes respondidas"] == 10
    assert rows["Solicitudes pendientes al cierre del trimestre"] == 2
    assert rows["Promedio de días hábiles para responder"] == 7.0
    assert rows["Máximo de días hábiles para responder"] == 9
    assert rows["Recursos de revisión interpuestos"] == 0
    assert rows["Sesiones del Comité de Transparencia"] == 4
    sessions = list(book["Sesiones del Comité"].iter_rows(min_row=2, values_only=True))
    assert len(sessions) == 4
    by_type = dict(book["Por tipo de respuesta"].iter_rows(min_row=2, values_only=True))
    assert sum(by_type.values()) == 10


def test_report_pages_and_downloads(client, make_user, quarter):
    client.force_login(make_user("transparency_officer"))
    html = client.get("/transparencia/informes/?year=2021&quarter=2").content.decode()
    assert "Solicitudes recibidas" in html and "<td>12</td>" in html
    pdf = client.get("/transparencia/informes/pdf/?year=2021&quarter=2")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get("/transparencia/informes/xlsx/?year=2021&quarter=2")
    assert xlsx.status_code == 200
    assert "informe-itaipch-2021-T2.xlsx" in xlsx["Content-Disposition"]


def test_the_figures_api_for_the_work_plan(client, make_user, quarter):
    client.force_login(make_user("transparency_officer"))
    data = client.get("/transparencia/api/cifras/2021/2/").json()
    assert (data["received"], data["answered"], data["pending"]) == (12, 10, 2)
    assert data["average_business_days"] == 7.0 and data["appeals"] == 0
    assert len(data["sessions"]) == 4
    bad = client.get("/transparencia/api/cifras/2021/5/")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_period"
    client.force_login(make_user("declarant"))
    assert client.get("/transparencia/api/cifras/2021/2/").status_code == 403
