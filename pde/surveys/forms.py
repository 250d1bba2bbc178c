from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Form, Respondent


class XLSFormUploadForm(forms.Form):
    xlsform = forms.FileField(
        label=_("Archivo XLSForm (.xlsx)"),
        help_text=_(
            "Hojas survey, choices y settings. Etiquetas en columnas «label::Español (es)», "
            "«label::Tseltal (tzh)» y «label::Tsotsil (tzo)»."
        ),
    )
    kind = forms.ChoiceField(label=_("Tipo"), choices=Form.Kind.choices, initial=Form.Kind.PUBLIC)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_xlsform(self):
        upload = self.cleaned_data["xlsform"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("El archivo excede 5 MB."))
        return upload


class NewVersionForm(forms.Form):
    xlsform = XLSFormUploadForm.base_fields["xlsform"]


class RespondentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Respondent.Kind.choices)
    name = forms.CharField(label=_("Nombre o área"), max_length=255)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)


class RespondentEmailForm(forms.Form):
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
