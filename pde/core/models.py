"""Core data: public entities, users, the audit log and the calendar."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import normalize_text


def entity_search_text(name: str, acronym: str = "", inegi_code: str | None = "") -> str:
    return normalize_text(" ".join(filter(None, [name, acronym, inegi_code])))


class PublicEntity(models.Model):
    """An ente público: a state agency, an autonomous body, a municipality..."""

    class Kind(models.TextChoices):
        STATE_AGENCY = "state_agency", _("Dependencia de la administración pública estatal")
        DECENTRALIZED = "decentralized", _("Organismo descentralizado o paraestatal")
        AUTONOMOUS = "autonomous", _("Organismo autónomo")
        LEGISLATIVE = "legislative", _("Poder Legislativo")
        JUDICIAL = "judicial", _("Poder Judicial")
        MUNICIPALITY = "municipality", _("Ayuntamiento (municipio)")
        MUNICIPAL_BODY = "municipal_body", _("Organismo municipal")
        FEDERAL = "federal", _("Dependencia o entidad federal")

    class OrderOfGovernment(models.TextChoices):
        # Keys of the PDN catalogue nivelOrdenGobierno.
        FEDERAL = "FEDERAL", _("Federal")
        STATE = "ESTATAL", _("Estatal")
        MUNICIPAL = "MUNICIPAL_ALCALDIA", _("Municipal")

    class Branch(models.TextChoices):
        # Keys of the PDN catalogue ambitoPublico.
        EXECUTIVE = "EJECUTIVO", _("Ejecutivo")
        LEGISLATIVE = "LEGISLATIVO", _("Legislativo")
        JUDICIAL = "JUDICIAL", _("Judicial")
        AUTONOMOUS = "ORGANO_AUTONOMO", _("Órgano autónomo")

    name = models.CharField(_("nombre"), max_length=255)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    order_of_government = models.CharField(
        _("orden de gobierno"), max_length=20, choices=OrderOfGovernment.choices
    )
    branch = models.CharField(_("ámbito público"), max_length=20, choices=Branch.choices)
    inegi_code = models.CharField(
        _("clave INEGI"),
        max_length=5,
        blank=True,
        null=True,
        unique=True,
        help_text=_("Clave geoestadística de cinco dígitos; sólo para municipios (p. ej. 07089)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ente superior"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField(_("activo"), default=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("ente público")
        verbose_name_plural = _("entes públicos")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="entity_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = entity_search_text(self.name, self.acronym, self.inegi_code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == self.Kind.MUNICIPALITY and not self.inegi_code:
            raise ValidationError({"inegi_code": _("Un municipio requiere su clave INEGI.")})
        if self.inegi_code and not (
            len(self.inegi_code) == 5 and self.inegi_code.isascii() and self.inegi_code.isdigit()
        ):
            raise ValidationError({"inegi_code": _("La clave INEGI tiene cinco dígitos.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Un ente no puede ser superior de sí mismo.")})


class User(AbstractUser):
    """A person who signs in. Roles are groups; the scope says which entes they see."""

    entity = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente de adscripción"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    scope_entities = models.ManyToManyField(
        PublicEntity,
        verbose_name=_("entes en su ámbito"),
        blank=True,
        related_name="overseers",
        help_text=_(
            "Entes cuyos datos puede ver un órgano interno de control o un ente generador."
        ),
    )

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes of audit rows are refused, like single ones."""

    def update(self, **kwargs):
        raise PermissionError("Audit entries are append-only; updates are refused.")

    def delete(self):
        raise PermissionError("Audit entries are append-only; deletes are refused.")


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit log.

    ``entry_hash`` is the SHA-256 of this entry's content plus ``previous_hash``;
    changing or removing any row breaks the chain (``pde audit-verify``).
    """

    sequence = models.PositiveBigIntegerField(_("número"), unique=True)
    created_at = models.DateTimeField(_("fecha y hora"), db_index=True)
    # No cascade and no constraint: deleting a user must not rewrite the log
    # (that would break the chain); actor_username keeps who it was.
    actor = models.ForeignKey(
        User,
        verbose_name=_("usuario"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("usuario (al momento)"), max_length=150, blank=True)
    action = models.CharField(_("acción"), max_length=64, db_index=True)
    object_type = models.CharField(_("tipo de objeto"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("id del objeto"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objeto"), max_length=255, blank=True)
    changes = models.JSONField(_("resumen (antes/después)"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    previous_hash = models.CharField(_("hash anterior"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrada de bitácora")
        verbose_name_plural = _("bitácora de auditoría")
        ordering = ["-sequence"]
        permissions = [("verify_auditentry", _("Puede verificar la integridad de la bitácora"))]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries are append-only; updates are refused.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only; deletes are refused.")


class AuditChainHead(models.Model):
    """The single row that serializes appends to the audit chain across processes."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("cabeza de la cadena de auditoría")

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


class NonBusinessPeriod(models.Model):
    """Days declared inhábiles by the secretariat or the transparency institute.

    Days the secretariat declares stop every procedure; days the transparency
    institute (ITAIPCH) declares stop only transparency and ARCO deadlines.
    """

    class DeclaredBy(models.TextChoices):
        SECRETARIAT = "secretariat", _("La Secretaría Ejecutiva (todos los trámites)")
        TRANSPARENCY_INSTITUTE = (
            "transparency_institute",
            _("El órgano garante de transparencia (plazos de transparencia y ARCO)"),
        )

    start_date = models.DateField(_("del día"))
    end_date = models.DateField(_("al día (inclusive)"))
    declared_by = models.CharField(_("declarado por"), max_length=30, choices=DeclaredBy.choices)
    description = models.CharField(_("motivo"), max_length=255)
    legal_basis = models.CharField(
        _("fundamento"),
        max_length=500,
        help_text=_("Acuerdo, acta o publicación que lo declara, p. ej. «Acta 19-E/2021»."),
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("periodo inhábil")
        verbose_name_plural = _("días y periodos inhábiles")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="nonbusiness_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        if self.start_date == self.end_date:
            return f"{self.start_date:%d/%m/%Y} — {self.description}"
        return f"{self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y} — {self.description}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha final no puede ser anterior a la inicial.")}
            )
