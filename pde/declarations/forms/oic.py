"""Forms of the internal-control body (OIC)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pde.core.forms import date_input

from ..models import Declaration, DeclarationType, ObligatedServant
from ..selectors.oic import ComplianceStatus
from ..services import oic as oic_services

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class EntityChoiceMixin:
    """An ``entity`` field limited to the entes in the user's scope."""

    def _limit_entities(self, entities, *, required: bool = True) -> None:
        field = self.fields["entity"]
        field.queryset = entities
        field.required = required
        if not required:
            field.empty_label = _("Todos sus entes")
        elif entities.count() == 1:
            field.initial = entities.first().pk


class ObligatedServantForm(EntityChoiceMixin, forms.ModelForm):
    class Meta:
        model = ObligatedServant
        fields = ["entity", *oic_services.SERVANT_FIELDS]
        widgets = {"start_date": date_input(), "end_date": date_input()}
        labels = {"entity": _("Ente público")}

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_entities(entities)
        if self.instance.pk:
            # A padrón entry stays in its ente; a move is a baja here and an alta there.
            self.fields["entity"].disabled = True
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = DATE_FORMATS
        self.fields["curp"].widget.attrs.update(
            {"autocomplete": "off", "style": "text-transform:uppercase", "maxlength": 18}
        )
        self.fields["rfc"].widget.attrs.update(
            {"autocomplete": "off", "style": "text-transform:uppercase", "maxlength": 13}
        )

    def clean_curp(self):
        return (self.cleaned_data.get("curp") or "").strip().upper()

    def clean_rfc(self):
        return (self.cleaned_data.get("rfc") or "").strip().upper()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            # Named on the field (and the model's constraint is then not re-checked).
            self.add_error(
                "end_date", _("La fecha de baja no puede ser anterior a la fecha de alta.")
            )
        return data

    def _post_clean(self):
        super()._post_clean()
        for name, messages in oic_services.servant_rule_errors(self.instance).items():
            if name not in self.errors:
                self.add_error(name, messages)


class RosterSearchForm(EntityChoiceMixin, forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Nombre, CURP o cargo")}),
    )
    entity = forms.ModelChoiceField(label=_("Ente público"), queryset=None, required=False)
    active = forms.ChoiceField(
        label=_("Situación"),
        required=False,
        choices=[("", _("Todas")), ("active", _("En funciones")), ("inactive", _("Con baja"))],
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_entities(entities, required=False)


class UploadForm(EntityChoiceMixin, forms.Form):
    entity = forms.ModelChoiceField(label=_("Ente público"), queryset=None)
    file = forms.FileField(label=_("Archivo"))

    extensions: tuple[str, ...] = ()
    max_bytes = 0

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_entities(entities)
        self.fields["file"].widget.attrs["accept"] = ",".join(self.extensions)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.extensions):
            raise ValidationError(
                _("Tipo de archivo no admitido; se aceptan: %(ext)s.")
                % {"ext": ", ".join(self.extensions)}
            )
        limit = self.get_max_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("El archivo excede el tamaño máximo de %(mb)s MB.")
                % {"mb": limit // (1024 * 1024)}
            )
        return upload

    def get_max_bytes(self) -> int:
        raise NotImplementedError


class RosterImportForm(UploadForm):
    extensions = (".csv", ".xlsx")

    def get_max_bytes(self) -> int:
        return oic_services.roster_max_bytes()


class DeclarationImportForm(UploadForm):
    extensions = (".json", ".zip")

    def get_max_bytes(self) -> int:
        return oic_services.import_max_bytes()


def _year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 10, -1)]


class ComplianceFilterForm(EntityChoiceMixin, forms.Form):
    entity = forms.ModelChoiceField(label=_("Ente público"), queryset=None, required=False)
    tipo = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Todos"))] + DeclarationType.choices
    )
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos")), *ComplianceStatus.choices],
    )
    year = forms.TypedChoiceField(label=_("Año"), coerce=int, required=False, choices=())

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_entities(entities, required=False)
        self.fields["year"].choices = _year_choices()


class ReminderForm(ComplianceFilterForm):
    include_omisos = forms.BooleanField(
        label=_("Incluir también a las personas omisas"), required=False
    )


class StartOnBehalfForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo de declaración"), choices=DeclarationType.choices)


class ReceptionFilterForm(EntityChoiceMixin, forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Nombre o folio")}),
    )
    entity = forms.ModelChoiceField(label=_("Ente público"), queryset=None, required=False)
    tipo = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Todos"))] + DeclarationType.choices
    )
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos"))] + Declaration.Status.choices,
    )
    source = forms.ChoiceField(
        label=_("Origen"),
        required=False,
        choices=[("", _("Todos"))] + Declaration.Source.choices,
    )
    date_from = forms.DateField(label=_("Presentada desde"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Presentada hasta"), required=False, widget=date_input())

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_entities(entities, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("La fecha final no puede ser anterior a la inicial."))
        return data
