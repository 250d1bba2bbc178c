"""Writes of the declarant side: drafts, sections and items, submission, correction,
the constancia fiscal and the acuse.

Every rule lives here; views and the OIC side call these functions. A submitted
declaration never changes: every write below refuses one, and a correction is a
new draft linked to the declaration it corrects (``corrects``).
"""

import copy
import hashlib
import io
from datetime import UTC, date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.services import record_event

from .. import format as s1
from ..models import (
    Declaration,
    DeclarationType,
    DeclaredProperty,
    FiscalProof,
    FolioSequence,
    ObligatedServant,
)
from . import receipts

FOLIO_PREFIX = "DP"


class DeclarationError(ValidationError):
    """A refused operation, with a Spanish message for the person."""


class DeclarationLocked(DeclarationError):
    """The declaration was submitted: it never changes."""


class DeclarationInvalid(Exception):
    """Submission refused: ``issues`` lists every problem (s1.Issue), per section and field."""

    def __init__(self, issues):
        self.issues = list(issues)
        super().__init__(
            _("La declaración tiene %(n)s error(es); corríjalos antes de presentarla.")
            % {"n": len(self.issues)}
        )

    def by_section(self) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for issue in self.issues:
            grouped.setdefault(issue.section_key, []).append(issue)
        return grouped


# --- Permissions -------------------------------------------------------------------


def can_edit(user, declaration: Declaration) -> bool:
    """The declarant, or the OIC user who captures it on their behalf; drafts only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if declaration.status != Declaration.Status.DRAFT:
        return False
    return user.pk in {declaration.declarant_id, declaration.captured_by_id} - {None}


def can_view_own(user, declaration: Declaration) -> bool:
    """The declarant, the person of its padrón entry, or whoever captured it (the
    OIC's scoped view of its entes is the OIC side's)."""
    if not getattr(user, "is_authenticated", False):
        return False
    people = {declaration.declarant_id, declaration.captured_by_id}
    if declaration.servant_id:
        people.add(declaration.servant.user_id)
    return user.pk in people - {None}


def _ensure_draft(declaration: Declaration) -> None:
    if declaration.status != Declaration.Status.DRAFT:
        raise DeclarationLocked(
            _("La declaración %(folio)s ya fue presentada y no puede modificarse.")
            % {"folio": declaration.folio}
        )


def _locked_draft(declaration: Declaration) -> Declaration:
    """Re-read the row under a lock (inside a transaction) and refuse a submitted one."""
    fresh = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _ensure_draft(fresh)
    return fresh


# --- Starting a declaration ---------------------------------------------------------


def declarant_data(servant: ObligatedServant) -> dict:
    """What the padrón knows of the person, in the format's own field names."""
    entity = servant.entity
    data = {
        "nombre": servant.nombre,
        "primerApellido": servant.primer_apellido,
        "segundoApellido": servant.segundo_apellido,
        "curp": servant.curp,
        "rfc": servant.rfc,
        "correoInstitucional": servant.email,
        "nombreEntePublico": entity.name,
        "empleoCargoComision": servant.position,
        "nivelEmpleoCargoComision": servant.level,
        "nivelOrdenGobierno": entity.order_of_government,
        "ambitoPublico": entity.branch,
    }
    if entity.order_of_government != entity.OrderOfGovernment.FEDERAL:
        data["entidadFederativa"] = "07"  # Chiapas: every state and municipal ente
    if entity.inegi_code:
        data["municipioAlcaldia"] = {"clave": entity.inegi_code[2:], "valor": entity.name}
    return data


def previous_submitted(servant: ObligatedServant) -> Declaration | None:
    """The person's latest submitted declaration (same CURP, any padrón period)."""
    return (
        Declaration.objects.filter(status=Declaration.Status.SUBMITTED)
        .filter(servant__curp=servant.curp)
        .order_by("-submitted_at")
        .first()
    )


def _period_year(servant: ObligatedServant, tipo: str, today: date) -> int:
    if tipo == DeclarationType.MODIFICACION:
        # Declared in May of year N, it reports year N-1.
        return today.year - 1
    if tipo == DeclarationType.CONCLUSION:
        return (servant.end_date or today).year
    return servant.start_date.year


