"""HTML views of the governance app. Thin: check access, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pde.core.business_days import parse_year
from pde.core.services import deny_access, record_event
from pde.core.views import paginate, querystring_without_page

from . import documents, selectors, services
from .forms import (
    AgendaItemForm,
    AgreementFilterForm,
    AgreementForm,
    AttendanceForm,
    BodyFilterForm,
    BodyForm,
    ConveneForm,
    ConvenioFilterForm,
    ConvenioForm,
    EvidenceForm,
    FollowUpForm,
    MemberForm,
    SessionFilterForm,
    SessionForm,
    SignedMinutesForm,
    SupportingDocumentForm,
    VoteForm,
)
from .models import (
    SYSTEM_CODES,
    AgendaItem,
    Agreement,
    AgreementEvidence,
    Body,
    Convenio,
    Member,
    Session,
    SupportingDocument,
)

# --- Helpers ----------------------------------------------------------------------------


def _require_manage(request: HttpRequest, obj=None) -> None:
    if not selectors.can_manage(request.user):
        deny_access(obj, reason="permission", detail="governance.change_session")


def _require_view(request: HttpRequest, body: Body, obj=None) -> None:
    if not selectors.can_view_body(request.user, body):
        deny_access(obj or body, reason="not_a_member")


def _require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm):
        deny_access(obj, reason="permission", detail=perm)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _file_response(field, name: str) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


def _bytes_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _session_filename(session: Session, prefix: str, ext: str) -> str:
    return f"{prefix}-{session.body.acronym}-{session.year}-{session.kind}-{session.number}.{ext}"


# --- Bodies -----------------------------------------------------------------------------


@login_required
@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view_all(request.user) and not selectors.member_body_ids(request.user):
        deny_access(None, reason="permission", detail="governance.view_body")
    form = BodyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    bodies = selectors.search_bodies(request.user, filters.get("q", ""), filters.get("active", ""))
    return render(
        request,
        "governance/body_list.html",
        {
            "form": form,
            "page": paginate(request, bodies),
            "querystring": querystring_without_page(request),
            "can_manage": selectors.can_manage(request.user),
        },
    )


@login_required
def body_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk) if pk else Body()
    _require_perm(request, "governance.change_body" if pk else "governance.add_body", body)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.save_body(form.save(commit=False), by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se guardó el órgano «%s».") % body.name)
            return redirect("governance:body_detail", body.pk)
    title = _("Editar órgano colegiado") if pk else _("Nuevo órgano colegiado")
    return render(request, "governance/form.html", {"form": form, "title": title, "back": body})


@login_required
@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("entity"), pk=pk)
    _require_view(request, body)
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = selectors.search_sessions(
        request.user,
        body=body,
        year=filters.get("year"),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "form": form,
            "page": paginate(request, sessions),
            "querystring": querystring_without_page(request),
            "current_members": selectors.current_members(body),
            "history": selectors.member_history(body),
            "can_manage": selectors.can_manage(request.user),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_GET
def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    _require_view(request, body)
    year = parse_year(request.GET.get("year"))
    quarters = [(q, selectors.sessions_held_vs_planned(body, year, q)) for q in (1, 2, 3, 4)]
    return render(
        request,
        "governance/calendar.html",
        {
            "body": body,
            "year": year,
            "sessions": selectors.annual_calendar(body, year),
            "totals": selectors.sessions_held_vs_planned(body, year),
            "quarters": quarters,
        },
    )


@login_required
def member_form(request: HttpRequest, body_pk: int, pk: int | None = None) -> HttpResponse:
    body = get_object_or_404(Body, pk=body_pk)
    member = get_object_or_404(Member, pk=pk, body=body) if pk else Member(body=body)
    _require_perm(request, "governance.change_member" if pk else "governance.add_member", body)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.save_member(form.save(commit=False), by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se guardó a «%s».") % member.full_name)
            return redirect("governance:body_detail", body.pk)
    title = _("Editar integrante") if pk else _("Nuevo integrante")
    return render(request, "governance/form.html", {"form": form, "title": title, "back": body})


# --- Sessions ---------------------------------------------------------------------------


@login_required
def session_create(request: HttpRequest, body_pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=body_pk)
    _require_perm(request, "governance.add_session", body)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.plan_session(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se programó la %s.") % session.title)
            return redirect("governance:session_detail", session.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": _("Programar sesión de %s") % body.acronym, "back": body},
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(form.save(commit=False), by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se guardaron los cambios."))
            return redirect("governance:session_detail", session.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": _("Editar %s") % session.title, "back_session": session},
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_view(request, session.body, session)
    context = selectors.session_detail(session)
    can_manage = selectors.can_manage(request.user)
    context["can_manage"] = can_manage
    if can_manage and session.is_open:
        context["attendance_form"] = AttendanceForm(
            members=context["members"], attendance=context["attendance"]
        )
        context["agreement_form"] = AgreementForm(session=session)
        voters = [m for m in context["present_members"] if m.has_vote]
        for item in context["items"]:
            if item.requires_vote:
                item.vote_form = VoteForm(
                    members=voters, current=item.member_votes, prefix=f"item{item.pk}"
                )
    if can_manage and not session.closed_at and session.status != Session.Status.CANCELLED:
        context["item_form"] = AgendaItemForm()
        context["convene_form"] = ConveneForm(initial={"convened_on": timezone.localdate()})
        context["notice_deadline"] = services.notice_deadline(session)
    if can_manage and session.status == Session.Status.HELD:
        context["minutes_form"] = SignedMinutesForm()
    return render(request, "governance/session_detail.html", context)


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    _require_manage(request, session)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(session, by=request.user, **form.cleaned_data)
            messages.success(request, _("Se agregó el punto al orden del día."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("Escriba el asunto del punto."))
    return redirect("governance:session_detail", session.pk)


@login_required
def supporting_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("session__body"), pk=pk)
    _require_manage(request, item.session)
    form = SupportingDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_supporting_document(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se adjuntó el insumo."))
            return redirect("governance:session_detail", item.session_id)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": _("Insumo del punto %s") % item,
            "back_session": item.session,
            "multipart": True,
        },
    )


@login_required
@require_GET
def supporting_document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        SupportingDocument.objects.select_related("agenda_item__session__body"), pk=pk
    )
    _require_view(request, document.agenda_item.session.body, document)
    return _file_response(document.file, document.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def session_convene(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    form = ConveneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indique la fecha de la convocatoria."))
        return redirect("governance:session_detail", session.pk)
    pdf_url = request.build_absolute_uri(reverse("governance:convocation_pdf", args=[session.pk]))
    try:
        services.convene_session(
            session, convened_on=form.cleaned_data["convened_on"], pdf_url=pdf_url, by=request.user
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request, _("Se emitió la convocatoria y se envió por correo a los integrantes.")
        )
    return redirect("governance:session_detail", session.pk)


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    form = AttendanceForm(request.POST, members=selectors.session_members(session))
    if form.is_valid():
        try:
            services.record_attendance(session, form.cleaned_data["present"], by=request.user)
            result = selectors.quorum(session)
            if result.reached:
                messages.success(request, _("Asistencia registrada: hay quórum."))
            else:
                messages.warning(request, _("Asistencia registrada: no hay quórum."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("La lista de asistencia no es válida."))
    return redirect("governance:session_detail", session.pk)


@login_required
@require_POST
def item_votes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("session__body"), pk=pk)
    _require_manage(request, item.session)
    voters = [m for m in selectors.session_members(item.session) if m.has_vote]
    # Any member id posted is checked by the service, so a non-member is refused clearly.
    posted = {
        key.removeprefix(f"item{item.pk}-member_")
        for key in request.POST
        if key.startswith(f"item{item.pk}-member_")
    }
    known = {str(m.pk) for m in voters}
    extra = [pk for pk in posted if pk not in known and pk.isdigit()]
    form = VoteForm(request.POST, members=voters, prefix=f"item{item.pk}")
    if form.is_valid():
        choices = form.choices()
        for member_id in extra:
            choices[int(member_id)] = request.POST[f"item{item.pk}-member_{member_id}"]
        try:
            services.record_votes(item, choices, by=request.user)
            messages.success(request, _("Se registró la votación del punto %s.") % item.order)
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("La votación no es válida."))
    return redirect("governance:session_detail", item.session_id)


@login_required
@require_POST
def agreement_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    form = AgreementForm(request.POST, session=session)
    if form.is_valid():
        try:
            agreement = services.adopt_agreement(session, by=request.user, **form.cleaned_data)
            messages.success(request, _("Se adoptó el acuerdo %s.") % agreement.number)
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("governance:session_detail", session.pk)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    try:
        services.close_session(session, by=request.user)
        messages.success(request, _("La sesión quedó cerrada y cuenta como celebrada."))
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("governance:session_detail", session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    try:
        services.cancel_session(session, reason=request.POST.get("reason", ""), by=request.user)
        messages.success(request, _("La sesión fue cancelada."))
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("governance:session_detail", session.pk)


@login_required
@require_GET
def convocation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_view(request, session.body, session)
    return _bytes_response(
        documents.convocation_pdf(session),
        "application/pdf",
        _session_filename(session, "convocatoria", "pdf"),
    )


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_view(request, session.body, session)
    return _bytes_response(
        documents.minutes_pdf(session), "application/pdf", _session_filename(session, "acta", "pdf")
    )


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    return _bytes_response(
        documents.minutes_docx(session),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _session_filename(session, "acta", "docx"),
    )


@login_required
@require_POST
def signed_minutes_upload(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_manage(request, session)
    form = SignedMinutesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_signed_minutes(session, form.cleaned_data["file"], by=request.user)
            messages.success(request, _("Se adjuntó el acta firmada."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        for message in form.errors.get("file", []):
            messages.error(request, message)
    return redirect("governance:session_detail", session.pk)


@login_required
@require_GET
def signed_minutes_download(request: HttpRequest, pk: int) -> FileResponse:
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
    _require_view(request, session.body, session)
    return _file_response(session.signed_minutes, _session_filename(session, "acta-firmada", "pdf"))


# --- Agreements -------------------------------------------------------------------------


def _agreement_list(request: HttpRequest, *, overdue_only: bool) -> HttpResponse:
    bodies = selectors.visible_bodies(request.user)
    if not selectors.can_view_all(request.user) and not bodies.exists():
        deny_access(None, reason="permission", detail="governance.view_agreement")
    form = AgreementFilterForm(request.GET or None, bodies=bodies)
    filters = form.cleaned_data if form.is_valid() else {}
    if overdue_only:
        filters["overdue"] = True
    agreements = selectors.search_agreements(request.user, **filters)
    template = (
        "governance/_agreement_rows.html" if request.htmx else "governance/agreement_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": paginate(request, agreements),
            "querystring": querystring_without_page(request),
            "overdue_only": overdue_only,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    return _agreement_list(request, overdue_only=False)


@login_required
@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    return _agreement_list(request, overdue_only=True)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("body", "session"), pk=pk)
    _require_view(request, agreement.body, agreement)
    can_manage = selectors.can_manage(request.user)
    form = FollowUpForm(instance=agreement) if can_manage else None
    evidence_form = EvidenceForm() if can_manage else None
    if request.method == "POST":
        _require_manage(request, agreement)
        action = request.POST.get("action")
        if action == "follow_up":
            form = FollowUpForm(request.POST, instance=agreement)
            if form.is_valid():
                try:
                    services.update_follow_up(form.save(commit=False), by=request.user)
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("Se guardó el seguimiento."))
                    return redirect("governance:agreement_detail", agreement.pk)
        elif action == "evidence":
            evidence_form = EvidenceForm(request.POST, request.FILES)
            if evidence_form.is_valid():
                services.add_evidence(agreement, by=request.user, **evidence_form.cleaned_data)
                messages.success(request, _("Se adjuntó la evidencia."))
                return redirect("governance:agreement_detail", agreement.pk)
        elif action in ("publish", "unpublish"):
            services.set_published(agreement, action == "publish", by=request.user)
            messages.success(
                request,
                _("El acuerdo es público.")
                if action == "publish"
                else _("El acuerdo ya no es público."),
            )
            return redirect("governance:agreement_detail", agreement.pk)
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "agreement": agreement,
            "evidence": agreement.evidence.all(),
            "form": form,
            "evidence_form": evidence_form,
            "can_manage": can_manage,
            "overdue": agreement.is_overdue(timezone.localdate()),
        },
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(AgreementEvidence.objects.select_related("agreement__body"), pk=pk)
    _require_view(request, evidence.agreement.body, evidence)
    return _file_response(evidence.file, evidence.file.name.rsplit("/", 1)[-1])


# --- Public pages -----------------------------------------------------------------------


@require_GET
def public_bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/public_bodies.html", {"bodies": selectors.public_bodies()})


@require_GET
def public_agreements(request: HttpRequest, acronym: str) -> HttpResponse:
    body = get_object_or_404(Body, acronym=acronym, active=True)
    page = paginate(request, selectors.public_agreements(body))
    return render(request, "governance/public_agreements.html", {"body": body, "page": page})


# --- Convenios --------------------------------------------------------------------------


@login_required
@require_GET
def convenio_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "governance.view_convenio")
    form = ConvenioFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    convenios = selectors.search_convenios(**filters)
    return render(
        request,
        "governance/convenio_list.html",
        {
            "form": form,
            "page": paginate(request, convenios),
            "querystring": querystring_without_page(request),
            "can_edit": request.user.has_perm("governance.change_convenio"),
        },
    )


@login_required
@require_GET
def convenio_coverage(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "governance.view_convenio")
    return render(
        request,
        "governance/convenio_coverage.html",
        {
            "rows": selectors.convenio_coverage(),
            "systems": SYSTEM_CODES,
            "today": timezone.localdate(),
        },
    )


@login_required
def convenio_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    convenio = get_object_or_404(Convenio, pk=pk) if pk else Convenio()
    _require_perm(request, "governance.change_convenio" if pk else "governance.add_convenio")
    form = ConvenioForm(request.POST or None, request.FILES or None, instance=convenio)
    if request.method == "POST" and form.is_valid():
        try:
            convenio = services.save_convenio(
                form.save(commit=False), document=form.cleaned_data.get("upload"), by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se guardó el convenio «%s».") % convenio.title)
            return redirect("governance:convenio_detail", convenio.pk)
    title = _("Editar convenio") if pk else _("Nuevo convenio")
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "multipart": True, "back_convenio": convenio},
    )


@login_required
@require_GET
def convenio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    convenio = get_object_or_404(Convenio.objects.select_related("counterpart"), pk=pk)
    _require_perm(request, "governance.view_convenio", convenio)
    return render(
        request,
        "governance/convenio_detail.html",
        {"convenio": convenio, "can_edit": request.user.has_perm("governance.change_convenio")},
    )


@login_required
@require_GET
def convenio_document(request: HttpRequest, pk: int) -> FileResponse:
    convenio = get_object_or_404(Convenio, pk=pk)
    _require_perm(request, "governance.view_convenio", convenio)
    record_event("convenio.document_downloaded", convenio)
    return _file_response(convenio.document, convenio.document.name.rsplit("/", 1)[-1])
