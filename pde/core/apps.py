from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate is sent once per app; roles sync once, after the last app's
    permissions exist."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
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
