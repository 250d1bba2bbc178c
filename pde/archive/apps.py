from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "pde.archive"
    label = "archive"
    verbose_name = _("Sistema Digital de Archivo")
