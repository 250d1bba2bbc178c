"""pde pdn-client create|list|revoke|rotate: manage PDN API clients from the shell."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pde.pdn.models import ApiClient
from pde.pdn.services import clients as services


class Command(BaseCommand):
    help = _("Administra los clientes OAuth de las APIs PDN (create, list, revoke, rotate).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Crea un cliente y su usuario de API."))
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scopes",
            nargs="+",
            default=None,
            help=_("Alcances: %(scopes)s (por omisión, todos).")
            % {"scopes": ", ".join(services.ALL_SCOPES)},
        )
        sub.add_parser("list", help=_("Lista los clientes (JSON, sin secretos)."))
        for name in ("revoke", "rotate"):
            action = sub.add_parser(name)
            action.add_argument("client", help=_("Nombre o client_id del cliente."))

    def _client(self, key: str) -> ApiClient:
        client = (
            ApiClient.objects.filter(name=key).first()
            or ApiClient.objects.filter(application__client_id=key).first()
        )
        if client is None:
            raise CommandError(_("No existe el cliente «%s».") % key)
        return client

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                scopes = []
                for value in options["scopes"] or []:
                    scopes += [s for s in value.replace(",", " ").split() if s]
                _client, credentials = services.create_client(options["name"], scopes or None)
                self.stdout.write(json.dumps(credentials.as_dict()))
            elif action == "list":
                rows = [
                    {
                        "name": c.name,
                        "client_id": c.application.client_id,
                        "username": c.user.get_username(),
                        "scopes": c.scopes,
                        "non_public_access": c.non_public_access,
                        "active": c.is_active,
                    }
                    for c in ApiClient.objects.select_related("application", "user")
                ]
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            elif action == "revoke":
                client = services.revoke_client(self._client(options["client"]))
                self.stdout.write(_("Cliente «%s» revocado.") % client.name)
            elif action == "rotate":
                credentials = services.rotate_credentials(self._client(options["client"]))
                self.stdout.write(json.dumps(credentials.as_dict()))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
