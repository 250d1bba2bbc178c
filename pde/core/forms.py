from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .models import NonBusinessPeriod, PublicEntity


def date_input() -> forms.DateInput:
    """A browser date picker. It needs ISO dates, whatever the locale formats say."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Nombre, siglas o clave INEGI")}),
    )
    kind = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Todos"))] + list(PublicEntity.Kind.choices),
    )
    order = forms.ChoiceField(
        label=_("Orden de gobierno"),
        required=False,
        choices=[("", _("Todos"))] + list(PublicEntity.OrderOfGovernment.choices),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Acción"), required=False)
    actor = forms.CharField(label=_("Usuario"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Tipo de objeto"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Id del objeto"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("Desde"),
        required=False,
        widget=date_input(),
    )
    date_to = forms.DateField(
        label=_("Hasta"),
        required=False,
        widget=date_input(),
    )

    def __init__(self, *args, actions: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Todas"))] + [(a, a) for a in actions]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("La fecha final no puede ser anterior a la inicial."))
        return data


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail through a background task (Celery, or inline)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from .tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.delay(subject, body, [to_email])


class NonBusinessPeriodForm(forms.ModelForm):
    class Meta:
        model = NonBusinessPeriod
        fields = ["start_date", "end_date", "declared_by", "description", "legal_basis"]
        widgets = {
            "start_date": date_input(),
            "end_date": date_input(),
        }
