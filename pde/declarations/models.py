"""Declarations (S1): the padrón of obligated servants and the declarations themselves.

A declaration *is* its S1 v2 JSON document (``document``). The few columns
beside it are extracted from the stored **public version** when the declaration
is submitted, so search, sort and the PDN API never need the full document.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pde.core.models import PublicEntity


class DeclarationType(models.TextChoices):
    # Values are the S1 v2 ``metadata.tipo`` enum, spelled as the specs spell it.
    INICIAL = "INICIAL", _("Inicial")
    MODIFICACION = "MODIFICACIÓN", _("Modificación")
    CONCLUSION = "CONCLUSIÓN", _("Conclusión")


class ObligatedServant(models.Model):
    """One entry of an ente's padrón: a servant obliged to declare, for one period
    in office (alta to baja). A servant who leaves and comes back has two entries."""

    entity = models.ForeignKey(
        PublicEntity, on_delete=models.PROTECT, related_name="obligated_servants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="servant_records",
        help_text=_("Cuenta con la que la persona presenta sus declaraciones."),
    )
    nombre = models.CharField(_("nombre(s)"), max_length=120)
    primer_apellido = models.CharField(_("primer apellido"), max_length=120)
    segundo_apellido = models.CharField(_("segundo apellido"), max_length=120, blank=True)
    name_normalized = models.CharField(max_length=400, db_index=True, editable=False)
    curp = models.CharField(_("CURP"), max_length=18)
    rfc = models.CharField(_("RFC con homoclave"), max_length=13, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    position = models.CharField(_("empleo, cargo o comisión"), max_length=250)
    level = models.CharField(_("nivel del empleo, cargo o comisión"), max_length=60, blank=True)
    # Normas décima primera y décima segunda: from jefe de departamento (or
    # equivalent) up, the complete format; below it, the simplified one.
    complete_format = models.BooleanField(
        _("presenta formato completo"),
        default=False,
        help_text=_("Nivel igual o superior a jefe de departamento u homólogo."),
    )
    start_date = models.DateField(_("fecha de alta"))
    end_date = models.DateField(_("fecha de baja"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("persona servidora pública obligada")
        verbose_name_plural = _("padrón de personas servidoras públicas obligadas")
        ordering = ["primer_apellido", "segundo_apellido", "nombre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "curp", "start_date"], name="unique_servant_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="servant_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.nombre, self.primer_apellido, self.segundo_apellido) if p)


class Declaration(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        SUBMITTED = "submitted", _("Presentada")

    class Source(models.TextChoices):
        WIZARD = "wizard", _("Capturada por la persona declarante")
        ON_BEHALF = "on_behalf", _("Capturada por el OIC a nombre de la persona declarante")
        IMPORT = "import", _("Importada de otro sistema")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tipo = models.CharField(_("tipo"), max_length=20, choices=DeclarationType.choices)
    complete_format = models.BooleanField(_("formato completo"), default=False)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source = models.CharField(_("origen"), max_length=10, choices=Source.choices)
    entity = models.ForeignKey(PublicEntity, on_delete=models.PROTECT, related_name="declarations")
    servant = models.ForeignKey(
        ObligatedServant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
    )
    declarant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="captured_declarations",
        help_text=_("Quien capturó o importó la declaración, si no fue la persona declarante."),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=_("La declaración presentada que esta versión corrige."),
    )
    # For a Modificación: the year it reports (ejercicio); for the others the year
    # of the event (alta or baja).
    period_year = models.PositiveSmallIntegerField(_("ejercicio"), null=True, blank=True)

    # The S1 v2 document: {"id", "metadata", "declaracion"}, as the API serves it.
    document = models.JSONField(_("documento completo"), default=dict)
    # Computed once, at submission, by the pure public-version function.
    public_document = models.JSONField(_("versión pública"), null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    folio = models.CharField(_("folio"), max_length=40, unique=True, null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("fecha de presentación"), null=True, blank=True)

    # --- Search and sort columns, extracted from the public version at submission.
    # *_norm: core.text.normalize_text (substring search); *_sort: core.text.spanish_sort_key.
    nombres_norm = models.CharField(max_length=200, blank=True, db_index=True)
    primer_apellido_norm = models.CharField(max_length=200, blank=True, db_index=True)
    segundo_apellido_norm = models.CharField(max_length=200, blank=True)
    nombres_sort = models.TextField(blank=True)
    primer_apellido_sort = models.TextField(blank=True)
    segundo_apellido_sort = models.TextField(blank=True)
    escolaridad_nivel = models.CharField(max_length=10, blank=True)
    ente_nombre_norm = models.CharField(max_length=300, blank=True)
    ente_nombre_sort = models.TextField(blank=True)
    entidad_federativa = models.CharField(max_length=5, blank=True)
    municipio_alcaldia = models.CharField(max_length=5, blank=True)
    empleo_cargo_comision_norm = models.CharField(max_length=300, blank=True)
    empleo_cargo_comision_sort = models.TextField(blank=True)
    nivel_empleo_cargo_comision = models.CharField(max_length=100, blank=True)
    nivel_orden_gobierno = models.CharField(max_length=20, blank=True)
    # ingresoMensualNetoDeclarante (Inicial), ingresoAnualNetoDeclarante
    # (Modificación) or ingresoConclusionNetoDeclarante (Conclusión), valor.
    total_ingresos_netos = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("declaración")
        verbose_name_plural = _("declaraciones")
        ordering = ["-submitted_at", "-created_at"]
        permissions = [
            ("view_own_declaration", _("Puede ver y presentar sus propias declaraciones")),
            ("receive_declaration", _("Puede recibir, capturar e importar declaraciones")),
        ]
        indexes = [
            models.Index(fields=["status", "entity", "tipo"], name="decl_status_entity_tipo"),
            models.Index(fields=["status", "submitted_at"], name="decl_status_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(folio__isnull=False)
                    & models.Q(submitted_at__isnull=False)
                    & models.Q(public_document__isnull=False)
                ),
                name="submitted_declaration_is_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.folio or _('(borrador)')}"


class DeclaredProperty(models.Model):
    """One bienInmueble of a submitted declaration's public version, for the S1
    ``bienesInmuebles`` filters and sorts (a declaration matches when at least one
    of its properties meets every condition)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="properties"
    )
    superficie_construccion = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    superficie_terreno = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    forma_adquisicion = models.CharField(max_length=5, blank=True)
    valor_adquisicion = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("bien inmueble declarado (versión pública)")
        verbose_name_plural = _("bienes inmuebles declarados (versión pública)")

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.forma_adquisicion} {self.valor_adquisicion}"


