"""Requests: registration, assignment, steps, documents, appeals, alerts, and every
consistency rule with its Spanish message. Nothing is half-written when a rule fails."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pde.core.models import AuditEntry
from pde.transparency import selectors, services
from pde.transparency.models import AccessRequest, ReservedFile

D = dt.date
Status = AccessRequest.Status


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Registration -------------------------------------------------------------------------


def test_registering_records_the_step_and_an_audit_entry_without_personal_data(new_request):
    request = new_request(received_on=D(2026, 3, 9))
    assert request.status == Status.RECEIVED
    assert [s.action for s in request.steps.all()] == ["received"]
    entry = AuditEntry.objects.get(action="transparency.request.received")
    assert entry.changes["folio"] == request.folio
    dumped = str(entry.changes) + entry.object_repr
    assert "Juana" not in dumped and "juana.perez" not in dumped and "presupuesto" not in dumped


def test_duplicate_folio_is_refused(new_request):
    new_request(folio="0710000000000X1")
    with pytest.raises(ValidationError) as error:
        new_request(folio="0710000000000X1")
    assert "folio" in error.value.message_dict


def test_reception_in_the_future_is_refused(new_request):
    with pytest.raises(ValidationError) as error:
        new_request(received_on=dt.date.today() + dt.timedelta(days=3))
    assert error.value.message_dict["received_on"] == ["La fecha no puede ser posterior a hoy."]


def test_arco_requests_need_the_right_and_cannot_be_anonymous(new_request):
    with pytest.raises(ValidationError) as error:
        new_request(kind="arco", arco_right="")
    assert "derecho ARCO" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        new_request(kind="arco", anonymous=True)
    assert "no puede ser anónima" in messages_of(error.value)
    assert AccessRequest.objects.count() == 0


def test_anonymous_requests_keep_no_name(new_request):
    assert new_request(anonymous=True).requester_name == ""


# --- Assignment and internal dates --------------------------------------------------------


def test_assignment_sets_the_internal_date_within_the_legal_deadline(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    assignment = services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    assert assignment.due_on == D(2026, 3, 17)  # 5 business days; 16 March is a holiday
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    with pytest.raises(ValidationError) as error:
        services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    assert "ya fue turnada" in messages_of(error.value)


def test_internal_date_after_the_legal_deadline_is_refused(new_request, officer, area, other_area):
    request = new_request(received_on=D(2026, 3, 9))
    with pytest.raises(ValidationError) as error:
        services.assign_area(
            request, other_area, assigned_on=D(2026, 3, 9), due_on=D(2026, 4, 8), by=officer
        )
    assert error.value.message_dict["due_on"] == [
        "La fecha interna no puede ser posterior al vencimiento legal (07/04/2026)."
    ]
    assert not request.assignments.exists()


def test_areas_that_do_not_answer_show_as_late(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    assignment = services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    late = selectors.alerts(today=D(2026, 3, 18))["late_areas"]
    assert [a.pk for a in late] == [assignment.pk]
    services.record_area_answer(
        assignment, answered_on=D(2026, 3, 18), answer="Oficio DJ/123/2026", by=officer
    )
    assert selectors.alerts(today=D(2026, 3, 19))["late_areas"] == []
    assert "fuera de la fecha interna" in request.steps.last().description


# --- Consistency rules ---------------------------------------------------------------------


def test_no_answer_before_assignment(new_request, officer):
    request = new_request(received_on=D(2026, 3, 9))
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="delivered", by=officer
        )
    assert "antes de turnarla" in messages_of(error.value)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED and request.answered_on is None


def test_an_extension_requires_a_committee_resolution(new_request, officer, area, committee):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    with pytest.raises(ValidationError) as error:
        services.grant_extension(request, notified_on=D(2026, 4, 1), by=officer)
    assert "requiere una resolución del Comité" in messages_of(error.value)
    revoked = committee("extension", [request], decision="revoke", held_on=D(2026, 3, 30))
    with pytest.raises(ValidationError) as error:
        services.grant_extension(request, notified_on=D(2026, 4, 1), resolution=revoked)
    assert "revocó la ampliación" in messages_of(error.value)
    wrong = committee("nonexistence", [request], held_on=D(2026, 3, 30))
    with pytest.raises(ValidationError) as error:
        services.grant_extension(request, notified_on=D(2026, 4, 1), resolution=wrong)
    assert "no trata una ampliación" in messages_of(error.value)
    request.refresh_from_db()
    assert request.extension_notified_on is None and request.status == Status.IN_PROCESS


def test_an_extension_is_notified_before_the_deadline_and_only_once(
    new_request, officer, area, committee
):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    approved = committee("extension", [request], held_on=D(2026, 4, 6))
    with pytest.raises(ValidationError) as error:
        services.grant_extension(request, notified_on=D(2026, 4, 8), resolution=approved)
    assert "antes del vencimiento del plazo (07/04/2026)" in messages_of(error.value)
    services.grant_extension(request, notified_on=D(2026, 4, 7), resolution=approved)
    with pytest.raises(ValidationError) as error:
        services.grant_extension(request, notified_on=D(2026, 4, 7), resolution=approved)
    assert "ya se aplicó" in messages_of(error.value)


def test_overdue_respects_an_approved_extension(new_request, officer, area, committee):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    alerts = selectors.alerts(today=D(2026, 4, 8))
    assert [a.request for a in alerts["overdue"]] == [request]
    approved = committee("extension", [request], held_on=D(2026, 4, 6))
    services.grant_extension(request, notified_on=D(2026, 4, 7), resolution=approved)
    alerts = selectors.alerts(today=D(2026, 4, 8))
    assert alerts["overdue"] == []
    assert selectors.alerts(today=D(2026, 4, 17))["due_soon"][0].due == D(2026, 4, 21)
    assert [a.request for a in selectors.alerts(today=D(2026, 4, 22))["overdue"]] == [request]


def test_due_soon_lists_requests_close_to_their_deadline(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    assert selectors.alerts(today=D(2026, 3, 20))["due_soon"] == []
    soon = selectors.alerts(today=D(2026, 4, 2))["due_soon"]
    assert [a.request for a in soon] == [request] and soon[0].business_days_left == 3


def test_nonexistence_and_incompetence_cannot_both_be_declared(
    new_request, officer, area, committee
):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    committee("nonexistence", [request], held_on=D(2026, 3, 20))
    with pytest.raises(ValidationError) as error:
        committee("incompetence", [request], held_on=D(2026, 3, 21))
    assert "no pueden declararse a la vez la inexistencia y la incompetencia" in messages_of(
        error.value
    )
    with pytest.raises(ValidationError) as error:
        services.declare_incompetence(
            request, notified_on=D(2026, 3, 23), redirected_to="Contraloría", by=officer
        )
    assert "No pueden declararse a la vez" in messages_of(error.value)


def test_nonexistence_needs_the_committee(new_request, officer, area, committee):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="nonexistent", by=officer
        )
    assert "inexistencia requiere una resolución" in messages_of(error.value)
    committee("nonexistence", [request], held_on=D(2026, 3, 19))
    services.answer_request(
        request, answered_on=D(2026, 3, 20), response_type="nonexistent", by=officer
    )
    assert request.status == Status.ANSWERED


def test_a_classification_needs_a_committee_resolution_with_legal_basis(
    new_request, officer, area, committee
):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="partially_reserved", by=officer
        )
    assert "requiere una resolución del Comité" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        committee("classification", [request], classification="reserved")
    assert set(error.value.message_dict) == {"legal_basis", "reserve_years", "harm_test"}
    # A confidential classification does not open a reserved answer.
    committee("classification", [request], classification="confidential", legal_basis="Art. 128")
    with pytest.raises(ValidationError):
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="partially_reserved", by=officer
        )
    resolution = committee(
        "classification",
        [request],
        classification="reserved",
        legal_basis="Art. 113, fr. VII",
        reserve_years=3,
        harm_test="Riesgo real, demostrable e identificable.",
        held_on=D(2026, 3, 19),
    )
    services.answer_request(
        request, answered_on=D(2026, 3, 20), response_type="partially_reserved", by=officer
    )
    entry = services.add_reserved_file(
        resolution=resolution, area=area, file_name="DJ/2026/01", topic="Seguridad", by=officer
    )
    assert entry.reserved_until == D(2029, 3, 19)
    assert list(selectors.reserved_files_in_force(D(2026, 6, 30))) == [entry]
    edition = services.publish_index_edition(
        year=2026, semester=1, published_on=D(2026, 7, 8), by=officer
    )
    assert edition.entries[0]["file_name"] == "DJ/2026/01"
    with pytest.raises(ValidationError):
        services.publish_index_edition(year=2026, semester=1, published_on=D(2026, 7, 9))


def test_reserved_index_only_takes_reserved_classifications(new_request, committee, area):
    request = new_request(received_on=D(2026, 3, 9))
    confidential = committee(
        "classification", [request], classification="confidential", legal_basis="Art. 128"
    )
    with pytest.raises(ValidationError) as error:
        services.add_reserved_file(resolution=confidential, area=area, file_name="X", topic="Y")
    assert "reservada" in messages_of(error.value)
    assert ReservedFile.objects.count() == 0


def test_resolutions_on_requests_need_their_requests(committee):
    with pytest.raises(ValidationError) as error:
        committee("extension", [])
    assert error.value.message_dict["requests"] == [
        "Vincule la resolución con al menos una solicitud."
    ]


def test_arco_response_types_only_for_arco(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="arco_granted", by=officer
        )
    assert "sólo aplica a solicitudes ARCO" in messages_of(error.value)


def test_the_clarification_must_come_within_its_window(new_request, officer):
    request = new_request(received_on=D(2026, 3, 9))
    with pytest.raises(ValidationError) as error:
        services.request_clarification(request, requested_on=D(2026, 3, 18), by=officer)
    assert "a más tardar el 17/03/2026" in messages_of(error.value)
    services.request_clarification(request, requested_on=D(2026, 3, 17), by=officer)
    with pytest.raises(ValidationError) as error:
        services.record_clarification_answer(request, answered_on=D(2026, 4, 1), by=officer)
    assert "venció el 31/03/2026" in messages_of(error.value)
    with pytest.raises(ValidationError):
        services.mark_not_a_request(
            request, closed_on=D(2026, 3, 31), reason="Sin desahogo", by=officer
        )
    expired = selectors.alerts(today=D(2026, 4, 1))["clarification_expired"]
    assert [a.request for a in expired] == [request]
    services.mark_not_a_request(request, closed_on=D(2026, 4, 1), reason="Sin desahogo", by=officer)
    assert request.status == Status.NOT_A_REQUEST


def test_a_paused_request_cannot_be_answered(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    services.request_clarification(request, requested_on=D(2026, 3, 10), by=officer)
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request, answered_on=D(2026, 3, 20), response_type="delivered", by=officer
        )
    assert "desahogo de la prevención" in messages_of(error.value)


def test_a_closed_request_takes_no_more_steps(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.declare_incompetence(
        request, notified_on=D(2026, 3, 11), redirected_to="Fiscalía Anticorrupción", by=officer
    )
    with pytest.raises(ValidationError) as error:
        services.assign_area(request, area, assigned_on=D(2026, 3, 12), by=officer)
    assert "ya está concluida" in messages_of(error.value)


def test_late_incompetence_is_recorded_as_late(new_request, officer):
    request = new_request(received_on=D(2026, 3, 9))
    services.declare_incompetence(
        request, notified_on=D(2026, 3, 13), redirected_to="Contraloría", by=officer
    )
    assert "fuera del plazo de 3 días" in request.steps.last().description


# --- Documents, appeals, late answers -------------------------------------------------------


def test_response_documents_are_stored_with_their_sha256(new_request, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = new_request()
    content = b"Oficio de respuesta"
    document = services.add_response_document(
        request,
        title="Oficio UT/001/2026",
        uploaded_file=SimpleUploadedFile("oficio.pdf", content),
        by=officer,
    )
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    with document.file.open("rb") as stored:
        assert stored.read() == content
    with pytest.raises(ValidationError) as error:
        services.add_response_document(
            request, title="Vacío", uploaded_file=SimpleUploadedFile("v.pdf", b"")
        )
    assert "file" in error.value.message_dict


def test_appeals_follow_their_stages(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    with pytest.raises(ValidationError) as error:
        services.file_appeal(request, folio="RR/001/2026", filed_on=D(2026, 3, 20), by=officer)
    assert "venció el plazo de respuesta" in messages_of(error.value)
    services.answer_request(
        request, answered_on=D(2026, 3, 20), response_type="delivered", by=officer
    )
    with pytest.raises(ValidationError):
        services.file_appeal(request, folio="RR/001/2026", filed_on=D(2026, 3, 19), by=officer)
    appeal = services.file_appeal(request, folio="RR/001/2026", filed_on=D(2026, 4, 1), by=officer)
    with pytest.raises(ValidationError) as error:
        services.update_appeal(appeal, stage="resolved", by=officer)
    assert "sentido y la fecha" in messages_of(error.value)
    appeal.refresh_from_db()
    services.update_appeal(
        appeal, stage="compliance", outcome="modifies", resolved_on=D(2026, 5, 6), by=officer
    )
    with pytest.raises(ValidationError):
        services.update_appeal(appeal, complied_on=D(2026, 5, 1), by=officer)
    figures = selectors.quarter_figures(2026, 2)
    assert figures["appeals"] == 1


def test_late_answers_are_listed(new_request, officer, area):
    request = new_request(received_on=D(2026, 3, 9))
    services.assign_area(request, area, assigned_on=D(2026, 3, 9), by=officer)
    services.answer_request(
        request, answered_on=D(2026, 4, 9), response_type="delivered", by=officer
    )
    rows = selectors.late_answers()
    assert rows[0]["request"] == request and rows[0]["days_late"] == 2
    assert "fuera de plazo" in request.steps.last().description


def test_quarter_figures_exclude_the_clarification_pause(new_request, officer, area):
    request = new_request(received_on=D(2026, 4, 6))
    services.request_clarification(request, requested_on=D(2026, 4, 7), by=officer)
    services.record_clarification_answer(request, answered_on=D(2026, 4, 14), by=officer)
    services.assign_area(request, area, assigned_on=D(2026, 4, 14), by=officer)
    services.answer_request(
        request, answered_on=D(2026, 4, 16), response_type="delivered", by=officer
    )
    figures = selectors.quarter_figures(2026, 2)
    # 8 business days from 6 to 16 April, 5 of them inside the pause (8 to 14 April).
    assert figures["max_business_days"] == 3
    assert figures["answered"] == 1 and figures["pending"] == 0


def test_a_committee_session_linked_to_governance_must_share_its_date(officer):
    from pde.governance.models import Session
    from pde.transparency.models import CommitteeSession

    linked = Session(kind="extraordinary", date=D(2026, 3, 20))
    session = CommitteeSession(
        number="1", kind="extraordinary", held_on=D(2026, 3, 19), governance_session=linked
    )
    with pytest.raises(ValidationError) as error:
        services.save_session(session, by=officer)
    assert error.value.message_dict["governance_session"] == [
        "La sesión vinculada se celebró el 20/03/2026; la fecha debe coincidir."
    ]
    assert not CommitteeSession.objects.exists()


def test_declassified_files_leave_the_index(new_request, officer, committee, area):
    request = new_request(received_on=D(2026, 3, 9))
    resolution = committee(
        "classification",
        [request],
        classification="reserved",
        legal_basis="Art. 113",
        reserve_years=5,
        harm_test="Riesgo real.",
    )
    entry = services.add_reserved_file(
        resolution=resolution, area=area, file_name="DJ/1", topic="T", by=officer
    )
    services.declassify_reserved_file(entry, declassified_on=D(2026, 8, 1), by=officer)
    assert list(selectors.reserved_files_in_force(D(2026, 7, 31))) == [entry]
    assert list(selectors.reserved_files_in_force(D(2026, 8, 1))) == []
    with pytest.raises(ValidationError):
        services.declassify_reserved_file(entry, declassified_on=D(2026, 8, 2), by=officer)
