"""Who sees what: legal officers edit, members read their bodies, the public sees only
published agreements, everybody else gets 403."""

import datetime as dt

import pytest
from django.urls import reverse

from pde.governance import services
from pde.governance.models import Body, Member

from .conftest import approve


@pytest.fixture
def adopted(in_session):
    """A held session with one published and one private agreement."""
    approve(in_session)
    public = services.adopt_agreement(
        in_session, text="Se aprueba el calendario de sesiones.", responsible="Roberto Lara"
    )
    private = services.adopt_agreement(
        in_session, text="Se instruye un asunto reservado.", responsible="Silvia Torres"
    )
    services.set_published(public, True)
    services.close_session(in_session)
    return public, private


@pytest.fixture
def seated_user(make_user, body):
    """A platform user who holds a seat in the body (no governance role)."""
    user = make_user()
    seat = body.members.get(full_name="Roberto Lara")
    seat.user = user
    seat.save()
    return user


def detail_urls(session, agreement):
    return [
        reverse("governance:body_list"),
        reverse("governance:body_detail", args=[session.body_id]),
        reverse("governance:body_calendar", args=[session.body_id]),
        reverse("governance:session_detail", args=[session.pk]),
        reverse("governance:convocation_pdf", args=[session.pk]),
        reverse("governance:minutes_pdf", args=[session.pk]),
        reverse("governance:agreement_list"),
        reverse("governance:overdue_list"),
        reverse("governance:agreement_detail", args=[agreement.pk]),
    ]


def test_legal_officer_reads_and_edits(client, legal, adopted, in_session):
    client.force_login(legal)
    for url in detail_urls(in_session, adopted[0]):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("governance:minutes_docx", args=[in_session.pk])).status_code == 200
    assert client.get(reverse("governance:body_create")).status_code == 200
    assert client.get(reverse("governance:convenio_create")).status_code == 200
    response = client.post(
        reverse("governance:agreement_detail", args=[adopted[1].pk]),
        {
            "action": "follow_up",
            "status": "in_progress",
            "responsible": "Dirección Jurídica",
            "due_date": "2021-06-30",
            "follow_up_notes": "Oficio enviado.",
        },
    )
    assert response.status_code == 302
    adopted[1].refresh_from_db()
    assert adopted[1].status == "in_progress"


def test_a_member_reads_their_body_but_edits_nothing(client, seated_user, adopted, in_session):
    client.force_login(seated_user)
    for url in detail_urls(in_session, adopted[0]):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("governance:minutes_docx", args=[in_session.pk])).status_code == 403
    assert client.get(reverse("governance:body_create")).status_code == 403
    response = client.post(
        reverse("governance:agreement_detail", args=[adopted[1].pk]),
        {"action": "publish"},
    )
    assert response.status_code == 403
    adopted[1].refresh_from_db()
    assert not adopted[1].published
    # Another body's records stay closed to them.
    other = Body.objects.create(name="Comisión Ejecutiva", acronym="CE", number_suffix="SESAECH")
    assert client.get(reverse("governance:body_detail", args=[other.pk])).status_code == 403
    page = client.get(reverse("governance:body_list")).content.decode()
    assert "Comisión Ejecutiva" not in page


def test_other_users_get_403(client, make_user, adopted, in_session):
    client.force_login(make_user("declarant"))
    for url in detail_urls(in_session, adopted[0]):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("governance:convenio_list")).status_code == 403
    assert client.get(reverse("governance:convenio_coverage")).status_code == 403


def test_auditor_reads_but_does_not_edit(client, make_user, adopted, in_session):
    client.force_login(make_user("auditor"))
    assert client.get(reverse("governance:session_detail", args=[in_session.pk])).status_code == 200
    assert client.get(reverse("governance:convenio_list")).status_code == 200
    assert client.get(reverse("governance:body_create")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, adopted, in_session):
    for url in detail_urls(in_session, adopted[0]):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/" in response["Location"], url


def test_public_page_shows_only_published_agreements_and_nothing_private(client, adopted, body):
    public, private = adopted
    response = client.get(reverse("governance:public_agreements", args=["CC"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert public.number in page and "Se aprueba el calendario de sesiones." in page
    assert private.number not in page and "asunto reservado" not in page
    # Responsible persons, members and their e-mails are not for the public.
    for private_text in ("Roberto Lara", "Silvia Torres", "@example.org", "Mariana"):
        assert private_text not in page
    listing = client.get(reverse("governance:public_bodies")).content.decode()
    assert "1 acuerdo publicado" in listing


def test_public_json_lists_only_published_agreements(client, adopted):
    public, private = adopted
    data = client.get(reverse("governance:api_public_agreements", args=["CC"])).json()
    assert [row["numero"] for row in data["results"]] == [public.number]
    assert data["results"][0]["sesion"] == "Primera Sesión Ordinaria 2021"
    assert set(data["results"][0]) == {"numero", "sesion", "fecha", "texto", "estado"}
    bad = client.get(reverse("governance:api_public_agreements", args=["CC"]) + "?page=x")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_page"


def test_menu_shows_governance_to_legal_and_members_only(client, legal, seated_user, make_user):
    client.force_login(legal)
    assert "Órganos colegiados" in client.get("/").content.decode()
    client.force_login(seated_user)
    assert "Órganos colegiados" in client.get("/").content.decode()
    client.force_login(make_user("declarant"))
    assert "Órganos colegiados</a>" not in client.get("/").content.decode()


def test_member_seat_for_same_user_cannot_overlap(body, seated_user):
    from django.core.exceptions import ValidationError

    seat = Member(
        body=body, full_name="Roberto Lara", user=seated_user, start_date=dt.date(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.save_member(seat)
    assert "user" in error.value.message_dict
