"""Collegiate bodies (órganos colegiados), their sessions, numbered agreements and the
cooperation agreements (convenios) the secretariat signs with public bodies."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pde.core.models import PublicEntity

# Ordinal words for session names: "Primera Sesión Ordinaria 2021".
ORDINALS = (
    "",
    _("Primera"),
    _("Segunda"),
    _("Tercera"),
    _("Cuarta"),
    _("Quinta"),
    _("Sexta"),
    _("Séptima"),
    _("Octava"),
    _("Novena"),
    _("Décima"),
    _("Décima Primera"),
    _("Décima Segunda"),
    _("Décima Tercera"),
    _("Décima Cuarta"),
    _("Décima Quinta"),
    _("Décima Sexta"),
    _("Décima Séptima"),
    _("Décima Octava"),
    _("Décima Novena"),
    _("Vigésima"),
)

DEFAULT_NUMBER_PATTERN = "{n:03d}/{acronym}/{suffix}/{year}"

SYSTEMS = (
    ("S1", _("S1 · Evolución patrimonial, declaración de intereses y constancia fiscal")),
    ("S2", _("S2 · Servidores públicos que intervienen en contrataciones")),
    ("S3", _("S3 · Servidores públicos y particulares sancionados")),
    ("S4", _("S4 · Información y comunicación del Sistema Estatal y de Fiscalización")),
    ("S5", _("S5 · Denuncias públicas de faltas administrativas y hechos de corrupción")),
    ("S6", _("S6 · Contrataciones públicas")),
)
SYSTEM_CODES = tuple(code for code, _label in SYSTEMS)


def ordinal(n: int) -> str:
    return str(ORDINALS[n]) if 0 < n < len(ORDINALS) else f"{n}ª"


class Body(models.Model):
    class QuorumRule(models.TextChoices):
        MAJORITY = "majority", _("Mayoría (la mitad más uno de los integrantes con voto)")
        TWO_THIRDS = "two_thirds", _("Dos terceras partes de los integrantes con voto")
        ALL = "all", _("Totalidad de los integrantes con voto")

    name = models.CharField(_("nombre"), max_length=255)
    acronym = models.CharField(_("siglas"), max_length=20, unique=True)
    number_suffix = models.CharField(
        _("sufijo de numeración"),
        max_length=30,
        help_text=_("Por ejemplo SAECH o SESAECH en 001/CC/SAECH/2021."),
    )
    number_pattern = models.CharField(
        _("patrón de numeración de acuerdos"),
        max_length=80,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_("Campos disponibles: {n:03d}, {acronym}, {suffix}, {year}."),
    )
    entity = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente al que pertenece"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collegiate_bodies",
    )
    legal_basis = models.TextField(_("fundamento legal"), blank=True)
    quorum_rule = models.CharField(
        _("regla de quórum"), max_length=20, choices=QuorumRule.choices, default="majority"
    )
    ordinary_sessions_per_year = models.PositiveSmallIntegerField(
        _("sesiones ordinarias previstas al año"), default=4
    )
    notice_days_ordinary = models.PositiveSmallIntegerField(
        _("anticipación de la convocatoria a sesión ordinaria (días)"), default=5
    )
    notice_days_extraordinary = models.PositiveSmallIntegerField(
        _("anticipación de la convocatoria a sesión extraordinaria (días)"), default=1
    )
    notice_in_business_days = models.BooleanField(
        _("la anticipación se cuenta en días hábiles"), default=True
    )
    active = models.BooleanField(_("activo"), default=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("órgano colegiado")
        verbose_name_plural = _("órganos colegiados")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"

    def save(self, *args, **kwargs):
        from pde.core.text import normalize_text

        self.search_text = normalize_text(f"{self.name} {self.acronym}")[:400]
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            sample = self.number_pattern.format(n=1, acronym="X", suffix="Y", year=2021)
        except (KeyError, IndexError, ValueError):
            raise ValidationError(
                {
                    "number_pattern": _(
                        "El patrón de numeración no es válido: use sólo {n:03d}, {acronym}, "
                        "{suffix} y {year}."
                    )
                }
            ) from None
        if "{n" not in self.number_pattern or "{year" not in self.number_pattern or not sample:
            raise ValidationError(
                {"number_pattern": _("El patrón de numeración debe incluir {n:03d} y {year}.")}
            )

    def format_number(self, n: int, year: int) -> str:
        return self.number_pattern.format(
            n=n, acronym=self.acronym, suffix=self.number_suffix, year=year
        )


class Member(models.Model):
    """A seat in a body for a period; a member who leaves keeps the row (history)."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("Presidencia")
        TECHNICAL_SECRETARY = "technical_secretary", _("Secretaría Técnica")
        MEMBER = "member", _("Integrante")
        GUEST = "guest", _("Invitado con voz y sin voto")

    body = models.ForeignKey(
        Body, verbose_name=_("órgano"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("nombre completo"), max_length=200)
    position = models.CharField(_("cargo"), max_length=255, blank=True)
    role = models.CharField(_("calidad"), max_length=30, choices=Role.choices, default="member")
    entity = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente que representa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario de la plataforma"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
    )
    email = models.EmailField(_("correo institucional"), blank=True)
    start_date = models.DateField(_("inicio del periodo"))
    end_date = models.DateField(_("fin del periodo"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("integrante")
        verbose_name_plural = _("integrantes")
        ordering = ["body", "end_date", "role", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("El fin del periodo no puede ser anterior a su inicio.")}
            )

    @property
    def has_vote(self) -> bool:
        return self.role != self.Role.GUEST

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @property
    def contact_email(self) -> str:
        return self.email or (self.user.email if self.user_id else "")


class Session(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinaria")
        EXTRAORDINARY = "extraordinary", _("Extraordinaria")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Programada")
        CONVENED = "convened", _("Convocada")
        HELD = "held", _("Celebrada")
        CANCELLED = "cancelled", _("Cancelada")

    body = models.ForeignKey(
        Body, verbose_name=_("órgano"), on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    number = models.PositiveSmallIntegerField(_("número en el año"), editable=False)
    date = models.DateField(_("fecha"))
    time = models.TimeField(_("hora"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=255, blank=True)
    video_link = models.URLField(_("enlace de videoconferencia"), blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default="planned", db_index=True
    )
    convened_at = models.DateField(_("fecha de la convocatoria"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)
    notes = models.TextField(_("observaciones"), blank=True)
    signed_minutes = models.FileField(
        _("acta firmada (digitalización)"), upload_to="governance/actas/%Y/", blank=True
    )
    signed_minutes_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "kind", "number"], name="governance_session_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.body.acronym}"

    @property
    def title(self) -> str:
        kind = _("Ordinaria") if self.kind == self.Kind.ORDINARY else _("Extraordinaria")
        return f"{ordinal(self.number)} {_('Sesión')} {kind} {self.year}"

    @property
    def is_open(self) -> bool:
        """Attendance, votes and agreements can still be recorded."""
        return self.status == self.Status.CONVENED and self.closed_at is None

    @property
    def quarter(self) -> int:
        return (self.date.month - 1) // 3 + 1


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("número de punto"))
    title = models.CharField(_("asunto"), max_length=500)
    description = models.TextField(_("descripción"), blank=True)
    requires_vote = models.BooleanField(_("se somete a votación"), default=True)

    class Meta:
        verbose_name = _("punto del orden del día")
        verbose_name_plural = _("orden del día")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "order"], name="governance_agenda_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class SupportingDocument(models.Model):
    """An insumo: a document sent with the convocatoria for one agenda item."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("punto"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("título"), max_length=255)
    file = models.FileField(_("archivo"), upload_to="governance/insumos/%Y/")
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insumo")
        verbose_name_plural = _("insumos")
        ordering = ["agenda_item", "title"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("integrante"), on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(_("presente"), default=False)

    class Meta:
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="governance_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.present}"


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("A favor")
        AGAINST = "against", _("En contra")
        ABSTENTION = "abstention", _("Abstención")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("punto"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("integrante"), on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("sentido del voto"), max_length=20, choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voto")
        verbose_name_plural = _("votos")
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "member"], name="governance_vote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_choice_display()}"


class Agreement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        IN_PROGRESS = "in_progress", _("En proceso")
        DONE = "done", _("Cumplido")
        CANCELLED = "cancelled", _("Cancelado")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    body = models.ForeignKey(
        Body, verbose_name=_("órgano"), on_delete=models.PROTECT, related_name="agreements"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.PROTECT, related_name="agreements"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punto del orden del día"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    sequence = models.PositiveIntegerField(_("consecutivo"), editable=False)
    number = models.CharField(_("número de acuerdo"), max_length=80, unique=True, editable=False)
    text = models.TextField(_("texto del acuerdo"))
    responsible = models.CharField(_("responsable del cumplimiento"), max_length=255, blank=True)
    due_date = models.DateField(_("fecha compromiso"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default="pending", db_index=True
    )
    follow_up_notes = models.TextField(_("seguimiento"), blank=True)
    published = models.BooleanField(_("publicado"), default=False, db_index=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"], name="governance_agreement_unique_sequence"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        from pde.core.text import normalize_text

        self.search_text = normalize_text(f"{self.number} {self.text} {self.responsible}")[:600]
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date) -> bool:
        return bool(self.due_date and self.due_date < today and self.status in self.OPEN_STATUSES)


class AgreementEvidence(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("acuerdo"), on_delete=models.CASCADE, related_name="evidence"
    )
    description = models.CharField(_("descripción"), max_length=255)
    file = models.FileField(_("archivo"), upload_to="governance/evidencias/%Y/")
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidencia de cumplimiento")
        verbose_name_plural = _("evidencias de cumplimiento")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.description


class Convenio(models.Model):
    """A cooperation agreement with a public body that holds data of the Sistema Electrónico."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Proyecto")
        IN_REVIEW = "in_review", _("En revisión")
        SIGNED = "signed", _("Firmado")
        IN_FORCE = "in_force", _("Vigente")
        EXPIRED = "expired", _("Concluido")

    # Only these let the interoperability module accept an ente's data.
    EFFECTIVE_STATUSES = (Status.SIGNED, Status.IN_FORCE)

    counterpart = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente contraparte"),
        on_delete=models.PROTECT,
        related_name="convenios",
    )
    title = models.CharField(_("denominación"), max_length=255)
    purpose = models.TextField(_("objeto"))
    systems = models.CharField(
        _("sistemas que cubre"),
        max_length=40,
        blank=True,
        help_text=_("Sistemas del artículo 47 cuyos datos cubre el convenio."),
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default="draft", db_index=True
    )
    signed_date = models.DateField(_("fecha de firma"), null=True, blank=True)
    start_date = models.DateField(_("inicio de vigencia"), null=True, blank=True)
    end_date = models.DateField(_("fin de vigencia"), null=True, blank=True)
    document = models.FileField(_("documento"), upload_to="governance/convenios/%Y/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    notes = models.TextField(_("observaciones"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convenio de colaboración")
        verbose_name_plural = _("convenios de colaboración")
        ordering = ["-signed_date", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from pde.core.text import normalize_text

        self.systems = ",".join(sorted(set(self.system_list)))
        entity = self.counterpart.name if self.counterpart_id else ""
        self.search_text = normalize_text(f"{self.title} {self.purpose} {entity}")[:600]
        super().save(*args, **kwargs)

    @property
    def system_list(self) -> list[str]:
        return [code for code in self.systems.split(",") if code]

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        bad = [code for code in self.system_list if code not in SYSTEM_CODES]
        if bad:
            errors["systems"] = _("Sistema desconocido: %(codes)s. Use S1 a S6.") % {
                "codes": ", ".join(bad)
            }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("El fin de vigencia no puede ser anterior al inicio.")
        if self.status in self.EFFECTIVE_STATUSES and not self.signed_date:
            errors["signed_date"] = _("Un convenio firmado o vigente necesita su fecha de firma.")
        if errors:
            raise ValidationError(errors)
