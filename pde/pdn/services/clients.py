"""Creating, rotating and revoking PDN API clients; logging every API call."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_refresh_token_model,
)

from pde.core.privacy import redact
from pde.core.services import record_event
from pde.pdn.models import SCOPE_BY_SYSTEM, ApiCall, ApiClient

ALL_SCOPES = tuple(SCOPE_BY_SYSTEM.values())


def url_safe_secret(nbytes: int = 32) -> str:
    """Letters, digits, "-" and "_" only: survives a body that is not percent-encoded."""
    return secrets.token_urlsafe(nbytes)


@dataclass(frozen=True)
class Credentials:
    """What the consumer needs; shown once, never stored in clear."""

    client_id: str
    client_secret: str
    username: str
    password: str

    def as_dict(self) -> dict[str, str]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "username": self.username,
            "password": self.password,
        }


def clean_scopes(scopes) -> list[str]:
    scopes = list(dict.fromkeys(scopes or ALL_SCOPES))
    unknown = [s for s in scopes if s not in ALL_SCOPES]
    if unknown:
        raise ValidationError(
            _("Alcance desconocido: %(scopes)s. Válidos: %(valid)s.")
            % {"scopes": ", ".join(unknown), "valid": ", ".join(ALL_SCOPES)}
        )
    return scopes


@transaction.atomic
def create_client(name: str, scopes=None, *, by=None) -> tuple[ApiClient, Credentials]:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("El nombre del cliente es obligatorio."))
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError(_("Ya existe un cliente con el nombre «%(name)s».") % {"name": name})
    scopes = clean_scopes(scopes)
    User = get_user_model()
    username = f"pdn-{url_safe_secret(9).lower().replace('_', '-')}"
    password = url_safe_secret(24)
    user = User.objects.create_user(username=username, password=password)
    user.first_name = name[:150]
    user.save(update_fields=["first_name"])
    Application = get_application_model()
    client_id = url_safe_secret(24)
    client_secret = url_safe_secret(48)
    application = Application.objects.create(
        name=name[:255],
        client_id=client_id,
        client_secret=client_secret,  # hashed on save
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_PASSWORD,
        user=user,
        hash_client_secret=True,
    )
    api_client = ApiClient.objects.create(
        name=name, application=application, user=user, scopes=scopes, created_by=by
    )
    record_event(
        "pdn.client_created", api_client, actor=by, changes={"scopes": scopes, "user": username}
    )
    return api_client, Credentials(client_id, client_secret, username, password)


def _revoke_tokens(api_client: ApiClient) -> None:
    get_refresh_token_model().objects.filter(application=api_client.application).delete()
    get_access_token_model().objects.filter(application=api_client.application).delete()


@transaction.atomic
def rotate_credentials(api_client: ApiClient, *, by=None) -> Credentials:
    """New client secret and password; every token issued so far stops working."""
    if not api_client.is_active:
        raise ValidationError(_("El cliente está revocado."))
    client_secret = url_safe_secret(48)
    password = url_safe_secret(24)
    application = api_client.application
    application.client_secret = client_secret
    application.save()
    api_client.user.set_password(password)
    api_client.user.save(update_fields=["password"])
    _revoke_tokens(api_client)
    api_client.rotated_at = timezone.now()
    api_client.save(update_fields=["rotated_at"])
    record_event("pdn.client_rotated", api_client, actor=by)
    return Credentials(
        application.client_id, client_secret, api_client.user.get_username(), password
    )


@transaction.atomic
def revoke_client(api_client: ApiClient, *, by=None) -> ApiClient:
    if not api_client.is_active:
        return api_client
    _revoke_tokens(api_client)
    api_client.user.is_active = False
    api_client.user.save(update_fields=["is_active"])
    api_client.revoked_at = timezone.now()
    api_client.save(update_fields=["revoked_at"])
    record_event("pdn.client_revoked", api_client, actor=by)
    return api_client


@transaction.atomic
def update_scopes(api_client: ApiClient, scopes, *, by=None) -> ApiClient:
    scopes = clean_scopes(scopes)
    old = list(api_client.scopes)
    api_client.scopes = scopes
    api_client.save(update_fields=["scopes"])
    # Tokens carry their scopes: old tokens must not outlive a narrower grant.
    _revoke_tokens(api_client)
    record_event("pdn.client_scopes", api_client, actor=by, changes={"scopes": [old, scopes]})
    return api_client


@transaction.atomic
def set_non_public_access(api_client: ApiClient, allowed: bool, *, basis: str = "", by=None):
    """Explicitly authorize (or withdraw) access to non-public data, with its basis."""
    basis = (basis or "").strip()
    if allowed and not basis:
        raise ValidationError(
            _(
                "Indique el fundamento (oficio, expediente) de la autorización "
                "para datos no públicos."
            )
        )
    api_client.non_public_access = allowed
    api_client.non_public_basis = basis if allowed else ""
    api_client.non_public_authorized_by = by if allowed else None
    api_client.non_public_authorized_at = timezone.now() if allowed else None
    api_client.save(
        update_fields=[
            "non_public_access",
            "non_public_basis",
            "non_public_authorized_by",
            "non_public_authorized_at",
        ]
    )
    record_event(
        "pdn.client_non_public_granted" if allowed else "pdn.client_non_public_withdrawn",
        api_client,
        actor=by,
        changes={"fundamento": basis},
    )
    return api_client


def log_api_call(
    *,
    client: ApiClient | None,
    system: str,
    endpoint: str,
    query,
    status_code: int,
    rows_returned: int = 0,
    total_rows: int | None = None,
    duration_ms: int = 0,
    non_public: bool = False,
) -> ApiCall:
    """One line per call. The query is stored without any private field; the
    requester's RFC (rfcSolicitante) is kept in its own column, as the specs ask."""
    rfc = ""
    if isinstance(query, dict):
        inner = query.get("query")
        candidates = [query.get("rfcSolicitante")]
        if isinstance(inner, dict):
            candidates.append(inner.get("rfcSolicitante"))
        rfc = next((c for c in candidates if isinstance(c, str) and c), "")[:20]
    return ApiCall.objects.create(
        client=client,
        client_name=client.name if client else "",
        system=system,
        endpoint=endpoint[:100],
        query=redact(query) if isinstance(query, dict | list) else {},
        rfc_solicitante=rfc,
        status_code=status_code,
        rows_returned=rows_returned,
        total_rows=total_rows,
        duration_ms=duration_ms,
        non_public=non_public,
    )
