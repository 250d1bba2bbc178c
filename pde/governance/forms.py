from django import forms
from django.utils.translation import gettext_lazy as _

from pde.core.forms import date_input
from pde.core.models import PublicEntity, User

from .models import SYSTEMS, Agreement, Body, Convenio, Member, Session, Vote

MAX_UPLOAD_MB = 25


def _check_size(upload):
    if upload and upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(_("El archivo supera %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
    return upload


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "acronym",
            "number_suffix",
            "number_pattern",
            "entity",
            "legal_basis",
            "quorum_rule",
            "ordinary_sessions_per_year",
            "notice_days_ordinary",
            "notice_days_extraordinary",
            "notice_in_business_days",
            "active",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = PublicEntity.objects.filter(active=True).order_by("name")


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name",
            "position",
            "role",
            "entity",
            "user",
            "email",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": date_input(), "end_date": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = PublicEntity.objects.filter(active=True).order_by("name")
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["user"].help_text = _(
            "Opcional: con un usuario vinculado, la persona consulta las sesiones y acuerdos "
            "de este órgano."
        )


class SessionForm(forms.ModelForm):
    video_link = forms.URLField(
        label=_("Enlace de videoconferencia"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Session
        fields = ["kind", "date", "time", "place", "video_link", "notes"]
        widgets = {
            "date": date_input(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kind fixes the number; changing it would renumber the session.
            self.fields.pop("kind")


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Asunto"), max_length=500)
    description = forms.CharField(
        label=_("Descripción"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requires_vote = forms.BooleanField(
        label=_("Se somete a votación"), required=False, initial=True
    )


class SupportingDocumentForm(forms.Form):
    title = forms.CharField(label=_("Título del insumo"), max_length=255)
    file = forms.FileField(label=_("Archivo"))

    def clean_file(self):
        return _check_size(self.cleaned_data["file"])


class ConveneForm(forms.Form):
    convened_on = forms.DateField(label=_("Fecha de la convocatoria"), widget=date_input())


class AttendanceForm(forms.Form):
    def __init__(self, *args, members=(), attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        attendance = attendance or {}
        self.members = list(members)
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Presentes"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(m.pk, f"{m.full_name} · {m.get_role_display()}") for m in self.members],
            initial=[pk for pk, present in attendance.items() if present],
        )


class VoteForm(forms.Form):
    """One choice per voting member present."""

    def __init__(self, *args, members=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                required=False,
                choices=[("", _("— sin voto —"))] + list(Vote.Choice.choices),
                initial=current.get(member.pk, ""),
            )

    def choices(self) -> dict[int, str]:
        return {
            int(name.removeprefix("member_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class AgreementForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Punto del orden del día"), queryset=None, required=False
    )
    text = forms.CharField(label=_("Texto del acuerdo"), widget=forms.Textarea(attrs={"rows": 4}))
    responsible = forms.CharField(
        label=_("Responsable del cumplimiento"), max_length=255, required=False
    )
    due_date = forms.DateField(label=_("Fecha compromiso"), required=False, widget=date_input())

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = session.agenda_items.all()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["status", "responsible", "due_date", "follow_up_notes"]
        widgets = {"due_date": date_input(), "follow_up_notes": forms.Textarea(attrs={"rows": 4})}


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("Descripción"), max_length=255)
    file = forms.FileField(label=_("Archivo"))

    def clean_file(self):
        return _check_size(self.cleaned_data["file"])


class SignedMinutesForm(forms.Form):
    file = forms.FileField(label=_("Acta firmada (PDF digitalizado)"))

    def clean_file(self):
        upload = _check_size(self.cleaned_data["file"])
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("El acta firmada debe ser un archivo PDF."))
        return upload


class ConvenioForm(forms.ModelForm):
    system_codes = forms.MultipleChoiceField(
        label=_("Sistemas que cubre (art. 47)"),
        choices=SYSTEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(label=_("Documento del convenio"), required=False)

    class Meta:
        model = Convenio
        fields = [
            "counterpart",
            "title",
            "purpose",
            "status",
            "signed_date",
            "start_date",
            "end_date",
            "notes",
        ]
        widgets = {
            "signed_date": date_input(),
            "start_date": date_input(),
            "end_date": date_input(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = PublicEntity.objects.filter(active=True).order_by(
            "name"
        )
        self.fields["system_codes"].initial = self.instance.system_list

    def clean_upload(self):
        return _check_size(self.cleaned_data.get("upload"))

    def _post_clean(self):
        self.instance.systems = ",".join(self.cleaned_data.get("system_codes") or [])
        super()._post_clean()


# --- Filters ---------------------------------------------------------------------------


class BodyFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
    active = forms.ChoiceField(
        label=_("Situación"),
        required=False,
        choices=[("", _("Todos")), ("yes", _("Activos")), ("no", _("Inactivos"))],
    )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Número, texto o responsable")}),
    )
    body = forms.ModelChoiceField(label=_("Órgano"), required=False, queryset=Body.objects.none())
    year = forms.IntegerField(label=_("Año"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos"))] + list(Agreement.Status.choices),
    )
    overdue = forms.BooleanField(label=_("Sólo vencidos"), required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies


class SessionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Todos"))] + list(Session.Kind.choices)
    )
    status = forms.ChoiceField(
        label=_("Estado"), required=False, choices=[("", _("Todos"))] + list(Session.Status.choices)
    )


class ConvenioFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos"))] + list(Convenio.Status.choices),
    )
    system = forms.ChoiceField(
        label=_("Sistema"), required=False, choices=[("", _("Todos"))] + list(SYSTEMS)
    )
