"""Deadlines in natural days and the status of each obligation; the dashboard's
counts against a brute-force count; the XLSX export; reminder e-mails."""

import datetime as dt
import io
import random

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pde.core.models import AuditEntry
from pde.declarations.selectors import oic as selectors
from pde.declarations.selectors.oic import ComplianceStatus as S

from .oic_helpers import make_filing, make_servant

pytest_plugins = ["pde.declarations.tests.oic_helpers"]

INICIAL, MODIFICACION, CONCLUSION = "INICIAL", "MODIFICACIÓN", "CONCLUSIÓN"
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


# --- The pure rules ------------------------------------------------------------------


def test_deadline_examples():
    # Alta on 15 January: the 60th natural day after it is 16 March (leap year 2024).
    assert selectors.inicial_deadline(dt.date(2024, 1, 15)) == dt.date(2024, 3, 15)
    assert selectors.inicial_deadline(dt.date(2025, 1, 15)) == dt.date(2025, 3, 16)
    assert selectors.conclusion_deadline(dt.date(2025, 12, 31)) == dt.date(2026, 3, 1)
    assert selectors.modificacion_deadline(2026) == dt.date(2026, 5, 31)
    # Natural days: weekends and holidays count (1 May is a holiday, still day 1).
    assert selectors.conclusion_deadline(dt.date(2026, 4, 30)) == dt.date(2026, 6, 29)


@pytest.mark.parametrize(
    ("start", "end", "year", "owes"),
    [
        (dt.date(2024, 1, 15), None, 2025, True),
        (dt.date(2025, 1, 15), None, 2025, False),  # files the Inicial that year
        (dt.date(2024, 12, 31), None, 2025, True),
        (dt.date(2020, 1, 1), dt.date(2025, 4, 30), 2025, False),  # left before May
        (dt.date(2020, 1, 1), dt.date(2025, 5, 1), 2025, True),  # in office on 1 May
        (dt.date(2020, 1, 1), dt.date(2025, 5, 31), 2025, True),
        (dt.date(2020, 1, 1), dt.date(2024, 12, 31), 2025, False),
    ],
)
def test_who_owes_a_modificacion(start, end, year, owes):
    assert selectors.owes_modificacion(start, end, year) is owes


@given(deadline=dates, filed=dates, today=dates)
def test_filing_on_or_before_the_deadline_is_never_late(deadline, filed, today):
    status = selectors.compliance_status(deadline, filed, today)
    assert status == (S.ON_TIME if filed <= deadline else S.LATE)


@given(deadline=dates, today=dates)
def test_nothing_filed_is_pending_until_the_deadline_then_omiso(deadline, today):
    status = selectors.compliance_status(deadline, None, today)
    assert status == (S.PENDING if today <= deadline else S.OMISO)


@given(start=dates, days=st.integers(0, 400))
def test_inicial_filed_within_60_natural_days_is_on_time(start, days):
    filed = start + dt.timedelta(days=days)
    status = selectors.compliance_status(selectors.inicial_deadline(start), filed, filed)
    assert (status == S.ON_TIME) == (days <= 60)


@given(year=st.integers(2001, 2040), filed=dates)
def test_a_modificacion_filed_in_may_is_on_time(year, filed):
    status = selectors.compliance_status(selectors.modificacion_deadline(year), filed, filed)
    if filed.year == year and filed.month == 5:
        assert status == S.ON_TIME
    if filed > dt.date(year, 5, 31):
        assert status == S.LATE


# --- Obligations from the padrón and the filings -------------------------------------------


@pytest.mark.django_db
def test_obligations_of_one_servant(tapachula):
    today = dt.date(2026, 7, 1)
    servant = make_servant(tapachula, start_date=dt.date(2024, 3, 1), end_date=dt.date(2026, 6, 15))
    make_filing(servant, INICIAL, dt.date(2024, 4, 30))  # day 60: on time
    make_filing(servant, MODIFICACION, dt.date(2025, 6, 2))  # late
    filings = selectors.filings_by_servant([servant.pk])
    got = {
        (o.tipo, o.year): o.status for o in selectors.obligations_of(servant, filings, today=today)
    }
    assert got == {
        (INICIAL, 2024): S.ON_TIME,
        (MODIFICACION, 2025): S.LATE,
        (MODIFICACION, 2026): S.OMISO,  # nothing filed by 31 May 2026
        (CONCLUSION, 2026): S.PENDING,  # until 14 August 2026
    }


