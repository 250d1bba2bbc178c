from django import forms
from django.utils.translation import gettext_lazy as _

from pde.core.forms import date_input

from .models import (
    AccessRequest,
    Appeal,
    Area,
    Assignment,
    CommitteeResolution,
    CommitteeSession,
    ImpactAssessment,
    ObligationFraction,
    PrivacyNotice,
    PrivacyNoticeVersion,
    RuleSet,
)


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Folio"), required=False, max_length=40)
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos")), ("open", _("En trámite (abiertas)"))]
        + list(AccessRequest.Status.choices),
    )
    kind = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("Todos"))] + list(AccessRequest.Kind.choices),
    )
    year = forms.IntegerField(label=_("Año"), required=False, min_value=2000, max_value=2100)


class RequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = [
            "folio",
            "folio_source",
            "kind",
            "arco_right",
            "received_on",
            "channel",
            "anonymous",
            "requester_name",
            "requester_contact",
            "information_type",
            "text",
        ]
        widgets = {"received_on": date_input(), "text": forms.Textarea(attrs={"rows": 4})}


class AssignForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Área"), queryset=Area.objects.filter(active=True))
    assigned_on = forms.DateField(label=_("Turnada el"), widget=date_input())
    due_on = forms.DateField(
        label=_("Fecha interna de respuesta"),
        required=False,
        widget=date_input(),
        help_text=_("Vacía: se calcula con los días hábiles configurados para las áreas."),
    )


