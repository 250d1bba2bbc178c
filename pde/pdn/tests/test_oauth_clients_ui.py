"""The secretariat administrator manages API clients in the UI: list, create (credentials
shown once), rotate, revoke, the non-public authorization and the call log."""

import re

import pytest

from pde.core.models import AuditEntry
from pde.pdn.models import ApiCall, ApiClient

from .factories import token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, make_user):
    user = make_user("secretariat_admin")
    client.force_login(user)
    return user


def credentials_from(html: str):
    values = dict(
        re.findall(
            r"<dt>(client_id|client_secret|username|password)</dt><dd><code>"
            r"([^<]+)</code>",
            html,
        )
    )
    return type("Credentials", (), values)


def test_only_the_administrator_manages_clients(client, make_user, municipality):
    for role in ("data_provider", "oic_officer", "declarant"):
        entity = municipality("07089")
        client.force_login(make_user(role, entity=entity, scope=[entity]))
        assert client.get("/sistema-electronico/clientes/").status_code == 403
        assert client.post("/sistema-electronico/clientes/nuevo/", {"name": "X"}).status_code == 403
    client.logout()
    response = client.get("/sistema-electronico/clientes/")
    assert response.status_code == 302


def test_empty_list_explains_what_to_do(client, admin):
    response = client.get("/sistema-electronico/clientes/")
    assert response.status_code == 200
    assert "Todavía no hay clientes" in response.content.decode()


def test_create_shows_the_credentials_once_and_they_work(client, admin):
    response = client.post(
        "/sistema-electronico/clientes/nuevo/",
        {"name": "Plataforma Digital Nacional", "scopes": ["read:declaraciones", "read:spic"]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    credentials = credentials_from(html)
    api = ApiClient.objects.get(name="Plataforma Digital Nacional")
    assert api.scopes == ["read:declaraciones", "read:spic"]
    assert AuditEntry.objects.filter(action="pdn.client_created").exists()
    token = token_for(client, credentials)
    assert set(token["scope"].split()) == {"read:declaraciones", "read:spic"}
    detail = client.get(f"/sistema-electronico/clientes/{api.pk}/").content.decode()
    assert credentials.client_id in detail
    assert credentials.client_secret not in detail
    assert credentials.password not in detail


def test_create_validates_name_and_scopes(client, admin):
    response = client.post("/sistema-electronico/clientes/nuevo/", {"name": "", "scopes": []})
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-error" in html
    client.post("/sistema-electronico/clientes/nuevo/", {"name": "A", "scopes": ["read:spic"]})
    again = client.post(
        "/sistema-electronico/clientes/nuevo/", {"name": "A", "scopes": ["read:spic"]}
    )
    assert "Ya existe un cliente" in again.content.decode()
    assert ApiClient.objects.count() == 1


def test_rotate_and_revoke(client, admin):
    html = client.post(
        "/sistema-electronico/clientes/nuevo/", {"name": "A", "scopes": ["read:spic"]}
    ).content.decode()
    old = credentials_from(html)
    api = ApiClient.objects.get()
    new = credentials_from(
        client.post(f"/sistema-electronico/clientes/{api.pk}/renovar/").content.decode()
    )
    assert new.client_id == old.client_id and new.client_secret != old.client_secret
    assert (
        client.post(
            "/oauth",
            {
                "grant_type": "password",
                "username": old.username,
                "password": old.password,
                "client_id": old.client_id,
                "client_secret": old.client_secret,
            },
        ).status_code
        == 401
    )
    token_for(client, new)
    response = client.post(f"/sistema-electronico/clientes/{api.pk}/revocar/", follow=True)
    assert "Revocado" in response.content.decode()
    api.refresh_from_db()
    assert api.revoked_at is not None
    assert (
        client.post(
            "/oauth",
            {
                "grant_type": "password",
                "username": new.username,
                "password": new.password,
                "client_id": new.client_id,
                "client_secret": new.client_secret,
            },
        ).status_code
        == 401
    )
    # Rotating requires POST.
    assert client.get(f"/sistema-electronico/clientes/{api.pk}/renovar/").status_code == 405


def test_non_public_authorization_needs_a_basis_and_is_audited(client, admin):
    client.post("/sistema-electronico/clientes/nuevo/", {"name": "FGE", "scopes": ["read:spic"]})
    api = ApiClient.objects.get()
    url = f"/sistema-electronico/clientes/{api.pk}/datos-no-publicos/"
    response = client.post(url, {"allowed": "on", "basis": ""})
    assert response.status_code == 400
    assert "fundamento" in response.content.decode()
    api.refresh_from_db()
    assert not api.non_public_access
    client.post(url, {"allowed": "on", "basis": "Oficio FGE/123/2026"})
    api.refresh_from_db()
    assert api.non_public_access and api.non_public_authorized_by == admin
    assert AuditEntry.objects.filter(action="pdn.client_non_public_granted").exists()
    client.post(url, {"basis": ""})
    api.refresh_from_db()
    assert not api.non_public_access


def test_call_log_page(client, admin):
    client.post("/sistema-electronico/clientes/nuevo/", {"name": "A", "scopes": ["read:spic"]})
    ApiCall.objects.create(
        client=ApiClient.objects.get(),
        client_name="A",
        system="s2",
        endpoint="/v1/spic",
        status_code=200,
        rows_returned=3,
        total_rows=10,
        rfc_solicitante="GOAP780710RH7",
    )
    html = client.get("/sistema-electronico/consultas/").content.decode()
    assert "/v1/spic" in html and "GOAP780710RH7" in html
    assert (
        "Sin consultas"
        in client.get("/sistema-electronico/consultas/?cliente=999").content.decode()
    )


def test_menu_entry_for_the_administrator(client, admin):
    html = client.get("/").content.decode()
    assert "/sistema-electronico/clientes/" in html
