"""HTML views of the declarant: own declarations, the wizard, review, submit, acuse,
correction and the constancia fiscal. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pde.core.services import deny_access

from .. import format as s1
from ..forms.declarant import FiscalProofForm, StartDeclarationForm
from ..models import Declaration
from ..selectors import declarant as selectors
from ..services import declarant as services
from .public import document_tree


def _error_text(error) -> str:
    return " ".join(str(m) for m in getattr(error, "messages", [str(error)]))


def _own(request: HttpRequest, pk) -> Declaration:
    """The declaration if the user files or captures it; 404 if it does not exist,
    403 (audited) if it is someone else's."""
    declaration = selectors.get_declaration(pk)
    if declaration is None:
        raise Http404(_("La declaración no existe."))
    if not services.can_view_own(request.user, declaration):
        deny_access(declaration, reason="not_own_declaration")
    return declaration


def _editable(request: HttpRequest, pk) -> Declaration:
    declaration = _own(request, pk)
    if declaration.status != Declaration.Status.DRAFT:
        messages.info(request, _("La declaración ya fue presentada; ya no puede modificarse."))
        raise _Redirect(reverse("declarations:declaration_detail", args=[declaration.pk]))
    if not services.can_edit(request.user, declaration):
        deny_access(declaration, reason="not_editor")
    return declaration


