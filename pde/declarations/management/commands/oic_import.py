"""``pde oic-import padron|declaraciones FILE --ente ENTE --usuario USUARIO``: the OIC's
uploads from the command line (large padrones, ZIPs from DeclaraFácil-style tools).
Same service, same checks, same report and audit as the web page."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pde.core.models import PublicEntity, User

from ...services import oic as services


class Command(BaseCommand):
    help = "Importa un padrón (CSV/XLSX) o declaraciones (JSON/ZIP) para un ente."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["padron", "declaraciones"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--ente", required=True, help="Clave INEGI, siglas o id del ente.")
        parser.add_argument(
            "--usuario", required=True, help="Usuario del OIC que hace la carga (bitácora)."
        )

    def handle(self, *args, kind: str, file: Path, ente: str, usuario: str, **options):
        entity = (
            PublicEntity.objects.filter(inegi_code=ente).first()
            or PublicEntity.objects.filter(acronym=ente, parent=None).first()
            or (PublicEntity.objects.filter(pk=ente).first() if ente.isdigit() else None)
        )
        if entity is None:
            raise CommandError(_("El ente «%(e)s» no existe.") % {"e": ente})
        user = User.objects.filter(username=usuario, is_active=True).first()
        if user is None:
            raise CommandError(_("El usuario «%(u)s» no existe.") % {"u": usuario})
        if not file.is_file():
            raise CommandError(_("No se encontró el archivo %(f)s.") % {"f": file})
        importer = services.import_roster if kind == "padron" else services.import_declarations
        try:
            batch = importer(entity=entity, file_name=file.name, content=file.read_bytes(), by=user)
        except services.ImportRefused as error:
            services.refuse_upload(
                entity=entity, file_name=file.name, reason=error.messages[0], by=user
            )
            raise CommandError(error.messages[0]) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if kind == "padron":
            for problem in batch.report["errors"]:
                self.stdout.write(
                    _("fila %(row)s, %(column)s: %(message)s") % problem, self.style.WARNING
                )
        else:
            for row in batch.report["files"]:
                if row["status"] != "received":
                    self.stdout.write(
                        f"{row['file']}: {' | '.join(row['messages'])}", self.style.WARNING
                    )
        self.stdout.write(
            self.style.SUCCESS(
                _("Carga %(id)s: %(ok)s aceptados, %(bad)s rechazados.")
                % {"id": batch.pk, "ok": batch.accepted_count, "bad": batch.rejected_count}
            )
        )
