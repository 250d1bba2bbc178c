"""Public reads of declarations. They touch ONLY the stored public version and the
search columns extracted from it, never the full document (``defer`` makes sure the
full document is not even loaded)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from pde.core.text import normalize_text

from ..models import Declaration

# Columns a public page may read. ``document`` is not among them.
PUBLIC_FIELDS = (
    "id",
    "tipo",
    "complete_format",
    "status",
    "entity",
    "entity__name",
    "entity__acronym",
    "folio",
    "submitted_at",
    "period_year",
    "public_document",
    "corrects",
    "nombres_norm",
    "primer_apellido_norm",
    "segundo_apellido_norm",
    "ente_nombre_norm",
    "empleo_cargo_comision_norm",
    "nivel_empleo_cargo_comision",
    "nivel_orden_gobierno",
    "total_ingresos_netos",
)


def _public_base() -> QuerySet[Declaration]:
    superseded = Declaration.objects.filter(
        corrects=OuterRef("pk"), status=Declaration.Status.SUBMITTED
    )
    return (
        Declaration.objects.filter(status=Declaration.Status.SUBMITTED)
        .select_related("entity")
        .only(*PUBLIC_FIELDS)
        .annotate(superseded=Exists(superseded))
    )


def search_public(
    *, name: str = "", entity: str = "", position: str = "", tipo: str = "", current_only=True
) -> QuerySet[Declaration]:
    """Submitted declarations by name, ente, position and type (normalized substring
    search on the public columns). A declaration replaced by a submitted correction
    is left out unless ``current_only`` is False."""
    declarations = _public_base()
    if current_only:
        declarations = declarations.filter(superseded=False)
    for term in normalize_text(name).split():
        declarations = declarations.filter(
            Q(nombres_norm__contains=term)
            | Q(primer_apellido_norm__contains=term)
            | Q(segundo_apellido_norm__contains=term)
        )
    for term in normalize_text(entity).split():
        declarations = declarations.filter(ente_nombre_norm__contains=term)
    for term in normalize_text(position).split():
        declarations = declarations.filter(empleo_cargo_comision_norm__contains=term)
    if tipo:
        declarations = declarations.filter(tipo=tipo)
    return declarations.order_by(
        "primer_apellido_sort", "segundo_apellido_sort", "nombres_sort", "-submitted_at"
    )


def public_declaration(pk) -> Declaration | None:
    return _public_base().filter(pk=pk).first()


def public_corrections(declaration: Declaration) -> QuerySet[Declaration]:
    return _public_base().filter(corrects=declaration).order_by("submitted_at")


def _dig(document, *path):
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def public_summary(declaration: Declaration) -> dict:
    """Name, position and ente as the public version states them."""
    public = declaration.public_document or {}
    patrimonial = _dig(public, "declaracion", "situacionPatrimonial") or {}
    general = patrimonial.get("datosGenerales") or {}
    job = patrimonial.get("datosEmpleoCargoComision") or {}
    name = " ".join(
        part
        for part in (
            general.get("nombre"),
            general.get("primerApellido"),
            general.get("segundoApellido"),
        )
        if isinstance(part, str) and part
    )
    return {
        "name": name,
        "position": job.get("empleoCargoComision") or "",
        "ente": job.get("nombreEntePublico") or declaration.entity.name,
        "level": job.get("nivelEmpleoCargoComision") or "",
    }


def with_summaries(declarations) -> list[tuple[Declaration, dict]]:
    return [(declaration, public_summary(declaration)) for declaration in declarations]
