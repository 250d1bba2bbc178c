from django import forms
from django.utils.translation import gettext_lazy as _

from pde.pdn.models import SCOPE_BY_SYSTEM

SCOPE_CHOICES = [(scope, f"{scope} — {system.label}") for system, scope in SCOPE_BY_SYSTEM.items()]


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Nombre del cliente"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Sistemas que puede consultar"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )


class NonPublicAccessForm(forms.Form):
    allowed = forms.BooleanField(
        label=_("Autorizar la entrega de datos no públicos"),
        required=False,
        help_text=_(
            "Sólo para autoridades investigadoras o resolutoras con fundamento legal; "
            "recibirán la declaración completa cuando indiquen rfcSolicitante."
        ),
    )
    basis = forms.CharField(
        label=_("Fundamento (oficio, expediente, disposición legal)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("allowed") and not (data.get("basis") or "").strip():
            self.add_error("basis", _("Indique el fundamento de la autorización."))
        return data
