"""Pages of the unit: what each role may see and do, forms with Spanish errors, and the
public lookup that never shows the requester's data."""

import datetime as dt

import pytest

from pde.transparency import services
from pde.transparency.demo import load_demo
from pde.transparency.models import (
    AccessRequest,
    CommitteeResolution,
    CommitteeSession,
    ObligationFraction,
    ObligationUpdate,
    RuleSet,
)

D = dt.date
PRIVATE = ("Juana Pérez Gómez", "juana.perez@example.org", "Solicito el presupuesto")

STAFF_PAGES = [
    "/transparencia/",
    "/transparencia/solicitudes/",
    "/transparencia/solicitudes/nueva/",
    "/transparencia/comite/",
    "/transparencia/comite/nueva/",
    "/transparencia/reservados/",
    "/transparencia/informes/",
    "/transparencia/obligaciones/",
    "/transparencia/datos-personales/",
    "/transparencia/reglas/",
]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_the_officer_opens_every_page(officer_client, url):
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


@pytest.mark.parametrize("url", STAFF_PAGES)
@pytest.mark.parametrize("role", ["declarant", "oic_officer", "legal_officer"])
def test_other_roles_are_refused(client, make_user, municipality, url, role):
    scope = [municipality("07089")] if role == "oic_officer" else []
    client.force_login(make_user(role, scope=scope))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_PAGES[:3])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/cuenta/" in response["Location"]


