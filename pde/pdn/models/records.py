"""S2, S3 and S6 records as the entes generadores deliver them (one canonical document each).

Every record *is* its PDN JSON document (``document``), exactly as the official
spec spells it. Beside it live only the extracted, indexed columns that the
filters and sorts of the official OAS of its system need:

* ``*_norm``: ``normalize_text`` of a free-text field (case- and accent-insensitive
  substring filters: ``col__contains=normalize_text(term)``);
* ``*_sort``: ``spanish_sort_key`` of a sortable field (ORDER BY on it is the
  Spanish dictionary order on SQLite and PostgreSQL alike; always add ``pk`` as the
  tie-breaker);
* exact claves (upper-case, trimmed) and ``*_claves`` columns for array filters
  ("at least one of"): the claves joined as ``|A|B|``, filtered with
  ``claves_q("tipo_sancion_claves", ["A", "B"])``;
* dates and numbers for ranges.

Ids. The spec's ``id`` is stored in ``record_id`` and is unique per system across
all entes (``query.id`` must return one record). The ente that first delivered an
id owns it: a delivery from another ente carrying the same id is rejected for that
record (error ``id`` "pertenece a otro ente"), never overwritten. Entes keep their
ids apart by prefixing them (e.g. with their siglas); the validation report says so.
S6 records are OCDS releases: their key is the pair (``ocid``, release ``id``).

``columns_from_document(system, document)`` is the one function that fills the
columns; ingestion, harvest and test factories all go through it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from pde.core.models import PublicEntity
from pde.core.text import normalize_text, spanish_sort_key

__all__ = [
    "SYSTEMS",
    "SYSTEM_LABELS",
    "RECORD_MODELS",
    "PdnRecord",
    "ProcurementServant",
    "SanctionedServant",
    "SanctionedParticular",
    "ContractingProcess",
    "DeliveryBatch",
    "ProviderToken",
    "ScheduledHarvest",
    "HarvestRun",
    "columns_from_document",
    "record_key",
    "claves_q",
    "document_hash",
]

# System codes used in URLs (/api/ingest/<system>), the CLI and the models.
S2 = "s2"
S3_SERVANTS = "s3s"
S3_PARTICULARS = "s3p"
S6 = "s6"
SYSTEMS = (S2, S3_SERVANTS, S3_PARTICULARS, S6)
SYSTEM_LABELS = {
    S2: _("S2 · Servidores públicos que intervienen en contrataciones"),
    S3_SERVANTS: _("S3 · Servidores públicos sancionados"),
    S3_PARTICULARS: _("S3 · Particulares sancionados"),
    S6: _("S6 · Contrataciones públicas (contrataciones abiertas)"),
}

# Sort keys are two digits per character; keep them short enough for a b-tree
# index entry on PostgreSQL (names never get near; long S6 titles are cut).
SORT_KEY_MAX = 1000


# --- Column helpers ------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _get(document: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def _norm(value: Any) -> str:
    return normalize_text(_text(value))


def _sort(value: Any) -> str:
    return spanish_sort_key(_text(value))[:SORT_KEY_MAX]


def _clave(value: Any) -> str:
    return _text(value).upper()


def _claves(values: list[Any]) -> str:
    """'|A|B|' from the claves (as strings, de-duplicated, sorted); '' when none."""
    found = sorted({str(v).strip() for v in values if v is not None and str(v).strip()})
    return "|" + "|".join(found) + "|" if found else ""


def claves_q(field: str, values: list[Any]) -> Q:
    """Records whose ``field`` (a ``*_claves`` column) holds at least one of ``values``."""
    condition = Q(pk__in=[])
    for value in values:
        condition |= Q(**{f"{field}__contains": f"|{str(value).strip()}|"})
    return condition


def _datetime(value: Any) -> datetime | None:
    """An ISO date-time or date as an aware datetime (naive ones in the site's zone)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            return None
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value.strip()[:10])
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [item for item in _list(value) if isinstance(item, dict)]


