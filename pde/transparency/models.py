"""The Unidad de Transparencia's back office: legal rules, requests, the committee,
obligations of art. 85, privacy notices and impact assessments.

Requests are keyed on their PNT folio. The requester's personal data (name and
contact) live only in ``AccessRequest.requester_name`` / ``requester_contact``:
they are never copied to an audit summary, a log line or a public page.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """An administrative area of the secretariat that answers requests and publishes
    obligations (Dirección Jurídica, Unidad de Apoyo Administrativo...)."""

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    acronym = models.CharField(_("siglas"), max_length=20, blank=True)
    liaison = models.CharField(
        _("enlace de transparencia"),
        max_length=200,
        blank=True,
        help_text=_("Cargo de la persona enlace designada por la persona titular del área."),
    )
    active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("área")
        verbose_name_plural = _("áreas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


POSITIVE = [MinValueValidator(1), MaxValueValidator(365)]


class DayKind(models.TextChoices):
    BUSINESS = "business", _("días hábiles")
    CALENDAR = "calendar", _("días naturales")


class RuleSet(models.Model):
    """The legal parameters of requests, in force from ``effective_from`` until the
    next rule set starts. A request is judged by the rules in force on the day it was
    received."""

    class ClarificationEffect(models.TextChoices):
        PAUSE = "pause", _("Suspende el plazo (se reanuda al desahogo)")
        RESTART = "restart", _("Interrumpe el plazo (se computa de nuevo al desahogo)")
        NONE = "none", _("No afecta el plazo")

    class Approver(models.TextChoices):
        COMMITTEE = "committee", _("Comité de Transparencia")
        UNIT = "unit", _("Unidad de Transparencia")

    name = models.CharField(_("nombre"), max_length=200)
    legal_basis = models.TextField(_("fundamento legal"))
    effective_from = models.DateField(_("en vigor desde"), unique=True)
    notes = models.TextField(_("notas"), blank=True)
    day_kind = models.CharField(
        _("tipo de días de los plazos"),
        max_length=10,
        choices=DayKind.choices,
        default=DayKind.BUSINESS,
    )
    answer_days = models.PositiveSmallIntegerField(
        _("plazo de respuesta (solicitudes de información)"), default=20, validators=POSITIVE
    )
    extension_days = models.PositiveSmallIntegerField(
        _("días de ampliación del plazo"), default=10, validators=POSITIVE
    )
    max_extensions = models.PositiveSmallIntegerField(
        _("ampliaciones permitidas"), default=1, validators=[MaxValueValidator(5)]
    )
    extension_approver = models.CharField(
        _("quién aprueba la ampliación"),
        max_length=10,
        choices=Approver.choices,
        default=Approver.COMMITTEE,
    )
    extension_notice_before_deadline = models.BooleanField(
        _("la ampliación se notifica antes del vencimiento"), default=True
    )
    clarification_request_days = models.PositiveSmallIntegerField(
        _("plazo para requerir aclaración (prevención)"), default=5, validators=POSITIVE
    )
    clarification_response_days = models.PositiveSmallIntegerField(
        _("plazo del solicitante para desahogar la prevención"), default=10, validators=POSITIVE
    )
    clarification_effect = models.CharField(
        _("efecto de la prevención en el plazo"),
        max_length=10,
        choices=ClarificationEffect.choices,
        default=ClarificationEffect.PAUSE,
    )
    incompetence_notice_days = models.PositiveSmallIntegerField(
        _("plazo para notificar la incompetencia"), default=3, validators=POSITIVE
    )
    arco_answer_days = models.PositiveSmallIntegerField(
        _("plazo de respuesta (derechos ARCO)"), default=20, validators=POSITIVE
    )
    arco_extension_days = models.PositiveSmallIntegerField(
        _("ampliación (derechos ARCO)"), default=10, validators=POSITIVE
    )
    arco_effective_days = models.PositiveSmallIntegerField(
        _("plazo para hacer efectivo el derecho ARCO"), default=15, validators=POSITIVE
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("plazo para interponer el recurso de revisión"), default=15, validators=POSITIVE
    )
    obligations_update_days = models.PositiveSmallIntegerField(
        _("días naturales para actualizar las obligaciones tras el trimestre"),
        default=30,
        validators=POSITIVE,
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("conjunto de reglas")
        verbose_name_plural = _("reglas legales (plazos)")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"


class CommitteeSession(models.Model):
    """A session of the Comité de Transparencia.

    The session's date, number and kind live here, so the unit's resolutions stand on
    their own; ``governance_session`` links it to the session the governance app keeps
    (convocatoria, attendance, minutes) when the Dirección Jurídica registered it there.
    """

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinaria")
        EXTRAORDINARY = "extraordinary", _("Extraordinaria")

    number = models.CharField(_("número de sesión"), max_length=60)
    kind = models.CharField(_("tipo"), max_length=15, choices=Kind.choices)
    held_on = models.DateField(_("fecha"))
    agenda = models.TextField(_("asuntos tratados"), blank=True)
    minutes_reference = models.CharField(_("acta"), max_length=200, blank=True)
    governance_session = models.ForeignKey(
        "governance.Session",
        verbose_name=_("sesión en Órganos colegiados"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transparency_sessions",
        help_text=_("La sesión del Comité registrada por la Dirección Jurídica, si existe."),
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión del Comité de Transparencia")
        verbose_name_plural = _("sesiones del Comité de Transparencia")
        ordering = ["-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "kind", "held_on"], name="tr_session_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.held_on:%d/%m/%Y})"


class Classification(models.TextChoices):
    RESERVED = "reserved", _("Reservada")
    CONFIDENTIAL = "confidential", _("Confidencial")


class CommitteeResolution(models.Model):
    """What the committee resolved about an area's determination."""

    class Matter(models.TextChoices):
        EXTENSION = "extension", _("Ampliación del plazo de respuesta")
        CLASSIFICATION = "classification", _("Clasificación de la información")
        NONEXISTENCE = "nonexistence", _("Declaración de inexistencia")
        INCOMPETENCE = "incompetence", _("Declaración de incompetencia")
        APPLICABILITY = "applicability", _("Tabla de aplicabilidad de obligaciones")
        OTHER = "other", _("Otro asunto")

    class Decision(models.TextChoices):
        CONFIRM = "confirm", _("Confirma")
        MODIFY = "modify", _("Modifica")
        REVOKE = "revoke", _("Revoca")

    session = models.ForeignKey(
        CommitteeSession,
        verbose_name=_("sesión"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    number = models.CharField(_("número de resolución"), max_length=80, unique=True)
    matter = models.CharField(_("materia"), max_length=20, choices=Matter.choices)
    decision = models.CharField(_("sentido"), max_length=10, choices=Decision.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("área que lo plantea"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    requests = models.ManyToManyField(
        "AccessRequest", verbose_name=_("solicitudes"), blank=True, related_name="resolutions"
    )
    classification = models.CharField(
        _("tipo de clasificación"), max_length=15, choices=Classification.choices, blank=True
    )
    legal_basis = models.TextField(_("fundamento legal"), blank=True)
    reserve_years = models.PositiveSmallIntegerField(
        _("plazo de reserva (años)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    harm_test = models.TextField(_("prueba de daño"), blank=True)
    summary = models.TextField(_("resumen de la determinación"), blank=True)
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("resolución del Comité de Transparencia")
        verbose_name_plural = _("resoluciones del Comité de Transparencia")
        ordering = ["-session__held_on", "-number"]

    def __str__(self) -> str:
        return f"{self.number} — {self.get_matter_display()} ({self.get_decision_display()})"

    @property
    def adopted_on(self) -> dt.date:
        return self.session.held_on

    @property
    def approves(self) -> bool:
        """Confirm and modify leave the area's determination standing (perhaps amended)."""
        return self.decision in (self.Decision.CONFIRM, self.Decision.MODIFY)


class AccessRequest(models.Model):
    """An access-to-information or ARCO request, keyed on its folio."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Acceso a la información")
        ARCO = "arco", _("Derechos ARCO (datos personales)")

    class ArcoRight(models.TextChoices):
        ACCESS = "access", _("Acceso")
        RECTIFICATION = "rectification", _("Rectificación")
        CANCELLATION = "cancellation", _("Cancelación")
        OPPOSITION = "opposition", _("Oposición")
        PORTABILITY = "portability", _("Portabilidad")

    class FolioSource(models.TextChoices):
        PNT = "pnt", _("Plataforma Nacional de Transparencia")
        OWN = "own", _("Folio propio de la Unidad")

    class Channel(models.TextChoices):
        PNT = "pnt", _("Plataforma Nacional de Transparencia")
        EMAIL = "email", _("Correo electrónico")
        WRITTEN = "written", _("Escrito libre en la Unidad")
        VERBAL = "verbal", _("Verbal (comparecencia)")
        MAIL = "mail", _("Correo postal o mensajería")

    class InformationType(models.TextChoices):
        BUDGET = "budget", _("Presupuestal y financiera")
        PROCUREMENT = "procurement", _("Contrataciones y adquisiciones")
        STAFF = "staff", _("Estructura, personal y remuneraciones")
        REGULATION = "regulation", _("Normatividad y acuerdos")
        DECLARATIONS = "declarations", _("Declaraciones patrimoniales y de intereses")
        PLATFORM = "platform", _("Sistema Electrónico Estatal y Plataforma Digital")
        ANTICORRUPTION = "anticorruption", _("Política anticorrupción y órganos colegiados")
        PERSONAL_DATA = "personal_data", _("Datos personales")
        OTHER = "other", _("Otra")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Recibida")
        CLARIFICATION = "clarification", _("Prevención (aclaración requerida)")
        IN_PROCESS = "in_process", _("En trámite")
        EXTENSION = "extension", _("Con ampliación de plazo")
        ANSWERED = "answered", _("Respondida")
        NOT_A_REQUEST = "not_a_request", _("No presentada / no es solicitud")
        INCOMPETENT = "incompetent", _("Incompetencia notificada")
        REDIRECTED = "redirected", _("Reconducida a otra vía")

    class ResponseType(models.TextChoices):
        DELIVERED = "delivered", _("Entrega de información")
        PUBLIC_SOURCE = "public_source", _("Información pública disponible (se indica la fuente)")
        PARTIALLY_RESERVED = "partially_reserved", _("Entrega parcial (versión pública, reservada)")
        PARTIALLY_CONFIDENTIAL = (
            "partially_confidential",
            _("Entrega parcial (versión pública, confidencial)"),
        )
        RESERVED = "reserved", _("Información reservada")
        CONFIDENTIAL = "confidential", _("Información confidencial")
        NONEXISTENT = "nonexistent", _("Inexistencia de la información")
        INCOMPETENT = "incompetent", _("Incompetencia")
        ARCO_GRANTED = "arco_granted", _("Procede el derecho ARCO")
        ARCO_DENIED = "arco_denied", _("No procede el derecho ARCO")
        REDIRECTED = "redirected", _("Reconducción a trámite específico")

    OPEN_STATUSES = (Status.RECEIVED, Status.CLARIFICATION, Status.IN_PROCESS, Status.EXTENSION)
    ANSWERED_STATUSES = (Status.ANSWERED, Status.INCOMPETENT, Status.REDIRECTED)

    folio = models.CharField(_("folio"), max_length=40, unique=True)
    folio_source = models.CharField(
        _("origen del folio"), max_length=5, choices=FolioSource.choices, default=FolioSource.PNT
    )
    kind = models.CharField(_("tipo de solicitud"), max_length=12, choices=Kind.choices)
    arco_right = models.CharField(
        _("derecho ARCO"), max_length=15, choices=ArcoRight.choices, blank=True
    )
    received_on = models.DateField(_("fecha de recepción"))
    channel = models.CharField(_("medio de recepción"), max_length=10, choices=Channel.choices)
    # Personal data of the requester: protected (never public, never logged).
    anonymous = models.BooleanField(_("solicitante anónimo"), default=False)
    requester_name = models.CharField(_("nombre del solicitante"), max_length=200, blank=True)
    requester_contact = models.CharField(
        _("medio para recibir notificaciones"), max_length=300, blank=True
    )
    text = models.TextField(_("descripción de la solicitud"))
    information_type = models.CharField(
        _("tipo de información"),
        max_length=20,
        choices=InformationType.choices,
        default=InformationType.OTHER,
    )
    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name=_("reglas aplicables"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    status = models.CharField(
        _("estado"),
        max_length=15,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
    )
    response_type = models.CharField(
        _("tipo de respuesta"), max_length=25, choices=ResponseType.choices, blank=True
    )
    clarification_requested_on = models.DateField(_("prevención notificada"), null=True, blank=True)
    clarification_answered_on = models.DateField(_("prevención desahogada"), null=True, blank=True)
    extension_resolution = models.ForeignKey(
        CommitteeResolution,
        verbose_name=_("resolución que aprueba la ampliación"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extended_requests",
    )
    extension_notified_on = models.DateField(_("ampliación notificada"), null=True, blank=True)
    answered_on = models.DateField(_("fecha de respuesta"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("fecha de conclusión"), null=True, blank=True)
    response_summary = models.TextField(_("resumen de la respuesta"), blank=True)
    redirected_to = models.CharField(_("reconducida o remitida a"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("solicitud")
        verbose_name_plural = _("solicitudes")
        ordering = ["-received_on", "-folio"]
        indexes = [models.Index(fields=["status", "received_on"], name="tr_request_status_idx")]

    def __str__(self) -> str:
        return self.folio

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Assignment(models.Model):
    """The request turned to an area, with the internal date the area must answer by."""

    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("solicitud"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("área"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_on = models.DateField(_("turnada el"))
    due_on = models.DateField(_("fecha interna de respuesta"))
    answered_on = models.DateField(_("el área respondió el"), null=True, blank=True)
    area_answer = models.TextField(_("respuesta del área"), blank=True)

    class Meta:
        verbose_name = _("turno a área")
        verbose_name_plural = _("turnos a áreas")
        ordering = ["assigned_on", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "area"], name="tr_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.area}"


class Step(models.Model):
    """One dated step in a request's history (received, turned, prevención...)."""

    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("solicitud"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    happened_on = models.DateField(_("fecha"))
    action = models.CharField(_("paso"), max_length=40)
    description = models.CharField(_("descripción"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registró"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("paso del trámite")
        verbose_name_plural = _("pasos del trámite")
        ordering = ["happened_on", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y} {self.description}"


def response_upload_to(instance, filename: str) -> str:
    return f"transparency/responses/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class ResponseDocument(models.Model):
    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("solicitud"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("título"), max_length=200)
    file = models.FileField(_("archivo"), upload_to=response_upload_to, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"))
    public_version = models.BooleanField(_("versión pública"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cargó"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("cargado"), auto_now_add=True)

    class Meta:
        verbose_name = _("documento de respuesta")
        verbose_name_plural = _("documentos de respuesta")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Appeal(models.Model):
    """A recurso de revisión against the answer (or the lack of one)."""

    class Stage(models.TextChoices):
        FILED = "filed", _("Interpuesto")
        ADMITTED = "admitted", _("Admitido")
        ALLEGATIONS = "allegations", _("Alegatos")
        RESOLVED = "resolved", _("Resuelto")
        COMPLIANCE = "compliance", _("En cumplimiento")
        CONCLUDED = "concluded", _("Concluido")

    class Outcome(models.TextChoices):
        CONFIRMS = "confirms", _("Confirma la respuesta")
        MODIFIES = "modifies", _("Modifica la respuesta")
        REVOKES = "revokes", _("Revoca la respuesta")
        DISMISSED = "dismissed", _("Sobresee o desecha")

    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("solicitud"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    folio = models.CharField(_("expediente del recurso"), max_length=60, unique=True)
    filed_on = models.DateField(_("interpuesto el"))
    stage = models.CharField(_("etapa"), max_length=12, choices=Stage.choices, default=Stage.FILED)
    outcome = models.CharField(
        _("sentido de la resolución"), max_length=10, choices=Outcome.choices, blank=True
    )
    resolved_on = models.DateField(_("resuelto el"), null=True, blank=True)
    compliance_due_on = models.DateField(_("plazo de cumplimiento"), null=True, blank=True)
    complied_on = models.DateField(_("cumplido el"), null=True, blank=True)
    notes = models.TextField(_("notas"), blank=True)

    class Meta:
        verbose_name = _("recurso de revisión")
        verbose_name_plural = _("recursos de revisión")
        ordering = ["-filed_on"]

    def __str__(self) -> str:
        return self.folio


class ReservedFile(models.Model):
    """A line of the index of files classified as reserved."""

    area = models.ForeignKey(
        Area, verbose_name=_("área"), on_delete=models.PROTECT, related_name="reserved_files"
    )
    file_name = models.CharField(_("expediente"), max_length=300)
    topic = models.CharField(_("tema"), max_length=300)
    resolution = models.ForeignKey(
        CommitteeResolution,
        verbose_name=_("resolución del Comité"),
        on_delete=models.PROTECT,
        related_name="reserved_files",
    )
    classified_on = models.DateField(_("fecha de clasificación"))
    reserved_until = models.DateField(_("reservado hasta"))
    parts = models.CharField(_("partes o secciones reservadas"), max_length=300, blank=True)
    legal_basis = models.TextField(_("fundamento legal"))
    declassified_on = models.DateField(_("desclasificado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("expediente reservado")
        verbose_name_plural = _("índice de expedientes reservados")
        ordering = ["classified_on", "file_name"]

    def __str__(self) -> str:
        return self.file_name


class ReservedIndexEdition(models.Model):
    """The semiannual edition of the index of reserved files (January and July)."""

    year = models.PositiveSmallIntegerField(_("año"))
    semester = models.PositiveSmallIntegerField(
        _("semestre"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    published_on = models.DateField(_("publicado el"))
    entries = models.JSONField(_("expedientes en esta edición"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registró"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("edición del índice de reservados")
        verbose_name_plural = _("ediciones del índice de reservados")
        ordering = ["-year", "-semester"]
        constraints = [
            models.UniqueConstraint(fields=["year", "semester"], name="tr_index_edition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.semester}"


class UpdatePeriod(models.TextChoices):
    QUARTERLY = "quarterly", _("Trimestral")
    SEMIANNUAL = "semiannual", _("Semestral")
    ANNUAL = "annual", _("Anual")
    ON_CHANGE = "on_change", _("Cuando haya cambios")


class ObligationFraction(models.Model):
    """A fraction of art. 85 of the Chiapas transparency law and whether it applies."""

    article = models.CharField(_("artículo"), max_length=10, default="85")
    fraction = models.CharField(_("fracción"), max_length=10)
    order = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("obligación"), max_length=500)
    applicable = models.BooleanField(_("aplicable"), default=True)
    non_applicability_reason = models.TextField(_("motivo de no aplicabilidad"), blank=True)
    responsible_area = models.ForeignKey(
        Area,
        verbose_name=_("área responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
    )
    update_period = models.CharField(
        _("periodo de actualización"),
        max_length=12,
        choices=UpdatePeriod.choices,
        default=UpdatePeriod.QUARTERLY,
    )

    class Meta:
        verbose_name = _("fracción de obligaciones de transparencia")
        verbose_name_plural = _("obligaciones de transparencia (art. 85)")
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "fraction"], name="tr_fraction_unique")
        ]

    def __str__(self) -> str:
        return f"Art. {self.article}, fr. {self.fraction}"


class ObligationUpdate(models.Model):
    """A fraction's status for one quarter: updated, verified, published, with evidence."""

    fraction = models.ForeignKey(
        ObligationFraction,
        verbose_name=_("fracción"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    year = models.PositiveSmallIntegerField(_("año"))
    quarter = models.PositiveSmallIntegerField(
        _("trimestre"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    updated_on = models.DateField(_("actualizada el"), null=True, blank=True)
    verified_on = models.DateField(_("verificada el"), null=True, blank=True)
    published_on = models.DateField(_("publicada el"), null=True, blank=True)
    evidence = models.CharField(
        _("evidencia"),
        max_length=500,
        blank=True,
        help_text=_("Acuse de carga en el SIPOT, liga o número de oficio."),
    )
    notes = models.TextField(_("notas"), blank=True)

    class Meta:
        verbose_name = _("actualización trimestral de obligación")
        verbose_name_plural = _("actualizaciones trimestrales de obligaciones")
        ordering = ["-year", "-quarter", "fraction__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["fraction", "year", "quarter"], name="tr_obligation_update_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fraction} {self.year}-T{self.quarter}"


class PrivacyNotice(models.Model):
    """A privacy notice of a system or activity that processes personal data."""

    title = models.CharField(_("título"), max_length=300, unique=True)
    system_or_activity = models.CharField(_("sistema o actividad"), max_length=300)
    area = models.ForeignKey(
        Area,
        verbose_name=_("área responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="privacy_notices",
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PrivacyNoticeVersion(models.Model):
    class Kind(models.TextChoices):
        INTEGRAL = "integral", _("Integral")
        SIMPLIFIED = "simplified", _("Simplificado")

    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("aviso"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    kind = models.CharField(_("modalidad"), max_length=10, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("versión"), validators=[MinValueValidator(1)])
    published_on = models.DateField(_("publicado el"), null=True, blank=True)
    url = models.URLField(_("dirección de publicación"), blank=True)
    changes = models.TextField(_("cambios respecto de la versión anterior"), blank=True)

    class Meta:
        verbose_name = _("versión de aviso de privacidad")
        verbose_name_plural = _("versiones de avisos de privacidad")
        ordering = ["notice", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind", "version"], name="tr_notice_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice} — {self.get_kind_display()} v{self.version}"


class ImpactAssessment(models.Model):
    """A data-protection impact assessment (evaluación de impacto)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En elaboración")
        SUBMITTED = "submitted", _("En dictaminación del órgano garante")
        OBSERVATIONS = "observations", _("Con observaciones")
        APPROVED = "approved", _("Dictaminada favorablemente")

    title = models.CharField(_("título"), max_length=400, unique=True)
    system = models.CharField(_("sistema o tratamiento"), max_length=300)
    area = models.ForeignKey(
        Area,
        verbose_name=_("área responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_assessments",
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    drafted_on = models.DateField(_("elaborada el"), null=True, blank=True)
    submitted_on = models.DateField(_("presentada al órgano garante el"), null=True, blank=True)
    opinion_on = models.DateField(_("dictamen del"), null=True, blank=True)
    notes = models.TextField(_("notas"), blank=True)

    class Meta:
        verbose_name = _("evaluación de impacto en datos personales")
        verbose_name_plural = _("evaluaciones de impacto en datos personales")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
