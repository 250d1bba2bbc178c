"""The business-day calendar: holidays, declared periods, deadline arithmetic and its pages."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pde.core import business_days
from pde.core.business_days import (
    GENERAL,
    MAX_BUSINESS_DAYS,
    TRANSPARENCY,
    BusinessCalendar,
)
from pde.core.models import AuditEntry, NonBusinessPeriod

D = dt.date
DeclaredBy = NonBusinessPeriod.DeclaredBy

MEXICAN_HOLIDAYS_2026 = {
    D(2026, 1, 1): "Año Nuevo",
    D(2026, 2, 2): "Día de la Constitución",  # first Monday of February
    D(2026, 3, 16): "Natalicio de Benito Juárez",  # third Monday of March
    D(2026, 5, 1): "Día del Trabajo",
    D(2026, 9, 16): "Día de la Independencia",
    D(2026, 11, 16): "Día de la Revolución",  # third Monday of November
    D(2026, 12, 25): "Navidad",
}


def make_period(start, end, declared_by=DeclaredBy.SECRETARIAT, description="Periodo de prueba"):
    return NonBusinessPeriod.objects.create(
        start_date=start,
        end_date=end,
        declared_by=declared_by,
        description=description,
        legal_basis="Acuerdo de prueba",
    )


# --- Which days are business days ---------------------------------------------------------


@pytest.mark.parametrize("day", sorted(MEXICAN_HOLIDAYS_2026))
@pytest.mark.parametrize("calendar", business_days.CALENDARS)
def test_national_holidays_are_not_business_days(day, calendar):
    assert day.weekday() < 5, "the example must fall on a weekday to mean anything"
    assert not BusinessCalendar(calendar, periods=[]).is_business_day(day)


@pytest.mark.parametrize("day", [D(2026, 1, 3), D(2026, 1, 4), D(2026, 2, 7), D(2026, 2, 8)])
def test_weekends_are_not_business_days(day):
    assert not BusinessCalendar(GENERAL, periods=[]).is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [D(2026, 1, 2), D(2026, 2, 3), D(2026, 3, 17), D(2026, 9, 15), D(2026, 11, 2), D(2026, 12, 24)],
)
def test_ordinary_weekdays_are_business_days(day):
    assert BusinessCalendar(GENERAL, periods=[]).is_business_day(day)


@pytest.mark.django_db
def test_period_declared_by_the_secretariat_stops_every_calendar():
    make_period(D(2026, 4, 2), D(2026, 4, 3), DeclaredBy.SECRETARIAT)
    for calendar in business_days.CALENDARS:
        assert not business_days.is_business_day(D(2026, 4, 2), calendar)
        assert not business_days.is_business_day(D(2026, 4, 3), calendar)
        assert business_days.is_business_day(D(2026, 4, 1), calendar)
        assert business_days.is_business_day(D(2026, 4, 6), calendar)


@pytest.mark.django_db
def test_period_declared_by_the_transparency_institute_stops_only_transparency():
    make_period(D(2026, 6, 10), D(2026, 6, 10), DeclaredBy.TRANSPARENCY_INSTITUTE)
    assert business_days.is_business_day(D(2026, 6, 10), GENERAL)
    assert not business_days.is_business_day(D(2026, 6, 10), TRANSPARENCY)


@pytest.mark.django_db
def test_deadlines_skip_declared_periods():
    # A request received Wednesday 1 April 2026 with a 1-business-day deadline: Thursday
    # and Friday declared inhábiles, so it is due Monday 6 April.
    make_period(D(2026, 4, 2), D(2026, 4, 3), DeclaredBy.SECRETARIAT)
    assert business_days.add_business_days(D(2026, 4, 1), 1) == D(2026, 4, 6)
    assert business_days.business_days_between(D(2026, 4, 1), D(2026, 4, 6)) == 1


@pytest.mark.django_db
def test_a_long_suspension_moves_transparency_deadlines_only():
    # The 2021 suspension of the transparency institute (Acta 19-E/2021).
    make_period(D(2021, 1, 11), D(2021, 5, 31), DeclaredBy.TRANSPARENCY_INSTITUTE)
    start = D(2021, 1, 8)  # a Friday
    assert business_days.add_business_days(start, 10, TRANSPARENCY) == D(2021, 6, 14)
    assert business_days.add_business_days(start, 10, GENERAL) == D(2021, 1, 22)


@pytest.mark.django_db
def test_calendar_reads_the_same_periods_as_given_explicitly():
    make_period(D(2026, 7, 20), D(2026, 7, 31), DeclaredBy.SECRETARIAT)
    make_period(D(2026, 12, 21), D(2026, 12, 31), DeclaredBy.TRANSPARENCY_INSTITUTE)
    from_db = BusinessCalendar(TRANSPARENCY)
    explicit = BusinessCalendar(
        TRANSPARENCY, periods=[(D(2026, 7, 20), D(2026, 7, 31)), (D(2026, 12, 21), D(2026, 12, 31))]
    )
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert from_db.is_business_day(day) == explicit.is_business_day(day), day
        day += dt.timedelta(days=1)


def test_unknown_calendar_is_refused():
    with pytest.raises(ValueError, match="Unknown calendar"):
        BusinessCalendar("vacaciones")


# --- Deadline arithmetic ----------------------------------------------------------------------


def test_the_start_day_never_counts():
    calendar = BusinessCalendar(GENERAL, periods=[])
    friday = D(2026, 1, 9)
    assert calendar.add_business_days(friday, 1) == D(2026, 1, 12)
    # Across a holiday Monday.
    assert calendar.add_business_days(D(2026, 1, 30), 1) == D(2026, 2, 3)
    assert calendar.add_business_days(friday, 0) == friday


def test_going_back_skips_weekends_and_holidays():
    calendar = BusinessCalendar(GENERAL, periods=[])
    assert calendar.add_business_days(D(2026, 2, 3), -1) == D(2026, 1, 30)
    assert calendar.add_business_days(D(2026, 1, 12), -5) == D(2026, 1, 5)


def test_a_year_without_declared_periods_has_254_business_days_in_2026():
    calendar = BusinessCalendar(GENERAL, periods=[])
    assert calendar.business_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 254


@pytest.mark.parametrize("days", [MAX_BUSINESS_DAYS + 1, -MAX_BUSINESS_DAYS - 1, 10**9])
def test_deadlines_beyond_any_legal_term_are_refused(days):
    with pytest.raises(ValueError):
        BusinessCalendar(GENERAL, periods=[]).add_business_days(D(2026, 1, 1), days)


def test_the_longest_allowed_deadline_is_computed():
    calendar = BusinessCalendar(GENERAL, periods=[])
    start = D(2000, 1, 3)
    end = calendar.add_business_days(start, MAX_BUSINESS_DAYS)
    assert calendar.business_days_between(start, end) == MAX_BUSINESS_DAYS
    assert calendar.add_business_days(end, -MAX_BUSINESS_DAYS) == start


# --- Properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
periods = st.lists(
    st.tuples(dates, st.integers(min_value=0, max_value=45)).map(
        lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1]))
    ),
    max_size=5,
)
calendars = st.builds(BusinessCalendar, st.sampled_from(business_days.CALENDARS), periods)
steps = st.integers(min_value=0, max_value=400)


def last_business_day_on_or_before(calendar: BusinessCalendar, day: dt.date) -> dt.date:
    while not calendar.is_business_day(day):
        day -= dt.timedelta(days=1)
    return day


@hypothesis_settings(deadline=None)
@given(calendar=calendars, start=dates, n=steps)
def test_adding_n_business_days_lands_on_a_business_day_n_days_later(calendar, start, n):
    due = calendar.add_business_days(start, n)
    assert calendar.business_days_between(start, due) == n
    if n == 0:
        assert due == start
    else:
        assert due > start
        assert calendar.is_business_day(due)


@hypothesis_settings(deadline=None)
@given(calendar=calendars, start=dates, n=steps)
def test_more_business_days_always_give_a_later_date(calendar, start, n):
    assert calendar.add_business_days(start, n + 1) > calendar.add_business_days(start, n)


@hypothesis_settings(deadline=None)
@given(calendar=calendars, start=dates, n=st.integers(min_value=1, max_value=400))
def test_going_forward_then_back_lands_on_the_last_business_day_up_to_start(calendar, start, n):
    there = calendar.add_business_days(start, n)
    assert calendar.add_business_days(there, -n) == last_business_day_on_or_before(calendar, start)


@hypothesis_settings(deadline=None)
@given(calendar=calendars, start=dates, n=st.integers(min_value=1, max_value=400))
def test_going_back_lands_on_a_business_day_n_days_earlier(calendar, start, n):
    back = calendar.add_business_days(start, -n)
    assert back < start
    assert calendar.is_business_day(back)
    # Counting forward again from there reaches the start (or the next business day).
    assert calendar.add_business_days(back, n) == calendar.next_business_day(start)
    # Exactly n business days in [back, start): the start itself does not count.
    previous_day = start - dt.timedelta(days=1)
    assert calendar.business_days_between(back - dt.timedelta(days=1), previous_day) == n


@hypothesis_settings(deadline=None)
@given(calendar=calendars, a=dates, b=dates)
def test_counting_business_days_is_antisymmetric_and_additive(calendar, a, b):
    between = calendar.business_days_between
    assert between(a, b) == -between(b, a)
    middle = min(a, b) + (max(a, b) - min(a, b)) / 2
    assert between(a, b) == between(a, middle) + between(middle, b)


@hypothesis_settings(deadline=None)
@given(calendar=calendars, day=dates)
def test_declared_days_and_holidays_are_never_business_days(calendar, day):
    declared = any(start <= day <= end for start, end in calendar.periods)
    holiday = day in business_days.national_holidays(day.year)
    weekend = day.weekday() >= 5
    assert calendar.is_business_day(day) == (not (declared or holiday or weekend))


@hypothesis_settings(deadline=None)
@given(day=dates, extra=periods)
def test_transparency_calendar_never_has_more_business_days_than_general(day, extra):
    # Same secretariat periods; transparency may add the institute's on top.
    general = BusinessCalendar(GENERAL, periods=extra[:2])
    transparency = BusinessCalendar(TRANSPARENCY, periods=extra)
    if transparency.is_business_day(day):
        assert general.is_business_day(day)


# --- The calendar pages --------------------------------------------------------------------------


@pytest.fixture
def officer(make_user):
    return make_user("transparency_officer")


@pytest.mark.django_db
def test_calendar_page_lists_the_years_holidays_in_spanish(client, officer):
    client.force_login(officer)
    response = client.get("/calendario/", {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Días inhábiles 2026" in html
    for name in MEXICAN_HOLIDAYS_2026.values():
        assert name in html
    assert "jueves 1 de enero" in html
    assert "viernes 25 de diciembre" in html
    assert 'datetime="2026-09-16"' in html
    assert "Días hábiles del año: 254 para los trámites de la Secretaría; 254 para" in html
    assert "No se han declarado días inhábiles este año." in html


@pytest.mark.django_db
def test_calendar_page_lists_declared_periods_of_that_year(client, officer):
    make_period(D(2026, 4, 2), D(2026, 4, 3), DeclaredBy.SECRETARIAT, "Jueves y Viernes Santo")
    make_period(D(2026, 6, 10), D(2026, 6, 10), DeclaredBy.TRANSPARENCY_INSTITUTE, "Inventario")
    make_period(D(2025, 4, 17), D(2025, 4, 18), DeclaredBy.SECRETARIAT, "Semana Santa 2025")
    # A period running into the year counts too.
    make_period(D(2025, 12, 22), D(2026, 1, 6), DeclaredBy.SECRETARIAT, "Vacaciones de invierno")
    client.force_login(officer)
    html = client.get("/calendario/", {"year": "2026"}).content.decode()
    assert "Jueves y Viernes Santo" in html
    assert "02/04/2026 – 03/04/2026" in html
    assert "La Secretaría Ejecutiva (todos los trámites)" in html
    assert "Inventario" in html
    assert "El órgano garante de transparencia" in html
    assert "Vacaciones de invierno" in html
    assert "Semana Santa 2025" not in html
    # 254 - 2 (Holy Thursday and Friday) - 3 (2, 5 and 6 January) = 249; transparency one less.
    assert "Días hábiles del año: 249 para los trámites de la Secretaría; 248 para" in html


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["abc", "", "99999", "-1"])
def test_calendar_page_with_a_bad_year_shows_the_current_year(client, officer, year):
    client.force_login(officer)
    response = client.get("/calendario/", {"year": year})
    assert response.status_code == 200
    assert f"Días inhábiles {timezone.localdate().year}" in response.content.decode()


@pytest.mark.django_db
def test_calendar_page_links_to_neighbouring_years(client, officer):
    client.force_login(officer)
    html = client.get("/calendario/", {"year": "2026"}).content.decode()
    assert 'href="?year=2025"' in html
    assert 'href="?year=2027"' in html


@pytest.mark.django_db
def test_add_form_saves_the_period_and_audits_it(client, officer):
    client.force_login(officer)
    assert (
        "Registrar días inhábiles" in client.get("/calendario/", {"year": "2026"}).content.decode()
    )
    form_html = client.get("/calendario/nuevo/").content.decode()
    assert "Del día" in form_html
    assert "Al día (inclusive)" in form_html

    response = client.post(
        "/calendario/nuevo/",
        {
            "start_date": "2026-04-02",
            "end_date": "2026-04-03",
            "declared_by": DeclaredBy.SECRETARIAT,
            "description": "Jueves y Viernes Santo",
            "legal_basis": "Acuerdo 01/2026 del Comité Coordinador",
        },
    )
    assert response.status_code == 302
    assert response.url == "/calendario/?year=2026"
    html = client.get(response.url).content.decode()
    assert "Se registró el periodo inhábil" in html
    assert "Jueves y Viernes Santo" in html

    period = NonBusinessPeriod.objects.get()
    assert (period.start_date, period.end_date) == (D(2026, 4, 2), D(2026, 4, 3))
    entry = AuditEntry.objects.get(action="nonbusinessperiod.created")
    assert entry.actor == officer
    assert entry.object_id == str(period.pk)
    assert entry.changes["after"]["start_date"] == "2026-04-02"
    # The new days count at once.
    assert not business_days.is_business_day(D(2026, 4, 2), GENERAL)


@pytest.mark.django_db
def test_add_form_accepts_the_spanish_date_format(client, officer):
    client.force_login(officer)
    response = client.post(
        "/calendario/nuevo/",
        {
            "start_date": "02/11/2026",
            "end_date": "02/11/2026",
            "declared_by": DeclaredBy.SECRETARIAT,
            "description": "Día de Muertos",
            "legal_basis": "Acuerdo 02/2026",
        },
    )
    assert response.status_code == 302
    assert NonBusinessPeriod.objects.get().start_date == D(2026, 11, 2)


@pytest.mark.django_db
def test_add_form_refuses_an_end_before_the_start_and_writes_nothing(client, officer):
    client.force_login(officer)
    audit_count = AuditEntry.objects.count()
    response = client.post(
        "/calendario/nuevo/",
        {
            "start_date": "2026-04-03",
            "end_date": "2026-04-02",
            "declared_by": DeclaredBy.SECRETARIAT,
            "description": "Fechas al revés",
            "legal_basis": "Acuerdo 03/2026",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    message = "La fecha final no puede ser anterior a la inicial."
    assert message in html
    end_block = re.search(
        r'<div class="field has-error">\s*<label for="id_end_date">(.*?)</div>', html, re.S
    )
    assert end_block is not None
    assert "Al día (inclusive)" in end_block.group(1)
    assert message in end_block.group(1)
    # What the user typed stays in the form.
    assert 'value="2026-04-03"' in html
    assert "Traceback" not in html
    assert NonBusinessPeriod.objects.count() == 0
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.django_db
def test_add_form_requires_every_field_in_spanish(client, officer):
    client.force_login(officer)
    # A browser always sends every field of the form, empty or not.
    empty = dict.fromkeys(
        ["start_date", "end_date", "declared_by", "description", "legal_basis"], ""
    )
    response = client.post("/calendario/nuevo/", empty)
    assert response.status_code == 200
    assert response.content.decode().count("Este campo es obligatorio.") == 5
    assert NonBusinessPeriod.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/calendario/", "/calendario/nuevo/"])
def test_declarant_gets_403_on_the_calendar(client, make_user, url):
    client.force_login(make_user("declarant"))
    response = client.get(url)
    assert response.status_code == 403
    assert "Acceso denegado" in response.content.decode()


@pytest.mark.django_db
def test_declarant_cannot_post_a_period(client, make_user):
    client.force_login(make_user("declarant"))
    response = client.post(
        "/calendario/nuevo/",
        {
            "start_date": "2026-04-02",
            "end_date": "2026-04-03",
            "declared_by": DeclaredBy.SECRETARIAT,
            "description": "Intento",
            "legal_basis": "Ninguno",
        },
    )
    assert response.status_code == 403
    assert NonBusinessPeriod.objects.count() == 0


@pytest.mark.django_db
def test_auditor_reads_the_calendar_but_cannot_add(client, make_user):
    client.force_login(make_user("auditor"))
    html = client.get("/calendario/").content.decode()
    assert "Registrar días inhábiles" not in html
    assert client.get("/calendario/nuevo/").status_code == 403
