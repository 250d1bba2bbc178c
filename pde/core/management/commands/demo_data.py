"""``pde demo-data``: demo users for every role. Refuses to run with PDE_DEBUG off."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...demo import create_demo_data


class Command(BaseCommand):
    help = "Crea usuarios de demostración para cada rol (sólo con PDE_DEBUG activo)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "Los datos de demostración sólo se cargan con PDE_DEBUG=1: "
                    "crean cuentas con contraseñas conocidas y nunca deben existir en producción."
                )
            )
        rows = create_demo_data()
        width = max(len(username) for username, _pw, _role in rows)
        self.stdout.write(_("Usuarios de demostración (usuario / contraseña / rol):"))
        for username, password, role in rows:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {role}")
