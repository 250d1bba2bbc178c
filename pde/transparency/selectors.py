"""Reads of the Unidad de Transparencia: rules in force, deadlines, alerts, figures."""

import datetime as dt
from collections import Counter as Tally
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pde.core.business_days import TRANSPARENCY, BusinessCalendar

from . import deadlines as deadline_rules
from .models import (
    AccessRequest,
    Appeal,
    Assignment,
    CommitteeResolution,
    CommitteeSession,
    ObligationFraction,
    ObligationUpdate,
    ReservedFile,
    ReservedIndexEdition,
    RuleSet,
    UpdatePeriod,
)

Status = AccessRequest.Status


def rules_in_force(day: dt.date) -> RuleSet:
    """The rule set in force on ``day``: the latest one that started on or before it."""
    rules = RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rules is None:
        raise ValidationError(
            {
                "received_on": _(
                    "No hay reglas legales en vigor el %(date)s: registre el conjunto de "
                    "reglas aplicable."
                )
                % {"date": day.strftime("%d/%m/%Y")}
            }
        )
    return rules


def rule_sets() -> list[dict]:
    """Every rule set with the day it stopped being in force (the next one's start - 1)."""
    ordered = list(RuleSet.objects.order_by("effective_from"))
    rows = []
    for index, rules in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        until = following.effective_from - dt.timedelta(days=1) if following else None
        rows.append({"rules": rules, "until": until})
    return list(reversed(rows))


def request_deadlines(
    request: AccessRequest, calendar: BusinessCalendar | None = None
) -> deadline_rules.Deadlines:
    extended = bool(request.extension_notified_on)
    return deadline_rules.compute(
        request.rule_set,
        kind=request.kind,
        received_on=request.received_on,
        clarification_requested_on=request.clarification_requested_on,
        clarification_answered_on=request.clarification_answered_on,
        extended=extended,
        answered_on=request.answered_on,
        calendar=calendar,
    )


def default_internal_due(assigned_on: dt.date, legal_due: dt.date | None) -> dt.date:
    """Areas answer the unit within PDE_TRANSPARENCY_AREA_DAYS business days, and always
    some business days before the legal deadline so the unit can prepare the answer."""
    calendar = BusinessCalendar(TRANSPARENCY)
    due = calendar.add_business_days(assigned_on, settings.PDE_TRANSPARENCY_AREA_DAYS)
    if legal_due:
        margin = calendar.add_business_days(legal_due, -settings.PDE_TRANSPARENCY_UNIT_MARGIN_DAYS)
        due = min(due, max(margin, calendar.next_business_day(assigned_on)))
        due = min(due, legal_due)
    return max(due, assigned_on)