class _Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def _handles_redirect(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Redirect as target:
            return redirect(target.url)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


_DEFAULTED_ONLY = {"moneda", "unidad"}


def _drop_unfilled(value):
    """Remove objects that hold only a defaulted currency or unit (a monto left empty
    in the form) and the containers they leave empty; None when nothing is left."""
    if isinstance(value, dict):
        if value and set(value) <= _DEFAULTED_ONLY:
            return None
        kept = {}
        for key, child in value.items():
            pruned = _drop_unfilled(child)
            if pruned is None and isinstance(child, dict | list) and child:
                continue
            kept[key] = child if pruned is None else pruned
        return kept or (None if value else {})
    if isinstance(value, list):
        kept = [pruned for pruned in map(_drop_unfilled, value) if pruned is not None]
        return kept or (None if value else [])
    return value


def form_value(form) -> dict:
    return _drop_unfilled(form.to_value()) or {}


def _section_or_404(declaration: Declaration, key: str):
    for section in s1.sections(declaration.tipo, declaration.complete_format):
        if section.key == key:
            return section
    raise Http404(_("El apartado no existe en este formato."))


def item_summaries(declaration: Declaration, key: str) -> list[str]:
    """A short line per item of a repeatable section: its first few filled fields, in
    the format's order (catalogue entries by their text)."""
    section = s1.section(key)
    summaries = []
    for entry in s1.items(declaration.document, key):
        form = s1.ItemForm(section, initial=entry, tipo=declaration.tipo)
        parts: list[str] = []
        for name, field in form.fields.items():
            value = form.initial.get(name)
            if name == "tipoOperacion" or value in (None, "", [], {}):
                continue
            if isinstance(value, dict):
                value = value.get("valor") or value.get("clave")
            choices = dict(getattr(field, "choices", []) or [])
            text = str(choices.get(value, value)).strip()
            if text and text not in parts:
                parts.append(text[:60])
            if len(parts) == 3:
                break
        summaries.append(" · ".join(parts))
    return summaries


# --- Own page and start -------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_declarations(request: HttpRequest) -> HttpResponse:
    servants = selectors.servant_records(request.user)
    form = StartDeclarationForm(servants=servants)
    return render(
        request,
        "declarations/declarant/my_declarations.html",
        {
            "declarations": selectors.own_declarations(request.user),
            "servants": servants,
            "form": form,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    servants = selectors.servant_records(request.user)
    form = StartDeclarationForm(request.POST, servants=servants)
    if form.is_valid():
        try:
            declaration = services.start_declaration(
                servant=form.cleaned_data["servant"],
                tipo=form.cleaned_data["tipo"],
                actor=request.user,
            )
        except services.DeclarationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _(
                    "Se creó su declaración %(tipo)s. Se guarda en cada paso; puede continuarla "
                    "desde cualquier equipo."
                )
                % {"tipo": declaration.get_tipo_display()},
            )
            return redirect("declarations:declaration_detail", declaration.pk)
    response = render(
        request,
        "declarations/declarant/my_declarations.html",
        {
            "declarations": selectors.own_declarations(request.user),
            "servants": servants,
            "form": form,
        },
    )
    response.status_code = 400
    return response


# --- One declaration -------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def declaration_detail(request: HttpRequest, pk) -> HttpResponse:
    """A draft's progress (the wizard's table of contents) or a submitted one's summary."""
    declaration = _own(request, pk)
    rows = selectors.progress(declaration)
    context = {
        "declaration": declaration,
        "rows": rows,
        "counts": selectors.progress_counts(rows),
        "resume": next(
            (row for row in rows if row.status != "complete"), rows[0] if rows else None
        ),
        "editable": services.can_edit(request.user, declaration),
        "receipt": selectors.receipt_of(declaration),
        "fiscal_proofs": declaration.fiscal_proofs.all(),
        "corrections": declaration.corrections.order_by("created_at"),
    }
    return render(request, "declarations/declarant/declaration.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_handles_redirect
def section(request: HttpRequest, pk, key: str) -> HttpResponse:
    declaration = _editable(request, pk)
    current = _section_or_404(declaration, key)
    previous, following = selectors.neighbours(declaration, key)
    value = s1.get_section(declaration.document, key)
    if request.method == "POST":
        form = s1.SectionForm(current, data=request.POST, initial=value, tipo=declaration.tipo)
        if form.is_valid():
            services.save_section(declaration, key, form_value(form), actor=request.user)
            messages.success(request, _("Se guardó «%(title)s».") % {"title": current.title})
            if "next" in request.POST and following is not None:
                return redirect("declarations:section", declaration.pk, following.key)
            if "next" in request.POST:
                return redirect("declarations:review", declaration.pk)
            return redirect("declarations:section", declaration.pk, key)
        status = 400
    else:
        form = s1.SectionForm(current, initial=value, tipo=declaration.tipo)
        status = 200
    rows = selectors.progress(declaration)
    context = {
        "declaration": declaration,
        "section": current,
        "form": form,
        "items": item_summaries(declaration, key) if current.repeatable else [],
        "previous": previous,
        "following": following,
        "rows": rows,
        "counts": selectors.progress_counts(rows),
        "status": s1.section_status(declaration.document, key),
    }
    template = "declarations/declarant/section.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@_handles_redirect
def item(request: HttpRequest, pk, key: str, index: int | None = None) -> HttpResponse:
    """Add (no index) or edit one item of a repeatable section."""
    declaration = _editable(request, pk)
    current = _section_or_404(declaration, key)
    if not current.repeatable:
        raise Http404(_("Este apartado no admite varios registros."))
    items = list(s1.items(declaration.document, key))
    if index is not None and not 0 <= index < len(items):
        raise Http404(_("El registro no existe."))
    initial = items[index] if index is not None else None
    if request.method == "POST":
        form = s1.ItemForm(current, data=request.POST, initial=initial, tipo=declaration.tipo)
        if form.is_valid():
            services.save_item(declaration, key, form_value(form), actor=request.user, index=index)
            messages.success(request, _("Se guardó el registro."))
            return redirect("declarations:section", declaration.pk, key)
        status = 400
    else:
        form = s1.ItemForm(current, initial=initial, tipo=declaration.tipo)
        status = 200
    context = {"declaration": declaration, "section": current, "form": form, "index": index}
    return render(request, "declarations/declarant/item.html", context, status=status)


@login_required
@require_POST
@_handles_redirect
def item_remove(request: HttpRequest, pk, key: str, index: int) -> HttpResponse:
    declaration = _editable(request, pk)
    _section_or_404(declaration, key)
    try:
        services.remove_item(declaration, key, index, actor=request.user)
    except services.DeclarationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Se eliminó el registro."))
    if request.htmx:
        current = _section_or_404(declaration, key)
        return render(
            request,
            "declarations/declarant/_items.html",
            {
                "declaration": declaration,
                "section": current,
                "items": item_summaries(declaration, key),
            },
        )
    return redirect("declarations:section", declaration.pk, key)


@login_required
@require_http_methods(["GET"])
@_handles_redirect
def review(request: HttpRequest, pk) -> HttpResponse:
    declaration = _editable(request, pk)
    return _render_review(request, declaration, s1.validate(declaration.document))


def _render_review(request, declaration, issues, status=200):
    rows = selectors.progress(declaration)
    by_section: dict[str, list] = {}
    for issue in issues:
        by_section.setdefault(issue.section_key, []).append(issue)
    grouped = [
        (
            row,
            by_section.get(row.key, []),
            document_tree(
                s1.get_section(declaration.document, row.key),
                node=row.section.node(declaration.tipo),
            ),
        )
        for row in rows
    ]
    known = {row.key for row in rows}
    other = [issue for key, found in by_section.items() if key not in known for issue in found]
    context = {
        "declaration": declaration,
        "grouped": grouped,
        "other_issues": other,
        "issues": issues,
        "counts": selectors.progress_counts(rows),
    }
    return render(request, "declarations/declarant/review.html", context, status=status)


@login_required
@require_POST
@_handles_redirect
def submit(request: HttpRequest, pk) -> HttpResponse:
    declaration = _editable(request, pk)
    if request.POST.get("confirm") != "1":
        messages.error(
            request,
            _("Confirme que la información es verdadera antes de presentar la declaración."),
        )
        return redirect("declarations:review", declaration.pk)
    try:
        declaration = services.submit_declaration(declaration, actor=request.user)
    except services.DeclarationInvalid as invalid:
        return _render_review(request, declaration, invalid.issues, status=400)
    except services.DeclarationLocked:
        return redirect("declarations:declaration_detail", declaration.pk)
    messages.success(
        request,
        _("Su declaración fue presentada con el folio %(folio)s. Descargue su acuse.")
        % {"folio": declaration.folio},
    )
    return redirect("declarations:declaration_detail", declaration.pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk) -> HttpResponse:
    declaration = _own(request, pk)
    if not services.can_edit(request.user, declaration):
        deny_access(declaration, reason="not_editor")
    services.discard_draft(declaration, actor=request.user)
    messages.success(request, _("Se eliminó el borrador."))
    return redirect("declarations:my_declarations")


@login_required
@require_http_methods(["GET"])
def acuse(request: HttpRequest, pk) -> HttpResponse:
    declaration = _own(request, pk)
    if declaration.status != Declaration.Status.SUBMITTED:
        raise Http404(_("Sólo una declaración presentada tiene acuse."))
    response = HttpResponse(services.acuse_pdf(declaration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="acuse-{declaration.folio}.pdf"'
    return response


@login_required
@require_POST
def correct(request: HttpRequest, pk) -> HttpResponse:
    declaration = _own(request, pk)
    try:
        correction = services.correct_declaration(declaration, actor=request.user)
    except services.DeclarationError as error:
        messages.error(request, _error_text(error))
        return redirect("declarations:declaration_detail", declaration.pk)
    messages.success(
        request,
        _(
            "Se creó una corrección de %(folio)s. Modifique lo necesario y preséntela; "
            "la declaración original se conserva sin cambios."
        )
        % {"folio": declaration.folio},
    )
    return redirect("declarations:declaration_detail", correction.pk)


@login_required
@require_http_methods(["GET", "POST"])
def fiscal_proof(request: HttpRequest, pk) -> HttpResponse:
    declaration = _own(request, pk)
    if request.method == "POST":
        form = FiscalProofForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                proof = services.attach_fiscal_proof(
                    declaration,
                    form.cleaned_data["file"],
                    actor=request.user,
                    fiscal_year=form.cleaned_data.get("fiscal_year"),
                )
            except services.DeclarationError as error:
                form.add_error("file", _error_text(error))
            else:
                messages.success(
                    request,
                    _("Se guardó la constancia (SHA-256 %(sha)s).") % {"sha": proof.sha256},
                )
                return redirect("declarations:declaration_detail", declaration.pk)
        status = 400
    else:
        form = FiscalProofForm()
        status = 200
    return render(
        request,
        "declarations/declarant/fiscal_proof.html",
        {"declaration": declaration, "form": form},
        status=status,
    )
