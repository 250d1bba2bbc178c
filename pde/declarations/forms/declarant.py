"""Forms of the declarant side and the public search. The section and item forms of
the wizard are the format's own (``s1.SectionForm`` / ``s1.ItemForm``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import DeclarationType, ObligatedServant


class ServantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ObligatedServant) -> str:
        period = f"{obj.start_date:%d/%m/%Y}"
        if obj.end_date:
            period += f" – {obj.end_date:%d/%m/%Y}"
        return f"{obj.position} · {obj.entity.name} ({period})"


class StartDeclarationForm(forms.Form):
    servant = ServantChoiceField(
        label=_("Empleo, cargo o comisión"),
        queryset=ObligatedServant.objects.none(),
        empty_label=None,
        error_messages={"required": _("Elija el empleo, cargo o comisión que declara.")},
    )
    tipo = forms.ChoiceField(
        label=_("Tipo de declaración"),
        choices=DeclarationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija el tipo de declaración.")},
    )

    def __init__(self, *args, servants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servant"].queryset = (
            servants if servants is not None else self.fields["servant"].queryset
        )


def _year_choices():
    year = timezone.localdate().year
    return [("", _("—"))] + [(str(y), str(y)) for y in range(year, year - 6, -1)]


class FiscalProofForm(forms.Form):
    file = forms.FileField(
        label=_("Constancia de presentación de la declaración fiscal (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Elija el archivo PDF de la constancia.")},
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("Ejercicio fiscal"),
        choices=_year_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )


class PublicSearchForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), required=False, max_length=200)
    entity = forms.CharField(label=_("Ente público"), required=False, max_length=200)
    position = forms.CharField(label=_("Empleo, cargo o comisión"), required=False, max_length=200)
    tipo = forms.ChoiceField(
        label=_("Tipo de declaración"),
        choices=[("", _("Todos"))] + list(DeclarationType.choices),
        required=False,
    )


class VerifyAcuseForm(forms.Form):
    folio = forms.CharField(
        label=_("Folio"),
        max_length=40,
        help_text=_("Como aparece en el acuse, p. ej. DP-2026-000123."),
        error_messages={"required": _("Escriba el folio del acuse.")},
    )
    entry_hash = forms.RegexField(
        label=_("Hash del asiento"),
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        required=False,
        help_text=_("Opcional: los 64 caracteres del «Hash del asiento» impresos en el acuse."),
        error_messages={"invalid": _("El hash tiene 64 caracteres hexadecimales (0-9, a-f).")},
    )
