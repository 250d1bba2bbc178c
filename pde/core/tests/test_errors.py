"""Error pages: Spanish, with a way back home, and never a stack trace."""

import logging

import pytest
from django.test import Client
from django.urls import path

import pde.urls
from pde.core.models import AuditEntry

SECRET_DETAIL = "detalle-interno-que-nadie-debe-ver"


def _boom(request):
    raise RuntimeError(f"unexpected failure: {SECRET_DETAIL}")


# This module doubles as a test-only URLconf: the project's URLs plus a view that fails,
# with the project's own error handlers.
urlpatterns = [path("prueba/falla/", _boom), *pde.urls.urlpatterns]
handler400 = pde.urls.handler400
handler403 = pde.urls.handler403
handler404 = pde.urls.handler404
handler500 = pde.urls.handler500


def assert_no_stack_trace(html: str) -> None:
    for leak in ("Traceback", 'File "', "RuntimeError", "django.", SECRET_DETAIL):
        assert leak not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/no-existe/", "/entes/999999/", "/entes/abc/", "/entes/-1/", "/cuenta/nada/"]
)
def test_unknown_pages_get_the_spanish_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Página no encontrada" in html
    assert "La dirección no existe o el registro fue retirado" in html
    assert 'href="/"' in html  # a way back home
    assert_no_stack_trace(html)


@pytest.mark.django_db
def test_404_keeps_the_signed_in_users_menu(client, make_user):
    client.force_login(make_user("auditor"))
    html = client.get("/no-existe/").content.decode()
    assert "Página no encontrada" in html
    assert "Bitácora de auditoría" in html
    assert "Cerrar sesión" in html


@pytest.mark.django_db
def test_unexpected_error_gets_the_spanish_500_page(settings, caplog):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/prueba/falla/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Error del servidor" in html
    assert "Ocurrió un error inesperado" in html
    assert 'href="/"' in html
    assert_no_stack_trace(html)
    # The operators get the details in the log instead.
    assert any(SECRET_DETAIL in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.django_db
def test_unexpected_error_for_a_signed_in_user_also_gets_the_500_page(settings, make_user):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(make_user("secretariat_admin"))
    response = client.get("/prueba/falla/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Error del servidor" in html
    assert_no_stack_trace(html)


@pytest.mark.django_db
def test_the_test_urlconf_still_serves_the_platform(settings):
    settings.ROOT_URLCONF = __name__
    assert Client().get("/entes/").status_code == 200


@pytest.mark.django_db
def test_bad_host_header_gets_the_spanish_400_page():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="malicioso.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Solicitud incorrecta" in html
    assert_no_stack_trace(html)


@pytest.mark.django_db
def test_403_page_is_spanish_and_audited(client, make_user):
    client.force_login(make_user("declarant"))
    response = client.get("/bitacora/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Acceso denegado" in html
    assert "No tiene permiso para consultar esta página." in html
    assert_no_stack_trace(html)
    entry = AuditEntry.objects.get(action="access.denied")
    assert entry.object_repr == "/bitacora/"


@pytest.mark.django_db
def test_expired_form_gets_a_spanish_403_and_saves_nothing(make_user):
    """A POST without a valid CSRF token (stale page) is refused in Spanish."""
    from pde.core.models import NonBusinessPeriod

    user = make_user("transparency_officer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        "/calendario/nuevo/",
        {
            "start_date": "2026-12-24",
            "end_date": "2026-12-24",
            "declared_by": "secretariat",
            "description": "Nochebuena",
            "legal_basis": "Acuerdo 1/2026",
        },
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "El formulario expiró" in body
    assert "Recargue la página" in body
    assert not NonBusinessPeriod.objects.filter(description="Nochebuena").exists()


@pytest.mark.django_db
def test_health_endpoint_reports_the_database(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_endpoint_answers_503_when_the_database_is_down(client, monkeypatch):
    from pde.core import selectors

    monkeypatch.setattr(selectors, "database_is_up", lambda: False)
    response = client.get("/salud/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