def search_requests(
    *, q: str = "", status: str = "", kind: str = "", year: int | None = None
) -> QuerySet[AccessRequest]:
    requests = AccessRequest.objects.select_related("rule_set").order_by("-received_on", "-folio")
    if q:
        requests = requests.filter(folio__icontains=q.strip())
    if status == "open":
        requests = requests.filter(status__in=AccessRequest.OPEN_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    if year:
        requests = requests.filter(received_on__year=year)
    return requests


def request_detail(pk: int) -> AccessRequest:
    return AccessRequest.objects.select_related("rule_set", "extension_resolution").get(pk=pk)


@dataclass
class RequestAlert:
    request: AccessRequest
    due: dt.date | None
    business_days_left: int | None
    note: str = ""


def alerts(today: dt.date | None = None) -> dict:
    """Open requests due soon and overdue (an approved extension moves the deadline),
    prevenciones whose term expired, and areas late in answering the unit."""
    today = today or timezone.localdate()
    calendar = BusinessCalendar(TRANSPARENCY)
    soon_days = settings.PDE_TRANSPARENCY_DUE_SOON_DAYS
    due_soon, overdue, clarification_expired = [], [], []
    open_requests = AccessRequest.objects.filter(
        status__in=AccessRequest.OPEN_STATUSES
    ).select_related("rule_set")
    for request in open_requests:
        computed = request_deadlines(request, calendar)
        if computed.paused:
            limit = computed.clarification_response_due
            if limit and limit < today:
                clarification_expired.append(RequestAlert(request, limit, None))
            continue
        due = computed.due
        left = calendar.business_days_between(today, due)
        alert = RequestAlert(
            request,
            due,
            left,
            _("con ampliación") if request.extension_notified_on else "",
        )
        if due < today:
            overdue.append(alert)
        elif left <= soon_days:
            due_soon.append(alert)
    late_areas = (
        Assignment.objects.filter(
            answered_on__isnull=True,
            due_on__lt=today,
            request__status__in=AccessRequest.OPEN_STATUSES,
        )
        .select_related("area", "request")
        .order_by("due_on")
    )
    key = lambda alert: (alert.due or today, alert.request.folio)  # noqa: E731
    return {
        "today": today,
        "due_soon": sorted(due_soon, key=key),
        "overdue": sorted(overdue, key=key),
        "clarification_expired": sorted(clarification_expired, key=key),
        "late_areas": list(late_areas),
        "obligations_overdue": overdue_obligations(today),
        "index_due": reserved_index_due(today),
    }


def late_answers() -> list[dict]:
    """Answered requests whose answer came after the deadline (for the delayed list)."""
    calendar = BusinessCalendar(TRANSPARENCY)
    rows = []
    answered = AccessRequest.objects.filter(
        answered_on__isnull=False, status__in=AccessRequest.ANSWERED_STATUSES
    ).select_related("rule_set")
    for request in answered:
        due = request_deadlines(request, calendar).due
        if due and request.answered_on > due:
            rows.append(
                {
                    "request": request,
                    "due": due,
                    "days_late": calendar.business_days_between(due, request.answered_on),
                }
            )
    return sorted(rows, key=lambda row: row["request"].answered_on, reverse=True)


# --- Quarterly figures ------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)


def _labelled(tally: Tally, choices) -> list[dict]:
    labels = dict(choices)
    return [
        {"code": code, "label": str(labels.get(code, code)), "count": count}
        for code, count in sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    ]


def quarter_figures(year: int, quarter: int) -> dict:
    """The figures of one quarter, all derived from the data (quarterly report to the
    ITAIPCH and the work plan).

    ``received`` counts requests received in the quarter; of those, ``answered`` were
    answered by the quarter's last day, ``not_presented`` concluded without an answer and
    ``pending`` were still open then. Days to answer are business days of the
    transparency calendar, without the days a prevención stopped the clock.
    """
    first, last = quarter_bounds(year, quarter)
    calendar = BusinessCalendar(TRANSPARENCY)
    received = list(
        AccessRequest.objects.filter(received_on__range=(first, last)).select_related("rule_set")
    )
    answered, pending, not_presented, days = [], [], [], []
    for request in received:
        if request.answered_on and request.answered_on <= last:
            answered.append(request)
            days.append(
                deadline_rules.days_to_answer(
                    request.rule_set,
                    received_on=request.received_on,
                    answered_on=request.answered_on,
                    clarification_requested_on=request.clarification_requested_on,
                    clarification_answered_on=request.clarification_answered_on,
                    calendar=calendar,
                )
            )
        elif (
            request.status == Status.NOT_A_REQUEST
            and request.closed_on
            and (request.closed_on <= last)
        ):
            not_presented.append(request)
        else:
            pending.append(request)
    on_time = 0
    for request in answered:
        due = request_deadlines(request, calendar).due
        if due is None or request.answered_on <= due:
            on_time += 1
    appeals = Appeal.objects.filter(filed_on__range=(first, last))
    sessions = CommitteeSession.objects.filter(held_on__range=(first, last))
    resolutions = CommitteeResolution.objects.filter(session__held_on__range=(first, last))
    arco = [r for r in received if r.kind == AccessRequest.Kind.ARCO]
    return {
        "year": year,
        "quarter": quarter,
        "first_day": first,
        "last_day": last,
        "received": len(received),
        "information_requests": len(received) - len(arco),
        "arco_requests": len(arco),
        "arco_answered": sum(1 for r in answered if r.kind == AccessRequest.Kind.ARCO),
        "answered": len(answered),
        "answered_on_time": on_time,
        "not_presented": len(not_presented),
        "pending": len(pending),
        "average_business_days": round(sum(days) / len(days), 1) if days else None,
        "max_business_days": max(days) if days else None,
        "by_response_type": _labelled(
            Tally(r.response_type for r in answered), AccessRequest.ResponseType.choices
        ),
        "by_channel": _labelled(Tally(r.channel for r in received), AccessRequest.Channel.choices),
        "by_information_type": _labelled(
            Tally(r.information_type for r in received), AccessRequest.InformationType.choices
        ),
        "appeals": appeals.count(),
        "appeals_resolved": appeals.filter(resolved_on__isnull=False).count(),
        "committee_sessions": sessions.count(),
        "committee_resolutions": resolutions.count(),
        "resolutions_by_matter": _labelled(
            Tally(resolutions.values_list("matter", flat=True)),
            CommitteeResolution.Matter.choices,
        ),
        "sessions": list(sessions.order_by("held_on")),
    }


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


# --- Index of reserved files --------------------------------------------------------------


def reserved_files_in_force(on: dt.date) -> QuerySet[ReservedFile]:
    return (
        ReservedFile.objects.filter(classified_on__lte=on, reserved_until__gte=on)
        .filter(Q(declassified_on__isnull=True) | Q(declassified_on__gt=on))
        .select_related("area", "resolution")
        .order_by("classified_on", "file_name")
    )


def reserved_index_due(today: dt.date) -> dict | None:
    """The semester whose index edition is missing, once that semester has ended."""
    year, semester = (today.year, 1) if today.month >= 7 else (today.year - 1, 2)
    if ReservedIndexEdition.objects.filter(year=year, semester=semester).exists():
        return None
    return {"year": year, "semester": semester}


# --- Obligations ------------------------------------------------------------------------


def _quarter_is_due(fraction: ObligationFraction, quarter: int) -> bool:
    period = fraction.update_period
    if period == UpdatePeriod.QUARTERLY:
        return True
    if period == UpdatePeriod.SEMIANNUAL:
        return quarter in (2, 4)
    if period == UpdatePeriod.ANNUAL:
        return quarter == 4
    return False


def obligation_deadline(year: int, quarter: int) -> dt.date:
    """The last day to publish a quarter's information (days after the quarter ends)."""
    _first, last = quarter_bounds(year, quarter)
    days = rules_in_force(last).obligations_update_days
    return BusinessCalendar(TRANSPARENCY).next_business_day(last + dt.timedelta(days=days))


def overdue_obligations(today: dt.date) -> list[dict]:
    """Applicable fractions whose last due quarter is not published after its deadline."""
    year, quarter = quarter_of(today)
    year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    try:
        deadline = obligation_deadline(year, quarter)
    except ValidationError:
        return []
    if today <= deadline:
        return []
    published = set(
        ObligationUpdate.objects.filter(
            year=year, quarter=quarter, published_on__isnull=False
        ).values_list("fraction_id", flat=True)
    )
    rows = []
    for fraction in ObligationFraction.objects.filter(applicable=True).select_related(
        "responsible_area"
    ):
        if _quarter_is_due(fraction, quarter) and fraction.pk not in published:
            rows.append(
                {"fraction": fraction, "year": year, "quarter": quarter, "deadline": deadline}
            )
    return rows


def obligations_table(year: int, quarter: int) -> list[dict]:
    updates = {
        u.fraction_id: u for u in ObligationUpdate.objects.filter(year=year, quarter=quarter)
    }
    return [
        {
            "fraction": fraction,
            "update": updates.get(fraction.pk),
            "due": fraction.applicable and _quarter_is_due(fraction, quarter),
        }
        for fraction in ObligationFraction.objects.select_related("responsible_area")
    ]


# --- Public lookup ------------------------------------------------------------------------


def _public_step_labels() -> dict:
    return {
        "received": _("Solicitud recibida"),
        "assigned": _("Turnada al área competente"),
        "clarification": _("Prevención notificada"),
        "clarified": _("Prevención desahogada"),
        "extension": _("Ampliación del plazo notificada"),
        "committee": _("Sesión del Comité de Transparencia"),
        "answered": _("Respuesta notificada"),
        "incompetent": _("Incompetencia notificada"),
        "redirected": _("Reconducida"),
        "not_a_request": _("Concluida sin trámite"),
        "appeal": _("Recurso de revisión interpuesto"),
    }


def public_status(folio: str) -> dict | None:
    """What anyone may see of a request: no requester data, no request text."""
    request = (
        AccessRequest.objects.filter(folio__iexact=folio.strip()).select_related("rule_set").first()
    )
    if request is None:
        return None
    computed = request_deadlines(request)
    PUBLIC_STEP_LABELS = _public_step_labels()  # noqa: N806
    return {
        "folio": request.folio,
        "kind": request.get_kind_display(),
        "received_on": request.received_on,
        "status": request.get_status_display(),
        "is_open": request.is_open,
        "paused": computed.paused,
        "clarification_response_due": computed.clarification_response_due
        if computed.paused
        else None,
        "answer_due": computed.answer_due,
        "extended_due": computed.extended_due,
        "answered_on": request.answered_on,
        "response_type": request.get_response_type_display() if request.response_type else "",
        "appeal_due": computed.appeal_due if request.answered_on else None,
        "rule_set": request.rule_set.name,
        "steps": [
            {"date": step.happened_on, "label": PUBLIC_STEP_LABELS[step.action]}
            for step in request.steps.order_by("happened_on", "pk")
            if step.action in PUBLIC_STEP_LABELS
        ],
    }
