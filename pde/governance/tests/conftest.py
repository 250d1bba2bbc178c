"""Fixtures: a body with voting members and a guest, sessions ready for each step."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pde.governance import services
from pde.governance.models import Body, Member, Session

SESSION_DAY = dt.date(2021, 4, 30)  # a Friday; the CC's Primera Sesión Ordinaria 2021
CONVENED_ON = dt.date(2021, 4, 16)


@pytest.fixture
def legal(make_user):
    return make_user("legal_officer", email="juridico@example.org")


@pytest.fixture
def body(db, state_entity):
    body = Body.objects.create(
        name="Comité Coordinador del Sistema Anticorrupción del Estado de Chiapas",
        acronym="CC",
        number_suffix="SAECH",
        entity=state_entity("SESAECH"),
        legal_basis="Ley del Sistema Anticorrupción del Estado de Chiapas",
    )
    people = [
        ("Mariana Díaz", "president", "mariana@example.org"),
        ("Roberto Lara", "member", "roberto@example.org"),
        ("Silvia Torres", "member", "silvia@example.org"),
        ("Jaime Cruz", "member", ""),
        ("Héctor Ruiz", "technical_secretary", "hector@example.org"),
        ("Tomás Aguilar", "guest", "tomas@example.org"),
    ]
    for name, role, email in people:
        Member.objects.create(
            body=body, full_name=name, role=role, email=email, start_date=dt.date(2021, 1, 1)
        )
    return body


def member(body: Body, name: str) -> Member:
    return body.members.get(full_name=name)


@pytest.fixture
def convened(body):
    """A convened session with two agenda items (one informative)."""
    session = services.plan_session(body, kind="ordinary", date=SESSION_DAY, place="Sala de juntas")
    services.add_agenda_item(session, title="Lista de asistencia", requires_vote=False)
    services.add_agenda_item(session, title="Calendario de sesiones ordinarias 2021")
    services.convene_session(session, convened_on=CONVENED_ON)
    session.refresh_from_db()
    return session


@pytest.fixture
def in_session(convened, body):
    """The convened session with everybody with a vote present (5 of 5) and the guest."""
    services.record_attendance(convened, list(body.members.values_list("pk", flat=True)))
    return convened


def approve(session: Session, order: int = 2) -> None:
    item = session.agenda_items.get(order=order)
    voters = [m for m in session.body.members.all() if m.has_vote]
    services.record_votes(item, {m.pk: "for" for m in voters})


def pdf_upload(name: str = "acta.pdf", content: bytes = b"%PDF-1.4 firmado") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
