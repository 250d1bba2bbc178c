"""Every write of the Unidad de Transparencia and the rules that guard it.

Each function validates first (a clear Spanish message naming the field), then
writes inside one transaction together with its audit entry. The requester's
personal data and the request's text never go into an audit summary.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.files import uploaded_file_sha256
from pde.core.services import record_event

from . import selectors
from .models import (
    AccessRequest,
    Appeal,
    Area,
    Assignment,
    CommitteeResolution,
    CommitteeSession,
    ImpactAssessment,
    ObligationFraction,
    ObligationUpdate,
    PrivacyNotice,
    PrivacyNoticeVersion,
    ReservedFile,
    ReservedIndexEdition,
    ResponseDocument,
    RuleSet,
    Step,
)

Status = AccessRequest.Status
ResponseType = AccessRequest.ResponseType
Matter = CommitteeResolution.Matter

CLASSIFIED_RESPONSES = {
    ResponseType.PARTIALLY_RESERVED: "reserved",
    ResponseType.RESERVED: "reserved",
    ResponseType.PARTIALLY_CONFIDENTIAL: "confidential",
    ResponseType.CONFIDENTIAL: "confidential",
}
ARCO_RESPONSES = {ResponseType.ARCO_GRANTED, ResponseType.ARCO_DENIED}


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(field: str, day: dt.date) -> None:
    if day > _today():
        raise ValidationError({field: _("La fecha no puede ser posterior a hoy.")})


def _not_before(field: str, day: dt.date, limit: dt.date, what: str) -> None:
    if day < limit:
        raise ValidationError(
            {
                field: _("La fecha no puede ser anterior a %(what)s (%(date)s).")
                % {"what": what, "date": _fmt(limit)}
            }
        )


def _step(request: AccessRequest, day: dt.date, action: str, description: str, by) -> Step:
    return Step.objects.create(
        request=request, happened_on=day, action=action, description=description[:500], actor=by
    )


def _audit(action: str, request: AccessRequest, by, **changes) -> None:
    """Only non-personal facts: folio, status, dates, types."""
    record_event(
        f"transparency.{action}",
        request,
        actor=by,
        changes={"folio": request.folio, "status": request.status, **changes},
    )


def _require_open(request: AccessRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("La solicitud %(folio)s ya está concluida (%(status)s).")
            % {"folio": request.folio, "status": request.get_status_display()}
        )


def _require_not_paused(request: AccessRequest) -> None:
    if request.status == Status.CLARIFICATION:
        raise ValidationError(
            _(
                "La solicitud espera el desahogo de la prevención: registre primero la "
                "respuesta del solicitante o concluya la solicitud como no presentada."
            )
        )


# --- Rule sets ------------------------------------------------------------------------


@transaction.atomic
def save_rule_set(rule_set: RuleSet, *, by=None) -> RuleSet:
    creating = rule_set.pk is None
    if not creating and rule_set.requests.exists():
        raise ValidationError(
            _(
                "Estas reglas ya se aplicaron a solicitudes y no pueden modificarse; "
                "registre un nuevo conjunto de reglas con su fecha de entrada en vigor."
            )
        )
    rule_set.full_clean()
    rule_set.save()
    record_event(
        "transparency.ruleset." + ("created" if creating else "updated"),
        rule_set,
        actor=by,
        changes={"effective_from": rule_set.effective_from, "answer_days": rule_set.answer_days},
    )
    return rule_set


# --- Requests -------------------------------------------------------------------------


@transaction.atomic
def register_request(*, by=None, **fields) -> AccessRequest:
    """Register a request received through the PNT or another channel."""
    request = AccessRequest(**fields)
    if request.received_on:
        _not_future("received_on", request.received_on)
        request.rule_set = selectors.rules_in_force(request.received_on)
    if request.kind == AccessRequest.Kind.ARCO and not request.arco_right:
        raise ValidationError({"arco_right": _("Indique el derecho ARCO que se ejerce.")})
    if request.kind != AccessRequest.Kind.ARCO:
        request.arco_right = ""
    if request.anonymous:
        request.requester_name = ""
    if request.kind == AccessRequest.Kind.ARCO and request.anonymous:
        raise ValidationError(
            {
                "anonymous": _(
                    "Una solicitud de derechos ARCO no puede ser anónima: requiere acreditar "
                    "la identidad del titular."
                )
            }
        )
    request.status = Status.RECEIVED
    request.full_clean()
    request.save()
    _step(
        request,
        request.received_on,
        "received",
        _("Solicitud recibida por %(channel)s") % {"channel": request.get_channel_display()},
        by,
    )
    _audit(
        "request.received",
        request,
        by,
        kind=request.kind,
        channel=request.channel,
        received_on=request.received_on,
        rule_set=request.rule_set_id,
    )
    return request


@transaction.atomic
def assign_area(
    request: AccessRequest,
    area: Area,
    *,
    assigned_on: dt.date,
    due_on: dt.date | None = None,
    by=None,
) -> Assignment:
    """Turn the request to an area with an internal date to answer the unit."""
    _require_open(request)
    _require_not_paused(request)
    _not_future("assigned_on", assigned_on)
    _not_before("assigned_on", assigned_on, request.received_on, _("la recepción"))
    if request.assignments.filter(area=area).exists():
        raise ValidationError(
            {"area": _("La solicitud ya fue turnada a %(area)s.") % {"area": area}}
        )
    deadlines = selectors.request_deadlines(request)
    legal_due = deadlines.due
    if due_on is None:
        due_on = selectors.default_internal_due(assigned_on, legal_due)
    if due_on < assigned_on:
        raise ValidationError(
            {"due_on": _("La fecha interna no puede ser anterior a la fecha del turno.")}
        )
    if legal_due and due_on > legal_due:
        raise ValidationError(
            {
                "due_on": _(
                    "La fecha interna no puede ser posterior al vencimiento legal (%(date)s)."
                )
                % {"date": _fmt(legal_due)}
            }
        )
    assignment = Assignment.objects.create(
        request=request, area=area, assigned_on=assigned_on, due_on=due_on
    )
    if request.status == Status.RECEIVED:
        request.status = Status.IN_PROCESS
        request.save(update_fields=["status", "updated_at"])
    _step(
        request,
        assigned_on,
        "assigned",
        _("Turnada a %(area)s; respuesta interna a más tardar el %(date)s")
        % {"area": area, "date": _fmt(due_on)},
        by,
    )
    _audit("request.assigned", request, by, area=area.pk, due_on=due_on)
    return assignment


@transaction.atomic
def record_area_answer(
    assignment: Assignment, *, answered_on: dt.date, answer: str, by=None
) -> Assignment:
    request = assignment.request
    _require_open(request)
    _not_future("answered_on", answered_on)
    _not_before("answered_on", answered_on, assignment.assigned_on, _("la fecha del turno"))
    if not answer.strip():
        raise ValidationError({"answer": _("Escriba la respuesta o el oficio del área.")})
    assignment.answered_on = answered_on
    assignment.area_answer = answer
    assignment.save(update_fields=["answered_on", "area_answer"])
    late = answered_on > assignment.due_on
    _step(
        request,
        answered_on,
        "area_answered",
        (
            _("%(area)s respondió a la Unidad (fuera de la fecha interna)")
            if late
            else _("%(area)s respondió a la Unidad")
        )
        % {"area": assignment.area},
        by,
    )
    _audit("request.area_answered", request, by, area=assignment.area_id, late=late)
    return assignment


@transaction.atomic
def request_clarification(request: AccessRequest, *, requested_on: dt.date, by=None):
    """Notify a prevención: the requester must clarify; the clock stops."""
    _require_open(request)
    _not_future("requested_on", requested_on)
    _not_before("requested_on", requested_on, request.received_on, _("la recepción"))
    if request.clarification_requested_on:
        raise ValidationError({"requested_on": _("Sólo procede una prevención por solicitud.")})
    if request.status == Status.EXTENSION:
        raise ValidationError(
            {"requested_on": _("No procede la prevención en una solicitud con ampliación.")}
        )
    limit = selectors.request_deadlines(request).clarification_request_due
    if requested_on > limit:
        raise ValidationError(
            {
                "requested_on": _(
                    "La prevención debió notificarse a más tardar el %(date)s "
                    "(%(days)s días después de la recepción)."
                )
                % {"date": _fmt(limit), "days": request.rule_set.clarification_request_days}
            }
        )
    request.clarification_requested_on = requested_on
    request.status = Status.CLARIFICATION
    request.save(update_fields=["clarification_requested_on", "status", "updated_at"])
    _step(request, requested_on, "clarification", _("Se notificó la prevención al solicitante"), by)
    _audit("request.clarification_requested", request, by, requested_on=requested_on)
    return request


@transaction.atomic
def record_clarification_answer(request: AccessRequest, *, answered_on: dt.date, by=None):
    if request.status != Status.CLARIFICATION:
        raise ValidationError(_("La solicitud no tiene una prevención pendiente de desahogo."))
    _not_future("answered_on", answered_on)
    _not_before("answered_on", answered_on, request.clarification_requested_on, _("la prevención"))
    limit = selectors.request_deadlines(request).clarification_response_due
    if limit and answered_on > limit:
        raise ValidationError(
            {
                "answered_on": _(
                    "El plazo para desahogar la prevención venció el %(date)s; "
                    "concluya la solicitud como no presentada."
                )
                % {"date": _fmt(limit)}
            }
        )
    request.clarification_answered_on = answered_on
    request.status = Status.IN_PROCESS if request.assignments.exists() else Status.RECEIVED
    request.save(update_fields=["clarification_answered_on", "status", "updated_at"])
    _step(request, answered_on, "clarified", _("El solicitante desahogó la prevención"), by)
    _audit("request.clarified", request, by, answered_on=answered_on)
    return request


@transaction.atomic
def mark_not_a_request(request: AccessRequest, *, closed_on: dt.date, reason: str, by=None):
    """Conclude a request that is not one, or whose prevención was not answered."""
    _require_open(request)
    _not_future("closed_on", closed_on)
    _not_before("closed_on", closed_on, request.received_on, _("la recepción"))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo.")})
    if request.status == Status.CLARIFICATION:
        limit = selectors.request_deadlines(request).clarification_response_due
        if limit and closed_on <= limit:
            raise ValidationError(
                {
                    "closed_on": _(
                        "El solicitante tiene hasta el %(date)s para desahogar la prevención."
                    )
                    % {"date": _fmt(limit)}
                }
            )
    request.status = Status.NOT_A_REQUEST
    request.response_type = ""
    request.closed_on = closed_on
    request.response_summary = reason
    request.save()
    _step(request, closed_on, "not_a_request", _("Concluida: %(reason)s") % {"reason": reason}, by)
    _audit("request.not_a_request", request, by, closed_on=closed_on)
    return request


def _approving(request: AccessRequest, matter: str):
    return request.resolutions.filter(
        matter=matter,
        decision__in=[CommitteeResolution.Decision.CONFIRM, CommitteeResolution.Decision.MODIFY],
    )


@transaction.atomic
def grant_extension(
    request: AccessRequest,
    *,
    notified_on: dt.date,
    resolution: CommitteeResolution | None = None,
    by=None,
):
    """Apply an approved extension of the answer period."""
    _require_open(request)
    _require_not_paused(request)
    rules = request.rule_set
    if rules.max_extensions < 1 or request.extension_notified_on:
        raise ValidationError(
            _("Las reglas aplicables permiten %(n)s ampliación(es) y ya se aplicó.")
            % {"n": rules.max_extensions}
            if request.extension_notified_on
            else _("Las reglas aplicables no permiten ampliar el plazo.")
        )
    if rules.extension_approver == RuleSet.Approver.COMMITTEE and resolution is None:
        raise ValidationError(
            {
                "resolution": _(
                    "La ampliación del plazo requiere una resolución del Comité de "
                    "Transparencia que la confirme o modifique."
                )
            }
        )
    if resolution is not None:
        if resolution.matter != Matter.EXTENSION:
            raise ValidationError(
                {"resolution": _("La resolución elegida no trata una ampliación del plazo.")}
            )
        if not resolution.approves:
            raise ValidationError(
                {"resolution": _("El Comité revocó la ampliación: no puede aplicarse.")}
            )
        if not resolution.requests.filter(pk=request.pk).exists():
            raise ValidationError(
                {"resolution": _("La resolución no se refiere a esta solicitud.")}
            )
        _not_before("notified_on", notified_on, resolution.adopted_on, _("la sesión del Comité"))
    _not_future("notified_on", notified_on)
    due = selectors.request_deadlines(request).answer_due
    if rules.extension_notice_before_deadline and due and notified_on > due:
        raise ValidationError(
            {
                "notified_on": _(
                    "La ampliación debe notificarse antes del vencimiento del plazo (%(date)s)."
                )
                % {"date": _fmt(due)}
            }
        )
    request.extension_resolution = resolution
    request.extension_notified_on = notified_on
    request.status = Status.EXTENSION
    request.save(
        update_fields=["extension_resolution", "extension_notified_on", "status", "updated_at"]
    )
    new_due = selectors.request_deadlines(request).due
    _step(
        request,
        notified_on,
        "extension",
        _("Se notificó la ampliación del plazo; nuevo vencimiento: %(date)s")
        % {"date": _fmt(new_due)},
        by,
    )
    _audit(
        "request.extended",
        request,
        by,
        resolution=resolution.number if resolution else "",
        due=new_due,
    )
    return request


def check_answer(request: AccessRequest, response_type: str, answered_on: dt.date) -> None:
    """The consistency rules of an answer; raises ValidationError naming the field."""
    _require_open(request)
    _require_not_paused(request)
    if response_type not in ResponseType.values:
        raise ValidationError({"response_type": _("Elija un tipo de respuesta válido.")})
    if response_type in (ResponseType.INCOMPETENT, ResponseType.REDIRECTED):
        raise ValidationError(
            {
                "response_type": _(
                    "La incompetencia y la reconducción se registran con su propia acción."
                )
            }
        )
    if not request.assignments.exists():
        raise ValidationError(
            _("No puede responderse una solicitud antes de turnarla a al menos un área.")
        )
    _not_future("answered_on", answered_on)
    _not_before("answered_on", answered_on, request.received_on, _("la recepción"))
    latest_turn = max(a.assigned_on for a in request.assignments.all())
    _not_before("answered_on", answered_on, latest_turn, _("el último turno"))
    is_arco = request.kind == AccessRequest.Kind.ARCO
    if response_type in ARCO_RESPONSES and not is_arco:
        raise ValidationError(
            {"response_type": _("Ese tipo de respuesta sólo aplica a solicitudes ARCO.")}
        )
    classification = CLASSIFIED_RESPONSES.get(response_type)
    if classification:
        resolutions = _approving(request, Matter.CLASSIFICATION).filter(
            classification=classification
        )
        if not resolutions.exists():
            raise ValidationError(
                {
                    "response_type": _(
                        "Una respuesta con información clasificada como %(kind)s requiere una "
                        "resolución del Comité de Transparencia que confirme la clasificación "
                        "con su fundamento legal."
                    )
                    % {
                        "kind": _("reservada")
                        if classification == "reserved"
                        else _("confidencial")
                    }
                }
            )
        if not resolutions.exclude(legal_basis="").exists():
            raise ValidationError(
                {"response_type": _("La resolución de clasificación no tiene fundamento legal.")}
            )
    if response_type == ResponseType.NONEXISTENT:
        if not _approving(request, Matter.NONEXISTENCE).exists():
            raise ValidationError(
                {
                    "response_type": _(
                        "La inexistencia requiere una resolución del Comité de Transparencia "
                        "que la confirme."
                    )
                }
            )
        if _approving(request, Matter.INCOMPETENCE).exists():
            raise ValidationError(
                {
                    "response_type": _(
                        "No pueden declararse a la vez la inexistencia y la incompetencia."
                    )
                }
            )


@transaction.atomic
def answer_request(
    request: AccessRequest,
    *,
    answered_on: dt.date,
    response_type: str,
    summary: str = "",
    by=None,
) -> AccessRequest:
    check_answer(request, response_type, answered_on)
    request.status = Status.ANSWERED
    request.response_type = response_type
    request.answered_on = answered_on
    request.closed_on = answered_on
    request.response_summary = summary
    request.save()
    deadlines = selectors.request_deadlines(request)
    late = bool(deadlines.due and answered_on > deadlines.due)
    _step(
        request,
        answered_on,
        "answered",
        (
            _("Respuesta notificada fuera de plazo: %(type)s")
            if late
            else _("Respuesta notificada: %(type)s")
        )
        % {"type": request.get_response_type_display()},
        by,
    )
    _audit(
        "request.answered",
        request,
        by,
        response_type=response_type,
        late=late,
        answered_on=answered_on,
    )
    return request


@transaction.atomic
def declare_incompetence(
    request: AccessRequest, *, notified_on: dt.date, redirected_to: str, by=None
) -> AccessRequest:
    """Notify the requester that the secretariat is not competent, and who is."""
    _require_open(request)
    _require_not_paused(request)
    _not_future("notified_on", notified_on)
    _not_before("notified_on", notified_on, request.received_on, _("la recepción"))
    if not redirected_to.strip():
        raise ValidationError(
            {"redirected_to": _("Indique el sujeto obligado competente al que se orienta.")}
        )
    if _approving(request, Matter.NONEXISTENCE).exists():
        raise ValidationError(
            _("No pueden declararse a la vez la inexistencia y la incompetencia.")
        )
    limit = selectors.request_deadlines(request).incompetence_due
    request.status = Status.INCOMPETENT
    request.response_type = ResponseType.INCOMPETENT
    request.answered_on = notified_on
    request.closed_on = notified_on
    request.redirected_to = redirected_to
    request.save()
    late = notified_on > limit
    _step(
        request,
        notified_on,
        "incompetent",
        (
            _("Incompetencia notificada fuera del plazo de %(days)s días; se orientó a %(to)s")
            if late
            else _("Incompetencia notificada; se orientó a %(to)s")
        )
        % {"days": request.rule_set.incompetence_notice_days, "to": redirected_to},
        by,
    )
    _audit("request.incompetent", request, by, late=late, notified_on=notified_on)
    return request


@transaction.atomic
def redirect_request(
    request: AccessRequest, *, redirected_on: dt.date, redirected_to: str, by=None
) -> AccessRequest:
    """Reconducción: the request belongs to a specific procedure (or an ARCO/info switch)."""
    _require_open(request)
    _not_future("redirected_on", redirected_on)
    _not_before("redirected_on", redirected_on, request.received_on, _("la recepción"))
    if not redirected_to.strip():
        raise ValidationError({"redirected_to": _("Indique el trámite o la vía correcta.")})
    request.status = Status.REDIRECTED
    request.response_type = ResponseType.REDIRECTED
    request.answered_on = redirected_on
    request.closed_on = redirected_on
    request.redirected_to = redirected_to
    request.save()
    _step(
        request, redirected_on, "redirected", _("Reconducida a: %(to)s") % {"to": redirected_to}, by
    )
    _audit("request.redirected", request, by, redirected_on=redirected_on)
    return request


@transaction.atomic
def add_response_document(
    request: AccessRequest,
    *,
    title: str,
    uploaded_file,
    public_version: bool = False,
    by=None,
) -> ResponseDocument:
    """Store a response document with its SHA-256."""
    if not title.strip():
        raise ValidationError({"title": _("Escriba el título del documento.")})
    if uploaded_file is None or not getattr(uploaded_file, "size", 0):
        raise ValidationError({"file": _("Adjunte un archivo no vacío.")})
    document = ResponseDocument(
        request=request,
        title=title,
        sha256=uploaded_file_sha256(uploaded_file),
        size=uploaded_file.size,
        public_version=public_version,
        uploaded_by=by,
    )
    name = uploaded_file.name.rsplit("/", 1)[-1] or "documento"
    document.file.save(name, uploaded_file, save=False)
    document.save()
    _step(
        request, _today(), "document", _("Documento de respuesta: %(title)s") % {"title": title}, by
    )
    _audit("request.document_added", request, by, document=document.pk, sha256=document.sha256)
    return document


# --- Appeals ----------------------------------------------------------------------------


@transaction.atomic
def file_appeal(request: AccessRequest, *, folio: str, filed_on: dt.date, by=None) -> Appeal:
    _not_future("filed_on", filed_on)
    if not folio.strip():
        raise ValidationError({"folio": _("Indique el número de expediente del recurso.")})
    start = request.answered_on or request.received_on
    _not_before(
        "filed_on",
        filed_on,
        start,
        _("la respuesta") if request.answered_on else _("la recepción"),
    )
    if request.is_open:
        due = selectors.request_deadlines(request).due
        if due is None or filed_on <= due:
            raise ValidationError(
                {
                    "filed_on": _(
                        "Sin respuesta, el recurso sólo procede cuando venció el plazo de "
                        "respuesta."
                    )
                }
            )
    if Appeal.objects.filter(folio=folio).exists():
        raise ValidationError({"folio": _("Ya existe un recurso con ese expediente.")})
    appeal = Appeal.objects.create(request=request, folio=folio, filed_on=filed_on)
    _step(
        request,
        filed_on,
        "appeal",
        _("Se interpuso el recurso de revisión %(folio)s") % {"folio": folio},
        by,
    )
    _audit("appeal.filed", request, by, appeal=folio, filed_on=filed_on)
    return appeal


@transaction.atomic
def update_appeal(appeal: Appeal, *, by=None, **fields) -> Appeal:
    for name, value in fields.items():
        setattr(appeal, name, value)
    stages = list(Appeal.Stage.values)
    past_resolution = stages.index(appeal.stage) >= stages.index(Appeal.Stage.RESOLVED)
    if past_resolution and not (appeal.outcome and appeal.resolved_on):
        raise ValidationError(
            {"outcome": _("Un recurso resuelto requiere el sentido y la fecha de resolución.")}
        )
    if appeal.resolved_on:
        _not_before("resolved_on", appeal.resolved_on, appeal.filed_on, _("la interposición"))
    if appeal.complied_on:
        if not appeal.resolved_on:
            raise ValidationError(
                {"complied_on": _("No puede cumplirse un recurso que no se ha resuelto.")}
            )
        _not_before("complied_on", appeal.complied_on, appeal.resolved_on, _("la resolución"))
    appeal.full_clean()
    appeal.save()
    record_event(
        "transparency.appeal.updated",
        appeal,
        actor=by,
        changes={"stage": appeal.stage, "outcome": appeal.outcome},
    )
    return appeal


# --- Comité de Transparencia -----------------------------------------------------------


@transaction.atomic
def save_session(session: CommitteeSession, *, by=None) -> CommitteeSession:
    creating = session.pk is None
    linked = session.governance_session
    if linked is not None and linked.date != session.held_on:
        raise ValidationError(
            {
                "governance_session": _(
                    "La sesión vinculada se celebró el %(date)s; la fecha debe coincidir."
                )
                % {"date": _fmt(linked.date)}
            }
        )
    session.full_clean()
    session.save()
    record_event(
        "transparency.session." + ("created" if creating else "updated"),
        session,
        actor=by,
        changes={"number": session.number, "kind": session.kind, "held_on": session.held_on},
    )
    return session


REQUEST_MATTERS = {
    Matter.EXTENSION,
    Matter.CLASSIFICATION,
    Matter.NONEXISTENCE,
    Matter.INCOMPETENCE,
}


@transaction.atomic
def save_resolution(
    resolution: CommitteeResolution, *, requests=(), by=None
) -> CommitteeResolution:
    """Record a committee resolution and link it to its requests."""
    requests = list(requests)
    errors = {}
    if resolution.matter in REQUEST_MATTERS and not requests:
        errors["requests"] = _("Vincule la resolución con al menos una solicitud.")
    if resolution.matter == Matter.CLASSIFICATION:
        if not resolution.classification:
            errors["classification"] = _("Indique si la información es reservada o confidencial.")
        if not resolution.legal_basis.strip():
            errors["legal_basis"] = _("La clasificación requiere su fundamento legal.")
        if resolution.classification == "reserved":
            if not resolution.reserve_years:
                errors["reserve_years"] = _("Indique el plazo de reserva (hasta 5 años).")
            if not resolution.harm_test.strip():
                errors["harm_test"] = _("La reserva requiere la prueba de daño.")
        if resolution.classification == "confidential":
            resolution.reserve_years = None
    else:
        resolution.classification = ""
        resolution.reserve_years = None
    if errors:
        raise ValidationError(errors)
    conflicting = {
        Matter.NONEXISTENCE: Matter.INCOMPETENCE,
        Matter.INCOMPETENCE: Matter.NONEXISTENCE,
    }.get(resolution.matter)
    if conflicting and resolution.approves:
        for request in requests:
            if _approving(request, conflicting).exclude(pk=resolution.pk).exists():
                raise ValidationError(
                    {
                        "requests": _(
                            "En la solicitud %(folio)s ya se confirmó la %(other)s: no pueden "
                            "declararse a la vez la inexistencia y la incompetencia."
                        )
                        % {
                            "folio": request.folio,
                            "other": _("incompetencia")
                            if conflicting == Matter.INCOMPETENCE
                            else _("inexistencia"),
                        }
                    }
                )
    creating = resolution.pk is None
    resolution.full_clean()
    resolution.save()
    resolution.requests.set(requests)
    for request in requests:
        _step(
            request,
            resolution.session.held_on,
            "committee",
            _("Comité de Transparencia, resolución %(number)s: %(decision)s %(matter)s")
            % {
                "number": resolution.number,
                "decision": resolution.get_decision_display().lower(),
                "matter": resolution.get_matter_display().lower(),
            },
            by,
        )
    record_event(
        "transparency.resolution." + ("created" if creating else "updated"),
        resolution,
        actor=by,
        changes={
            "matter": resolution.matter,
            "decision": resolution.decision,
            "requests": [r.folio for r in requests],
        },
    )
    return resolution


# --- Index of reserved files --------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def add_reserved_file(
    *,
    resolution: CommitteeResolution,
    area: Area,
    file_name: str,
    topic: str,
    parts: str = "",
    by=None,
) -> ReservedFile:
    if resolution.matter != Matter.CLASSIFICATION or resolution.classification != "reserved":
        raise ValidationError(
            {"resolution": _("Elija una resolución que clasifique información como reservada.")}
        )
    if not resolution.approves:
        raise ValidationError({"resolution": _("El Comité revocó esa clasificación.")})
    if not file_name.strip():
        raise ValidationError({"file_name": _("Indique el nombre o clave del expediente.")})
    entry = ReservedFile(
        area=area,
        file_name=file_name,
        topic=topic,
        resolution=resolution,
        classified_on=resolution.adopted_on,
        reserved_until=_add_years(resolution.adopted_on, resolution.reserve_years or 0),
        parts=parts,
        legal_basis=resolution.legal_basis,
    )
    entry.full_clean()
    entry.save()
    record_event(
        "transparency.reserved_file.added",
        entry,
        actor=by,
        changes={"resolution": resolution.number, "reserved_until": entry.reserved_until},
    )
    return entry


@transaction.atomic
def declassify_reserved_file(
    entry: ReservedFile, *, declassified_on: dt.date, by=None
) -> ReservedFile:
    """The reserve ended early (its causes disappeared or the institute ordered it)."""
    if entry.declassified_on:
        raise ValidationError({"declassified_on": _("El expediente ya fue desclasificado.")})
    _not_future("declassified_on", declassified_on)
    _not_before("declassified_on", declassified_on, entry.classified_on, _("la clasificación"))
    entry.declassified_on = declassified_on
    entry.save(update_fields=["declassified_on"])
    record_event(
        "transparency.reserved_file.declassified",
        entry,
        actor=by,
        changes={"declassified_on": declassified_on},
    )
    return entry


@transaction.atomic
def publish_index_edition(
    *, year: int, semester: int, published_on: dt.date, by=None
) -> ReservedIndexEdition:
    """Freeze the index of reserved files as published for one semester."""
    if semester not in (1, 2):
        raise ValidationError({"semester": _("El semestre es 1 o 2.")})
    if ReservedIndexEdition.objects.filter(year=year, semester=semester).exists():
        raise ValidationError({"semester": _("El índice de ese semestre ya fue publicado.")})
    period_end = dt.date(year, 6, 30) if semester == 1 else dt.date(year, 12, 31)
    _not_before("published_on", published_on, period_end, _("el cierre del semestre"))
    entries = [
        {
            "file_name": f.file_name,
            "area": f.area.name,
            "topic": f.topic,
            "resolution": f.resolution.number,
            "classified_on": f.classified_on.isoformat(),
            "reserved_until": f.reserved_until.isoformat(),
            "parts": f.parts,
            "legal_basis": f.legal_basis,
        }
        for f in selectors.reserved_files_in_force(period_end)
    ]
    edition = ReservedIndexEdition.objects.create(
        year=year, semester=semester, published_on=published_on, entries=entries, created_by=by
    )
    record_event(
        "transparency.reserved_index.published",
        edition,
        actor=by,
        changes={"entries": len(entries)},
    )
    return edition


# --- Obligations (art. 85) --------------------------------------------------------------


@transaction.atomic
def set_applicability(
    fraction: ObligationFraction,
    *,
    applicable: bool,
    reason: str = "",
    responsible_area: Area | None = None,
    update_period: str | None = None,
    by=None,
) -> ObligationFraction:
    if not applicable and not reason.strip():
        raise ValidationError(
            {"non_applicability_reason": _("Explique por qué la fracción no es aplicable.")}
        )
    if applicable and responsible_area is None:
        raise ValidationError(
            {"responsible_area": _("Una fracción aplicable necesita un área responsable.")}
        )
    fraction.applicable = applicable
    fraction.non_applicability_reason = "" if applicable else reason
    fraction.responsible_area = responsible_area
    if update_period:
        fraction.update_period = update_period
    fraction.full_clean()
    fraction.save()
    record_event(
        "transparency.obligation.applicability",
        fraction,
        actor=by,
        changes={"applicable": applicable, "area": getattr(responsible_area, "pk", None)},
    )
    return fraction


@transaction.atomic
def record_obligation_status(
    fraction: ObligationFraction,
    *,
    year: int,
    quarter: int,
    updated_on: dt.date | None = None,
    verified_on: dt.date | None = None,
    published_on: dt.date | None = None,
    evidence: str = "",
    notes: str = "",
    by=None,
) -> ObligationUpdate:
    if not fraction.applicable:
        raise ValidationError(
            _("La fracción %(f)s no es aplicable; no lleva actualizaciones.") % {"f": fraction}
        )
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("El trimestre va de 1 a 4.")})
    for name, day in (
        ("updated_on", updated_on),
        ("verified_on", verified_on),
        ("published_on", published_on),
    ):
        if day:
            _not_future(name, day)
    if (verified_on or published_on) and not updated_on:
        raise ValidationError(
            {"updated_on": _("Registre primero la fecha de actualización de la información.")}
        )
    if verified_on:
        _not_before("verified_on", verified_on, updated_on, _("la actualización"))
    if published_on:
        _not_before("published_on", published_on, updated_on, _("la actualización"))
        if not evidence.strip():
            raise ValidationError(
                {"evidence": _("La publicación requiere evidencia (acuse de carga o liga).")}
            )
    update, _created = ObligationUpdate.objects.update_or_create(
        fraction=fraction,
        year=year,
        quarter=quarter,
        defaults={
            "updated_on": updated_on,
            "verified_on": verified_on,
            "published_on": published_on,
            "evidence": evidence,
            "notes": notes,
        },
    )
    record_event(
        "transparency.obligation.status",
        update,
        actor=by,
        changes={
            "updated_on": updated_on,
            "verified_on": verified_on,
            "published_on": published_on,
        },
    )
    return update


# --- Personal data: privacy notices and impact assessments --------------------------------


@transaction.atomic
def save_privacy_notice(notice: PrivacyNotice, *, by=None) -> PrivacyNotice:
    creating = notice.pk is None
    notice.full_clean()
    notice.save()
    record_event(
        "transparency.privacy_notice." + ("created" if creating else "updated"),
        notice,
        actor=by,
        changes={"system_or_activity": notice.system_or_activity},
    )
    return notice


@transaction.atomic
def add_notice_version(
    notice: PrivacyNotice,
    *,
    kind: str,
    published_on: dt.date | None = None,
    url: str = "",
    changes: str = "",
    by=None,
) -> PrivacyNoticeVersion:
    """A new version (integral or simplified) of a privacy notice; numbered in order."""
    if published_on:
        _not_future("published_on", published_on)
    previous = (
        PrivacyNoticeVersion.objects.select_for_update()
        .filter(notice=notice, kind=kind)
        .order_by("-version")
        .first()
    )
    if previous and previous.published_on and published_on:
        _not_before("published_on", published_on, previous.published_on, _("la versión anterior"))
    if previous and not changes.strip():
        raise ValidationError(
            {"changes": _("Describa los cambios respecto de la versión anterior.")}
        )
    version = PrivacyNoticeVersion(
        notice=notice,
        kind=kind,
        version=(previous.version + 1) if previous else 1,
        published_on=published_on,
        url=url,
        changes=changes,
    )
    version.full_clean()
    version.save()
    record_event(
        "transparency.privacy_notice.version_added",
        notice,
        actor=by,
        changes={"kind": kind, "version": version.version, "published_on": published_on},
    )
    return version


@transaction.atomic
def save_impact_assessment(assessment: ImpactAssessment, *, by=None) -> ImpactAssessment:
    Status = ImpactAssessment.Status  # noqa: N806
    for name in ("drafted_on", "submitted_on", "opinion_on"):
        day = getattr(assessment, name)
        if day:
            _not_future(name, day)
    if assessment.submitted_on and assessment.drafted_on:
        _not_before(
            "submitted_on", assessment.submitted_on, assessment.drafted_on, _("la elaboración")
        )
    if assessment.opinion_on:
        if not assessment.submitted_on:
            raise ValidationError(
                {"submitted_on": _("Registre la fecha en que se presentó al órgano garante.")}
            )
        _not_before(
            "opinion_on", assessment.opinion_on, assessment.submitted_on, _("la presentación")
        )
    if assessment.status != Status.DRAFT and not assessment.submitted_on:
        raise ValidationError(
            {"submitted_on": _("Una evaluación presentada requiere la fecha de presentación.")}
        )
    if assessment.status in (Status.APPROVED, Status.OBSERVATIONS) and not assessment.opinion_on:
        raise ValidationError({"opinion_on": _("Registre la fecha del dictamen.")})
    creating = assessment.pk is None
    assessment.full_clean()
    assessment.save()
    record_event(
        "transparency.impact_assessment." + ("created" if creating else "updated"),
        assessment,
        actor=by,
        changes={"status": assessment.status, "opinion_on": assessment.opinion_on},
    )
    return assessment
