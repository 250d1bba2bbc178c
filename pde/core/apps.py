from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from .services import sync_roles

    sync_roles()


class CoreConfig(AppConfig):
    name = "pde.core"
    label = "core"
    verbose_name = _("Núcleo de la plataforma")

    def ready(self) -> None:
        from . import navigation, signals  # noqa: F401  (connects receivers, registers menu)

        # Every app's permissions exist after migrate; roles pick them up then.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="pde_sync_roles")
