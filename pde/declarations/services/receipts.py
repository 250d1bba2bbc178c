"""The receipt log: a hash-chained, append-only record of every filed declaration.

It follows the audit log's design (``pde.core.services.record_event``): one head
row locked with SELECT ... FOR UPDATE serializes appends across processes; each
entry's hash covers its content and the previous entry's hash. Verification walks
the chain and, beyond the audit log, re-hashes every stored declaration against
the entry that received it, so an altered document, public version or folio is
found as surely as an altered or removed entry.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.services import GENESIS_HASH

from .. import format as s1
from ..models import Declaration, ReceiptChainHead, ReceiptEntry


def _canonical(entry: ReceiptEntry) -> bytes:
    payload = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "declaration_id": str(entry.declaration_id),
        "folio": entry.folio,
        "tipo": entry.tipo,
        "entity_id": entry.entity_id_at_filing,
        "document_sha256": entry.document_sha256,
        "public_sha256": entry.public_sha256,
        "corrects_folio": entry.corrects_folio,
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_receipt_hash(entry: ReceiptEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def append_receipt(declaration: Declaration) -> ReceiptEntry:
    """Append the receipt of a just-submitted declaration (call inside its transaction)."""
    with transaction.atomic():
        head, _created = ReceiptChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
        )
        entry = ReceiptEntry(
            sequence=head.last_sequence + 1,
            created_at=declaration.submitted_at or timezone.now(),
            declaration=declaration,
            folio=declaration.folio,
            tipo=declaration.tipo,
            entity_id_at_filing=declaration.entity_id,
            document_sha256=declaration.document_sha256,
            public_sha256=s1.sha256(declaration.public_document),
            corrects_folio=(declaration.corrects.folio or "") if declaration.corrects_id else "",
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_receipt_hash(entry)
        entry.save()
        head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


def receipt_for(declaration: Declaration) -> ReceiptEntry | None:
    return ReceiptEntry.objects.filter(declaration_id=declaration.pk).first()


@dataclass(frozen=True)
class ReceiptProblem:
    sequence: int | None
    folio: str
    reason: str

    def __str__(self) -> str:
        where = f"#{self.sequence}" if self.sequence else self.folio
        return (
            f"{where} ({self.folio}): {self.reason}" if self.sequence else f"{where}: {self.reason}"
        )


def verify_receipts(batch_size: int = 1000) -> Iterator[ReceiptProblem | int]:
    """Check the chain and every submitted declaration against it.

    Yields the running count of verified entries (for progress) and a
    ReceiptProblem for each problem found; unlike the audit walk it reports every
    problem, not only the first, so an operator sees the whole damage.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    seen: set[str] = set()
    entries = ReceiptEntry.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=batch_size):
        while entry.sequence > expected_sequence:
            yield ReceiptProblem(expected_sequence, "", _("falta el asiento (fue eliminado)"))
            expected_sequence += 1
            expected_previous = None  # the link after a gap cannot be checked
        if expected_previous is not None and entry.previous_hash != expected_previous:
            yield ReceiptProblem(
                entry.sequence, entry.folio, _("el hash anterior no coincide con el asiento previo")
            )
        if compute_receipt_hash(entry) != entry.entry_hash:
            yield ReceiptProblem(entry.sequence, entry.folio, _("el asiento fue alterado"))
        seen.add(str(entry.declaration_id))
        yield from _check_declaration(entry)
        expected_previous = entry.entry_hash
        expected_sequence = entry.sequence + 1
        checked += 1
        if checked % batch_size == 0:
            yield checked
    head = ReceiptChainHead.objects.filter(pk=1).first()
    last = expected_sequence - 1
    if head and (head.last_sequence != last or head.last_hash != (expected_previous or "")):
        yield ReceiptProblem(
            last + 1,
            "",
            _("faltan asientos al final del registro (el último registrado es el %(n)s)")
            % {"n": head.last_sequence},
        )
    submitted = Declaration.objects.filter(status=Declaration.Status.SUBMITTED)
    for pk, folio in submitted.values_list("pk", "folio").iterator(chunk_size=batch_size):
        if str(pk) not in seen:
            yield ReceiptProblem(
                None, folio or str(pk), _("declaración presentada sin asiento en el registro")
            )
    yield checked


def _check_declaration(entry: ReceiptEntry) -> Iterator[ReceiptProblem]:
    declaration = Declaration.objects.filter(pk=entry.declaration_id).first()
    if declaration is None:
        yield ReceiptProblem(entry.sequence, entry.folio, _("la declaración fue eliminada"))
        return
    if declaration.status != Declaration.Status.SUBMITTED:
        yield ReceiptProblem(
            entry.sequence, entry.folio, _("la declaración ya no figura como presentada")
        )
    if declaration.folio != entry.folio:
        yield ReceiptProblem(entry.sequence, entry.folio, _("el folio de la declaración cambió"))
    if declaration.tipo != entry.tipo or declaration.entity_id != entry.entity_id_at_filing:
        yield ReceiptProblem(
            entry.sequence, entry.folio, _("el tipo o el ente de la declaración cambió")
        )
    document_hash = s1.sha256(declaration.document)
    if document_hash != entry.document_sha256 or declaration.document_sha256 != document_hash:
        yield ReceiptProblem(
            entry.sequence, entry.folio, _("el documento de la declaración fue alterado")
        )
    if s1.sha256(declaration.public_document or {}) != entry.public_sha256:
        yield ReceiptProblem(
            entry.sequence, entry.folio, _("la versión pública de la declaración fue alterada")
        )


@dataclass(frozen=True)
class AcuseCheck:
    """The answer to "was this acuse really filed, and is it unaltered?"."""

    found: bool
    valid: bool
    reasons: tuple[str, ...] = ()
    entry: ReceiptEntry | None = None


def check_acuse(folio: str, entry_hash: str = "") -> AcuseCheck:
    """Check one acuse against the log: the entry with that folio exists, its hash is
    the one printed on the acuse, its content and its link to the previous entry hold,
    and the stored declaration still hashes to what was received."""
    entry = ReceiptEntry.objects.filter(folio=folio.strip().upper()).first()
    if entry is None:
        return AcuseCheck(found=False, valid=False)
    reasons = []
    wanted = entry_hash.strip().lower()
    if wanted and wanted != entry.entry_hash:
        reasons.append(_("el hash del acuse no coincide con el asiento del registro"))
    if compute_receipt_hash(entry) != entry.entry_hash:
        reasons.append(_("el asiento fue alterado"))
    previous = ReceiptEntry.objects.filter(sequence=entry.sequence - 1).first()
    expected_previous = previous.entry_hash if previous else GENESIS_HASH
    if entry.sequence > 1 and previous is None:
        reasons.append(_("falta el asiento anterior (fue eliminado)"))
    elif entry.previous_hash != expected_previous:
        reasons.append(_("el hash anterior no coincide con el asiento previo"))
    reasons.extend(problem.reason for problem in _check_declaration(entry))
    return AcuseCheck(found=True, valid=not reasons, reasons=tuple(reasons), entry=entry)
