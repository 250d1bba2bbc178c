"""Delivery pages: upload (JSON, CSV, XLSX), templates, validation report, dashboard,
API keys and scheduled harvests; isolation between entes."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from pde.core.models import AuditEntry
from pde.pdn.models import (
    DeliveryBatch,
    ProviderToken,
    SanctionedParticular,
    SanctionedServant,
    ScheduledHarvest,
)
from pde.pdn.services.ingest import submit_delivery
from pde.pdn.tests.delivery_samples import make_record, sample
from pde.pdn.validation.tabular import template_columns

pytestmark = pytest.mark.django_db


@pytest.fixture
def sop(state_entity):
    return state_entity("SOP")


@pytest.fixture
def tapachula(municipality):
    return municipality("07089")


@pytest.fixture
def provider_client(client, make_user, sop):
    user = make_user("data_provider", scope=[sop], entity=sop)
    client.force_login(user)
    client.user = user
    return client


def _upload(client, system, name, content, **extra):
    data = {"system": system, "file": SimpleUploadedFile(name, content), **extra}
    return client.post("/sistema-electronico/entregas/cargar/", data)


def _batch():
    return DeliveryBatch.objects.latest("pk")


def test_upload_json_and_see_the_report(provider_client, sop):
    bad = sample("s3s", "b")
    bad["tipoFalta"]["clave"] = "XYZ"
    content = json.dumps([sample("s3s", "a"), bad]).encode()
    response = _upload(provider_client, "s3s", "sanciones.json", content)
    batch = _batch()
    assert response.status_code == 302
    assert response["Location"] == f"/sistema-electronico/entregas/{batch.pk}/"
    assert (batch.channel, batch.entity, batch.file_name) == ("upload", sop, "sanciones.json")
    assert SanctionedServant.objects.get().record_id == "a"
    page = provider_client.get(response["Location"]).content.decode()
    assert "Reporte de validación" in page
    assert "$.tipoFalta.clave" in page
    assert "«XYZ» no está en el catálogo" in page


def test_template_columns_round_trip_through_csv(provider_client, sop):
    response = provider_client.get("/sistema-electronico/entregas/plantilla/s3p.csv")
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == template_columns("s3p")
    assert "particularSancionado.nombreRazonSocial" in header
    assert "tipoSancion[0].clave" in header
    row = {
        "id": "P-1",
        "fechaCaptura": "2024-03-01T10:00:00Z",
        "institucionDependencia.nombre": "Secretaría de Hacienda",
        "particularSancionado.nombreRazonSocial": "Ñandú S.A.",
        "particularSancionado.tipoPersona": "M",
        "autoridadSancionadora": "SH",
        "tipoSancion[0].clave": "M",
        "tipoSancion[0].valor": "MULTADO",
        "causaMotivoHechos": "Hechos",
        "multa.monto": "1,500.50",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerow(row)
    _upload(provider_client, "s3p", "p.csv", buffer.getvalue().encode())
    batch = _batch()
    assert (batch.created_count, batch.rejected_count) == (1, 0), batch.errors
    document = SanctionedParticular.objects.get().document
    assert document["multa"] == {"monto": 1500.5}
    assert document["tipoSancion"] == [{"clave": "M", "valor": "MULTADO"}]
    assert "domicilioMexico" not in document  # empty cells are left out


def test_upload_xlsx_with_typed_cells(provider_client):
    response = provider_client.get("/sistema-electronico/entregas/plantilla/s2.xlsx")
    header = [cell.value for cell in load_workbook(io.BytesIO(response.content)).active[1]]
    assert header == template_columns("s2")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "id",
            "fechaCaptura",
            "nombres",
            "primerApellido",
            "institucionDependencia.nombre",
            "puesto.nombre",
            "tipoProcedimiento[0].clave",
            "tipoProcedimiento[1].clave",
        ]
    )
    sheet.append(["X-1", "2024-01-01T00:00:00Z", "Ana", "Ruiz", "SOP", "Jefa", 1, 3])
    sheet.append([None] * 8)  # an empty row is skipped
    sheet.append(["X-2", "2024-01-01T00:00:00Z", "Eva", None, "SOP", "Jefa", "uno", None])
    data = io.BytesIO()
    workbook.save(data)
    _upload(provider_client, "s2", "s2.xlsx", data.getvalue())
    batch = _batch()
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    found = {(error["index"], error["row"], error["path"]) for error in batch.errors}
    assert found == {(1, 4, "$.primerApellido"), (1, 4, "$.tipoProcedimiento[0].clave")}
    page = provider_client.get(f"/sistema-electronico/entregas/{batch.pk}/").content.decode()
    assert "Fila de la hoja" in page


def test_report_downloads(provider_client):
    _upload(provider_client, "s2", "x.json", json.dumps([{"id": "a"}]).encode())
    batch = _batch()
    url = f"/sistema-electronico/entregas/{batch.pk}/reporte"
    rows = list(
        csv.reader(io.StringIO(provider_client.get(f"{url}.csv").content.decode("utf-8-sig")))
    )
    assert rows[0] == ["registro", "fila", "id", "ruta", "mensaje"]
    assert ["0", "", "a", "$.nombres", "Falta el campo obligatorio «nombres»."] in rows
    sheet = load_workbook(io.BytesIO(provider_client.get(f"{url}.xlsx").content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["registro", "fila", "id", "ruta", "mensaje"]
    assert len(values) == len(rows)
    assert provider_client.get(f"{url}.pdf").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.txt", b"[]", "Formato no admitido"),
        ("x.json", b"[{", "JSON mal formado"),
        ("x.xlsx", b"not a workbook", "XLSX"),
        ("x.csv", b"", "vacío"),
    ],
)
def test_bad_files_get_a_clear_error_and_store_nothing(provider_client, name, content, message):
    response = _upload(provider_client, "s2", name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeliveryBatch.objects.exists()


def test_provider_cannot_see_another_entes_batch(provider_client, tapachula, make_user):
    other = make_user("data_provider", scope=[tapachula], entity=tapachula)
    batch = submit_delivery("s2", tapachula, [sample("s2", "T")], user=other)
    assert provider_client.get(f"/sistema-electronico/entregas/{batch.pk}/").status_code == 403
    assert (
        provider_client.get(f"/sistema-electronico/entregas/{batch.pk}/reporte.csv").status_code
        == 403
    )
    assert AuditEntry.objects.filter(action="access.denied", object_id=str(batch.pk)).exists()
    history = provider_client.get("/sistema-electronico/entregas/historial/").content.decode()
    assert "No hay entregas registradas" in history


def test_dashboard_per_ente_and_system(provider_client, sop, tapachula, make_user, settings):
    make_record("s3p", tapachula, sample("s3p", "T-1"))
    submit_delivery(
        "s2", sop, [sample("s2", "a"), sample("s2", "b"), {"id": "c"}], user=provider_client.user
    )
    rows = provider_client.get("/sistema-electronico/entregas/").context["rows"]
    assert [(r.entity, r.system, r.records, r.last_errors, r.stale) for r in rows] == [
        (sop, "s2", 2, 1, False)
    ]
    admin = make_user("secretariat_admin")
    provider_client.force_login(admin)
    rows = provider_client.get("/sistema-electronico/entregas/").context["rows"]
    assert {(r.entity.pk, r.system, r.records) for r in rows} == {
        (sop.pk, "s2", 2),
        (tapachula.pk, "s3p", 1),
    }
    tapachula_row = next(r for r in rows if r.entity == tapachula)
    assert tapachula_row.last_batch is None and not tapachula_row.stale  # fresh records
    only_s2 = provider_client.get("/sistema-electronico/entregas/?sistema=s2").context["rows"]
    assert [r.system for r in only_s2] == ["s2"]


def test_dashboard_empty_state(provider_client):
    page = provider_client.get("/sistema-electronico/entregas/").content.decode()
    assert "Todavía no hay entregas ni registros" in page


def test_pages_require_the_right_role(client, make_user, sop):
    client.force_login(make_user("declarant"))
    assert client.get("/sistema-electronico/entregas/").status_code == 403
    assert client.get("/sistema-electronico/entregas/cargar/").status_code == 403
    assert client.get("/sistema-electronico/entregas/claves/").status_code == 403
    assert client.get("/sistema-electronico/entregas/cosechas/").status_code == 403
    client.logout()
    response = client.get("/sistema-electronico/entregas/")
    assert response.status_code == 302 and "/cuenta/entrar/" in response["Location"]


def test_admin_uploads_on_behalf_of_a_chosen_ente(client, make_user, tapachula):
    client.force_login(make_user("secretariat_admin"))
    content = json.dumps([sample("s2", "A-1")]).encode()
    response = _upload(client, "s2", "x.json", content)
    assert "Ente generador" in response.content.decode() and response.status_code == 200
    _upload(client, "s2", "x.json", content, entity=tapachula.pk)
    assert _batch().entity == tapachula


def test_api_keys_are_created_shown_once_and_revoked(provider_client):
    response = provider_client.post("/sistema-electronico/entregas/claves/", {"name": "nómina"})
    key = response.context["new_key"]
    assert key.startswith("pde_") and key in response.content.decode()
    token = ProviderToken.objects.get()
    assert token.key_hash != key and key not in token.key_prefix + token.key_hash
    listing = provider_client.get("/sistema-electronico/entregas/claves/").content.decode()
    assert key not in listing and token.key_prefix in listing
    api = provider_client.post(
        "/api/ingest/s2", "[]", content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert api.status_code == 200
    provider_client.post(f"/sistema-electronico/entregas/claves/{token.pk}/revocar/")
    api = provider_client.post(
        "/api/ingest/s2", "[]", content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert api.status_code == 401


def test_a_provider_cannot_revoke_another_users_key(provider_client, make_user, tapachula):
    from pde.pdn.services.ingest import create_token

    other = make_user("data_provider", scope=[tapachula], entity=tapachula)
    token, _key = create_token(other, "x")
    response = provider_client.post(f"/sistema-electronico/entregas/claves/{token.pk}/revocar/")
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.active


def test_admin_configures_a_scheduled_harvest_without_auditing_secrets(client, make_user, sop):
    admin = make_user("secretariat_admin")
    client.force_login(admin)
    data = {
        "name": "Honestidad S3",
        "system": "s3s",
        "entity": sop.pk,
        "url": "https://honestidad.example/v1/ssancionados",
        "token_url": "https://honestidad.example/oauth",
        "username": "pde",
        "password": "muy-secreta",
        "client_id": "cid",
        "client_secret": "csecret",
        "scope": "",
        "interval_hours": 12,
        "active": "on",
    }
    response = client.post("/sistema-electronico/entregas/cosechas/nueva/", data)
    scheduled = ScheduledHarvest.objects.get()
    assert response["Location"] == f"/sistema-electronico/entregas/cosechas/{scheduled.pk}/"
    assert scheduled.password == "muy-secreta"
    entry = AuditEntry.objects.get(action="pdn.harvest_scheduled")
    assert "muy-secreta" not in json.dumps(entry.changes) and "csecret" not in json.dumps(
        entry.changes
    )
    # Editing without retyping the secrets keeps them.
    data.update(password="", client_secret="", interval_hours=6)
    client.post(f"/sistema-electronico/entregas/cosechas/{scheduled.pk}/editar/", data)
    scheduled.refresh_from_db()
    assert (scheduled.interval_hours, scheduled.password) == (6, "muy-secreta")
    assert "Honestidad S3" in client.get("/sistema-electronico/entregas/cosechas/").content.decode()
    # Bad input names the field.
    data.update(interval_hours=0)
    page = client.post(f"/sistema-electronico/entregas/cosechas/{scheduled.pk}/editar/", data)
    assert "al menos una hora" in page.content.decode()
    client.post(f"/sistema-electronico/entregas/cosechas/{scheduled.pk}/eliminar/")
    assert not ScheduledHarvest.objects.exists()


def test_provider_cannot_configure_harvests(provider_client):
    response = provider_client.get("/sistema-electronico/entregas/cosechas/nueva/")
    assert response.status_code == 403


def test_menu_shows_delivery_entries_to_a_provider(provider_client):
    page = provider_client.get("/sistema-electronico/entregas/").content.decode()
    assert "Claves de API de entrega" in page
    assert "Cosechas programadas" not in page


def test_progress_of_a_queued_upload_is_polled_with_htmx(
    provider_client, settings, django_capture_on_commit_callbacks
):
    settings.PDE_INGEST_SYNC_LIMIT = 1
    content = json.dumps([sample("s2", "a"), sample("s2", "b")]).encode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(provider_client, "s2", "x.json", content)
    url = response["Location"]
    page = provider_client.get(url).content.decode()
    assert "En cola" in page and 'hx-trigger="every 2s"' in page
    for callback in callbacks:
        callback()
    partial = provider_client.get(f"{url}?parcial=progreso", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert "Terminada" in text and "<h1>" not in text and "hx-trigger" not in text


def test_an_upload_over_the_size_limit_is_refused(provider_client, settings):
    settings.PDE_INGEST_MAX_BYTES = 10
    response = _upload(provider_client, "s2", "x.json", json.dumps([sample("s2")]).encode())
    assert "excede el tamaño máximo" in response.content.decode()
    assert not DeliveryBatch.objects.exists()
