"""Legal deadlines of a request, computed from its rule set through the core
business-day calendar (TRANSPARENCY: national holidays, plus the days the
secretariat and the transparency institute declare inhábiles).

Pure computation: no writes. ``compute`` returns every deadline and, for each,
the span it was counted over and which days were skipped and why, so the
request's page can show how the date was reached.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pde.core.business_days import TRANSPARENCY, BusinessCalendar

from .models import DayKind, RuleSet


@dataclass(frozen=True)
class SkippedRun:
    """Consecutive skipped days with the same reason."""

    first: dt.date
    last: dt.date
    reason: str
    days: int


@dataclass(frozen=True)
class Span:
    label: str
    start: dt.date
    days: int
    day_kind: str
    end: dt.date
    skipped: tuple[SkippedRun, ...] = ()

    @property
    def day_kind_label(self) -> str:
        return str(DayKind(self.day_kind).label)


@dataclass
class Deadlines:
    rule_set: RuleSet
    clarification_request_due: dt.date
    incompetence_due: dt.date
    clarification_response_due: dt.date | None = None
    # True while a prevención waits for the requester: the clock is stopped.
    paused: bool = False
    answer_due: dt.date | None = None
    extended_due: dt.date | None = None
    arco_effective_due: dt.date | None = None
    appeal_due: dt.date | None = None
    spans: list[Span] = field(default_factory=list)

    @property
    def due(self) -> dt.date | None:
        """The deadline that binds now: the extended one when an extension was approved."""
        return self.extended_due or self.answer_due


def group_skipped(days: list[tuple[dt.date, str]]) -> tuple[SkippedRun, ...]:
    runs: list[SkippedRun] = []
    for day, reason in days:
        last = runs[-1] if runs else None
        if last and last.reason == reason and (day - last.last).days == 1:
            runs[-1] = SkippedRun(last.first, day, reason, last.days + 1)
        else:
            runs.append(SkippedRun(day, day, reason, 1))
    return tuple(runs)


class Counter:
    """Counts ``n`` days after a start date the way a rule set says (business or
    calendar days); a calendar-day deadline that lands on a non-business day moves
    to the next business day. Never returns a non-business day for n >= 1."""

    def __init__(self, day_kind: str, calendar: BusinessCalendar | None = None):
        self.day_kind = day_kind
        self.calendar = calendar or BusinessCalendar(TRANSPARENCY)

    def add(self, start: dt.date, days: int) -> dt.date:
        if self.day_kind == DayKind.BUSINESS:
            return self.calendar.add_business_days(start, days)
        return self.calendar.next_business_day(start + dt.timedelta(days=days))

    def between(self, start: dt.date, end: dt.date) -> int:
        if self.day_kind == DayKind.BUSINESS:
            return self.calendar.business_days_between(start, end)
        return (end - start).days

    def span(self, label: str, start: dt.date, days: int) -> Span:
        end = self.add(start, days)
        if self.day_kind == DayKind.BUSINESS:
            skipped = self.calendar.skipped_days(start, end)
        else:
            skipped = self.calendar.skipped_days(start + dt.timedelta(days=days - 1), end)
        return Span(label, start, days, self.day_kind, end, group_skipped(skipped))


def compute(
    rules: RuleSet,
    *,
    kind: str,
    received_on: dt.date,
    clarification_requested_on: dt.date | None = None,
    clarification_answered_on: dt.date | None = None,
    extended: bool = False,
    answered_on: dt.date | None = None,
    calendar: BusinessCalendar | None = None,
) -> Deadlines:
    counter = Counter(rules.day_kind, calendar)
    arco = kind == "arco"
    answer_days = rules.arco_answer_days if arco else rules.answer_days
    extension_days = rules.arco_extension_days if arco else rules.extension_days

    clarification = counter.span(
        _("Plazo para requerir aclaración (prevención)"),
        received_on,
        rules.clarification_request_days,
    )
    incompetence = counter.span(
        _("Plazo para notificar la incompetencia"), received_on, rules.incompetence_notice_days
    )
    result = Deadlines(
        rule_set=rules,
        clarification_request_due=clarification.end,
        incompetence_due=incompetence.end,
    )
    result.spans += [clarification, incompetence]

    effect = rules.clarification_effect
    if clarification_requested_on and effect != RuleSet.ClarificationEffect.NONE:
        response = counter.span(
            _("Plazo del solicitante para desahogar la prevención"),
            clarification_requested_on,
            rules.clarification_response_days,
        )
        result.clarification_response_due = response.end
        result.spans.append(response)
        if clarification_answered_on is None:
            result.paused = True
        elif effect == RuleSet.ClarificationEffect.PAUSE:
            consumed = counter.between(received_on, clarification_requested_on)
            remaining = max(1, answer_days - consumed)
            result.spans.append(
                counter.span(
                    _("Plazo de respuesta: %(left)s de %(total)s días restantes tras el desahogo")
                    % {"left": remaining, "total": answer_days},
                    clarification_answered_on,
                    remaining,
                )
            )
        else:
            result.spans.append(
                counter.span(
                    _("Plazo de respuesta, computado de nuevo tras el desahogo"),
                    clarification_answered_on,
                    answer_days,
                )
            )
    else:
        result.spans.append(counter.span(_("Plazo de respuesta"), received_on, answer_days))

    if not result.paused:
        result.answer_due = result.spans[-1].end
        if extended:
            span = counter.span(_("Ampliación del plazo"), result.answer_due, extension_days)
            result.extended_due = span.end
            result.spans.append(span)

    if answered_on and arco:
        span = counter.span(
            _("Plazo para hacer efectivo el derecho ARCO"), answered_on, rules.arco_effective_days
        )
        result.arco_effective_due = span.end
        result.spans.append(span)

    appeal_start = answered_on or result.due
    if appeal_start:
        span = counter.span(
            _("Plazo para interponer el recurso de revisión"), appeal_start, rules.appeal_days
        )
        result.appeal_due = span.end
        result.spans.append(span)
    return result


def days_to_answer(
    rules: RuleSet,
    *,
    received_on: dt.date,
    answered_on: dt.date,
    clarification_requested_on: dt.date | None = None,
    clarification_answered_on: dt.date | None = None,
    calendar: BusinessCalendar | None = None,
) -> int:
    """Business days the unit took to answer, without the days the clock was stopped
    by a prevención (what the quarterly report averages)."""
    calendar = calendar or BusinessCalendar(TRANSPARENCY)
    total = calendar.business_days_between(received_on, answered_on)
    if (
        clarification_requested_on
        and clarification_answered_on
        and rules.clarification_effect != RuleSet.ClarificationEffect.NONE
    ):
        total -= calendar.business_days_between(
            clarification_requested_on, clarification_answered_on
        )
    return max(total, 0)
