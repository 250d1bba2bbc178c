from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "pde.declarations"
    label = "declarations"
    verbose_name = _("Declaraciones patrimoniales y de intereses (S1)")
