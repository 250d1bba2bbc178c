"""``pde harvest``: pull every page of another PDN-compatible API into an ente's records.

    pde harvest --system s2 --url https://origen/v1/spic --token-url https://origen/oauth \\
        --username USUARIO --password CLAVE --client-id ID --client-secret SECRETO --ente SIGLAS

Resumes an unfinished run of the same source and ente from its last completed page
(``--restart`` starts over). Exit status 1 if the harvest fails.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from pde.core.models import PublicEntity
from pde.pdn.models.records import SYSTEMS
from pde.pdn.services.harvest import HarvestError, HarvestSource, harvest


class Command(BaseCommand):
    help = _("Cosecha todas las páginas de otra API compatible con la PDN.")

    def add_arguments(self, parser):
        parser.add_argument("--system", required=True, choices=SYSTEMS)
        parser.add_argument("--url", required=True, help=_("URL del endpoint PDN (POST)."))
        parser.add_argument("--token-url", required=True, help=_("URL del token OAuth 2.0."))
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--password",
            default=os.environ.get("PDE_HARVEST_PASSWORD", ""),
            help=_("O en la variable de entorno PDE_HARVEST_PASSWORD (no queda en el historial)."),
        )
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--client-secret",
            default=os.environ.get("PDE_HARVEST_CLIENT_SECRET", ""),
            help=_("O en la variable de entorno PDE_HARVEST_CLIENT_SECRET."),
        )
        parser.add_argument("--scope", default="")
        parser.add_argument(
            "--ente",
            required=True,
            help=_("Ente a cuyo nombre se guardan los registros: id, siglas o clave INEGI."),
        )
        parser.add_argument(
            "--restart", action="store_true", help=_("No reanudar; empezar en la página 1.")
        )

    def _entity(self, value: str) -> PublicEntity:
        lookup = Q(acronym__iexact=value) | Q(inegi_code=value)
        if value.isdigit():
            lookup |= Q(pk=int(value))
        matches = list(PublicEntity.objects.filter(lookup)[:2])
        if len(matches) != 1:
            raise CommandError(
                _("No se encontró un único ente «%(value)s» (use su id, siglas o clave INEGI).")
                % {"value": value}
            )
        return matches[0]

    def handle(self, *args, **options):
        for option, variable in (
            ("password", "PDE_HARVEST_PASSWORD"),
            ("client_secret", "PDE_HARVEST_CLIENT_SECRET"),
        ):
            if not options[option]:
                raise CommandError(
                    _("Falta --%(option)s (o la variable de entorno %(variable)s).")
                    % {"option": option.replace("_", "-"), "variable": variable}
                )
        entity = self._entity(options["ente"])
        source = HarvestSource(
            system=options["system"],
            url=options["url"],
            token_url=options["token_url"],
            username=options["username"],
            password=options["password"],
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            scope=options["scope"],
        )

        def progress(run):
            total = f"/{run.total_rows}" if run.total_rows else ""
            batch = run.batch
            self.stdout.write(
                _("página %(page)s: %(done)s%(total)s registros, %(rejected)s rechazados")
                % {
                    "page": run.last_page,
                    "done": batch.total,
                    "total": total,
                    "rejected": batch.rejected_count,
                }
            )

        try:
            run = harvest(source, entity, resume=not options["restart"], on_page=progress)
        except HarvestError as error:
            raise CommandError(
                _("%(error)s Vuelva a ejecutar el comando para reanudar.") % {"error": error}
            ) from error
        batch = run.batch
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Cosecha terminada: %(pages)s páginas, %(total)s registros "
                    "(%(created)s nuevos, %(updated)s actualizados, %(unchanged)s sin cambios, "
                    "%(rejected)s rechazados). Entrega %(batch)s."
                )
                % {
                    "pages": run.last_page,
                    "total": batch.total,
                    "created": batch.created_count,
                    "updated": batch.updated_count,
                    "unchanged": batch.unchanged_count,
                    "rejected": batch.rejected_count,
                    "batch": batch.pk,
                }
            )
        )
