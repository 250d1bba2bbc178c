"""Agreement follow-up, the overdue list, the annual calendar counts for the work plan."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pde.governance import selectors, services
from pde.governance.models import Session

from .conftest import approve


@pytest.fixture
def agreements(in_session):
    approve(in_session)
    late = services.adopt_agreement(
        in_session,
        text="Publicar el calendario.",
        responsible="Unidad de Transparencia",
        due_date=dt.date(2021, 5, 31),
    )
    on_time = services.adopt_agreement(
        in_session, text="Informar al Comité.", due_date=dt.date(2021, 12, 31)
    )
    done = services.adopt_agreement(
        in_session, text="Remitir el acta.", due_date=dt.date(2021, 5, 15)
    )
    done.status = "done"
    services.update_follow_up(done)
    return late, on_time, done


def test_overdue_lists_open_agreements_past_due(agreements, legal):
    late, on_time, done = agreements
    today = dt.date(2021, 6, 15)
    assert list(selectors.overdue_agreements(today=today)) == [late]
    assert list(selectors.overdue_agreements(legal, today=dt.date(2022, 1, 10))) == [late, on_time]
    assert late.is_overdue(today) and not done.is_overdue(today)


def test_overdue_page(client, legal, agreements):
    client.force_login(legal)
    page = client.get(reverse("governance:overdue_list")).content.decode()
    late, on_time, done = agreements
    assert late.number in page and on_time.number in page  # both past due by now
    assert done.number not in page


def test_search_and_filters(client, legal, agreements):
    client.force_login(legal)
    late, on_time, done = agreements
    page = client.get(reverse("governance:agreement_list"), {"q": "calendario"}).content.decode()
    assert late.number in page and done.number not in page
    page = client.get(reverse("governance:agreement_list"), {"status": "done"}).content.decode()
    assert done.number in page and late.number not in page
    page = client.get(reverse("governance:agreement_list"), {"year": 2020}).content.decode()
    assert "Ningún acuerdo coincide" in page


def test_evidence_is_stored_with_its_sha256(client, legal, agreements):
    client.force_login(legal)
    late = agreements[0]
    content = b"oficio de cumplimiento"
    response = client.post(
        reverse("governance:agreement_detail", args=[late.pk]),
        {
            "action": "evidence",
            "description": "Oficio",
            "file": SimpleUploadedFile("o.pdf", content),
        },
    )
    assert response.status_code == 302
    evidence = late.evidence.get()
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    download = client.get(reverse("governance:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == content


def test_follow_up_with_bad_status_names_the_field(client, legal, agreements):
    client.force_login(legal)
    response = client.post(
        reverse("governance:agreement_detail", args=[agreements[0].pk]),
        {"action": "follow_up", "status": "olvidado", "responsible": "", "due_date": "mañana"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "field-error" in page
    agreements[0].refresh_from_db()
    assert agreements[0].status == "pending"


def test_sessions_held_vs_planned(body):
    for kind, date in (
        ("ordinary", dt.date(2021, 2, 4)),
        ("ordinary", dt.date(2021, 4, 30)),
        ("extraordinary", dt.date(2021, 4, 9)),
        ("ordinary", dt.date(2021, 7, 30)),
        ("ordinary", dt.date(2021, 10, 29)),
    ):
        session = services.plan_session(body, kind=kind, date=date)
        if date.month <= 4:
            services.add_agenda_item(session, title="Informe", requires_vote=False)
            services.convene_session(session, convened_on=date - dt.timedelta(days=14))
            services.record_attendance(session, list(body.members.values_list("pk", flat=True)))
            services.adopt_agreement(session, text="Se tiene por presentado.")
            services.close_session(session)
    Session.objects.filter(date=dt.date(2021, 10, 29)).update(status="cancelled")
    year = selectors.sessions_held_vs_planned(body, 2021)
    assert (year.planned, year.held, year.held_ordinary, year.held_extraordinary) == (4, 3, 2, 1)
    assert year.cancelled == 1 and year.agreements == 3
    q2 = selectors.sessions_held_vs_planned(body, 2021, quarter=2)
    assert (q2.planned, q2.held, q2.held_extraordinary) == (1, 2, 1)
    q3 = selectors.sessions_held_vs_planned(body, 2021, 3)
    assert (q3.planned, q3.held) == (1, 0)
    assert selectors.sessions_held_vs_planned(None, 2021).held == 3
    with pytest.raises(ValueError):
        selectors.sessions_held_vs_planned(body, 2021, 5)


def test_calendar_page(client, legal, body):
    services.plan_session(body, kind="ordinary", date=dt.date(2021, 7, 30))
    client.force_login(legal)
    page = client.get(reverse("governance:body_calendar", args=[body.pk]), {"year": 2021})
    assert "Primera Sesión Ordinaria 2021" in page.content.decode()


def test_htmx_search_answers_only_the_rows(client, legal, agreements):
    client.force_login(legal)
    response = client.get(
        reverse("governance:agreement_list"), {"q": "calendario"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert agreements[0].number in page and agreements[2].number not in page
    assert "<h1>" not in page
