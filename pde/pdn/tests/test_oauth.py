"""OAuth 2.0 for the PDN APIs: password and refresh grants at /oauth and /oauth/token,
credentials in the form or HTTP Basic, bodies that are not percent-encoded, and every
failure answered 401/422 with {code, message}."""

import base64
import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from oauth2_provider.models import AccessToken

from pde.pdn.models import ApiClient
from pde.pdn.services.clients import (
    create_client,
    revoke_client,
    rotate_credentials,
    url_safe_secret,
)

from .factories import token_for

pytestmark = pytest.mark.django_db
URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def password_form(credentials, **extra) -> dict:
    return {
        "grant_type": "password",
        "username": credentials.username,
        "password": credentials.password,
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        **extra,
    }


def assert_error(response, status: int):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message"}
    assert body["code"] and body["message"]
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.parametrize("path", ["/oauth", "/oauth/token"])
def test_password_grant_returns_the_pdn_token_response(client, path):
    _api, credentials = create_client("PDN", ["read:declaraciones", "read:spic"])
    response = client.post(path, password_form(credentials))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "refresh_token_expires_in",
        "scope",
    }
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["refresh_token_expires_in"] > body["expires_in"]
    assert set(body["scope"].split()) == {"read:declaraciones", "read:spic"}
    assert response["Cache-Control"] == "no-store"


def test_lifetimes_come_from_settings(client, settings):
    assert settings.OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"] == (
        settings.PDE_OAUTH_ACCESS_TOKEN_SECONDS
    )
    assert settings.OAUTH2_PROVIDER["REFRESH_TOKEN_EXPIRE_SECONDS"] == (
        settings.PDE_OAUTH_REFRESH_TOKEN_SECONDS
    )
    _api, credentials = create_client("PDN")
    body = client.post("/oauth", password_form(credentials)).json()
    assert body["expires_in"] == settings.PDE_OAUTH_ACCESS_TOKEN_SECONDS
    assert body["refresh_token_expires_in"] == (
        settings.PDE_OAUTH_ACCESS_TOKEN_SECONDS + settings.PDE_OAUTH_REFRESH_TOKEN_SECONDS
    )


def test_client_credentials_in_http_basic(client):
    _api, credentials = create_client("PDN")
    basic = base64.b64encode(
        f"{credentials.client_id}:{credentials.client_secret}".encode()
    ).decode()
    form = password_form(credentials)
    del form["client_id"], form["client_secret"]
    response = client.post("/oauth", form, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.content


def test_a_body_that_is_not_percent_encoded_is_accepted(client):
    """The national platform runs decodeURI over the body: ':' and spaces arrive raw."""
    _api, credentials = create_client("PDN", ["read:declaraciones", "read:ssancionados"])
    body = (
        f"grant_type=password&username={credentials.username}&password={credentials.password}"
        f"&client_id={credentials.client_id}&client_secret={credentials.client_secret}"
        "&scope=read:declaraciones read:ssancionados"
    )
    response = client.post(
        "/oauth", body.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content
    assert set(response.json()["scope"].split()) == {"read:declaraciones", "read:ssancionados"}


def test_a_json_body_is_accepted(client):
    _api, credentials = create_client("PDN")
    response = client.post(
        "/oauth", json.dumps(password_form(credentials)), content_type="application/json"
    )
    assert response.status_code == 200, response.content


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=8, max_value=64))
def test_generated_secrets_are_url_safe(nbytes):
    assert URL_SAFE.match(url_safe_secret(nbytes))


def test_generated_credentials_are_url_safe_and_secrets_hashed():
    api, credentials = create_client("PDN")
    for value in credentials.as_dict().values():
        assert URL_SAFE.match(value), value
    api.application.refresh_from_db()
    assert api.application.client_secret != credentials.client_secret
    assert credentials.password not in api.user.password


