"""``pde audit-verify``: exit 0 when the audit chain is intact, 1 naming the first broken entry."""

from django.core.management.base import BaseCommand, CommandError
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
                    f"Cadena rota en la entrada #{step.sequence}: {step.reason}. "
                    f"Entradas verificadas antes de la ruptura: {step.sequence - 1}."
                )
            bar.update(step - verified)
            verified = step
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"Bitácora íntegra: {verified} entradas verificadas."))
