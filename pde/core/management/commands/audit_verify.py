"""``pde audit-verify``: exit 0 when the audit chain is intact, 1 naming the first broken entry."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ...models import AuditEntry
from ...services import ChainBreak, verify_audit_chain


class Command(BaseCommand):
    help = "Verifica la cadena de hashes de la bitácora de auditoría."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Sin barra de progreso.")

    def handle(self, *args, no_progress: bool = False, **options):
        total = AuditEntry.objects.count()
        bar = tqdm(total=total, unit="entradas", disable=no_progress or total < 10_000)
        verified = 0
        for step in verify_audit_chain():
            if isinstance(step, ChainBreak):
                bar.close()
                raise CommandError(
                    _(
                        "Cadena rota en la entrada #%(n)s: %(reason)s. "
                        "Entradas verificadas antes de la ruptura: %(ok)s."
                    )
                    % {"n": step.sequence, "reason": step.reason, "ok": step.sequence - 1}
                )
            bar.update(step - verified)
            verified = step
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(_("Bitácora íntegra: %(n)s entradas verificadas.") % {"n": verified})
        )