# --- Declarant side: folios, receipt log, constancia fiscal --------------------------


class FolioSequence(models.Model):
    """The last folio number handed out in a year. The row is locked (SELECT ... FOR
    UPDATE) while a declaration is submitted, so concurrent submissions never share
    or skip a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de folios")
        verbose_name_plural = _("consecutivos de folios")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ReceiptQuerySet(models.QuerySet):
    """Bulk updates and deletes of receipts are refused, like single ones."""

    def update(self, **kwargs):
        raise PermissionError("Receipts are append-only; updates are refused.")

    def delete(self):
        raise PermissionError("Receipts are append-only; deletes are refused.")


class ReceiptEntry(models.Model):
    """One line of the hash-chained receipt log: the proof that a declaration was
    filed with a given folio and content. ``entry_hash`` covers every other field,
    including ``previous_hash``; the acuse shows the sequence and the hash, so
    anyone holding an acuse can check it against the log (``pde receipts-verify``)."""

    sequence = models.PositiveBigIntegerField(_("número de asiento"), unique=True)
    created_at = models.DateTimeField(_("fecha y hora"))
    # No constraint: the log must survive whatever happens to the rows it proves.
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="receipts",
    )
    folio = models.CharField(_("folio"), max_length=40, unique=True)
    tipo = models.CharField(_("tipo"), max_length=20, choices=DeclarationType.choices)
    entity_id_at_filing = models.BigIntegerField(_("ente"))
    document_sha256 = models.CharField(_("SHA-256 del documento"), max_length=64)
    public_sha256 = models.CharField(_("SHA-256 de la versión pública"), max_length=64)
    corrects_folio = models.CharField(_("folio que corrige"), max_length=40, blank=True)
    previous_hash = models.CharField(_("hash anterior"), max_length=64)
    entry_hash = models.CharField(_("hash del asiento"), max_length=64, unique=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("asiento del registro de recepción")
        verbose_name_plural = _("registro de recepción de declaraciones")
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.folio}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("Receipts are append-only; updates are refused.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Receipts are append-only; deletes are refused.")


class ReceiptChainHead(models.Model):
    """The single row that serializes appends to the receipt log across processes."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("cabeza del registro de recepción")

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


def fiscal_proof_path(instance: "FiscalProof", filename: str) -> str:
    return f"declarations/constancias/{instance.sha256[:2]}/{instance.sha256}.pdf"


class FiscalProof(models.Model):
    """Constancia de presentación de la declaración fiscal (a PDF), kept with its
    SHA-256. It belongs to a declaration but is not part of its document, so it can
    be added after the declaration was submitted without changing it."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="fiscal_proofs"
    )
    file = models.FileField(_("archivo PDF"), upload_to=fiscal_proof_path)
    original_name = models.CharField(_("nombre del archivo"), max_length=255)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    fiscal_year = models.PositiveSmallIntegerField(_("ejercicio fiscal"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("fecha de carga"), auto_now_add=True)

    class Meta:
        verbose_name = _("constancia de declaración fiscal")
        verbose_name_plural = _("constancias de declaración fiscal")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class OicImportBatch(models.Model):
    """One upload by an internal-control body (a padrón file or declarations
    captured elsewhere) and its per-row or per-file report."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Padrón de personas servidoras públicas")
        DECLARATIONS = "declarations", _("Declaraciones capturadas en otro sistema")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("tipo de carga"), max_length=20, choices=Kind.choices)
    entity = models.ForeignKey(
        PublicEntity, on_delete=models.PROTECT, related_name="oic_import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oic_import_batches",
    )
    file_name = models.CharField(_("archivo"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    accepted_count = models.PositiveIntegerField(_("aceptados"), default=0)
    rejected_count = models.PositiveIntegerField(_("rechazados"), default=0)
    # Roster: [{"row", "column", "message"}] plus a summary; declarations:
    # [{"file", "status", "folio", "declaration", "messages"}].
    report = models.JSONField(_("informe"), default=dict)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("carga del órgano interno de control")
        verbose_name_plural = _("cargas del órgano interno de control")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"


class ImportedDeclaration(models.Model):
    """How a declaration captured elsewhere arrived: the upload it came in and the
    document exactly as received (its SHA-256 and own id), so a file imported twice
    is recognized and refused the second time."""

    declaration = models.OneToOneField(
        Declaration, on_delete=models.PROTECT, related_name="import_record"
    )
    batch = models.ForeignKey(
        OicImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="received"
    )
    file_name = models.CharField(_("archivo"), max_length=255)
    original_sha256 = models.CharField(_("SHA-256 del documento recibido"), max_length=64)
    original_id = models.CharField(_("id del documento recibido"), max_length=100, blank=True)
    entity = models.ForeignKey(PublicEntity, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declaración importada")
        verbose_name_plural = _("declaraciones importadas")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "original_sha256"], name="unique_imported_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.declaration_id}"
