"""``pde receipts-verify``: exit 0 when the receipt log and every filed declaration
hold, 1 listing each altered or missing entry or declaration."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ...models import ReceiptEntry
from ...services.receipts import ReceiptProblem, verify_receipts


class Command(BaseCommand):
    help = "Verifica el registro de recepción de declaraciones y los documentos presentados."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Sin barra de progreso.")

    def handle(self, *args, no_progress: bool = False, **options):
        total = ReceiptEntry.objects.count()
        bar = tqdm(total=total, unit="asientos", disable=no_progress or total < 10_000)
        verified = 0
        problems: list[ReceiptProblem] = []
        for step in verify_receipts():
            if isinstance(step, ReceiptProblem):
                problems.append(step)
                continue
            bar.update(step - verified)
            verified = step
        bar.close()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _(
                    "El registro de recepción NO es íntegro: %(n)s problema(s) en "
                    "%(total)s asientos."
                )
                % {"n": len(problems), "total": verified}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Registro de recepción íntegro: %(n)s asientos y declaraciones verificados.")
                % {"n": verified}
            )
        )
