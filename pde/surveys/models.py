"""Surveys: forms and their immutable versions, respondents, responses."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("es", "tzh", "tzo")


def new_access_code() -> str:
    return secrets.token_urlsafe(12)


class Form(models.Model):
    """A survey or diagnostic questionnaire. Its questions live in versions."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Encuesta pública")
        DIAGNOSTIC = "diagnostic", _("Cuestionario diagnóstico (personas invitadas)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        OPEN = "open", _("Abierto")
        CLOSED = "closed", _("Cerrado")

    form_id = models.SlugField(
        _("identificador"),
        max_length=100,
        unique=True,
        help_text=_("El form_id de la hoja settings del XLSForm."),
    )
    title = models.CharField(_("título"), max_length=255)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    closes_at = models.DateTimeField(_("cierre"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("formulario")
        verbose_name_plural = _("formularios")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def published_version(self) -> "FormVersion | None":
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()

    def draft_version(self) -> "FormVersion | None":
        return self.versions.filter(published_at__isnull=True).order_by("-number").first()


class FormVersion(models.Model):
    """One version of a form. Once published it never changes: edits make a new version."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("número de versión"))
    version_string = models.CharField(
        _("versión del XLSForm"), max_length=50, help_text=_("El valor version de settings.")
    )
    xlsform = models.BinaryField(_("archivo XLSForm"))
    xlsform_sha256 = models.CharField(max_length=64)
    definition = models.JSONField(_("definición"), help_text=_("El JSON de pyxform."))
    xform = models.TextField(_("XForm"))
    languages = models.JSONField(
        _("idiomas"), default=dict, help_text=_("Código de idioma → nombre en el XLSForm.")
    )
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("versión de formulario")
        verbose_name_plural = _("versiones de formulario")
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="surveys_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form.title} v{self.number} ({self.version_string})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


def media_path(instance: "FormMedia", filename: str) -> str:
    return f"encuestas/{instance.form.form_id}/{instance.sha256[:16]}-{instance.filename}"


class FormMedia(models.Model):
    """An audio (or image) file a form refers to by name, e.g. ``media::audio::Tseltal (tzh)``
    = ``edad_tzh.mp3``: questions read aloud for people who do not read."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="media")
    filename = models.CharField(_("nombre en el XLSForm"), max_length=200)
    file = models.FileField(_("archivo"), upload_to=media_path)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("subido"), auto_now=True)

    class Meta:
        verbose_name = _("archivo multimedia")
        verbose_name_plural = _("archivos multimedia")
        constraints = [
            models.UniqueConstraint(fields=["form", "filename"], name="surveys_media_unique")
        ]

    def __str__(self) -> str:
        return self.filename


class Respondent(models.Model):
    """A known respondent of a diagnostic questionnaire, reached with a unique link."""

    class Kind(models.TextChoices):
        OIC = "oic", _("Órgano Interno de Control")
        TRANSPARENCY = "transparency", _("Unidad de Transparencia")
        OTHER = "other", _("Otro")

    class Status(models.TextChoices):
        PENDING = "pending", _("Sin invitar")
        INVITED = "invited", _("Invitado")
        STARTED = "started", _("Iniciado")
        SUBMITTED = "submitted", _("Enviado")

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="respondents")
    entity = models.ForeignKey(
        "core.PublicEntity",
        verbose_name=_("ente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nombre o área"), max_length=255)
    email = models.EmailField(_("correo electrónico"), blank=True)
    access_code = models.CharField(
        _("código de acceso"), max_length=32, unique=True, default=new_access_code
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_at = models.DateTimeField(_("invitado"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("último recordatorio"), null=True, blank=True)
    reminders = models.PositiveIntegerField(_("recordatorios"), default=0)

    class Meta:
        verbose_name = _("persona o área encuestada")
        verbose_name_plural = _("personas o áreas encuestadas")
        ordering = ["form", "entity__inegi_code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "entity", "kind"], name="surveys_respondent_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One filled-in questionnaire. Answers are codes keyed by question name."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web pública")
        OFFLINE = "offline", _("Aplicación sin conexión")
        OPENROSA = "openrosa", _("ODK Collect (OpenRosa)")
        INVITATION = "invitation", _("Invitación (diagnóstico)")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("En curso")
        SUBMITTED = "submitted", _("Enviada")

    uuid = models.UUIDField(_("identificador"), unique=True, default=uuid.uuid4)
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="responses")
    respondent = models.OneToOneField(
        Respondent, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    channel = models.CharField(_("canal"), max_length=12, choices=Channel.choices)
    language = models.CharField(_("idioma"), max_length=3, default="es")
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    data = models.JSONField(_("respuestas"), default=dict)
    position = models.PositiveIntegerField(default=0)
    municipality = models.ForeignKey(
        "core.PublicEntity",
        verbose_name=_("municipio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_at = models.DateTimeField(_("consentimiento"), null=True, blank=True)
    resume_token = models.CharField(max_length=64, blank=True, db_index=True)
    started_at = models.DateTimeField(_("iniciada"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["form", "status", "channel", "language"])]

    def __str__(self) -> str:
        return str(self.uuid)