class AreaAnswerForm(forms.Form):
    assignment = forms.ModelChoiceField(label=_("Área"), queryset=Assignment.objects.none())
    answered_on = forms.DateField(label=_("El área respondió el"), widget=date_input())
    answer = forms.CharField(
        label=_("Respuesta u oficio del área"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request_obj is not None:
            self.fields["assignment"].queryset = request_obj.assignments.filter(
                answered_on__isnull=True
            ).select_related("area")
            self.fields["assignment"].label_from_instance = lambda a: str(a.area)


class DateForm(forms.Form):
    on = forms.DateField(label=_("Fecha"), widget=date_input())


class ExtensionForm(forms.Form):
    resolution = forms.ModelChoiceField(
        label=_("Resolución del Comité"),
        queryset=CommitteeResolution.objects.none(),
        required=False,
    )
    notified_on = forms.DateField(label=_("Ampliación notificada el"), widget=date_input())

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request_obj is not None:
            self.fields["resolution"].queryset = request_obj.resolutions.filter(
                matter=CommitteeResolution.Matter.EXTENSION
            )


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Respuesta notificada el"), widget=date_input())
    response_type = forms.ChoiceField(
        label=_("Tipo de respuesta"),
        choices=[
            c
            for c in AccessRequest.ResponseType.choices
            if c[0] not in ("incompetent", "redirected")
        ],
    )
    summary = forms.CharField(
        label=_("Resumen de la respuesta"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RedirectForm(forms.Form):
    on = forms.DateField(label=_("Fecha de notificación"), widget=date_input())
    redirected_to = forms.CharField(
        label=_("Sujeto obligado o trámite al que se orienta"), max_length=300
    )


class NotARequestForm(forms.Form):
    on = forms.DateField(label=_("Fecha de conclusión"), widget=date_input())
    reason = forms.CharField(label=_("Motivo"), max_length=300)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    file = forms.FileField(label=_("Archivo"))
    public_version = forms.BooleanField(label=_("Es versión pública"), required=False)


class AppealForm(forms.Form):
    folio = forms.CharField(label=_("Expediente del recurso"), max_length=60)
    filed_on = forms.DateField(label=_("Interpuesto el"), widget=date_input())


class AppealUpdateForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["stage", "outcome", "resolved_on", "compliance_due_on", "complied_on", "notes"]
        widgets = {
            "resolved_on": date_input(),
            "compliance_due_on": date_input(),
            "complied_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class SessionForm(forms.ModelForm):
    class Meta:
        model = CommitteeSession
        fields = ["number", "kind", "held_on", "agenda", "minutes_reference", "governance_session"]
        widgets = {"held_on": date_input(), "agenda": forms.Textarea(attrs={"rows": 3})}


class ResolutionForm(forms.ModelForm):
    request_folios = forms.CharField(
        label=_("Folios de las solicitudes"),
        required=False,
        help_text=_("Separados por comas o espacios."),
    )

    class Meta:
        model = CommitteeResolution
        fields = [
            "number",
            "matter",
            "decision",
            "area",
            "classification",
            "legal_basis",
            "reserve_years",
            "harm_test",
            "summary",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "harm_test": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_request_folios(self):
        raw = self.cleaned_data.get("request_folios", "")
        folios = [f for f in raw.replace(",", " ").split() if f]
        found = {r.folio: r for r in AccessRequest.objects.filter(folio__in=folios)}
        missing = [f for f in folios if f not in found]
        if missing:
            raise forms.ValidationError(
                _("No existen solicitudes con folio: %(folios)s") % {"folios": ", ".join(missing)}
            )
        return [found[f] for f in folios]


class ReservedFileForm(forms.Form):
    resolution = forms.ModelChoiceField(
        label=_("Resolución que clasifica"),
        queryset=CommitteeResolution.objects.filter(
            matter=CommitteeResolution.Matter.CLASSIFICATION, classification="reserved"
        ),
    )
    area = forms.ModelChoiceField(label=_("Área"), queryset=Area.objects.filter(active=True))
    file_name = forms.CharField(label=_("Expediente"), max_length=300)
    topic = forms.CharField(label=_("Tema"), max_length=300)
    parts = forms.CharField(label=_("Partes reservadas"), max_length=300, required=False)


class IndexEditionForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Semestre"), coerce=int, choices=[(1, _("Enero–junio")), (2, _("Julio–diciembre"))]
    )
    published_on = forms.DateField(label=_("Publicado el"), widget=date_input())


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Trimestre"), coerce=int, choices=[(q, f"T{q}") for q in (1, 2, 3, 4)]
    )


class ObligationStatusForm(forms.Form):
    updated_on = forms.DateField(label=_("Actualizada el"), required=False, widget=date_input())
    verified_on = forms.DateField(label=_("Verificada el"), required=False, widget=date_input())
    published_on = forms.DateField(label=_("Publicada el"), required=False, widget=date_input())
    evidence = forms.CharField(label=_("Evidencia"), required=False, max_length=500)
    notes = forms.CharField(
        label=_("Notas"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApplicabilityForm(forms.ModelForm):
    class Meta:
        model = ObligationFraction
        fields = ["applicable", "non_applicability_reason", "responsible_area", "update_period"]
        widgets = {"non_applicability_reason": forms.Textarea(attrs={"rows": 2})}


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = [
            "name",
            "legal_basis",
            "effective_from",
            "notes",
            "day_kind",
            "answer_days",
            "extension_days",
            "max_extensions",
            "extension_approver",
            "extension_notice_before_deadline",
            "clarification_request_days",
            "clarification_response_days",
            "clarification_effect",
            "incompetence_notice_days",
            "arco_answer_days",
            "arco_extension_days",
            "arco_effective_days",
            "appeal_days",
            "obligations_update_days",
        ]
        widgets = {
            "effective_from": date_input(),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class FolioLookupForm(forms.Form):
    folio = forms.CharField(label=_("Folio de la solicitud"), max_length=40)


class PrivacyNoticeForm(forms.ModelForm):
    class Meta:
        model = PrivacyNotice
        fields = ["title", "system_or_activity", "area"]


class NoticeVersionForm(forms.Form):
    notice = forms.ModelChoiceField(label=_("Aviso"), queryset=PrivacyNotice.objects.all())
    kind = forms.ChoiceField(label=_("Modalidad"), choices=PrivacyNoticeVersion.Kind.choices)
    published_on = forms.DateField(label=_("Publicado el"), required=False, widget=date_input())
    url = forms.URLField(label=_("Dirección de publicación"), required=False, assume_scheme="https")
    changes = forms.CharField(
        label=_("Cambios respecto de la versión anterior"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImpactAssessmentForm(forms.ModelForm):
    class Meta:
        model = ImpactAssessment
        fields = [
            "title",
            "system",
            "area",
            "status",
            "drafted_on",
            "submitted_on",
            "opinion_on",
            "notes",
        ]
        widgets = {
            "drafted_on": date_input(),
            "submitted_on": date_input(),
            "opinion_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