def start_declaration(
    *, servant: ObligatedServant, tipo: str, actor, source: str = Declaration.Source.WIZARD
) -> Declaration:
    """A new draft for ``servant``: format (complete or simplified) from the padrón,
    pre-filled from the previous submitted declaration for a Modificación or
    Conclusión. Refuses a second open draft of the same type."""
    if tipo not in DeclarationType.values:
        raise DeclarationError(
            {"tipo": _("El tipo de declaración «%(t)s» no existe.") % {"t": tipo}}
        )
    if source not in Declaration.Source.values:
        raise DeclarationError({"source": _("Origen de captura no válido.")})
    with transaction.atomic():
        # Lock the padrón row so two clicks cannot open two drafts.
        servant = (
            ObligatedServant.objects.select_for_update().select_related("entity").get(pk=servant.pk)
        )
        open_draft = Declaration.objects.filter(
            servant=servant, tipo=tipo, status=Declaration.Status.DRAFT
        ).first()
        if open_draft is not None:
            raise DeclarationError(
                {
                    "tipo": _("Ya tiene una declaración %(tipo)s en borrador; continúe con ella.")
                    % {"tipo": open_draft.get_tipo_display()}
                }
            )
        previous = None
        if tipo in (DeclarationType.MODIFICACION, DeclarationType.CONCLUSION):
            previous_declaration = previous_submitted(servant)
            previous = previous_declaration.document if previous_declaration else None
        document = s1.new_document(
            tipo,
            servant.complete_format,
            declarant=declarant_data(servant),
            institution=settings.PDE_INSTITUTION_NAME,
            previous=copy.deepcopy(previous) if previous else None,
        )
        on_behalf = source != Declaration.Source.WIZARD
        declaration = Declaration.objects.create(
            tipo=tipo,
            complete_format=servant.complete_format,
            source=source,
            entity=servant.entity,
            servant=servant,
            declarant=servant.user,
            captured_by=actor if on_behalf else None,
            period_year=_period_year(servant, tipo, timezone.localdate()),
            document=document,
        )
        declaration.document["id"] = str(declaration.pk)
        declaration.save(update_fields=["document", "updated_at"])
        record_event(
            "declaration.started",
            declaration,
            actor=actor,
            changes={
                "tipo": tipo,
                "source": source,
                "complete_format": servant.complete_format,
                "prefilled": previous is not None,
            },
        )
    return declaration


def create_from_document(
    *, servant: ObligatedServant, document: dict, actor, source: str = Declaration.Source.IMPORT
) -> Declaration:
    """A draft holding a whole S1 document captured elsewhere (for imports); submit it
    with ``submit_declaration``. Type and format come from the document's metadata."""
    metadata = (document or {}).get("metadata") or {}
    tipo = metadata.get("tipo")
    if tipo not in DeclarationType.values:
        raise DeclarationError({"tipo": _("El documento no indica un tipo de declaración válido.")})
    with transaction.atomic():
        declaration = Declaration.objects.create(
            tipo=tipo,
            complete_format=bool(metadata.get("declaracionCompleta")),
            source=source,
            entity=servant.entity,
            servant=servant,
            declarant=servant.user,
            captured_by=actor,
            period_year=_period_year(servant, tipo, timezone.localdate()),
            document=copy.deepcopy(document),
        )
        record_event(
            "declaration.started",
            declaration,
            actor=actor,
            changes={"tipo": tipo, "source": source},
        )
    return declaration


# --- Editing a draft ------------------------------------------------------------------


def _section_or_error(declaration: Declaration, key: str):
    keys = {section.key for section in s1.sections(declaration.tipo, declaration.complete_format)}
    if key not in keys:
        raise DeclarationError(
            {"section": _("El apartado «%(key)s» no forma parte de este formato.") % {"key": key}}
        )
    return s1.section(key)


def save_section(declaration: Declaration, key: str, value, *, actor) -> Declaration:
    """Replace one section of a draft (the wizard saves on every step)."""
    _section_or_error(declaration, key)
    with transaction.atomic():
        fresh = _locked_draft(declaration)
        fresh.document = s1.put_section(fresh.document, key, value)
        fresh.save(update_fields=["document", "updated_at"])
        record_event("declaration.section_saved", fresh, actor=actor, changes={"section": key})
    declaration.document, declaration.updated_at = fresh.document, fresh.updated_at
    return declaration


