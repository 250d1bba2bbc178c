"""Reads of the declarant side: a person's padrón entries and declarations, wizard state."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from .. import format as s1
from ..models import Declaration, FiscalProof, ObligatedServant, ReceiptEntry


def servant_records(user) -> QuerySet[ObligatedServant]:
    """The padrón entries linked to ``user`` (one per period in office)."""
    if not getattr(user, "is_authenticated", False):
        return ObligatedServant.objects.none()
    return (
        ObligatedServant.objects.filter(user=user)
        .select_related("entity")
        .order_by("-start_date", "pk")
    )


def own_declarations(user) -> QuerySet[Declaration]:
    """Every declaration the person files or captures: drafts and submitted, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Declaration.objects.none()
    return (
        Declaration.objects.filter(Q(declarant=user) | Q(captured_by=user) | Q(servant__user=user))
        .select_related("entity", "servant", "corrects")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=Declaration.objects.order_by("created_at"),
            ),
            Prefetch("fiscal_proofs", queryset=FiscalProof.objects.order_by("-uploaded_at")),
        )
        .order_by("-created_at")
        .distinct()
    )


def open_drafts(servant: ObligatedServant) -> QuerySet[Declaration]:
    return Declaration.objects.filter(servant=servant, status=Declaration.Status.DRAFT)


def get_declaration(pk) -> Declaration | None:
    return (
        Declaration.objects.select_related("entity", "servant", "declarant", "corrects")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class SectionProgress:
    section: object
    status: str  # complete | incomplete | empty
    position: int

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def status_label(self) -> str:
        from django.utils.translation import gettext as _

        return {
            "complete": _("Completo"),
            "incomplete": _("Incompleto"),
            "empty": _("Sin capturar"),
        }.get(self.status, self.status)


def progress(declaration: Declaration) -> list[SectionProgress]:
    """Each section of the declaration's format with its status, in format order."""
    return [
        SectionProgress(section, s1.section_status(declaration.document, section.key), position)
        for position, section in enumerate(
            s1.sections(declaration.tipo, declaration.complete_format)
        )
    ]


def progress_counts(rows: list[SectionProgress]) -> dict:
    complete = sum(1 for row in rows if row.status == "complete")
    return {
        "complete": complete,
        "total": len(rows),
        "percent": round(100 * complete / len(rows)) if rows else 0,
    }


def neighbours(declaration: Declaration, key: str):
    """(previous section, next section) around ``key`` in the format's order."""
    sections = list(s1.sections(declaration.tipo, declaration.complete_format))
    keys = [section.key for section in sections]
    if key not in keys:
        return None, None
    index = keys.index(key)
    previous = sections[index - 1] if index > 0 else None
    following = sections[index + 1] if index + 1 < len(sections) else None
    return previous, following


def receipt_of(declaration: Declaration) -> ReceiptEntry | None:
    return ReceiptEntry.objects.filter(declaration_id=declaration.pk).first()
