"""Forms of the delivery pages: upload, API keys, scheduled harvests."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pde.core.models import PublicEntity
from pde.pdn.models.records import SYSTEM_LABELS, ScheduledHarvest

UPLOAD_EXTENSIONS = (".json", ".ndjson", ".jsonl", ".csv", ".xlsx")


class UploadForm(forms.Form):
    system = forms.ChoiceField(label=_("Sistema"), choices=list(SYSTEM_LABELS.items()))
    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("JSON (lista de registros), NDJSON, CSV o XLSX con la plantilla del sistema."),
    )
    entity = forms.ModelChoiceField(
        label=_("Ente generador"),
        queryset=PublicEntity.objects.filter(active=True).order_by("name"),
        required=False,
        help_text=_("Ente a cuyo nombre se guardan los registros."),
    )

    def __init__(self, *args, choose_entity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_entity:
            self.fields["entity"].required = True
        else:
            del self.fields["entity"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(
                _("Formato no admitido: suba un archivo .json, .ndjson, .csv o .xlsx.")
            )
        limit = getattr(settings, "PDE_INGEST_MAX_BYTES", 200 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("El archivo excede el tamaño máximo (%(mb)s MB); divídalo en varios.")
                % {"mb": limit // (1024 * 1024)}
            )
        return upload


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre de la clave"),
        max_length=100,
        help_text=_("Para reconocerla después, p. ej. «Sistema de nómina»."),
    )


class ScheduledHarvestForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL del endpoint"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Endpoint PDN que se consulta con POST, p. ej. https://origen/v1/spic."),
    )
    token_url = forms.URLField(
        label=_("URL del token OAuth"), max_length=500, assume_scheme="https"
    )
    password = forms.CharField(
        label=_("Contraseña"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Déjela vacía para conservar la guardada."),
    )
    client_secret = forms.CharField(
        label=_("client_secret"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Déjelo vacío para conservar el guardado."),
    )

    class Meta:
        model = ScheduledHarvest
        fields = [
            "name",
            "system",
            "entity",
            "url",
            "token_url",
            "username",
            "password",
            "client_id",
            "client_secret",
            "scope",
            "interval_hours",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = PublicEntity.objects.filter(active=True).order_by("name")

    def clean(self):
        cleaned = super().clean()
        for secret in ("password", "client_secret"):
            if not cleaned.get(secret):
                if self.instance.pk and getattr(self.instance, secret):
                    cleaned[secret] = getattr(self.instance, secret)
                else:
                    self.add_error(secret, _("Este campo es obligatorio."))
        if cleaned.get("interval_hours") is not None and cleaned["interval_hours"] < 1:
            self.add_error("interval_hours", _("El intervalo debe ser de al menos una hora."))
        return cleaned
