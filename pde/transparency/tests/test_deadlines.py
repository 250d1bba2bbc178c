"""Legal deadlines: holidays, declared non-business days, prevención pauses, extensions,
the explanation of skipped days, and rule sets chosen by the reception date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pde.core.business_days import TRANSPARENCY, BusinessCalendar
from pde.core.models import NonBusinessPeriod
from pde.transparency import deadlines, selectors, services
from pde.transparency.models import DayKind, RuleSet

D = dt.date


def test_twenty_business_days_skip_weekends_and_the_march_holiday(new_request):
    # Received Monday 9 March 2026; Monday 16 March is Natalicio de Benito Juárez.
    request = new_request(received_on=D(2026, 3, 9))
    computed = selectors.request_deadlines(request)
    assert computed.answer_due == D(2026, 4, 7)
    assert computed.due == D(2026, 4, 7)
    assert computed.clarification_request_due == D(2026, 3, 17)
    assert computed.incompetence_due == D(2026, 3, 12)
    # Not answered: the appeal window runs from the deadline.
    assert computed.appeal_due == BusinessCalendar(TRANSPARENCY).add_business_days(
        D(2026, 4, 7), 15
    )


def test_the_explanation_names_every_skipped_day_and_why(new_request, declare):
    declare(D(2026, 4, 2), D(2026, 4, 3), description="Jueves y Viernes Santo")
    request = new_request(received_on=D(2026, 3, 9))
    computed = selectors.request_deadlines(request)
    assert computed.answer_due == D(2026, 4, 9)
    span = next(s for s in computed.spans if s.label == "Plazo de respuesta")
    reasons = {run.reason: run for run in span.skipped}
    assert reasons["Natalicio de Benito Juárez"].first == D(2026, 3, 16)
    assert reasons["Jueves y Viernes Santo"].days == 2
    assert reasons["Jueves y Viernes Santo"].first == D(2026, 4, 2)
    assert {"sábado", "domingo"} <= set(reasons)
    weekend_days = sum(run.days for run in span.skipped if run.reason in ("sábado", "domingo"))
    assert weekend_days == 8


def test_days_the_secretariat_declares_also_stop_transparency_deadlines(new_request, declare):
    declare(D(2026, 3, 10), D(2026, 3, 11), NonBusinessPeriod.DeclaredBy.SECRETARIAT)
    request = new_request(received_on=D(2026, 3, 9))
    assert selectors.request_deadlines(request).answer_due == D(2026, 4, 9)


def test_a_suspension_by_the_institute_moves_the_start_of_the_count(new_request, declare):
    # Like ITAIPCH's suspension lifted by Acta 19-E/2021 on 31 May 2021.
    declare(D(2021, 1, 11), D(2021, 5, 31), description="Suspensión de plazos ITAIPCH")
    request = new_request(received_on=D(2021, 4, 20))
    computed = selectors.request_deadlines(request)
    # 1 June 2021 is the first business day: 20 business days later is 28 June.
    assert computed.answer_due == D(2021, 6, 28)
    span = next(s for s in computed.spans if s.label == "Plazo de respuesta")
    # The whole suspension reads as one run, weekends included.
    suspension = [run for run in span.skipped if run.reason == "Suspensión de plazos ITAIPCH"]
    assert [(r.first, r.last, r.days) for r in suspension] == [(D(2021, 4, 21), D(2021, 5, 31), 41)]


def test_a_clarification_pauses_the_clock_and_it_resumes_with_the_days_left(
    new_request, officer, area
):
    request = new_request(received_on=D(2026, 3, 9))
    services.request_clarification(request, requested_on=D(2026, 3, 12), by=officer)
    paused = selectors.request_deadlines(request)
    assert paused.paused and paused.due is None
    # The requester has 10 business days (16 March is a holiday).
    assert paused.clarification_response_due == D(2026, 3, 27)
    services.record_clarification_answer(request, answered_on=D(2026, 3, 20), by=officer)
    resumed = selectors.request_deadlines(request)
    # 3 business days were used before the pause; 17 remain from 20 March.
    assert resumed.answer_due == D(2026, 4, 14)


def test_a_rule_set_that_restarts_the_count_after_the_clarification(new_request, officer, baseline):
    services.save_rule_set(
        RuleSet(
            name="Reforma de prueba",
            legal_basis="Decreto de prueba",
            effective_from=D(2026, 1, 1),
            clarification_effect=RuleSet.ClarificationEffect.RESTART,
        ),
        by=officer,
    )
    request = new_request(received_on=D(2026, 3, 9))
    services.request_clarification(request, requested_on=D(2026, 3, 12), by=officer)
    services.record_clarification_answer(request, answered_on=D(2026, 3, 20), by=officer)
    assert selectors.request_deadlines(request).answer_due == D(2026, 4, 17)


def test_an_approved_extension_adds_ten_business_days(new_request, officer, committee, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 10), by=officer)
    resolution = committee("extension", [request], held_on=D(2026, 4, 1))
    services.grant_extension(request, notified_on=D(2026, 4, 2), resolution=resolution, by=officer)
    computed = selectors.request_deadlines(request)
    assert computed.answer_due == D(2026, 4, 7)
    assert computed.extended_due == D(2026, 4, 21)
    assert computed.due == D(2026, 4, 21)


def test_arco_requests_have_their_term_and_the_term_to_make_the_right_effective(
    new_request, officer, area
):
    request = new_request(received_on=D(2026, 3, 9), kind="arco")
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    services.answer_request(
        request, answered_on=D(2026, 3, 20), response_type="arco_granted", by=officer
    )
    computed = selectors.request_deadlines(request)
    assert computed.answer_due == D(2026, 4, 7)
    assert computed.arco_effective_due == D(2026, 4, 10)


def test_calendar_day_rules_never_end_on_a_non_business_day():
    rules = RuleSet(answer_days=5, day_kind=DayKind.CALENDAR)
    counter = deadlines.Counter(rules.day_kind, BusinessCalendar(TRANSPARENCY, periods=[]))
    # Friday 6 March 2026 + 5 calendar days = Wednesday 11 March; + 8 = Saturday 14 -> 17
    # (Monday 16 is a holiday).
    assert counter.add(D(2026, 3, 6), 5) == D(2026, 3, 11)
    assert counter.add(D(2026, 3, 6), 8) == D(2026, 3, 17)


# --- Rule sets by reception date --------------------------------------------------------


def test_a_request_is_judged_by_the_rules_in_force_the_day_it_was_received(
    new_request, officer, baseline
):
    reform = services.save_rule_set(
        RuleSet(
            name="Ley General 2025 (prueba)",
            legal_basis="Decreto de reforma publicado en el DOF",
            effective_from=D(2025, 3, 21),
            answer_days=15,
            extension_days=5,
        ),
        by=officer,
    )
    before = new_request(received_on=D(2025, 3, 20))
    after = new_request(received_on=D(2025, 3, 21))
    assert before.rule_set == baseline
    assert after.rule_set == reform
    calendar = BusinessCalendar(TRANSPARENCY)
    assert selectors.request_deadlines(before).answer_due == calendar.add_business_days(
        D(2025, 3, 20), 20
    )
    assert selectors.request_deadlines(after).answer_due == calendar.add_business_days(
        D(2025, 3, 21), 15
    )


def test_rules_applied_to_requests_cannot_be_edited(new_request, officer, baseline):
    new_request()
    baseline.answer_days = 30
    with pytest.raises(ValidationError, match="nuevo conjunto de reglas"):
        services.save_rule_set(baseline, by=officer)


def test_no_rules_in_force_is_a_clear_error(new_request):
    with pytest.raises(ValidationError) as error:
        new_request(received_on=D(2010, 5, 3))
    assert "No hay reglas legales en vigor" in str(error.value.message_dict["received_on"])


def test_rule_sets_list_shows_until_when_each_was_in_force(officer, baseline):
    services.save_rule_set(
        RuleSet(name="Reforma", legal_basis="Decreto", effective_from=D(2025, 3, 21)), by=officer
    )
    rows = selectors.rule_sets()
    assert rows[0]["until"] is None
    assert rows[1]["rules"] == baseline and rows[1]["until"] == D(2025, 3, 20)


@pytest.mark.django_db
def test_the_core_calendar_explains_skipped_days(declare):
    declare(D(2026, 3, 10), D(2026, 3, 10), description="Día de prueba")
    calendar = BusinessCalendar(TRANSPARENCY)
    assert calendar.skipped_days(D(2026, 3, 9), D(2026, 3, 16)) == [
        (D(2026, 3, 10), "Día de prueba"),
        (D(2026, 3, 14), "sábado"),
        (D(2026, 3, 15), "domingo"),
        (D(2026, 3, 16), "Natalicio de Benito Juárez"),
    ]
    assert calendar.non_business_reason(D(2026, 3, 11)) == ""


# --- Properties -------------------------------------------------------------------------

starts = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
periods = st.lists(
    st.tuples(starts, st.integers(min_value=0, max_value=20)).map(
        lambda p: (p[0], p[0] + dt.timedelta(days=p[1]))
    ),
    max_size=4,
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    start=starts,
    days=st.integers(min_value=1, max_value=60),
    extra=st.integers(min_value=1, max_value=30),
    declared=periods,
    kind=st.sampled_from([DayKind.BUSINESS, DayKind.CALENDAR]),
)
def test_more_days_never_give_an_earlier_deadline_and_it_is_a_business_day(
    start, days, extra, declared, kind
):
    calendar = BusinessCalendar(TRANSPARENCY, periods=declared)
    counter = deadlines.Counter(kind, calendar)
    shorter, longer = counter.add(start, days), counter.add(start, days + extra)
    assert shorter <= longer
    assert shorter > start
    assert calendar.is_business_day(shorter)
    assert calendar.is_business_day(longer)


@pytest.mark.django_db
@hypothesis_settings(max_examples=100, deadline=None)
@given(
    start=starts,
    pause_at=st.integers(min_value=0, max_value=5),
    pause_length=st.integers(min_value=0, max_value=15),
    declared=periods,
)
def test_a_pause_never_makes_the_deadline_earlier(start, pause_at, pause_length, declared):
    calendar = BusinessCalendar(TRANSPARENCY, periods=declared)
    rules = RuleSet()
    plain = deadlines.compute(rules, kind="information", received_on=start, calendar=calendar)
    requested = calendar.add_business_days(start, pause_at) if pause_at else start
    answered = requested + dt.timedelta(days=pause_length)
    paused = deadlines.compute(
        rules,
        kind="information",
        received_on=start,
        clarification_requested_on=requested,
        clarification_answered_on=answered,
        calendar=calendar,
    )
    extended = deadlines.compute(
        rules, kind="information", received_on=start, extended=True, calendar=calendar
    )
    assert paused.answer_due >= plain.answer_due
    assert extended.due > plain.due
    assert calendar.is_business_day(paused.answer_due)
    assert calendar.is_business_day(extended.due)
