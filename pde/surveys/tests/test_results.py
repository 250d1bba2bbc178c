"""Results: summaries with charts, filters, cross-tab, exports (CSV, XLSX, SPSS .sav)
of all versions, live figures."""

import csv
import io
import uuid

import pyreadstat
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pde.core.models import AuditEntry
from pde.surveys import services
from pde.surveys.models import Response

pytestmark = pytest.mark.django_db


def interview(form, channel, language, **answers):
    data = {"edad": 30, "municipio": "07089", "soborno": "no", **answers}
    receipt = services.receive_complete_submission(
        form, data=data, client_uuid=str(uuid.uuid4()), channel=channel, language=language
    )
    assert receipt.created, receipt.errors
    return receipt.response


@pytest.fixture
def answered(published_form, xlsform_bytes, make_user):
    form = published_form
    interview(form, Response.Channel.WEB, "es", soborno="si", tramites=["salud"], monto=100)
    interview(form, Response.Channel.WEB, "es", municipio="07101")
    interview(form, Response.Channel.OFFLINE, "tzh", soborno="si", tramites=["salud", "policia"])
    # A second version; its answers are exported beside the first version's.
    officer = make_user("liaison_officer")
    second = services.import_xlsform(xlsform_bytes, actor=officer)
    services.publish_version(second, actor=officer)
    interview(form, Response.Channel.OPENROSA, "tzo", edad=60)
    return form, officer


def test_results_page_with_charts_filters_and_crosstab(client, answered):
    form, officer = answered
    client.force_login(officer)
    url = reverse("surveys:results", args=[form.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 respuestas enviadas" in html
    assert "<svg" in html  # matplotlib charts inline
    summaries = {s["name"]: s for s in page.context["summaries"]}
    soborno = {row["code"]: row["count"] for row in summaries["soborno"]["rows"]}
    assert soborno == {"si": 2, "no": 2}
    assert summaries["edad"]["stats"]["max"] == 60
    tramites = {row["code"]: row["count"] for row in summaries["tramites"]["rows"]}
    assert tramites["salud"] == 2 and tramites["policia"] == 1

    tseltal = client.get(url + "?idioma=tzh&etiquetas_idioma=tzh")
    assert tseltal.context["count"] == 1
    assert "Jich" in tseltal.content.decode()  # choice labels in tseltal
    assert client.get(url + "?canal=openrosa").context["count"] == 1
    assert client.get(url + "?municipio=07101").context["count"] == 1
    assert client.get(url + "?desde=2000-01-01&hasta=2000-12-31").context["count"] == 0

    cross = client.get(url + "?filas=municipio&columnas=soborno").context["cross"]
    assert cross["columns"] == ["Sí", "No"]
    tapachula = next(row for row in cross["rows"] if row["label"] == "Tapachula")
    assert tapachula["cells"] == [2, 1]
    assert cross["grand_total"] == 4


def test_csv_and_xlsx_exports_with_codes_or_labels(client, answered):
    form, officer = answered
    client.force_login(officer)
    url = reverse("surveys:results_export", args=[form.pk])
    codes = client.get(url + "?formato=csv")
    assert codes.status_code == 200
    rows = list(csv.DictReader(io.StringIO(codes.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert {row["version"] for row in rows} == {"v1 (2026110101)", "v2 (2026110101)"}
    offline = next(row for row in rows if row["canal"] == "offline")
    assert offline["idioma"] == "tzh"
    assert offline["tramites"] == "salud policia"
    assert offline["tramites_policia"] == "1" and offline["tramites_escuela"] == "0"
    assert offline["soborno"] == "si"

    labels = client.get(url + "?formato=xlsx&valores=etiquetas&etiquetas_idioma=tzh")
    sheet = load_workbook(io.BytesIO(labels.content)).active
    values = list(sheet.values)
    header = values[0]
    assert values[1][header.index("edad")] == "¿Jayeb ja'wilal ay awu'un?"
    data = values[2:]
    soborno = [row[header.index("soborno")] for row in data]
    assert sorted(soborno) == ["Jich", "Jich", "Ma'uk", "Ma'uk"]
    exported = AuditEntry.objects.filter(action="surveys.responses.exported")
    assert exported.count() == 2
    assert exported.order_by("sequence").last().changes["format"] == "xlsx"


def test_spss_export_has_value_labels(client, answered, tmp_path):
    form, officer = answered
    client.force_login(officer)
    export = client.get(reverse("surveys:results_export", args=[form.pk]) + "?formato=sav")
    assert export.status_code == 200
    path = tmp_path / "respuestas.sav"
    path.write_bytes(export.content)
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 4
    assert meta.variable_value_labels["soborno"] == {1.0: "Sí", 2.0: "No"}
    assert meta.variable_value_labels["tramites_salud"] == {0.0: "No", 1.0: "Sí"}
    assert meta.column_names_to_labels["edad"] == "¿Cuántos años tiene?"
    assert sorted(frame["soborno"].tolist()) == [1.0, 1.0, 2.0, 2.0]
    assert sorted(frame["edad"].tolist()) == [30.0, 30.0, 30.0, 60.0]
    assert set(frame["version"]) == {"v1 (2026110101)", "v2 (2026110101)"}


def test_live_figures(client, answered, make_user):
    form, officer = answered
    client.force_login(officer)
    figures = client.get(reverse("surveys:api_live_figures") + f"?form={form.form_id}").json()
    assert figures["total"] == 4
    assert figures["by_language"] == {"es": 2, "tzh": 1, "tzo": 1}
    assert figures["by_channel"] == {"web": 2, "offline": 1, "openrosa": 1, "invitation": 0}
    client.force_login(make_user("archive_officer"))
    assert client.get(reverse("surveys:api_live_figures")).status_code == 403


def test_results_need_permission(client, answered, make_user):
    form, _officer = answered
    client.force_login(make_user("declarant"))
    assert client.get(reverse("surveys:results", args=[form.pk])).status_code == 403
    assert client.get(reverse("surveys:results_export", args=[form.pk])).status_code == 403