def save_item(
    declaration: Declaration, key: str, item: dict, *, actor, index: int | None = None
) -> Declaration:
    """Add (``index`` None) or replace one item of a repeatable section."""
    section = _section_or_error(declaration, key)
    if not section.repeatable:
        raise DeclarationError({"section": _("Este apartado no admite varios registros.")})
    with transaction.atomic():
        fresh = _locked_draft(declaration)
        items = list(s1.items(fresh.document, key))
        if index is None:
            items.append(item)
        elif 0 <= index < len(items):
            items[index] = item
        else:
            raise DeclarationError({"index": _("El registro que intenta editar no existe.")})
        fresh.document = s1.put_items(fresh.document, key, items)
        fresh.save(update_fields=["document", "updated_at"])
        record_event(
            "declaration.item_saved",
            fresh,
            actor=actor,
            changes={"section": key, "index": len(items) - 1 if index is None else index},
        )
    declaration.document, declaration.updated_at = fresh.document, fresh.updated_at
    return declaration


def remove_item(declaration: Declaration, key: str, index: int, *, actor) -> Declaration:
    section = _section_or_error(declaration, key)
    if not section.repeatable:
        raise DeclarationError({"section": _("Este apartado no admite varios registros.")})
    with transaction.atomic():
        fresh = _locked_draft(declaration)
        items = list(s1.items(fresh.document, key))
        if not 0 <= index < len(items):
            raise DeclarationError({"index": _("El registro que intenta eliminar no existe.")})
        del items[index]
        fresh.document = s1.put_items(fresh.document, key, items)
        fresh.save(update_fields=["document", "updated_at"])
        record_event(
            "declaration.item_removed", fresh, actor=actor, changes={"section": key, "index": index}
        )
    declaration.document, declaration.updated_at = fresh.document, fresh.updated_at
    return declaration


def discard_draft(declaration: Declaration, *, actor) -> None:
    """Delete a draft that was never submitted (a submitted one is refused)."""
    with transaction.atomic():
        fresh = _locked_draft(declaration)
        record_event(
            "declaration.draft_discarded", fresh, actor=actor, changes={"tipo": fresh.tipo}
        )
        fresh.delete()


# --- Submission -----------------------------------------------------------------------


def next_folio(year: int) -> str:
    """The next folio of ``year`` (DP-2026-000123). Call inside a transaction: the
    counter row stays locked until it commits, so concurrent submissions queue."""
    FolioSequence.objects.get_or_create(year=year)
    counter = FolioSequence.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{FOLIO_PREFIX}-{year}-{counter.last_number:06d}"


def submit_declaration(declaration: Declaration, *, actor) -> Declaration:
    """Validate fully and file: folio, immutable storage, SHA-256 of the canonical
    JSON, stored public version, search columns, public properties, receipt-log
    entry and audit event, all in one transaction. Raises DeclarationInvalid."""
    with transaction.atomic():
        fresh = _locked_draft(declaration)
        now = timezone.now()
        document = fresh.document
        document["id"] = str(fresh.pk)
        metadata = document.setdefault("metadata", {})
        # An imported document keeps the date it was presented in the other system.
        if fresh.source != Declaration.Source.IMPORT or not metadata.get("actualizacion"):
            metadata["actualizacion"] = (
                now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            )
        issues = s1.validate(document)
        if issues:
            raise DeclarationInvalid(issues)
        # Store both documents first and hash what the database gives back: a JSON
        # column may normalize numbers (jsonb), and the hash must match the stored bytes
        # for as long as the declaration exists.
        fresh.document = document
        fresh.public_document = s1.public_version(document)
        fresh.save(update_fields=["document", "public_document", "updated_at"])
        fresh.document, public = Declaration.objects.values_list("document", "public_document").get(
            pk=fresh.pk
        )
        fresh.public_document = public
        fresh.document_sha256 = s1.sha256(fresh.document)
        fresh.folio = next_folio(timezone.localtime(now).year)
        fresh.submitted_at = now
        fresh.status = Declaration.Status.SUBMITTED
        for column, value in s1.search_columns(public).items():
            setattr(fresh, column, value)
        fresh.save()
        DeclaredProperty.objects.bulk_create(
            DeclaredProperty(declaration=fresh, **kwargs) for kwargs in s1.public_properties(public)
        )
        receipt = receipts.append_receipt(fresh)
        record_event(
            "declaration.submitted",
            fresh,
            actor=actor,
            changes={
                "folio": fresh.folio,
                "tipo": fresh.tipo,
                "source": fresh.source,
                "document_sha256": fresh.document_sha256,
                "receipt_sequence": receipt.sequence,
                "corrects": fresh.corrects.folio if fresh.corrects_id else "",
            },
        )
    return fresh