TIPOS = (INICIAL, MODIFICACION, CONCLUSION)


def brute_force(servants, filings, year, today):
    """Counts (entity, tipo, status) the slow, obvious way."""
    counts = {}

    def status(deadline, filed):
        if filed is not None:
            return "on_time" if filed <= deadline else "late"
        return "pending" if today <= deadline else "omiso"

    for s in servants:
        mine = sorted(f for f in filings if f[0] == s.pk)
        obligations = []
        if s.start_date.year == year:
            dates_ = [d for _pk, t, d in mine if t == INICIAL]
            obligations.append((INICIAL, s.start_date + dt.timedelta(days=60), dates_))
        in_may = s.end_date is None or s.end_date >= dt.date(year, 5, 1)
        if s.start_date.year < year and in_may and year <= today.year:
            dates_ = [d for _pk, t, d in mine if t == MODIFICACION and d.year == year]
            obligations.append((MODIFICACION, dt.date(year, 5, 31), dates_))
        if s.end_date and s.end_date.year == year:
            dates_ = [d for _pk, t, d in mine if t == CONCLUSION]
            obligations.append((CONCLUSION, s.end_date + dt.timedelta(days=60), dates_))
        for tipo, deadline, filed in obligations:
            key = (s.entity_id, tipo, status(deadline, min(filed) if filed else None))
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dashboard_counts_match_a_brute_force_count(
    oic_client, oic_user, tapachula, palenque, seed
):
    oic_user.scope_entities.add(palenque)
    rng = random.Random(seed)
    today = dt.date.today()
    year = today.year - rng.choice([0, 1])
    servants, filings = [], []
    for _i in range(40):
        start = dt.date(year - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
        start = min(start, today)
        end = None
        if rng.random() < 0.4:
            end = min(start + dt.timedelta(days=rng.randint(0, 900)), today)
        servant = make_servant(rng.choice([tapachula, palenque]), start_date=start, end_date=end)
        servants.append(servant)
        for tipo in TIPOS:
            if rng.random() < 0.5:
                base = {INICIAL: start, CONCLUSION: end or start}.get(tipo, dt.date(year, 4, 1))
                filed = min(base + dt.timedelta(days=rng.randint(0, 120)), today)
                make_filing(servant, tipo, filed, period_year=filed.year - 1)
                filings.append((servant.pk, tipo, filed))
    expected = brute_force(servants, filings, year, today)

    response = oic_client.get(reverse("declarations:oic_compliance"), {"year": year})
    summary = response.context["summary"]
    got = {
        (row["entity"].pk, row["tipo"], status): row[status]
        for row in summary
        for status in S.values
        if row[status]
    }
    assert got == expected
    # The filtered list has exactly the obligations of one status.
    for status in S.values:
        listed = (
            oic_client.get(reverse("declarations:oic_compliance"), {"year": year, "status": status})
            .context["page"]
            .paginator.count
        )
        assert listed == sum(n for (_e, _t, s), n in expected.items() if s == status)


@pytest.mark.django_db
def test_xlsx_export(oic_client, tapachula):
    today = dt.date.today()
    on_time = make_servant(tapachula, nombre="Ana", start_date=today - dt.timedelta(days=10))
    make_filing(on_time, INICIAL, today)
    make_servant(tapachula, nombre="Beto", start_date=today - dt.timedelta(days=5))
    response = oic_client.get(
        reverse("declarations:oic_compliance_export"), {"year": today.year, "tipo": INICIAL}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Cumplimiento"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Ente público", "Nombre", "Empleo, cargo o comisión", "Tipo")
    by_name = {row[1].split()[0]: row for row in rows[1:]}
    assert by_name["Ana"][7] == "En tiempo" and by_name["Ana"][6].date() == today
    assert by_name["Beto"][7] == "Pendiente" and by_name["Beto"][6] is None
    assert by_name["Beto"][5].date() == today - dt.timedelta(days=5) + dt.timedelta(days=60)
    summary = list(workbook["Resumen"].iter_rows(values_only=True))
    assert summary[1][1:] == ("Inicial", 1, 0, 1, 0, 2)
    # No private data in the export.
    assert on_time.curp not in str(rows)


@pytest.mark.django_db
def test_reminders_go_to_pending_servants_only(oic_client, oic_user, tapachula):
    today = dt.date.today()
    pending = make_servant(tapachula, start_date=today - dt.timedelta(days=3))
    filed = make_servant(tapachula, start_date=today - dt.timedelta(days=3))
    make_filing(filed, INICIAL, today)
    make_servant(tapachula, start_date=today - dt.timedelta(days=3), email="")  # no address
    omiso = None
    if today.timetuple().tm_yday > 61:  # someone whose Inicial deadline passed this year
        omiso = make_servant(tapachula, start_date=dt.date(today.year, 1, 1))
    response = oic_client.post(
        reverse("declarations:oic_compliance_remind"),
        {"year": today.year, "tipo": INICIAL, "entity": tapachula.pk},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[pending.email]]
    message = mail.outbox[0]
    assert "inicial" in message.subject.lower()
    deadline = (today - dt.timedelta(days=3) + dt.timedelta(days=60)).strftime("%d/%m/%Y")
    assert deadline in message.body and tapachula.name in message.body
    event = AuditEntry.objects.get(action="declarations.reminders_sent")
    assert event.changes["count"] == 1 and event.object_id == str(tapachula.pk)
    if omiso:
        mail.outbox.clear()
        oic_client.post(
            reverse("declarations:oic_compliance_remind"),
            {"year": today.year, "tipo": INICIAL, "include_omisos": "on"},
        )
        assert sorted(m.to[0] for m in mail.outbox) == sorted([pending.email, omiso.email])


@pytest.mark.django_db
def test_reminders_need_write_permission(client, make_user, tapachula):
    auditor = make_user("auditor")
    client.force_login(auditor)
    assert client.get(reverse("declarations:oic_compliance")).status_code == 200
    response = client.post(reverse("declarations:oic_compliance_remind"), {"year": 2026})
    assert response.status_code == 403
    assert mail.outbox == []


@given(
    start=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
    length=st.one_of(st.none(), st.integers(0, 3000)),
    offsets=st.lists(st.tuples(st.sampled_from(TIPOS), st.integers(-30, 900)), max_size=6),
    today_offset=st.integers(0, 4000),
)
def test_obligations_hold_the_rules_for_any_period_and_filings(
    start, length, offsets, today_offset
):
    """Pure: an unsaved padrón entry and filings, no database."""
    from pde.declarations.models import ObligatedServant

    end = None if length is None else start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=today_offset)
    servant = ObligatedServant(pk=1, start_date=start, end_date=end)
    filings = {}
    for tipo, offset in sorted(offsets, key=lambda pair: pair[1]):
        filed = start + dt.timedelta(days=offset)
        filing = selectors.Filing("x", "F", filed, filed.year - 1)
        filings.setdefault((1, tipo), []).append(filing)
    obligations = selectors.obligations_of(servant, filings, today=today)
    for o in obligations:
        if o.filing is not None:
            assert o.status == (S.ON_TIME if o.filed_on <= o.deadline else S.LATE)
        else:
            assert o.status == (S.PENDING if today <= o.deadline else S.OMISO)
    kinds = [o.tipo for o in obligations]
    assert kinds.count(INICIAL) == 1
    assert kinds.count(CONCLUSION) == (1 if end else 0)
    modification_years = [o.year for o in obligations if o.tipo == MODIFICACION]
    last = today.year if end is None else min(today.year, end.year)
    expected = [
        y for y in range(start.year + 1, last + 1) if selectors.owes_modificacion(start, end, y)
    ]
    assert modification_years == expected
    assert all(o.deadline == dt.date(o.year, 5, 31) for o in obligations if o.tipo == MODIFICACION)


@pytest.mark.django_db
def test_export_keeps_formula_like_text_as_text(oic_client, tapachula):
    today = dt.date.today()
    make_servant(tapachula, nombre='=HYPERLINK("http://x")', start_date=today)
    response = oic_client.get(reverse("declarations:oic_compliance_export"), {"year": today.year})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Cumplimiento"]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
