"""Import of declarations captured elsewhere: one JSON or a ZIP of many, validated
file by file, refused whole when unsafe; valid ones received with their own acuse."""

import csv
import io
import json
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from pde.core.models import AuditEntry
from pde.declarations import format as s1
from pde.declarations.models import (
    Declaration,
    ImportedDeclaration,
    OicImportBatch,
    ReceiptEntry,
)
from pde.declarations.services import oic as services

from .oic_helpers import make_curp, make_servant, valid_document
from .strategies import documents

pytest_plugins = ["pde.declarations.tests.oic_helpers"]
pytestmark = pytest.mark.django_db


def upload(client, entity, name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(
        reverse("declarations:oic_declaration_import"), {"entity": entity.pk, "file": handle}
    )


def as_json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def make_zip(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_one_json_is_received_with_its_own_acuse(oic_client, oic_user, tapachula):
    curp = make_curp(5001)
    servant = make_servant(tapachula, curp=curp)
    response = upload(oic_client, tapachula, "maria.json", as_json(valid_document(curp=curp)))
    batch = OicImportBatch.objects.get()
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.status == Declaration.Status.SUBMITTED
    assert declaration.source == Declaration.Source.IMPORT
    assert declaration.captured_by == oic_user and declaration.servant == servant
    assert declaration.folio and declaration.public_document is not None
    assert curp not in json.dumps(declaration.public_document)
    assert ImportedDeclaration.objects.get().batch == batch
    page = oic_client.get(response.url).content.decode()
    assert "1 declaraciones recibidas, 0 archivos rechazados" in page
    assert declaration.folio in page
    acuse = oic_client.get(reverse("declarations:oic_acuse", args=[declaration.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(acuse.content)).pages)
    assert declaration.folio in text and "Importada de otro sistema" in text
    assert AuditEntry.objects.filter(action="declaration.imported").count() == 1
    assert AuditEntry.objects.filter(action="declaration.submitted").count() == 1


def test_zip_with_valid_invalid_and_malicious_files(oic_client, tapachula):
    linked = make_curp(5002)
    make_servant(tapachula, curp=linked)
    incomplete = valid_document(curp=make_curp(5004))
    del incomplete["declaracion"]["situacionPatrimonial"]["ingresos"]
    members = {
        "lote/uno.json": as_json(valid_document(curp=linked)),
        "lote/dos.json": as_json(valid_document("MODIFICACIÓN", curp=make_curp(5003))),
        "lote/incompleta.json": as_json(incomplete),
        "lote/rota.json": b'{"id": ',
        "lote/lista.json": b"[]",
        "lote/notas.txt": b"hola",
        "../fuera.json": as_json(valid_document(curp=make_curp(5005))),
        "/absoluta.json": as_json(valid_document(curp=make_curp(5006))),
        "bomba.json": b"0" * (3 * 1024 * 1024),
        "__MACOSX/._uno.json": b"ignored",
    }
    content = make_zip(members, symlink="enlace.json")
    response = upload(oic_client, tapachula, "lote.zip", content)
    assert response.status_code == 302
    batch = OicImportBatch.objects.get()
    results = {row["file"]: row for row in batch.report["files"]}
    assert set(results) == set(members) - {"__MACOSX/._uno.json"} | {"enlace.json"}
    received = {name for name, row in results.items() if row["status"] == "received"}
    assert received == {"lote/uno.json", "lote/dos.json"}
    assert results["lote/uno.json"]["servant_linked"] is True
    assert results["lote/dos.json"]["servant_linked"] is False
    assert "sin vincular" in results["lote/dos.json"]["messages"][0]
    assert any("Ingresos" in m for m in results["lote/incompleta.json"]["messages"])
    assert "no es JSON válido" in results["lote/rota.json"]["messages"][0]
    assert "objeto JSON" in results["lote/lista.json"]["messages"][0]
    assert "Sólo se aceptan documentos JSON" in results["lote/notas.txt"]["messages"][0]
    assert "sale de la carpeta" in results["../fuera.json"]["messages"][0]
    assert "sale de la carpeta" in results["/absoluta.json"]["messages"][0]
    assert "bomba" in results["bomba.json"]["messages"][0]
    assert "enlaces simbólicos" in results["enlace.json"]["messages"][0]
    assert (batch.accepted_count, batch.rejected_count) == (2, 8)
    assert Declaration.objects.count() == 2  # nothing from the rejected files
    report = oic_client.get(reverse("declarations:oic_batch_report", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["archivo", "resultado", "folio", "mensajes"]
    assert {r[0] for r in rows[1:] if r[1] == "Recibida"} == received
    # Re-importing the same ZIP receives nothing twice.
    upload(oic_client, tapachula, "lote.zip", content)
    again = OicImportBatch.objects.latest("created_at")
    assert again.accepted_count == 0
    dup = {row["file"]: row for row in again.report["files"]}["lote/uno.json"]
    assert "ya fue recibida" in dup["messages"][0]
    assert Declaration.objects.count() == 2


@override_settings(PDE_DECLARATIONS_IMPORT_MAX_FILES=3)
def test_too_many_files_refuses_the_whole_zip(oic_client, tapachula):
    members = {f"d{i}.json": as_json(valid_document(curp=make_curp(5100 + i))) for i in range(4)}
    response = upload(oic_client, tapachula, "lote.zip", make_zip(members))
    assert response.status_code == 400
    assert "el máximo es 3" in response.content.decode()
    assert not Declaration.objects.exists() and not OicImportBatch.objects.exists()
    assert AuditEntry.objects.filter(action="declarations.upload_refused").count() == 1


@override_settings(PDE_DECLARATIONS_IMPORT_MAX_TOTAL_BYTES=1000)
def test_declared_uncompressed_size_over_the_limit_is_refused(oic_client, tapachula):
    response = upload(oic_client, tapachula, "lote.zip", make_zip({"a.json": b" " * 5000}))
    assert response.status_code == 400
    assert "descomprimido" in response.content.decode()
    assert not OicImportBatch.objects.exists()


def test_bad_uploads_are_refused(oic_client, tapachula):
    assert upload(oic_client, tapachula, "x.pdf", b"%PDF").status_code == 400
    response = upload(oic_client, tapachula, "x.zip", b"PK\x03\x04 not really")
    assert response.status_code == 400
    assert "dañado" in response.content.decode()
    assert not OicImportBatch.objects.exists()


def test_a_failure_while_storing_one_file_leaves_nothing_of_it(oic_user, tapachula, monkeypatch):
    original = ImportedDeclaration.objects.create
    calls = {"n": 0}

    def fail_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(ImportedDeclaration.objects, "create", fail_second)
    members = {f"d{i}.json": as_json(valid_document(curp=make_curp(5200 + i))) for i in range(3)}
    batch = services.import_declarations(
        entity=tapachula, file_name="lote.zip", content=make_zip(members), by=oic_user
    )
    statuses = [row["status"] for row in batch.report["files"]]
    assert statuses == ["received", "rejected", "received"]
    assert "no se guardó nada" in batch.report["files"][1]["messages"][0]
    # The failed file's declaration, folio and receipt were rolled back with it:
    # two declarations, two receipts, and no gap in the folios.
    assert Declaration.objects.count() == 2 == ReceiptEntry.objects.count()
    folios = sorted(Declaration.objects.values_list("folio", flat=True))
    assert [folio[-6:] for folio in folios] == ["000001", "000002"]


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents())
def test_every_valid_document_is_received(oic_user, tapachula, document):
    batch = services.import_declarations(
        entity=tapachula, file_name="doc.json", content=as_json(document), by=oic_user
    )
    row = batch.report["files"][0]
    assert row["status"] == "received", row["messages"]
    declaration = Declaration.objects.get(pk=row["declaration"])
    assert declaration.public_document == s1.public_version(declaration.document)
