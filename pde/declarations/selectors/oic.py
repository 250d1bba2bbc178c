"""Reads of the internal-control body (OIC): padrón, deadlines, compliance, reception.

Deadlines (Ley General de Responsabilidades Administrativas, art. 33) run in
**natural** (calendar) days, so no business-day calendar is involved:

- **Inicial**: within the 60 natural days that follow the alta. The alta day is
  day 0; the last day to file is ``alta + 60 days``.
- **Conclusión**: within the 60 natural days that follow the baja; the last day
  is ``baja + 60 days``. A padrón entry without a baja owes no Conclusión.
- **Modificación** of year *Y*: filed during May of *Y* (1–31 May), last day
  31 May *Y*. It is owed by every entry that was in office in May *Y* and took
  office before *Y* (so there is a previous year to report): ``alta < 1 Jan Y``
  and (no baja, or ``baja >= 1 May Y``). Someone who took office during *Y*
  files an Inicial that year and the first Modificación the next May.

Status of one obligation on a given day (``today``):

- filed on or before the last day: **en tiempo** (filing early counts as on time);
- filed after the last day: **extemporánea**;
- nothing filed and the last day has not passed: **pendiente**;
- nothing filed and the last day has passed: **omiso**.

A filing is a *submitted* declaration of the type, linked to the padrón entry;
its date is the local date of ``submitted_at``. When several were filed the
earliest counts (later ones are corrections). A Modificación belongs to year
``period_year + 1`` (``period_year`` is the reported ejercicio) or, when it has
no ``period_year``, to the year it was filed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pde.core.models import PublicEntity, User
from pde.core.selectors import entities_in_scope
from pde.core.text import normalize_text

from ..models import Declaration, DeclarationType, ObligatedServant, OicImportBatch

DEADLINE_DAYS = 60
MAY_FIRST = (5, 1)
MAY_LAST = (5, 31)


class ComplianceStatus:
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"
    OMISO = "omiso"

    choices = (
        (ON_TIME, _("En tiempo")),
        (LATE, _("Extemporánea")),
        (PENDING, _("Pendiente")),
        (OMISO, _("Omiso")),
    )
    labels = dict(choices)
    values = tuple(value for value, _label in choices)


TIPOS = tuple(DeclarationType.values)
TIPO_LABELS = dict(DeclarationType.choices)


# --- Pure rules -------------------------------------------------------------------------


def inicial_deadline(start_date: dt.date) -> dt.date:
    return start_date + dt.timedelta(days=DEADLINE_DAYS)


def conclusion_deadline(end_date: dt.date) -> dt.date:
    return end_date + dt.timedelta(days=DEADLINE_DAYS)


def modificacion_deadline(year: int) -> dt.date:
    return dt.date(year, *MAY_LAST)


def owes_modificacion(start_date: dt.date, end_date: dt.date | None, year: int) -> bool:
    """In office in May of ``year`` and took office in an earlier year."""
    if start_date.year >= year:
        return False
    return end_date is None or end_date >= dt.date(year, *MAY_FIRST)


def compliance_status(deadline: dt.date, filed_on: dt.date | None, today: dt.date) -> str:
    if filed_on is not None:
        return ComplianceStatus.ON_TIME if filed_on <= deadline else ComplianceStatus.LATE
    return ComplianceStatus.PENDING if today <= deadline else ComplianceStatus.OMISO


def modificacion_year(period_year: int | None, filed_on: dt.date) -> int:
    return period_year + 1 if period_year else filed_on.year


# --- Obligations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filing:
    declaration_id: str
    folio: str
    filed_on: dt.date
    period_year: int | None


@dataclass(frozen=True)
class Obligation:
    servant: ObligatedServant
    tipo: str
    year: int
    deadline: dt.date
    status: str
    filing: Filing | None

    @property
    def filed_on(self) -> dt.date | None:
        return self.filing.filed_on if self.filing else None

    @property
    def tipo_label(self) -> str:
        return TIPO_LABELS[self.tipo]

    @property
    def status_label(self) -> str:
        return ComplianceStatus.labels[self.status]


def filings_by_servant(servant_ids: list[int]) -> dict[tuple[int, str], list[Filing]]:
    filings: dict[tuple[int, str], list[Filing]] = defaultdict(list)
    rows = (
        Declaration.objects.filter(servant_id__in=servant_ids, status=Declaration.Status.SUBMITTED)
        .order_by("submitted_at")
        .values_list("servant_id", "tipo", "id", "folio", "submitted_at", "period_year")
    )
    for servant_id, tipo, pk, folio, submitted_at, period_year in rows:
        filed_on = timezone.localdate(submitted_at)
        filings[(servant_id, tipo)].append(Filing(str(pk), folio or "", filed_on, period_year))
    return filings


def obligations_of(
    servant: ObligatedServant,
    filings: dict[tuple[int, str], list[Filing]],
    *,
    today: dt.date,
    year: int | None = None,
) -> list[Obligation]:
    """Every obligation of one padrón entry (of ``year`` only, if given), with its status."""
    result = []
    if year is None or servant.start_date.year == year:
        deadline = inicial_deadline(servant.start_date)
        found = filings.get((servant.pk, DeclarationType.INICIAL), [])
        filing = found[0] if found else None
        result.append(
            Obligation(
                servant,
                DeclarationType.INICIAL,
                servant.start_date.year,
                deadline,
                compliance_status(deadline, filing and filing.filed_on, today),
                filing,
            )
        )
    last_year = today.year if servant.end_date is None else min(today.year, servant.end_date.year)
    years = range(servant.start_date.year + 1, last_year + 1) if year is None else [year]
    modifications = filings.get((servant.pk, DeclarationType.MODIFICACION), [])
    for obligation_year in years:
        if obligation_year > today.year or not owes_modificacion(
            servant.start_date, servant.end_date, obligation_year
        ):
            continue
        deadline = modificacion_deadline(obligation_year)
        filing = next(
            (
                f
                for f in modifications
                if modificacion_year(f.period_year, f.filed_on) == obligation_year
            ),
            None,
        )
        result.append(
            Obligation(
                servant,
                DeclarationType.MODIFICACION,
                obligation_year,
                deadline,
                compliance_status(deadline, filing and filing.filed_on, today),
                filing,
            )
        )
    if servant.end_date is not None and (year is None or servant.end_date.year == year):
        deadline = conclusion_deadline(servant.end_date)
        found = filings.get((servant.pk, DeclarationType.CONCLUSION), [])
        filing = found[0] if found else None
        result.append(
            Obligation(
                servant,
                DeclarationType.CONCLUSION,
                servant.end_date.year,
                deadline,
                compliance_status(deadline, filing and filing.filed_on, today),
                filing,
            )
        )
    return result


def compliance(
    entities: Iterable[PublicEntity] | QuerySet,
    *,
    year: int,
    tipo: str = "",
    status: str = "",
    today: dt.date | None = None,
) -> list[Obligation]:
    """The obligations of ``year`` of the padrón of ``entities``, filtered."""
    today = today or timezone.localdate()
    servants = list(
        ObligatedServant.objects.filter(entity__in=entities)
        .filter(start_date__year__lte=year)
        .filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        .select_related("entity")
    )
    filings = filings_by_servant([s.pk for s in servants])
    result = []
    for servant in servants:
        for obligation in obligations_of(servant, filings, today=today, year=year):
            if tipo and obligation.tipo != tipo:
                continue
            if status and obligation.status != status:
                continue
            result.append(obligation)
    result.sort(key=lambda o: (o.servant.entity.name, str(o.servant), o.tipo))
    return result


def compliance_summary(obligations: Iterable[Obligation]) -> list[dict]:
    """Counts per ente and type: one row each, with a count per status and the total."""
    counts: dict[tuple[int, str], dict] = {}
    for obligation in obligations:
        entity = obligation.servant.entity
        key = (entity.pk, obligation.tipo)
        row = counts.setdefault(
            key,
            {
                "entity": entity,
                "tipo": obligation.tipo,
                "tipo_label": obligation.tipo_label,
                "total": 0,
                **dict.fromkeys(ComplianceStatus.values, 0),
            },
        )
        row[obligation.status] += 1
        row["total"] += 1
    order = {tipo: i for i, tipo in enumerate(TIPOS)}
    return sorted(counts.values(), key=lambda r: (r["entity"].name, order[r["tipo"]]))


# --- Padrón -------------------------------------------------------------------------------


def scoped_entities(user: User) -> QuerySet[PublicEntity]:
    return entities_in_scope(user).order_by("name")


def search_roster(
    user: User,
    *,
    q: str = "",
    entity: PublicEntity | None = None,
    active: str = "",
) -> QuerySet[ObligatedServant]:
    servants = ObligatedServant.objects.filter(entity__in=entities_in_scope(user)).select_related(
        "entity"
    )
    if entity is not None:
        servants = servants.filter(entity=entity)
    if active == "active":
        servants = servants.filter(end_date__isnull=True)
    elif active == "inactive":
        servants = servants.filter(end_date__isnull=False)
    for term in normalize_text(q).split():
        servants = servants.filter(
            Q(name_normalized__contains=term) | Q(curp__iexact=term) | Q(position__icontains=term)
        )
    return servants


def servant_for_curp(entity: PublicEntity, curp: str) -> ObligatedServant | None:
    """The padrón entry of ``curp`` in ``entity``: the open period, else the latest."""
    curp = (curp or "").strip().upper()
    if not curp:
        return None
    return _latest_period(entity, curp)


def _latest_period(entity: PublicEntity, curp: str) -> ObligatedServant | None:
    periods = list(ObligatedServant.objects.filter(entity=entity, curp=curp))
    if not periods:
        return None
    open_periods = [p for p in periods if p.end_date is None]
    if open_periods:
        return max(open_periods, key=lambda p: p.start_date)
    return max(periods, key=lambda p: p.start_date)


def import_batches(user: User, kind: str) -> QuerySet[OicImportBatch]:
    return OicImportBatch.objects.filter(
        kind=kind, entity__in=entities_in_scope(user)
    ).select_related("entity", "uploaded_by")


# --- Reception ----------------------------------------------------------------------------


def reception_list(
    user: User,
    *,
    q: str = "",
    entity: PublicEntity | None = None,
    tipo: str = "",
    status: str = "",
    source: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Declaration]:
    """Declarations of the entes in the user's scope: every submitted one, and the
    drafts the OIC captures on behalf of a servant."""
    declarations = Declaration.objects.filter(entity__in=entities_in_scope(user)).filter(
        Q(status=Declaration.Status.SUBMITTED) | Q(source=Declaration.Source.ON_BEHALF)
    )
    if entity is not None:
        declarations = declarations.filter(entity=entity)
    if tipo:
        declarations = declarations.filter(tipo=tipo)
    if status:
        declarations = declarations.filter(status=status)
    if source:
        declarations = declarations.filter(source=source)
    if date_from:
        declarations = declarations.filter(submitted_at__date__gte=date_from)
    if date_to:
        declarations = declarations.filter(submitted_at__date__lte=date_to)
    for term in normalize_text(q).split():
        declarations = declarations.filter(
            Q(nombres_norm__contains=term)
            | Q(primer_apellido_norm__contains=term)
            | Q(segundo_apellido_norm__contains=term)
            | Q(servant__name_normalized__contains=term)
            | Q(folio__iexact=term)
        )
    return declarations.select_related("entity", "servant", "captured_by").order_by(
        "-submitted_at", "-created_at"
    )


def document_rows(document, path: str = "") -> list[tuple[str, str]]:
    """The full document flattened to (field path, value) rows for the OIC's view."""
    rows: list[tuple[str, str]] = []
    if isinstance(document, dict):
        if not document and path:
            rows.append((path, "—"))
        for key, value in document.items():
            rows.extend(document_rows(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(document, list):
        if not document:
            rows.append((path, "—"))
        for index, value in enumerate(document, start=1):
            rows.extend(document_rows(value, f"{path}[{index}]"))
    else:
        if document is True:
            text = "Sí"
        elif document is False:
            text = "No"
        elif document is None:
            text = "—"
        else:
            text = str(document)
        rows.append((path, text))
    return rows
