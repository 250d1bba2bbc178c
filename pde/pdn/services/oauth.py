"""OAuth 2.0 for the PDN APIs on top of django-oauth-toolkit.

The national platform's clients use the password grant (tokenUrl ``/oauth``): a client
(client_id / client_secret) plus the API user created with it. This module restricts
every token to its :class:`~pde.pdn.models.ApiClient` (its own user, its scopes, not
revoked), turns token responses into the PDN shape and authenticates API requests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from oauth2_provider.oauth2_backends import get_oauthlib_core
from oauth2_provider.oauth2_validators import OAuth2Validator

from pde.pdn.models import SCOPE_BY_SYSTEM, ApiClient


def client_of(application) -> ApiClient | None:
    if application is None:
        return None
    try:
        return application.pde_client
    except ApiClient.DoesNotExist:
        return None


class PdnOAuth2Validator(OAuth2Validator):
    """DOT's validator, limited to live API clients, their own user and their scopes."""

    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        api_client = client_of(request.client)
        return api_client is not None and api_client.is_active

    def validate_user(self, username, password, client, request, *args, **kwargs):
        api_client = client_of(client)
        if api_client is None or not api_client.is_active:
            return False
        if api_client.user.get_username() != username:
            return False
        return super().validate_user(username, password, client, request, *args, **kwargs)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        api_client = client_of(client)
        if api_client is None:
            return False
        return set(scopes) <= set(api_client.scopes)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        api_client = client_of(request.client)
        return list(api_client.scopes) if api_client else []


# --- Token endpoint responses ---------------------------------------------------------

# OAuth error -> (HTTP status, Spanish message). Bad credentials or a scope the client
# may not have are 401; a request we cannot understand is 422.
_TOKEN_ERRORS = {
    "invalid_client": (
        401,
        "Las credenciales del cliente (client_id, client_secret) no son válidas.",
    ),
    "invalid_grant": (
        401,
        "El usuario, la contraseña o el refresh_token no son válidos o ya expiraron.",
    ),
    "unauthorized_client": (401, "El cliente no está autorizado para este tipo de concesión."),
    "invalid_scope": (401, "El cliente no tiene autorizado el alcance (scope) solicitado."),
    "access_denied": (401, "Acceso denegado."),
    "unsupported_grant_type": (
        422,
        "grant_type no soportado: use «password» o «refresh_token».",
    ),
    "invalid_request": (422, "La solicitud de token está incompleta o mal formada."),
}


def token_request_body(request: HttpRequest) -> None:
    """Accept the token request as a form (percent-encoded or not: the generated
    credentials use only URL-safe characters) or as a JSON object."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            data = None
        form = QueryDict(mutable=True)
        if isinstance(data, dict):
            for key, value in data.items():
                if isinstance(value, str | int | float):
                    form[key] = str(value)
        request._post = form  # what DOT reads (request.POST)
        request._files = None


def pdn_token_payload(status: int, body: str) -> tuple[int, dict]:
    """DOT's token response -> the PDN response or ``{code, message}``."""
    try:
        data = json.loads(body or "{}")
    except ValueError:
        data = {}
    if status == 200 and "access_token" in data:
        payload = {
            "access_token": data["access_token"],
            "token_type": "Bearer",
            "expires_in": int(data.get("expires_in") or settings.PDE_OAUTH_ACCESS_TOKEN_SECONDS),
            "refresh_token": data.get("refresh_token", ""),
            # DOT lets a refresh token live this long after its access token expires.
            "refresh_token_expires_in": int(data.get("expires_in") or 0)
            + settings.PDE_OAUTH_REFRESH_TOKEN_SECONDS,
            "scope": data.get("scope", ""),
        }
        return 200, payload
    code = str(data.get("error") or "invalid_request")
    status, message = _TOKEN_ERRORS.get(code, (401, "No fue posible emitir el token."))
    return status, {"code": code, "message": _(message)}


# --- Protecting the APIs --------------------------------------------------------------


@dataclass
class ApiAuth:
    client: ApiClient | None
    error: tuple[str, str] | None = None  # (code, message)


def authenticate_api_request(request: HttpRequest, system: str) -> ApiAuth:
    """The API client behind the request's bearer token, if it may call ``system``."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("bearer ") or not header[7:].strip():
        return ApiAuth(
            None,
            (
                "token_missing",
                _("Falta el token de acceso: envíe «Authorization: Bearer <token>»."),
            ),
        )
    core = get_oauthlib_core()
    scope = SCOPE_BY_SYSTEM[system]
    valid, oauth_request = core.verify_request(request, scopes=[scope])
    if valid:
        api_client = client_of(oauth_request.access_token.application)
        if api_client is not None and api_client.is_active:
            return ApiAuth(api_client)
        return ApiAuth(None, ("invalid_token", _("El cliente de este token fue revocado.")))
    valid_any, oauth_request = core.verify_request(request, scopes=[])
    if valid_any:
        return ApiAuth(
            None,
            (
                "insufficient_scope",
                _("El token no tiene el alcance «%(scope)s» que requiere este sistema.")
                % {"scope": scope},
            ),
        )
    return ApiAuth(None, ("invalid_token", _("El token de acceso no es válido o ya expiró.")))