def document_hash(document: Any) -> str:
    """SHA-256 of the document in canonical JSON (sorted keys): equal content, equal hash."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _institution_columns(document: dict) -> dict:
    institution = _get(document, "institucionDependencia")
    return {
        "institucion_nombre": _text(_get(institution, "nombre"))[:500],
        "institucion_siglas": _text(_get(institution, "siglas"))[:100],
        "institucion_clave": _text(_get(institution, "clave"))[:100],
        "institucion_norm": _norm(_get(institution, "nombre")),
        "institucion_sort": _sort(_get(institution, "nombre")),
    }


# --- Records -------------------------------------------------------------------------


class PdnRecord(models.Model):
    """Common part of every delivered record: who delivered it, its id and document."""

    system: ClassVar[str]

    entity = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente generador"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ente que entregó el registro y es dueño de su id."),
    )
    record_id = models.CharField(_("id"), max_length=255)
    document = models.JSONField(_("documento"))
    content_hash = models.CharField(_("huella del documento"), max_length=64)
    fecha_captura = models.DateTimeField(_("fecha de captura"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("entregado"), default=timezone.now, db_index=True)
    # Changes only when the document changes (re-sending the same record does not touch it).
    updated_at = models.DateTimeField(_("actualizado"), default=timezone.now, db_index=True)
    batch = models.ForeignKey(
        "pdn.DeliveryBatch",
        verbose_name=_("última entrega que lo modificó"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.record_id

    @classmethod
    def extract_columns(cls, document: dict) -> dict:
        raise NotImplementedError

    @classmethod
    def key_of(cls, document: dict) -> dict:
        """The lookup that identifies the record of ``document`` within its system."""
        return {"record_id": _text(_get(document, "id"))}

    def apply_document(self, document: dict) -> None:
        self.document = document
        self.content_hash = document_hash(document)
        for name, value in self.extract_columns(document).items():
            setattr(self, name, value)


class _PersonNameColumns(models.Model):
    nombres_norm = models.TextField(blank=True, default="")
    primer_apellido_norm = models.TextField(blank=True, default="")
    segundo_apellido_norm = models.TextField(blank=True, default="")
    nombres_sort = models.TextField(blank=True, default="")
    primer_apellido_sort = models.TextField(blank=True, default="")
    segundo_apellido_sort = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


class _InstitutionColumns(models.Model):
    # institucionDependencia as delivered (for /dependencias) and as search/sort columns.
    institucion_nombre = models.CharField(max_length=500, blank=True, default="")
    institucion_siglas = models.CharField(max_length=100, blank=True, default="")
    institucion_clave = models.CharField(max_length=100, blank=True, default="")
    institucion_norm = models.TextField(blank=True, default="")
    institucion_sort = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


def _name_columns(person: Any) -> dict:
    return {
        "nombres_norm": _norm(_get(person, "nombres")),
        "primer_apellido_norm": _norm(_get(person, "primerApellido")),
        "segundo_apellido_norm": _norm(_get(person, "segundoApellido")),
        "nombres_sort": _sort(_get(person, "nombres")),
        "primer_apellido_sort": _sort(_get(person, "primerApellido")),
        "segundo_apellido_sort": _sort(_get(person, "segundoApellido")),
    }


def _sort_indexes(prefix: str, fields: list[str]) -> list[models.Index]:
    return [
        models.Index(fields=[field, "id"], name=f"{prefix}_{field[:16]}_ix") for field in fields
    ]


class ProcurementServant(PdnRecord, _PersonNameColumns, _InstitutionColumns):
    """S2: a public servant who takes part in procurement (``POST /v1/spic``).

    Filters: id, nombres, primerApellido, segundoApellido (substring), curp, rfc
    (exact), institucionDependencia (substring of nombre), tipoProcedimiento (at
    least one). Sorts: nombres, primerApellido, segundoApellido,
    institucionDependencia, puesto (puesto.nombre)."""

    system = S2

    curp = models.CharField(max_length=18, blank=True, default="", db_index=True)
    rfc = models.CharField(max_length=13, blank=True, default="", db_index=True)
    puesto_norm = models.TextField(blank=True, default="")
    puesto_sort = models.TextField(blank=True, default="")
    tipo_procedimiento_claves = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("registro S2 (servidor público en contrataciones)")
        verbose_name_plural = _("registros S2 (servidores públicos en contrataciones)")
        constraints = [models.UniqueConstraint(fields=["record_id"], name="pdn_s2_unique_id")]
        indexes = [
            models.Index(fields=["entity", "updated_at"], name="pdn_s2_entity_ix"),
            models.Index(fields=["institucion_nombre"], name="pdn_s2_institucion_ix"),
            *_sort_indexes(
                "pdn_s2",
                [
                    "nombres_sort",
                    "primer_apellido_sort",
                    "segundo_apellido_sort",
                    "institucion_sort",
                    "puesto_sort",
                ],
            ),
        ]

    @classmethod
    def extract_columns(cls, document: dict) -> dict:
        return {
            "record_id": _text(_get(document, "id")),
            "fecha_captura": _datetime(_get(document, "fechaCaptura")),
            **_name_columns(document),
            **_institution_columns(document),
            "curp": _clave(_get(document, "curp"))[:18],
            "rfc": _clave(_get(document, "rfc"))[:13],
            "puesto_norm": _norm(_get(document, "puesto", "nombre")),
            "puesto_sort": _sort(_get(document, "puesto", "nombre")),
            "tipo_procedimiento_claves": _claves(
                [_get(item, "clave") for item in _dicts(_get(document, "tipoProcedimiento"))]
            ),
        }


class SanctionedServant(PdnRecord, _PersonNameColumns, _InstitutionColumns):
    """S3: a sanctioned public servant (``POST /v1/ssancionados``).

    Filters: id, nombres, primerApellido, segundoApellido (substring of
    servidorPublicoSancionado.*), rfc, curp (exact), institucionDependencia
    (substring), tipoSancion (at least one clave). Sorts: rfc, curp, nombres,
    primerApellido, segundoApellido, institucionDependencia."""

    system = S3_SERVANTS

    curp = models.CharField(max_length=18, blank=True, default="", db_index=True)
    rfc = models.CharField(max_length=13, blank=True, default="", db_index=True)
    curp_sort = models.TextField(blank=True, default="")
    rfc_sort = models.TextField(blank=True, default="")
    tipo_sancion_claves = models.CharField(max_length=80, blank=True, default="")
    tipo_falta = models.CharField(max_length=10, blank=True, default="")
    expediente = models.CharField(max_length=255, blank=True, default="")
    fecha_resolucion = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("registro S3 (servidor público sancionado)")
        verbose_name_plural = _("registros S3 (servidores públicos sancionados)")
        constraints = [models.UniqueConstraint(fields=["record_id"], name="pdn_s3s_unique_id")]
        indexes = [
            models.Index(fields=["entity", "updated_at"], name="pdn_s3s_entity_ix"),
            models.Index(fields=["institucion_nombre"], name="pdn_s3s_institucion_ix"),
            *_sort_indexes(
                "pdn_s3s",
                [
                    "rfc_sort",
                    "curp_sort",
                    "nombres_sort",
                    "primer_apellido_sort",
                    "segundo_apellido_sort",
                    "institucion_sort",
                ],
            ),
        ]

    @classmethod
    def extract_columns(cls, document: dict) -> dict:
        person = _get(document, "servidorPublicoSancionado")
        return {
            "record_id": _text(_get(document, "id")),
            "fecha_captura": _datetime(_get(document, "fechaCaptura")),
            **_name_columns(person),
            **_institution_columns(document),
            "curp": _clave(_get(person, "curp"))[:18],
            "rfc": _clave(_get(person, "rfc"))[:13],
            "curp_sort": _sort(_get(person, "curp")),
            "rfc_sort": _sort(_get(person, "rfc")),
            "tipo_sancion_claves": _claves(
                [_get(item, "clave") for item in _dicts(_get(document, "tipoSancion"))]
            ),
            "tipo_falta": _clave(_get(document, "tipoFalta", "clave"))[:10],
            "expediente": _text(_get(document, "expediente"))[:255],
            "fecha_resolucion": _date(_get(document, "resolucion", "fechaResolucion")),
        }


class SanctionedParticular(PdnRecord, _InstitutionColumns):
    """S3: a sanctioned particular, person or company (``POST /v1/psancionados``).

    Filters: id, nombreRazonSocial (substring), rfc (exact), institucionDependencia
    (substring), expediente (exact, and ``expediente_norm`` for substring),
    tipoSancion (at least one clave), tipoPersona (F/M). Sorts: nombreRazonSocial,
    rfc, institucionDependencia."""

    system = S3_PARTICULARS

    nombre_razon_social_norm = models.TextField(blank=True, default="")
    nombre_razon_social_sort = models.TextField(blank=True, default="")
    rfc = models.CharField(max_length=13, blank=True, default="", db_index=True)
    rfc_sort = models.TextField(blank=True, default="")
    expediente = models.CharField(max_length=255, blank=True, default="", db_index=True)
    expediente_norm = models.TextField(blank=True, default="")
    tipo_sancion_claves = models.CharField(max_length=80, blank=True, default="")
    tipo_persona = models.CharField(max_length=1, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = _("registro S3 (particular sancionado)")
        verbose_name_plural = _("registros S3 (particulares sancionados)")
        constraints = [models.UniqueConstraint(fields=["record_id"], name="pdn_s3p_unique_id")]
        indexes = [
            models.Index(fields=["entity", "updated_at"], name="pdn_s3p_entity_ix"),
            models.Index(fields=["institucion_nombre"], name="pdn_s3p_institucion_ix"),
            *_sort_indexes("pdn_s3p", ["nombre_razon_social_sort", "rfc_sort", "institucion_sort"]),
        ]

    @classmethod
    def extract_columns(cls, document: dict) -> dict:
        particular = _get(document, "particularSancionado")
        return {
            "record_id": _text(_get(document, "id")),
            "fecha_captura": _datetime(_get(document, "fechaCaptura")),
            **_institution_columns(document),
            "nombre_razon_social_norm": _norm(_get(particular, "nombreRazonSocial")),
            "nombre_razon_social_sort": _sort(_get(particular, "nombreRazonSocial")),
            "rfc": _clave(_get(particular, "rfc"))[:13],
            "rfc_sort": _sort(_get(particular, "rfc")),
            "expediente": _text(_get(document, "expediente"))[:255],
            "expediente_norm": _norm(_get(document, "expediente")),
            "tipo_sancion_claves": _claves(
                [_get(item, "clave") for item in _dicts(_get(document, "tipoSancion"))]
            ),
            "tipo_persona": _clave(_get(particular, "tipoPersona"))[:1],
        }


class ContractingProcess(PdnRecord):
    """S6: one OCDS release (EDCA-MX) of a contracting process (``POST /contrataciones-abiertas``).

    Key: (ocid, release id). Filters: ocid (exact), title (substring over
    tender.title, every awards[].title and contracts[].title), buyerName (buyer.name),
    procurementMethod (tender.procurementMethod, one of), awardStatus (awards[].status,
    at least one), supplierName (awards[].suppliers[].name, substring of any),
    tenderStartDate / tenderEndDate (tender.tenderPeriod.startDate / endDate),
    itemDescription (awards[].items[].description and tender.items[].description,
    substring of any), numberOfTenderers (tender.numberOfTenderers). Sorts: title
    (tender.title, else the first award's title), buyerName."""

    system = S6

    ocid = models.CharField(_("ocid"), max_length=255, db_index=True)
    release_date = models.DateTimeField(_("fecha de la entrega (date)"), null=True, blank=True)
    title = models.TextField(blank=True, default="")
    title_norm = models.TextField(blank=True, default="")
    title_sort = models.TextField(blank=True, default="")
    buyer_name = models.CharField(max_length=500, blank=True, default="")
    buyer_name_norm = models.TextField(blank=True, default="")
    buyer_name_sort = models.TextField(blank=True, default="")
    procurement_method = models.CharField(max_length=20, blank=True, default="", db_index=True)
    award_status_claves = models.CharField(max_length=80, blank=True, default="")
    supplier_names_norm = models.TextField(blank=True, default="")
    item_descriptions_norm = models.TextField(blank=True, default="")
    tender_start_date = models.DateTimeField(null=True, blank=True, db_index=True)
    tender_end_date = models.DateTimeField(null=True, blank=True, db_index=True)
    number_of_tenderers = models.IntegerField(null=True, blank=True, db_index=True)
    tender_amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("registro S6 (contratación pública)")
        verbose_name_plural = _("registros S6 (contrataciones públicas)")
        constraints = [
            models.UniqueConstraint(fields=["ocid", "record_id"], name="pdn_s6_unique_release")
        ]
        indexes = [
            models.Index(fields=["entity", "updated_at"], name="pdn_s6_entity_ix"),
            models.Index(fields=["buyer_name"], name="pdn_s6_buyer_ix"),
            *_sort_indexes("pdn_s6", ["title_sort", "buyer_name_sort"]),
        ]

    def __str__(self) -> str:
        return f"{self.ocid} · {self.record_id}"

    @classmethod
    def key_of(cls, document: dict) -> dict:
        return {"ocid": _text(_get(document, "ocid")), "record_id": _text(_get(document, "id"))}

    @classmethod
    def extract_columns(cls, document: dict) -> dict:
        tender = _get(document, "tender") if isinstance(_get(document, "tender"), dict) else {}
        awards = _dicts(_get(document, "awards"))
        contracts = _dicts(_get(document, "contracts"))
        titles = [_text(tender.get("title"))]
        titles += [_text(a.get("title")) for a in awards]
        titles += [_text(c.get("title")) for c in contracts]
        main_title = next((t for t in titles if t), "")
        # " | " cannot occur inside a normalized value's match of a single term
        # spanning two values only if the term itself contains "|": acceptable.
        suppliers = [_text(s.get("name")) for a in awards for s in _dicts(a.get("suppliers"))]
        items = [_text(i.get("description")) for a in awards for i in _dicts(a.get("items"))]
        items += [_text(i.get("description")) for i in _dicts(tender.get("items"))]
        buyer = _text(_get(document, "buyer", "name"))
        return {
            "record_id": _text(_get(document, "id")),
            "ocid": _text(_get(document, "ocid")),
            "fecha_captura": _datetime(_get(document, "date")),
            "release_date": _datetime(_get(document, "date")),
            "title": main_title,
            "title_norm": " | ".join(normalize_text(t) for t in titles if t),
            "title_sort": _sort(main_title),
            "buyer_name": buyer[:500],
            "buyer_name_norm": normalize_text(buyer),
            "buyer_name_sort": _sort(buyer),
            "procurement_method": _text(tender.get("procurementMethod"))[:20],
            "award_status_claves": _claves([a.get("status") for a in awards]),
            "supplier_names_norm": " | ".join(normalize_text(s) for s in suppliers if s),
            "item_descriptions_norm": " | ".join(normalize_text(i) for i in items if i),
            "tender_start_date": _datetime(_get(tender, "tenderPeriod", "startDate")),
            "tender_end_date": _datetime(_get(tender, "tenderPeriod", "endDate")),
            "number_of_tenderers": _int(tender.get("numberOfTenderers")),
            "tender_amount": _decimal(_get(tender, "value", "amount")),
        }


RECORD_MODELS: dict[str, type[PdnRecord]] = {
    S2: ProcurementServant,
    S3_SERVANTS: SanctionedServant,
    S3_PARTICULARS: SanctionedParticular,
    S6: ContractingProcess,
}


def columns_from_document(system: str, document: dict) -> dict:
    """The extracted columns of ``document`` for ``system`` (one of SYSTEMS)."""
    return RECORD_MODELS[system].extract_columns(document)


def record_key(system: str, document: dict) -> dict:
    return RECORD_MODELS[system].key_of(document)


# --- Deliveries ----------------------------------------------------------------------


class DeliveryBatch(models.Model):
    """One delivery of records by an ente: a push, an upload or a harvest."""

    class Channel(models.TextChoices):
        API = "api", _("API de ingesta")
        UPLOAD = "upload", _("Carga de archivo")
        HARVEST = "harvest", _("Cosecha de otra API PDN")

    class Status(models.TextChoices):
        PENDING = "pending", _("En cola")
        RUNNING = "running", _("En proceso")
        DONE = "done", _("Terminada")
        FAILED = "failed", _("Fallida")

    system = models.CharField(_("sistema"), max_length=4, choices=list(SYSTEM_LABELS.items()))
    entity = models.ForeignKey(
        PublicEntity, verbose_name=_("ente generador"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entregado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("medio"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file_name = models.CharField(_("archivo"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256 del archivo"), max_length=64, blank=True)
    # Records waiting for a background run (cleared once processed).
    payload = models.JSONField(null=True, blank=True, editable=False)
    total = models.PositiveIntegerField(_("registros recibidos"), default=0)
    processed = models.PositiveIntegerField(_("registros procesados"), default=0)
    created_count = models.PositiveIntegerField(_("nuevos"), default=0)
    updated_count = models.PositiveIntegerField(_("actualizados"), default=0)
    unchanged_count = models.PositiveIntegerField(_("sin cambios"), default=0)
    rejected_count = models.PositiveIntegerField(_("rechazados"), default=0)
    # [{"index": 3, "id": "...", "path": "$.tipoSancion[0].clave", "message": "..."}]
    errors = models.JSONField(_("errores"), default=list, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    created_at = models.DateTimeField(_("recibida"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("iniciada"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        verbose_name = _("entrega de datos")
        verbose_name_plural = _("entregas de datos")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["entity", "system", "-created_at"], name="pdn_batch_entity_ix")
        ]
        permissions = [
            ("deliver_records", _("Puede entregar registros de su ente a S2, S3 y S6")),
        ]

    def __str__(self) -> str:
        return f"{self.get_system_display()} · {self.entity} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def progress_percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def accepted_count(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count


class ProviderToken(models.Model):
    """A personal API token of a data provider for ``POST /api/ingest/<system>``.

    Sent as ``Authorization: Token <key>``. Only the SHA-256 of the key is stored;
    the key is shown once, when created."""

    PREFIX = "pde_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="provider_tokens",
    )
    name = models.CharField(_("nombre"), max_length=100)
    key_prefix = models.CharField(_("inicio de la clave"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("creado"), default=timezone.now)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        verbose_name = _("clave de API de entrega")
        verbose_name_plural = _("claves de API de entrega")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ScheduledHarvest(models.Model):
    """A PDN-compatible API harvested periodically for one ente and system."""

    name = models.CharField(_("nombre"), max_length=150)
    system = models.CharField(_("sistema"), max_length=4, choices=list(SYSTEM_LABELS.items()))
    entity = models.ForeignKey(
        PublicEntity,
        verbose_name=_("ente generador"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Los registros cosechados se guardan a nombre de este ente."),
    )
    url = models.URLField(_("URL del endpoint"), max_length=500)
    token_url = models.URLField(_("URL del token OAuth"), max_length=500)
    username = models.CharField(_("usuario"), max_length=150)
    password = models.CharField(_("contraseña"), max_length=255)
    client_id = models.CharField(_("client_id"), max_length=255)
    client_secret = models.CharField(_("client_secret"), max_length=255)
    scope = models.CharField(_("scope"), max_length=255, blank=True)
    interval_hours = models.PositiveIntegerField(_("cada cuántas horas"), default=24)
    active = models.BooleanField(_("activa"), default=True)
    next_run_at = models.DateTimeField(_("próxima ejecución"), default=timezone.now)
    last_run_at = models.DateTimeField(_("última ejecución"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), default=timezone.now)

    class Meta:
        verbose_name = _("cosecha programada")
        verbose_name_plural = _("cosechas programadas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    """One run of a harvest; ``last_page`` lets an interrupted run resume."""

    class Status(models.TextChoices):
        RUNNING = "running", _("En proceso")
        DONE = "done", _("Terminada")
        FAILED = "failed", _("Fallida")

    harvest = models.ForeignKey(
        ScheduledHarvest,
        verbose_name=_("cosecha programada"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="runs",
    )
    system = models.CharField(_("sistema"), max_length=4, choices=list(SYSTEM_LABELS.items()))
    entity = models.ForeignKey(
        PublicEntity, verbose_name=_("ente generador"), on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField(_("URL del endpoint"), max_length=500)
    batch = models.ForeignKey(
        DeliveryBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    last_page = models.PositiveIntegerField(_("última página completada"), default=0)
    total_rows = models.PositiveIntegerField(_("registros en el origen"), null=True, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    started_at = models.DateTimeField(_("iniciada"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        verbose_name = _("ejecución de cosecha")
        verbose_name_plural = _("ejecuciones de cosecha")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_system_display()} · {self.url} · {self.get_status_display()}"