def test_the_auditor_reads_but_cannot_register(client, make_user, new_request):
    request = new_request()
    client.force_login(make_user("auditor"))
    assert client.get(f"/transparencia/solicitudes/{request.pk}/").status_code == 200
    assert client.get("/transparencia/solicitudes/nueva/").status_code == 403
    response = client.post(
        f"/transparencia/solicitudes/{request.pk}/clarification/",
        {"clarification-on": "2026-03-10"},
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.RECEIVED


def test_menu_shows_the_unit_to_the_officer_and_the_lookup_to_everyone(officer_client, client):
    html = officer_client.get("/").content.decode()
    assert "Solicitudes de información" in html and "Comité de Transparencia" in html
    officer_client.logout()
    html = officer_client.get("/").content.decode()
    assert "Consulta de solicitudes" in html and "Solicitudes de información" not in html


def test_registering_a_request_through_the_form(officer_client):
    data = {
        "folio": "071000000000777",
        "folio_source": "pnt",
        "kind": "information",
        "received_on": "2026-03-09",
        "channel": "pnt",
        "requester_name": "Persona Solicitante",
        "requester_contact": "persona@example.org",
        "information_type": "budget",
        "text": "Presupuesto 2025",
    }
    response = officer_client.post("/transparencia/solicitudes/nueva/", data)
    request = AccessRequest.objects.get(folio="071000000000777")
    assert response.status_code == 302
    assert response["Location"] == f"/transparencia/solicitudes/{request.pk}/"
    html = officer_client.get(response["Location"]).content.decode()
    assert "07/04/2026" in html  # answer deadline
    assert "Cómo se calcularon los plazos" in html
    assert "Natalicio de Benito Juárez" in html


def test_bad_input_names_the_field_and_writes_nothing(officer_client):
    response = officer_client.post(
        "/transparencia/solicitudes/nueva/",
        {
            "folio": "X1",
            "folio_source": "pnt",
            "kind": "arco",
            "received_on": "2026-03-09",
            "channel": "pnt",
            "information_type": "other",
            "text": "Mis datos",
        },
    )
    assert response.status_code == 400
    assert "Indique el derecho ARCO que se ejerce." in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_the_whole_flow_through_the_request_page(officer_client, new_request, area):
    request = new_request(received_on=D(2026, 3, 9))
    base = f"/transparencia/solicitudes/{request.pk}/"
    response = officer_client.post(
        base + "answer/",
        {"answer-answered_on": "2026-03-20", "answer-response_type": "delivered"},
    )
    assert response.status_code == 400
    assert "antes de turnarla" in response.content.decode()
    response = officer_client.post(
        base + "assign/", {"assign-area": area.pk, "assign-assigned_on": "2026-03-09"}
    )
    assert response.status_code == 302
    assignment = request.assignments.get()
    assert (
        officer_client.post(
            base + "area_answer/",
            {
                "area_answer-assignment": assignment.pk,
                "area_answer-answered_on": "2026-03-12",
                "area_answer-answer": "Oficio DJ/1/2026",
            },
        ).status_code
        == 302
    )
    assert (
        officer_client.post(
            base + "answer/",
            {"answer-answered_on": "2026-03-20", "answer-response_type": "delivered"},
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.ANSWERED
    html = officer_client.get(base).content.decode()
    assert "Respuesta notificada" in html
    assert officer_client.post(base + "unknown/", {}).status_code == 404


def test_committee_pages_register_sessions_and_resolutions(officer_client, new_request):
    request = new_request(received_on=D(2026, 3, 9))
    response = officer_client.post(
        "/transparencia/comite/nueva/",
        {"number": "1", "kind": "ordinary", "held_on": "2026-03-20", "agenda": "Asuntos"},
    )
    session = CommitteeSession.objects.get()
    assert response.status_code == 302
    url = f"/transparencia/comite/{session.pk}/"
    response = officer_client.post(
        url,
        {
            "number": "CT/001/2026",
            "matter": "classification",
            "decision": "confirm",
            "classification": "reserved",
            "request_folios": request.folio,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "La reserva requiere la prueba de daño." in html
    assert "La clasificación requiere su fundamento legal." in html
    response = officer_client.post(
        url,
        {
            "number": "CT/001/2026",
            "matter": "nonexistence",
            "decision": "confirm",
            "request_folios": f"{request.folio}, NOEXISTE",
        },
    )
    assert "No existen solicitudes con folio: NOEXISTE" in response.content.decode()
    response = officer_client.post(
        url,
        {
            "number": "CT/001/2026",
            "matter": "nonexistence",
            "decision": "confirm",
            "request_folios": request.folio,
        },
    )
    assert response.status_code == 302
    assert CommitteeResolution.objects.get().requests.get() == request
    assert request.folio in officer_client.get(url).content.decode()


def test_obligation_status_and_applicability(officer_client):
    fraction = ObligationFraction.objects.get(fraction="I")
    url = f"/transparencia/obligaciones/{fraction.pk}/2026/1/"
    response = officer_client.post(
        url,
        {"form": "status", "status-updated_on": "2026-04-10", "status-published_on": "2026-04-12"},
    )
    assert response.status_code == 400
    assert "La publicación requiere evidencia" in response.content.decode()
    response = officer_client.post(
        url,
        {
            "form": "status",
            "status-updated_on": "2026-04-10",
            "status-published_on": "2026-04-12",
            "status-evidence": "Acuse SIPOT 123",
        },
    )
    assert response.status_code == 302
    assert ObligationUpdate.objects.get().evidence == "Acuse SIPOT 123"
    response = officer_client.post(
        url, {"form": "applicability", "applicability-update_period": "quarterly"}
    )
    assert response.status_code == 400
    assert "Explique por qué la fracción no es aplicable." in response.content.decode()


def test_overdue_obligations_are_flagged(db):
    from pde.transparency import selectors

    overdue = selectors.overdue_obligations(D(2026, 5, 15))
    # Q1 2026 ended 31 March; 30 calendar days later (30 April) nothing was published.
    fractions = {row["fraction"].fraction for row in overdue}
    assert "I" in fractions and "XXXIV" not in fractions  # semiannual: due in Q2 and Q4
    assert selectors.overdue_obligations(D(2026, 4, 20)) == []


def test_the_rules_page_adds_a_reform(officer_client, baseline):
    response = officer_client.post(
        "/transparencia/reglas/",
        {
            "name": "Reforma 2025",
            "legal_basis": "Decreto",
            "effective_from": "2025-03-21",
            "day_kind": "business",
            "answer_days": 15,
            "extension_days": 5,
            "max_extensions": 1,
            "extension_approver": "committee",
            "extension_notice_before_deadline": "on",
            "clarification_request_days": 5,
            "clarification_response_days": 10,
            "clarification_effect": "restart",
            "incompetence_notice_days": 3,
            "arco_answer_days": 20,
            "arco_extension_days": 10,
            "arco_effective_days": 15,
            "appeal_days": 15,
            "obligations_update_days": 30,
        },
    )
    assert response.status_code == 302
    html = officer_client.get("/transparencia/reglas/").content.decode()
    assert "hasta el 20/03/2025" in html and "Reforma 2025" in html
    assert RuleSet.objects.count() == 2


def test_personal_data_registry_lists_the_seed_records(officer_client):
    html = officer_client.get("/transparencia/datos-personales/").content.decode()
    assert "Aviso de privacidad de la aplicación DeclaraFácil PI Portable" in html
    assert "videoconferencia Mecanismo para la Recepción" in html
    assert "(S1) del Sistema Electrónico Estatal de Chiapas" in html
    assert "En dictaminación del órgano garante" in html


# --- Public lookup --------------------------------------------------------------------------


def test_the_public_page_shows_status_and_deadlines_but_no_personal_data(
    client, new_request, officer, area
):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    response = client.get("/transparencia/consulta/", {"folio": request.folio})
    html = response.content.decode()
    assert response.status_code == 200
    assert request.folio in html and "07/04/2026" in html and "En trámite" in html
    assert "Turnada al área competente" in html
    for private in PRIVATE:
        assert private not in html
    assert "Dirección Jurídica" not in html


def test_the_public_page_for_an_unknown_folio(client, db):
    html = client.get("/transparencia/consulta/", {"folio": "NOEXISTE"}).content.decode()
    assert "No encontramos una solicitud con ese folio" in html


def test_the_public_page_never_shows_requester_data_of_any_demo_request(client, db):
    load_demo()
    for request in AccessRequest.objects.all():
        html = client.get("/transparencia/consulta/", {"folio": request.folio}).content.decode()
        assert request.folio in html
        if request.requester_name:
            assert request.requester_name not in html
        assert request.text not in html
        for step in request.steps.all():
            if step.action in ("not_a_request", "area_answered", "document"):
                assert step.description not in html


def test_reserved_index_page_adds_files_and_publishes_the_semester(
    officer_client, new_request, committee, area
):
    request = new_request(received_on=D(2026, 3, 9))
    resolution = committee(
        "classification",
        [request],
        classification="reserved",
        legal_basis="Art. 113, fr. VII",
        reserve_years=2,
        harm_test="Riesgo real.",
    )
    response = officer_client.post(
        "/transparencia/reservados/",
        {
            "form": "file",
            "file-resolution": resolution.pk,
            "file-area": area.pk,
            "file-file_name": "DJ/2026/07",
            "file-topic": "Seguridad",
        },
    )
    assert response.status_code == 302
    assert "DJ/2026/07" in officer_client.get("/transparencia/reservados/").content.decode()
    response = officer_client.post(
        "/transparencia/reservados/",
        {
            "form": "edition",
            "edition-year": 2026,
            "edition-semester": 1,
            "edition-published_on": "2026-06-01",
        },
    )
    assert response.status_code == 400
    assert "cierre del semestre" in response.content.decode()


def test_appeal_page_updates_the_stage(officer_client, new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    services.answer_request(
        request, answered_on=D(2026, 3, 20), response_type="delivered", by=officer
    )
    appeal = services.file_appeal(request, folio="RR/7/2026", filed_on=D(2026, 3, 30))
    url = f"/transparencia/recursos/{appeal.pk}/"
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"stage": "resolved"})
    assert response.status_code == 400
    assert "sentido y la fecha de resolución" in response.content.decode()
    response = officer_client.post(
        url, {"stage": "resolved", "outcome": "confirms", "resolved_on": "2026-05-04"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == "confirms"
    html = officer_client.get(f"/transparencia/solicitudes/{request.pk}/").content.decode()
    assert "RR/7/2026" in html and "Confirma la respuesta" in html
