"""The rules a session must keep, and the bad input the issue names."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from pde.core.models import NonBusinessPeriod
from pde.governance import selectors, services
from pde.governance.models import Agreement, Body, Member, Session, Vote

from .conftest import SESSION_DAY, approve, member

# --- Notice period ---------------------------------------------------------------------


def test_convocatoria_too_late_is_refused_naming_the_deadline(body):
    # Monday 20 Sept 2021; 16 Sept is a national holiday, so 5 business days back is 10 Sept.
    session = services.plan_session(body, kind="ordinary", date=dt.date(2021, 9, 20))
    services.add_agenda_item(session, title="Informe")
    assert services.notice_deadline(session) == dt.date(2021, 9, 10)
    with pytest.raises(ValidationError) as error:
        services.convene_session(session, convened_on=dt.date(2021, 9, 13))
    message = error.value.message_dict["convened_on"][0]
    assert "5 días hábiles" in message and "10/09/2021" in message
    session.refresh_from_db()
    assert session.status == "planned"
    services.convene_session(session, convened_on=dt.date(2021, 9, 10))
    session.refresh_from_db()
    assert session.status == "convened"


def test_resending_keeps_the_original_date_of_issue(convened, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.convene_session(convened, convened_on=dt.date(2021, 4, 29))
    convened.refresh_from_db()
    assert convened.convened_at == dt.date(2021, 4, 16)
    assert len(mail.outbox) == 1 and len(mail.outbox[0].to) == 5


def test_notice_period_is_configured_per_body(body):
    body.notice_in_business_days = False
    body.notice_days_ordinary = 7
    body.save()
    session = services.plan_session(body, kind="ordinary", date=dt.date(2021, 9, 20))
    services.add_agenda_item(session, title="Informe")
    assert services.notice_deadline(session) == dt.date(2021, 9, 13)
    services.convene_session(session, convened_on=dt.date(2021, 9, 13))


def test_declared_non_business_days_lengthen_the_notice(body):
    NonBusinessPeriod.objects.create(
        start_date=dt.date(2021, 9, 13),
        end_date=dt.date(2021, 9, 14),
        declared_by=NonBusinessPeriod.DeclaredBy.SECRETARIAT,
        description="Inhábiles",
    )
    session = services.plan_session(body, kind="ordinary", date=dt.date(2021, 9, 20))
    assert services.notice_deadline(session) == dt.date(2021, 9, 8)


def test_extraordinary_sessions_have_their_own_notice(body):
    session = services.plan_session(body, kind="extraordinary", date=dt.date(2021, 5, 26))
    services.add_agenda_item(session, title="Asunto urgente")
    services.convene_session(session, convened_on=dt.date(2021, 5, 25))


def test_a_session_without_agenda_cannot_be_convened(body):
    session = services.plan_session(body, kind="ordinary", date=SESSION_DAY)
    with pytest.raises(ValidationError, match="orden del día"):
        services.convene_session(session, convened_on=dt.date(2021, 4, 1))


# --- Quorum ----------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=200))
def test_majority_quorum_is_the_smallest_number_above_half(voting):
    required = selectors.required_for("majority", voting)
    assert required > voting / 2
    assert required - 1 <= voting / 2


@given(st.integers(min_value=1, max_value=200))
def test_two_thirds_quorum_is_the_smallest_number_reaching_two_thirds(voting):
    required = selectors.required_for("two_thirds", voting)
    assert 3 * required >= 2 * voting
    assert 3 * (required - 1) < 2 * voting
    assert selectors.required_for("all", voting) == voting


def test_guests_do_not_count_for_quorum(convened, body):
    # Present: the guest and two members with vote -> 2 of 5, 3 required.
    present = [
        member(body, "Tomás Aguilar"),
        member(body, "Roberto Lara"),
        member(body, "Jaime Cruz"),
    ]
    services.record_attendance(convened, [m.pk for m in present])
    result = selectors.quorum(convened)
    assert (result.voting_members, result.present, result.required) == (5, 2, 3)
    assert not result.reached


def test_members_whose_period_ended_are_not_counted(convened, body):
    former = member(body, "Jaime Cruz")
    services.end_membership(former, dt.date(2021, 3, 31))
    assert selectors.quorum(convened).voting_members == 4
    assert former in body.members.all()  # history kept


# --- Votes -----------------------------------------------------------------------------


def test_vote_from_a_non_member_is_refused(in_session, state_entity):
    other = Body.objects.create(name="Órgano de Gobierno", acronym="OG", number_suffix="SESAECH")
    stranger = Member.objects.create(
        body=other, full_name="Persona Ajena", start_date=dt.date(2021, 1, 1)
    )
    item = in_session.agenda_items.get(order=2)
    with pytest.raises(ValidationError) as error:
        services.cast_vote(item, stranger, "for")
    assert "Persona Ajena no es integrante de CC" in error.value.messages[0]
    assert not Vote.objects.exists()


def test_a_guest_has_voice_but_no_vote(in_session, body):
    item = in_session.agenda_items.get(order=2)
    with pytest.raises(ValidationError, match="invitado con voz y sin voto"):
        services.cast_vote(item, member(body, "Tomás Aguilar"), "for")


def test_absent_members_cannot_vote(convened, body):
    services.record_attendance(convened, [member(body, "Roberto Lara").pk])
    item = convened.agenda_items.get(order=2)
    with pytest.raises(ValidationError, match="no está registrado como presente"):
        services.cast_vote(item, member(body, "Silvia Torres"), "against")


def test_votes_after_closing_are_refused(in_session, body):
    approve(in_session)
    services.close_session(in_session)
    item = in_session.agenda_items.get(order=2)
    with pytest.raises(ValidationError, match="ya está cerrada"):
        services.cast_vote(item, member(body, "Roberto Lara"), "against")
    assert item.votes.get(member__full_name="Roberto Lara").choice == "for"


def test_a_batch_of_votes_is_all_or_nothing(in_session, body):
    item = in_session.agenda_items.get(order=2)
    choices = {member(body, "Roberto Lara").pk: "for", member(body, "Tomás Aguilar").pk: "for"}
    with pytest.raises(ValidationError):
        services.record_votes(item, choices)
    assert not item.votes.exists()


def test_informative_items_take_no_votes(in_session, body):
    item = in_session.agenda_items.get(order=1)
    with pytest.raises(ValidationError, match="no se somete a votación"):
        services.cast_vote(item, member(body, "Roberto Lara"), "for")


def test_vote_refused_in_the_browser_shows_the_reason(client, legal, in_session, body):
    client.force_login(legal)
    item = in_session.agenda_items.get(order=2)
    guest = member(body, "Tomás Aguilar")
    response = client.post(
        f"/organos-colegiados/puntos/{item.pk}/votos/",
        {f"item{item.pk}-member_{guest.pk}": "for"},
        follow=True,
    )
    assert "Tomás Aguilar participa como invitado con voz y sin voto" in response.content.decode()
    assert not item.votes.exists()


# --- Agreements ------------------------------------------------------------------------


def test_no_agreements_without_quorum(convened, body):
    services.record_attendance(convened, [member(body, "Roberto Lara").pk])
    with pytest.raises(ValidationError) as error:
        services.adopt_agreement(convened, text="Se aprueba el calendario.")
    assert "no tiene quórum" in error.value.messages[0]
    assert "1 de 5" in error.value.messages[0]
    assert not Agreement.objects.exists()


def test_an_item_not_approved_adopts_no_agreement(in_session, body):
    item = in_session.agenda_items.get(order=2)
    for name in ("Roberto Lara", "Silvia Torres", "Jaime Cruz"):
        services.cast_vote(item, member(body, name), "against")
    with pytest.raises(ValidationError, match="no fue aprobado"):
        services.adopt_agreement(in_session, text="Se aprueba.", agenda_item=item)


def test_no_agreements_after_closing(in_session):
    approve(in_session)
    services.close_session(in_session)
    with pytest.raises(ValidationError, match="ya está cerrada"):
        services.adopt_agreement(in_session, text="Tarde.")


def test_numbering_runs_per_body_and_year_across_sessions(in_session, body):
    approve(in_session)
    first = services.adopt_agreement(in_session, text="Uno.")
    second = services.adopt_agreement(in_session, text="Dos.")
    services.close_session(in_session)
    og = Body.objects.create(name="Órgano de Gobierno", acronym="OG", number_suffix="SESAECH")
    Member.objects.create(
        body=og, full_name="Presidencia", role="president", start_date=dt.date(2021, 1, 1)
    )
    session = services.plan_session(og, kind="ordinary", date=SESSION_DAY)
    services.add_agenda_item(session, title="Informe", requires_vote=False)
    services.convene_session(session, convened_on=dt.date(2021, 4, 1))
    services.record_attendance(session, list(og.members.values_list("pk", flat=True)))
    og_first = services.adopt_agreement(session, text="Se tiene por presentado.")
    later = services.plan_session(body, kind="extraordinary", date=dt.date(2021, 6, 1))
    services.add_agenda_item(later, title="Urgente", requires_vote=False)
    services.convene_session(later, convened_on=dt.date(2021, 5, 28))
    services.record_attendance(later, list(body.members.values_list("pk", flat=True)))
    third = services.adopt_agreement(later, text="Tres.")
    assert [first.number, second.number, third.number] == [
        "001/CC/SAECH/2021",
        "002/CC/SAECH/2021",
        "003/CC/SAECH/2021",
    ]
    assert og_first.number == "001/OG/SESAECH/2021"


def test_duplicate_numbers_are_impossible_in_the_database(in_session):
    first = services.adopt_agreement(in_session, text="Uno.")
    clone = Agreement(
        body=first.body,
        session=in_session,
        year=first.year,
        sequence=first.sequence + 7,
        number=first.number,
        text="Copia",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    clone = Agreement(
        body=first.body,
        session=in_session,
        year=first.year,
        sequence=first.sequence,
        number="otro",
        text="Copia",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_a_custom_pattern_numbers_the_agreements(in_session, body):
    body.number_pattern = "ACUERDO-{acronym}-{year}-{n:02d}"
    body.save()
    assert services.adopt_agreement(in_session, text="Uno.").number == "ACUERDO-CC-2021-01"


@pytest.mark.parametrize("pattern", ["{n:03d}/{foo}/{year}", "{acronym}/{year}", "{n:03d/"])
def test_a_bad_pattern_is_refused_naming_the_field(body, pattern):
    body.number_pattern = pattern
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "number_pattern" in error.value.message_dict


def test_closing_needs_attendance_and_a_cancelled_session_takes_nothing(convened, body):
    with pytest.raises(ValidationError, match="asistencia"):
        services.close_session(convened)
    services.cancel_session(convened, reason="Sin condiciones sanitarias")
    with pytest.raises(ValidationError, match="cancelada"):
        services.record_attendance(convened, [])
    assert Session.objects.get(pk=convened.pk).status == "cancelled"


def test_editing_a_session_keeps_its_year_and_number(client, legal, convened):
    client.force_login(legal)
    url = f"/organos-colegiados/sesiones/{convened.pk}/editar/"
    response = client.post(url, {"date": "2022-01-15", "place": "Otra sala"})
    assert response.status_code == 200
    assert "debe ser del mismo año" in response.content.decode()
    response = client.post(url, {"date": "2021-05-03", "place": "Otra sala"})
    assert response.status_code == 302
    convened.refresh_from_db()
    assert (convened.date, convened.title) == (dt.date(2021, 5, 3), "Primera Sesión Ordinaria 2021")


def test_ending_a_membership_in_the_browser_keeps_the_history(client, legal, body):
    client.force_login(legal)
    seat = member(body, "Jaime Cruz")
    response = client.post(
        f"/organos-colegiados/{body.pk}/integrantes/{seat.pk}/",
        {
            "full_name": seat.full_name,
            "role": "member",
            "start_date": "2021-01-01",
            "end_date": "2020-12-31",
        },
    )
    assert "no puede ser anterior a su inicio" in response.content.decode()
    client.post(
        f"/organos-colegiados/{body.pk}/integrantes/{seat.pk}/",
        {
            "full_name": seat.full_name,
            "role": "member",
            "start_date": "2021-01-01",
            "end_date": "2021-03-31",
        },
    )
    page = client.get(f"/organos-colegiados/{body.pk}/").content.decode()
    current, history = page.split("Historial de integrantes")
    assert "Jaime Cruz" not in current.split("Integrantes vigentes")[1]
    assert "Jaime Cruz" in history and "31/03/2021" in history
