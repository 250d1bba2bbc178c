"""The receipt log: append-only, hash-chained, and `pde receipts-verify` finds any altered
or removed entry and any altered stored declaration."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pde.core.services import GENESIS_HASH
from pde.declarations.models import Declaration, ReceiptChainHead, ReceiptEntry
from pde.declarations.services import declarant as services
from pde.declarations.services.receipts import ReceiptProblem, verify_receipts

from .declarant_helpers import (
    fill,
    make_servant,
)

pytestmark = pytest.mark.django_db


def file_three(declarant, tapachula) -> list[Declaration]:
    filed = []
    for n in range(3):
        person = make_servant(tapachula, declarant, curp=f"DDDD80010{n}HCSRRR0{n}")
        draft = services.start_declaration(servant=person, tipo="INICIAL", actor=declarant)
        fill(draft, declarant)
        filed.append(services.submit_declaration(draft, actor=declarant))
    return filed


def problems() -> list[ReceiptProblem]:
    return [step for step in verify_receipts() if isinstance(step, ReceiptProblem)]


def run_verify() -> str:
    out = StringIO()
    call_command("receipts_verify", "--no-progress", stdout=out)
    return out.getvalue()


def raw_sql(sql: str, params: list) -> None:
    """Tamper behind the ORM's back, as someone with database access would."""
    tables = {
        "{receipts}": connection.ops.quote_name(ReceiptEntry._meta.db_table),
        "{declarations}": connection.ops.quote_name(Declaration._meta.db_table),
    }
    for placeholder, table in tables.items():
        sql = sql.replace(placeholder, table)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_submission_extends_one_chain(declarant, tapachula):
    filed = file_three(declarant, tapachula)
    entries = list(ReceiptEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[0].previous_hash == GENESIS_HASH
    assert entries[1].previous_hash == entries[0].entry_hash
    assert [e.folio for e in entries] == [d.folio for d in filed]
    head = ReceiptChainHead.objects.get()
    assert head.last_sequence == 3 and head.last_hash == entries[2].entry_hash
    assert problems() == []
    assert "3 asientos" in run_verify()


def test_receipts_are_append_only(submitted):
    entry = ReceiptEntry.objects.get()
    entry.folio = "DP-2000-000001"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ReceiptEntry.objects.update(folio="x")
    with pytest.raises(PermissionError):
        ReceiptEntry.objects.all().delete()


def test_altered_stored_document_is_detected(declarant, tapachula):
    filed = file_three(declarant, tapachula)
    target = filed[1]
    document = target.document
    document["declaracion"]["situacionPatrimonial"]["ingresos"]["totalIngresosMensualesNetos"][
        "valor"
    ] = 1
    # The ORM refuses; a queryset update (or SQL) bypasses it, as an intruder would.
    Declaration.objects.filter(pk=target.pk).update(document=document)

    found = problems()
    assert [p.folio for p in found] == [target.folio]
    assert "documento" in found[0].reason
    with pytest.raises(CommandError) as error:
        run_verify()
    assert "NO es íntegro" in str(error.value)


def test_altered_public_version_is_detected(submitted):
    public = submitted.public_document
    public["declaracion"]["situacionPatrimonial"]["datosGenerales"]["nombre"] = "Otra Persona"
    Declaration.objects.filter(pk=submitted.pk).update(public_document=public)
    found = problems()
    assert len(found) == 1 and "versión pública" in found[0].reason


def test_altered_folio_is_detected(submitted):
    Declaration.objects.filter(pk=submitted.pk).update(folio="DP-1999-000001")
    assert any("folio" in p.reason for p in problems())


def test_altered_receipt_entry_is_detected(declarant, tapachula):
    file_three(declarant, tapachula)
    raw_sql("UPDATE {receipts} SET document_sha256 = %s WHERE sequence = %s", ["0" * 64, 2])
    found = problems()
    assert any(p.sequence == 2 and "alterado" in p.reason for p in found)


def test_removed_receipt_entry_is_detected(declarant, tapachula):
    filed = file_three(declarant, tapachula)
    raw_sql("DELETE FROM {receipts} WHERE sequence = %s", [2])
    found = problems()
    reasons = " ".join(p.reason for p in found)
    assert any(p.sequence == 2 and "eliminado" in p.reason for p in found)
    assert "sin asiento" in reasons
    assert filed[1].folio in [p.folio for p in found]


def test_removed_last_entry_is_detected(declarant, tapachula):
    file_three(declarant, tapachula)
    raw_sql("DELETE FROM {receipts} WHERE sequence = %s", [3])
    reasons = " ".join(p.reason for p in problems())
    assert "al final" in reasons


def test_deleted_declaration_is_detected(submitted):
    raw_sql("DELETE FROM {declarations} WHERE folio = %s", [submitted.folio])
    assert any("eliminada" in p.reason for p in problems())


def test_empty_log_verifies():
    assert problems() == []
    assert "0 asientos" in run_verify()


def test_hashes_hold_for_numbers_a_json_column_may_normalize(declarant, servant):
    """1e16 or 0.1 + 0.2 written as floats come back from the database as the same
    JSON values; the stored hash matches what is stored, so verification holds."""
    from pde.declarations import format as s1

    from .declarant_helpers import money, simplified_sections

    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    sections = simplified_sections()
    sections["ingresos"] = {
        "remuneracionMensualCargoPublico": money(1e16),
        "ingresoMensualNetoDeclarante": money(0.1 + 0.2),
        "totalIngresosMensualesNetos": money(1e16),
    }
    fill(draft, declarant, sections)
    filed = services.submit_declaration(draft, actor=declarant)
    stored = Declaration.objects.get(pk=filed.pk)
    assert s1.sha256(stored.document) == stored.document_sha256 == filed.document_sha256
    assert problems() == []


def test_anyone_can_verify_an_acuse_on_the_public_page(client, submitted):
    from django.urls import reverse

    entry = ReceiptEntry.objects.get(declaration=submitted)
    url = reverse("declarations:verify_acuse")

    ok = client.get(url, {"folio": submitted.folio.lower(), "entry_hash": entry.entry_hash})
    text = ok.content.decode()
    assert "Acuse válido" in text and submitted.folio in text
    assert "Pérez" not in text  # nothing of the declaration's content

    wrong = client.get(url, {"folio": submitted.folio, "entry_hash": "a" * 64})
    assert "NO coincide" in wrong.content.decode()
    missing = client.get(url, {"folio": "DP-1999-000001"}).content.decode()
    assert "No existe ninguna declaración" in missing
    bad = client.get(url, {"folio": submitted.folio, "entry_hash": "xyz"}).content.decode()
    assert "64 caracteres" in bad

    document = submitted.document
    document["declaracion"]["situacionPatrimonial"]["datosGenerales"]["nombre"] = "Otra"
    Declaration.objects.filter(pk=submitted.pk).update(document=document)
    altered = client.get(url, {"folio": submitted.folio, "entry_hash": entry.entry_hash})
    assert "documento de la declaración fue alterado" in altered.content.decode()
