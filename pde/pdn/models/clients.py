"""API clients, their authorizations and the log of every API call.

An :class:`ApiClient` ties together the three things a PDN consumer needs: an OAuth2
application of django-oauth-toolkit (client_id / client_secret), the API user whose
username and password it sends in the password grant, and the systems (scopes) it may
query. The secretariat administrator may also authorize a client, explicitly and with a
recorded basis, to receive non-public data (an investigating authority).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ApiCall", "ApiClient", "System", "SCOPE_BY_SYSTEM", "SYSTEM_BY_SCOPE"]


class System(models.TextChoices):
    S1 = "s1", _("S1 Declaraciones")
    S2 = "s2", _("S2 Servidores públicos que intervienen en contrataciones")
    S3_SERVIDORES = "s3s", _("S3 Servidores públicos sancionados")
    S3_PARTICULARES = "s3p", _("S3 Particulares sancionados")
    S6 = "s6", _("S6 Contrataciones públicas")


# OAuth2 scope per system. S1 is the scope its OAS file names; the S2, S3 and S6 files
# declare empty scope lists, so their scopes follow the name of each security scheme.
SCOPE_BY_SYSTEM = {
    System.S1: "read:declaraciones",
    System.S2: "read:spic",
    System.S3_SERVIDORES: "read:ssancionados",
    System.S3_PARTICULARES: "read:psancionados",
    System.S6: "read:contrataciones-abiertas",
}
SYSTEM_BY_SCOPE = {scope: system for system, scope in SCOPE_BY_SYSTEM.items()}


class ApiClient(models.Model):
    name = models.CharField(_("nombre"), max_length=200, unique=True)
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="pde_client"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    scopes = models.JSONField(_("alcances"), default=list)
    # Explicit authorization to receive non-public data (the full declaration).
    non_public_access = models.BooleanField(_("autorizado para datos no públicos"), default=False)
    non_public_basis = models.TextField(
        _("fundamento de la autorización"),
        blank=True,
        help_text=_("Oficio, expediente o fundamento legal de la autoridad solicitante."),
    )
    non_public_authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    non_public_authorized_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(_("credenciales renovadas"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        verbose_name = _("cliente de la API")
        verbose_name_plural = _("clientes de la API")
        ordering = ["name"]
        # Only the administrator manages clients: no add_/view_ permission that the
        # data-provider role's "pdn.add_*" / "pdn.view_*" patterns would match.
        default_permissions = ()
        permissions = [("manage_apiclient", _("Puede administrar los clientes de la API PDN"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def systems(self) -> list[str]:
        return [SYSTEM_BY_SCOPE[s] for s in self.scopes if s in SYSTEM_BY_SCOPE]


class ApiCall(models.Model):
    """One call to a PDN API. ``query`` is stored redacted (no private field)."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    client_name = models.CharField(max_length=200, blank=True)
    system = models.CharField(max_length=4, choices=System.choices)
    endpoint = models.CharField(max_length=100)
    query = models.JSONField(default=dict, blank=True)
    rfc_solicitante = models.CharField(max_length=20, blank=True)
    status_code = models.PositiveSmallIntegerField()
    rows_returned = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    non_public = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consulta a la API")
        verbose_name_plural = _("bitácora de consultas a la API")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        indexes = [models.Index(fields=["client", "created_at"], name="pdn_apicall_client_created")]

    def __str__(self) -> str:
        return f"{self.client_name} {self.endpoint} {self.status_code}"
