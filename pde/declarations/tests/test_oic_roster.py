"""The padrón: by hand and by CSV/XLSX import, with a per-row error report."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from pde.core.models import AuditEntry
from pde.declarations.models import ObligatedServant, OicImportBatch
from pde.declarations.services import oic as services

from .oic_helpers import make_curp, make_rfc, make_servant

pytest_plugins = ["pde.declarations.tests.oic_helpers"]

pytestmark = pytest.mark.django_db

HEADER = [c.key for c in services.ROSTER_COLUMNS]


def row(curp, **overrides):
    values = {
        "nombre": "Juan",
        "primer_apellido": "López",
        "segundo_apellido": "Ruiz",
        "curp": curp,
        "rfc": make_rfc(curp),
        "correo_electronico": "juan@tapachula.gob.mx",
        "empleo_cargo_comision": "Jefe de departamento",
        "nivel": "JD",
        "formato_completo": "SI",
        "fecha_alta": "2024-02-01",
        "fecha_baja": "",
    }
    values.update(overrides)
    return [values[key] for key in HEADER]


def csv_bytes(rows, header=HEADER, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


GOOD_1, GOOD_2, GOOD_3 = make_curp(9001), make_curp(9002), make_curp(9003)


def mixed_rows():
    bad_check = GOOD_3[:-1] + str((int(GOOD_3[-1]) + 1) % 10)
    return [
        row(GOOD_1),  # row 2: good
        row(bad_check),  # row 3: wrong CURP check digit
        row(GOOD_2, fecha_alta="31/02/2024"),  # row 4: impossible date
        row(GOOD_2, nombre="Ana", fecha_alta="15/03/2024"),  # row 5: good, DD/MM/YYYY
        row(make_curp(9004), fecha_alta="2024-05-01", fecha_baja="2024-04-01"),  # 6: baja<alta
        row(make_curp(9005), empleo_cargo_comision="", formato_completo="quizá"),  # 7: two errors
        row(GOOD_1),  # row 8: same CURP and alta as row 2
        ["", "", "", "", "", "", "", "", "", "", ""],  # blank row: skipped
    ]


def assert_mixed_report(batch, tapachula):
    report = batch.report
    assert (report["created"], report["rejected"]) == (2, 5)
    by_row = {}
    for error in report["errors"]:
        by_row.setdefault(error["row"], []).append((error["column"], error["message"]))
    assert set(by_row) == {3, 4, 6, 7, 8}
    assert by_row[3][0][0] == "curp" and "dígito verificador" in by_row[3][0][1]
    assert by_row[4][0][0] == "fecha_alta" and "fecha no es válida" in by_row[4][0][1]
    assert by_row[6][0][0] == "fecha_baja" and "anterior a la fecha de alta" in by_row[6][0][1]
    assert {column for column, _m in by_row[7]} == {"empleo_cargo_comision", "formato_completo"}
    assert "fila 2" in by_row[8][0][1]
    stored = ObligatedServant.objects.filter(entity=tapachula)
    assert sorted(stored.values_list("curp", flat=True)) == sorted([GOOD_1, GOOD_2])
    ana = stored.get(curp=GOOD_2)
    assert ana.start_date == dt.date(2024, 3, 15) and ana.complete_format is True
    assert ana.name_normalized == "ana lopez ruiz"


def test_csv_import_takes_good_rows_and_reports_bad_ones(oic_client, tapachula):
    upload = io.BytesIO(csv_bytes(mixed_rows(), delimiter=";"))
    upload.name = "padron.csv"
    response = oic_client.post(
        reverse("declarations:oic_roster_import"), {"entity": tapachula.pk, "file": upload}
    )
    batch = OicImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("declarations:oic_batch_detail", args=[batch.pk])
    assert_mixed_report(batch, tapachula)
    page = oic_client.get(response.url).content.decode()
    assert "2 registros nuevos" in page and "5 filas rechazadas" in page
    assert "El dígito verificador de la CURP no es correcto" in page
    report = oic_client.get(reverse("declarations:oic_batch_report", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["fila", "columna", "mensaje"]
    assert rows[1][:2] == ["3", "curp"]
    assert AuditEntry.objects.filter(action="obligatedservant.created").count() == 2
    assert AuditEntry.objects.filter(action="obligatedservant.imported").count() == 1


def test_xlsx_import_and_reimport_creates_no_duplicates(oic_user, tapachula):
    rows = mixed_rows()
    rows[0][HEADER.index("fecha_alta")] = dt.datetime(2024, 2, 1)  # a real date cell
    content = xlsx_bytes(rows)
    first = services.import_roster(
        entity=tapachula, file_name="padron.xlsx", content=content, by=oic_user
    )
    assert_mixed_report(first, tapachula)
    again = services.import_roster(
        entity=tapachula, file_name="padron.xlsx", content=content, by=oic_user
    )
    assert ObligatedServant.objects.filter(entity=tapachula).count() == 2
    assert (again.report["created"], again.report["unchanged"]) == (0, 2)
    # A corrected file updates the entry (audited), still without duplicates.
    rows[0][HEADER.index("empleo_cargo_comision")] = "Director de área"
    services.import_roster(
        entity=tapachula, file_name="padron.xlsx", content=xlsx_bytes(rows), by=oic_user
    )
    assert ObligatedServant.objects.get(curp=GOOD_1).position == "Director de área"
    assert AuditEntry.objects.filter(action="obligatedservant.updated").count() == 1


def test_template_downloads_open_and_import_empty(oic_client, oic_user, tapachula):
    response = oic_client.get(reverse("declarations:oic_roster_template", args=["xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    assert workbook["Instrucciones"].max_row == len(HEADER) + 1
    csv_template = oic_client.get(reverse("declarations:oic_roster_template", args=["csv"]))
    assert csv_template.content.decode("utf-8-sig").strip() == ",".join(HEADER)
    batch = services.import_roster(
        entity=tapachula, file_name="p.xlsx", content=response.content, by=oic_user
    )
    assert batch.report["created"] == 0 and batch.report["errors"] == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("padron.csv", csv_bytes([], header=["nombre", "curp"]), "Faltan columnas obligatorias"),
        ("padron.xlsx", b"not a workbook", "no se pudo leer"),
        ("padron.csv", b"\n\n", "vacío"),
    ],
)
def test_unreadable_files_are_refused_whole(oic_client, tapachula, name, content, message):
    upload = io.BytesIO(content)
    upload.name = name
    response = oic_client.post(
        reverse("declarations:oic_roster_import"), {"entity": tapachula.pk, "file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ObligatedServant.objects.exists() and not OicImportBatch.objects.exists()
    assert AuditEntry.objects.filter(action="declarations.upload_refused").exists()


def test_wrong_file_type_is_refused(oic_client, tapachula):
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "padron.pdf"
    response = oic_client.post(
        reverse("declarations:oic_roster_import"), {"entity": tapachula.pk, "file": upload}
    )
    assert response.status_code == 400
    assert "Tipo de archivo no admitido" in response.content.decode()


def form_data(entity, valid_curp, **overrides):
    data = {
        "entity": entity.pk,
        "nombre": "Rosa",
        "primer_apellido": "Díaz",
        "segundo_apellido": "",
        "curp": valid_curp.lower(),
        "rfc": make_rfc(valid_curp),
        "email": "rosa@tapachula.gob.mx",
        "position": "Tesorera",
        "level": "DG",
        "complete_format": "on",
        "start_date": "2025-01-02",
        "end_date": "",
    }
    data.update(overrides)
    return data


def test_create_and_edit_by_hand_audited(oic_client, tapachula):
    curp = make_curp(7001)
    response = oic_client.post(
        reverse("declarations:oic_servant_create"), form_data(tapachula, curp)
    )
    servant = ObligatedServant.objects.get()
    assert response.status_code == 302
    assert servant.curp == curp  # upper-cased
    assert servant.name_normalized == "rosa diaz"
    created = AuditEntry.objects.get(action="obligatedservant.created")
    assert curp not in str(created.changes)  # private data never in the audit summary
    response = oic_client.post(
        reverse("declarations:oic_servant_edit", args=[servant.pk]),
        form_data(tapachula, curp, end_date="2025-06-30"),
    )
    assert response.status_code == 302
    servant.refresh_from_db()
    assert servant.end_date == dt.date(2025, 6, 30)
    updated = AuditEntry.objects.get(action="obligatedservant.updated")
    assert updated.changes["after"] == {"end_date": "2025-06-30"}
    page = oic_client.get(reverse("declarations:oic_servant_detail", args=[servant.pk]))
    assert "Conclusión" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"curp": "ABC"}, "curp", "18 caracteres"),
        ({"rfc": "GODE561231GR8"}, "rfc", "no coincide con la de la CURP"),
        ({"end_date": "2024-12-31"}, "end_date", "anterior a la fecha de alta"),
        ({"start_date": "2999-01-01"}, "start_date", "posterior a hoy"),
        ({"email": "no-es-correo"}, "email", "correo"),
        ({"position": ""}, "position", "obligatorio"),
    ],
)
def test_bad_input_names_the_field(oic_client, tapachula, overrides, field, message):
    data = form_data(tapachula, make_curp(7002), **overrides)
    response = oic_client.post(reverse("declarations:oic_servant_create"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]).lower() or message in " ".join(
        form.errors[field]
    )
    assert not ObligatedServant.objects.exists()


def test_overlapping_period_is_refused(oic_client, tapachula):
    curp = make_curp(7003)
    make_servant(tapachula, curp=curp, start_date=dt.date(2020, 1, 1))
    response = oic_client.post(
        reverse("declarations:oic_servant_create"), form_data(tapachula, curp)
    )
    assert response.status_code == 400
    assert "traslapa" in " ".join(response.context["form"].errors["start_date"])
    # A new period after a baja is fine: a servant who comes back has two entries.
    ObligatedServant.objects.filter(curp=curp).update(end_date=dt.date(2024, 12, 31))
    response = oic_client.post(
        reverse("declarations:oic_servant_create"), form_data(tapachula, curp)
    )
    assert response.status_code == 302
    assert ObligatedServant.objects.filter(curp=curp).count() == 2


def test_roster_search(oic_client, tapachula):
    make_servant(tapachula, nombre="José", primer_apellido="Ñúñez")
    make_servant(tapachula, nombre="Ana", primer_apellido="Zapata")
    page = oic_client.get(reverse("declarations:oic_roster"), {"q": "nunez"}).content.decode()
    assert "Ñúñez" in page and "Zapata" not in page
    empty = oic_client.get(reverse("declarations:oic_roster"), {"q": "inexistente"})
    assert "Nadie en el padrón coincide" in empty.content.decode()


def test_command_line_import(tmp_path, oic_user, other_oic, tapachula):
    from django.core.management import CommandError, call_command

    path = tmp_path / "padron.csv"
    path.write_bytes(csv_bytes(mixed_rows()))
    out = io.StringIO()
    call_command(
        "oic_import", "padron", str(path), ente="07089", usuario=oic_user.username, stdout=out
    )
    assert "2 aceptados, 5 rechazados" in out.getvalue()
    assert "fila 3, curp" in out.getvalue()
    assert ObligatedServant.objects.filter(entity=tapachula).count() == 2
    with pytest.raises(CommandError):  # another ente's OIC
        call_command("oic_import", "padron", str(path), ente="07089", usuario=other_oic.username)
    with pytest.raises(CommandError, match="no existe"):
        call_command("oic_import", "padron", str(path), ente="99999", usuario=oic_user.username)


def test_a_file_without_an_optional_column_keeps_the_stored_value(oic_user, tapachula):
    curp = make_curp(9100)
    make_servant(
        tapachula, curp=curp, email="guardado@tapachula.gob.mx", start_date=dt.date(2024, 2, 1)
    )
    header = ["nombre", "primer_apellido", "curp", "empleo_cargo_comision", "fecha_alta"]
    content = csv_bytes([["María", "Pérez", curp, "Directora", "2024-02-01"]], header=header)
    batch = services.import_roster(
        entity=tapachula, file_name="p.csv", content=content, by=oic_user
    )
    servant = ObligatedServant.objects.get(curp=curp)
    assert batch.report["updated"] == 1
    assert servant.position == "Directora" and servant.email == "guardado@tapachula.gob.mx"