def correct_declaration(declaration: Declaration, *, actor) -> Declaration:
    """A new draft, a copy of a submitted declaration, linked to it by ``corrects``."""
    with transaction.atomic():
        original = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if original.status != Declaration.Status.SUBMITTED:
            raise DeclarationError(
                {"corrects": _("Sólo se corrige una declaración ya presentada.")}
            )
        if Declaration.objects.filter(corrects=original, status=Declaration.Status.DRAFT).exists():
            raise DeclarationError(
                {
                    "corrects": _(
                        "Ya hay una corrección en borrador de esta declaración; continúe con ella."
                    )
                }
            )
        document = copy.deepcopy(original.document)
        document.get("metadata", {}).pop("actualizacion", None)
        on_behalf = actor is not None and actor.pk != original.declarant_id
        correction = Declaration.objects.create(
            tipo=original.tipo,
            complete_format=original.complete_format,
            source=Declaration.Source.ON_BEHALF if on_behalf else Declaration.Source.WIZARD,
            entity=original.entity,
            servant=original.servant,
            declarant=original.declarant,
            captured_by=actor if on_behalf else None,
            corrects=original,
            period_year=original.period_year,
            document=document,
        )
        correction.document["id"] = str(correction.pk)
        correction.save(update_fields=["document", "updated_at"])
        record_event(
            "declaration.correction_started",
            correction,
            actor=actor,
            changes={"corrects": original.folio, "tipo": original.tipo},
        )
    return correction


# --- Constancia de declaración fiscal -------------------------------------------------


def _looks_like_pdf(content: bytes) -> bool:
    if content.lstrip()[:5] != b"%PDF-":
        return False
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return len(reader.pages) > 0
    except Exception:  # noqa: BLE001 - any parse failure means "not a usable PDF"
        return False


def attach_fiscal_proof(
    declaration: Declaration, uploaded, *, actor, fiscal_year: int | None = None
) -> FiscalProof:
    """Store the constancia fiscal (a PDF, checked by content and size) with its SHA-256."""
    limit = settings.PDE_DECLARATIONS_FISCAL_PROOF_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise DeclarationError(
            {
                "file": _("El archivo pesa %(size)s MB; el máximo es %(limit)s MB.")
                % {"size": round(size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
            }
        )
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise DeclarationError(
            {
                "file": _("El archivo excede el máximo de %(limit)s MB.")
                % {"limit": round(limit / 1_048_576, 1)}
            }
        )
    if not content:
        raise DeclarationError({"file": _("El archivo está vacío.")})
    if not _looks_like_pdf(content):
        raise DeclarationError(
            {"file": _("El archivo no es un PDF válido; suba la constancia en formato PDF.")}
        )
    digest = hashlib.sha256(content).hexdigest()
    name = (getattr(uploaded, "name", "") or "constancia.pdf").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        proof = FiscalProof(
            declaration=declaration,
            original_name=name,
            size=len(content),
            sha256=digest,
            fiscal_year=fiscal_year,
            uploaded_by=actor,
        )
        proof.file.save(f"{digest}.pdf", ContentFile(content), save=False)
        proof.save()
        record_event(
            "declaration.fiscal_proof_attached",
            declaration,
            actor=actor,
            changes={"sha256": digest, "size": len(content), "fiscal_year": fiscal_year},
        )
    return proof


# --- Acuse ----------------------------------------------------------------------------


def acuse_context(declaration: Declaration) -> dict:
    if declaration.status != Declaration.Status.SUBMITTED:
        raise DeclarationError({"acuse": _("Sólo una declaración presentada tiene acuse.")})
    servant = declaration.servant
    declarant_name = str(servant) if servant else ""
    if not declarant_name and declaration.declarant_id:
        declarant_name = str(declaration.declarant)
    return {
        "declaration": declaration,
        "declarant_name": declarant_name,
        "position": servant.position if servant else "",
        "receipt": receipts.receipt_for(declaration),
        "submitted_local": timezone.localtime(declaration.submitted_at),
        "format_label": _("Completo") if declaration.complete_format else _("Simplificado"),
        "institution_name": settings.PDE_INSTITUTION_NAME,
        "fiscal_proofs": list(declaration.fiscal_proofs.all()),
    }


def acuse_pdf(declaration: Declaration) -> bytes:
    """The acuse de recibo (WeasyPrint): folio, date and time, declarant, ente, type,
    format, SHA-256 and the receipt-log entry that proves the filing."""
    from weasyprint import HTML

    html = render_to_string("declarations/declarant/acuse.html", acuse_context(declaration))
    return HTML(string=html).write_pdf()
