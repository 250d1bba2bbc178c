"""The whole life of a session, as the Dirección Jurídica goes through it in the browser:
body → members → session → agenda → convocatoria (PDF, e-mail) → attendance → quorum →
votes → numbered agreements → close → minutes (PDF and DOCX) → signed scan."""

import datetime as dt
import hashlib
import io

import docx
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from pde.core.models import AuditEntry
from pde.governance import services
from pde.governance.models import Agreement, Body, Session

from .conftest import pdf_upload


def pdf_text(content: bytes) -> str:
    """The PDF's text with whitespace collapsed (lines wrap anywhere)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_full_session_flow(client, legal, state_entity, django_capture_on_commit_callbacks):
    client.force_login(legal)

    # The body and its members.
    response = client.post(
        reverse("governance:body_create"),
        {
            "name": "Comité Coordinador del Sistema Anticorrupción del Estado de Chiapas",
            "acronym": "CC",
            "number_suffix": "SAECH",
            "number_pattern": "{n:03d}/{acronym}/{suffix}/{year}",
            "entity": state_entity("SESAECH").pk,
            "legal_basis": "Artículos 8 a 13 de la Ley del Sistema Anticorrupción",
            "quorum_rule": "majority",
            "ordinary_sessions_per_year": 4,
            "notice_days_ordinary": 5,
            "notice_days_extraordinary": 1,
            "notice_in_business_days": "on",
            "active": "on",
        },
    )
    body = Body.objects.get(acronym="CC")
    assert response.status_code == 302
    members = [
        ("Mariana Díaz Coello", "president", "mariana@example.org"),
        ("Roberto Lara Espinosa", "member", "roberto@example.org"),
        ("Silvia Torres Nájera", "member", "silvia@example.org"),
        ("Héctor Ruiz Grajales", "technical_secretary", "hector@example.org"),
        ("Tomás Aguilar Vera", "guest", "tomas@example.org"),
    ]
    for name, role, email in members:
        response = client.post(
            reverse("governance:member_create", args=[body.pk]),
            {
                "full_name": name,
                "position": "Cargo",
                "role": role,
                "email": email,
                "start_date": "2021-01-01",
            },
        )
        assert response.status_code == 302, response.content
    assert body.members.count() == 5

    # A session: numbered and named automatically.
    response = client.post(
        reverse("governance:session_create", args=[body.pk]),
        {"kind": "ordinary", "date": "2021-04-30", "time": "10:00", "place": "Sala de juntas"},
    )
    session = Session.objects.get(body=body)
    assert session.title == "Primera Sesión Ordinaria 2021"
    assert session.status == "planned"
    for title in ("Lista de asistencia y declaración de quórum", "Calendario de sesiones 2021"):
        client.post(
            reverse("governance:agenda_item_add", args=[session.pk]),
            {"title": title, "requires_vote": "on"},
        )
    assert session.agenda_items.count() == 2

    # The convocatoria: notice period checked, members e-mailed, PDF readable.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:session_convene", args=[session.pk]), {"convened_on": "2021-04-16"}
        )
    session.refresh_from_db()
    assert session.status == "convened"
    assert len(mail.outbox) == 1
    assert "Primera Sesión Ordinaria 2021" in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {email for _n, _r, email in members}
    assert "Calendario de sesiones 2021" in mail.outbox[0].body
    name, attached, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and name.startswith("convocatoria-CC-2021")
    assert "Primera Sesión Ordinaria 2021" in pdf_text(attached)
    response = client.get(reverse("governance:convocation_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Convocatoria" in text
    assert "Primera Sesión Ordinaria 2021" in text
    assert "Calendario de sesiones 2021" in text
    assert "Mariana Díaz Coello" in text

    # Attendance and quorum: 3 of the 4 members with a vote (the guest does not count).
    present = [m.pk for m in body.members.exclude(full_name="Silvia Torres Nájera")]
    client.post(reverse("governance:session_attendance", args=[session.pk]), {"present": present})
    page = client.get(reverse("governance:session_detail", args=[session.pk]))
    assert "Con 3 de 4 integrantes con voto presentes (se requieren 3)" in page.content.decode()

    # Votes on item 2 and two agreements, numbered by the body's pattern.
    item = session.agenda_items.get(order=2)
    voters = body.members.exclude(full_name__in=["Silvia Torres Nájera", "Tomás Aguilar Vera"])
    votes = {f"item{item.pk}-member_{m.pk}": "for" for m in voters}
    votes[f"item{item.pk}-member_{voters[0].pk}"] = "abstention"
    client.post(reverse("governance:item_votes", args=[item.pk]), votes)
    assert item.votes.count() == 3
    for text in ("Se aprueba el calendario de sesiones 2021.", "Se instruye publicarlo."):
        client.post(
            reverse("governance:agreement_adopt", args=[session.pk]),
            {
                "agenda_item": item.pk,
                "text": text,
                "responsible": "Secretaría Técnica",
                "due_date": "2021-06-30",
            },
        )
    numbers = list(Agreement.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == ["001/CC/SAECH/2021", "002/CC/SAECH/2021"]

    # Close: the session counts as held.
    client.post(reverse("governance:session_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "held" and session.closed_at

    # The minutes, read back.
    text = pdf_text(client.get(reverse("governance:minutes_pdf", args=[session.pk])).content)
    assert "Acta de la Primera Sesión Ordinaria 2021" in text
    assert "001/CC/SAECH/2021" in text and "002/CC/SAECH/2021" in text
    assert "se declara la existencia de quórum legal" in text
    assert "2 a favor, 0 en contra, 1 abstenciones" in text
    response = client.get(reverse("governance:minutes_docx", args=[session.pk]))
    text = docx_text(response.content)
    assert "Acta de la Primera Sesión Ordinaria 2021" in text
    assert "Silvia Torres Nájera" in text and "Ausente" in text
    assert "Acuerdo 002/CC/SAECH/2021." in text
    assert "Se instruye publicarlo." in text

    # The signed scan, stored with its SHA-256.
    scan = b"%PDF-1.4 acta firmada"
    client.post(
        reverse("governance:signed_minutes", args=[session.pk]),
        {"file": pdf_upload("acta.pdf", scan)},
    )
    session.refresh_from_db()
    assert session.signed_minutes_sha256 == hashlib.sha256(scan).hexdigest()
    download = client.get(reverse("governance:signed_minutes_download", args=[session.pk]))
    assert b"".join(download.streaming_content) == scan

    # Every step left an audit entry.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "body.created",
        "member.created",
        "session.created",
        "agendaitem.created",
        "session.convened",
        "session.attendance_recorded",
        "vote.cast",
        "agreement.adopted",
        "session.updated",
        "session.signed_minutes_attached",
    } <= actions


def test_session_numbers_per_kind_and_year(body):
    first = services.plan_session(body, kind="extraordinary", date=dt.date(2021, 4, 9))
    second = services.plan_session(body, kind="ordinary", date=dt.date(2021, 4, 30))
    third = services.plan_session(body, kind="ordinary", date=dt.date(2021, 7, 30))
    next_year = services.plan_session(body, kind="ordinary", date=dt.date(2022, 2, 1))
    assert first.title == "Primera Sesión Extraordinaria 2021"
    assert second.title == "Primera Sesión Ordinaria 2021"
    assert third.title == "Segunda Sesión Ordinaria 2021"
    assert next_year.title == "Primera Sesión Ordinaria 2022"