def test_tokens_are_not_stored_in_plaintext(client):
    _api, credentials = create_client("PDN")
    body = token_for(client, credentials)
    assert not AccessToken.objects.filter(token=body["access_token"]).exists()
    assert AccessToken.objects.count() == 1


def test_refresh_grant(client):
    _api, credentials = create_client("PDN")
    first = token_for(client, credentials)
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert response.status_code == 200, response.content
    second = response.json()
    assert second["access_token"] != first["access_token"]
    assert second["token_type"] == "Bearer"
    # The old refresh token was rotated: replaying it fails.
    replay = client.post(
        "/oauth",
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert_error(replay, 401)


@pytest.mark.parametrize(
    "change",
    [
        {"password": "no-es-la-contrasena"},
        {"client_secret": "no-es-el-secreto"},
        {"client_id": "no-existe"},
        {"username": "otro-usuario"},
    ],
)
def test_wrong_credentials_are_401(client, change):
    _api, credentials = create_client("PDN")
    assert_error(client.post("/oauth", password_form(credentials, **change)), 401)


def test_another_clients_user_cannot_be_used(client):
    _a, first = create_client("A")
    _b, second = create_client("B")
    form = password_form(first, username=second.username, password=second.password)
    assert_error(client.post("/oauth", form), 401)


def test_a_scope_the_client_does_not_have_is_401(client):
    _api, credentials = create_client("PDN", ["read:spic"])
    body = assert_error(
        client.post("/oauth", password_form(credentials, scope="read:declaraciones")), 401
    )
    assert body["code"] == "invalid_scope"


@pytest.mark.parametrize("grant_type", ["client_credentials", "authorization_code", "", "x"])
def test_unsupported_grants_are_422(client, grant_type):
    _api, credentials = create_client("PDN")
    assert_error(client.post("/oauth", password_form(credentials, grant_type=grant_type)), 422)


def test_get_is_not_allowed(client):
    assert_error(client.get("/oauth"), 405)


def test_expired_refresh_token_is_401(client):
    _api, credentials = create_client("PDN")
    first = token_for(client, credentials)
    AccessToken.objects.update(expires=timezone.now() - dt.timedelta(days=30))
    response = client.post(
        "/oauth",
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert_error(response, 401)


def test_revoked_client_gets_no_token_and_its_tokens_stop(client):
    api, credentials = create_client("PDN")
    token = token_for(client, credentials)["access_token"]
    revoke_client(api)
    assert_error(client.post("/oauth", password_form(credentials)), 401)
    response = client.post(
        "/v2/declaraciones",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert_error(response, 401)


def test_rotation_replaces_secret_and_password(client):
    api, old = create_client("PDN")
    token = token_for(client, old)["access_token"]
    new = rotate_credentials(api)
    assert new.client_id == old.client_id
    assert_error(client.post("/oauth", password_form(old)), 401)
    assert client.post("/oauth", password_form(new)).status_code == 200
    response = client.post(
        "/v2/declaraciones",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert_error(response, 401)


def test_command_creates_a_client_and_prints_one_json_object(capsys, client):
    call_command("pdn_client", "create", "--name", "PDN nacional", "--scopes", "read:declaraciones")
    out = capsys.readouterr().out.strip()
    data = json.loads(out)
    assert set(data) == {"client_id", "client_secret", "username", "password"}
    api = ApiClient.objects.get(name="PDN nacional")
    assert api.scopes == ["read:declaraciones"]
    credentials = type("C", (), data)
    assert token_for(client, credentials)["scope"] == "read:declaraciones"

    call_command("pdn_client", "list")
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["name"] == "PDN nacional"
    assert "client_secret" not in listed[0]

    call_command("pdn_client", "revoke", "PDN nacional")
    api.refresh_from_db()
    assert api.revoked_at is not None


def test_command_rejects_unknown_scopes():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Alcance desconocido"):
        call_command("pdn_client", "create", "--name", "X", "--scopes", "read:todo")
    assert not ApiClient.objects.exists()
