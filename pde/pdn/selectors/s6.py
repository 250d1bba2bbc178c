"""S6 POST /contrataciones-abiertas: OCDS releases (EDCA-MX)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from pde.pdn.models import ContractingProcess, claves_q
from pde.pdn.selectors.query import (
    ANY_OF,
    DATETIME,
    EXACT,
    INTEGER,
    TEXT,
    Filter,
    Page,
    ParsedQuery,
    QueryError,
    QuerySpec,
    Sort,
    run_query,
)


def _date_filter(column: str, lookup: str, field: str) -> Filter:
    def apply(qs, value):
        try:
            moment = parse_datetime(value)
            if moment is not None:
                # As UTC: PostgreSQL refuses offsets beyond ±15:59 (ISO allows ±23:59).
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                moment = moment.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise QueryError(
                _("El campo %(field)s debe ser una fecha y hora ISO 8601.") % {"field": field}
            )
        return qs.filter(**{f"{column}__{lookup}": moment})

    return Filter(DATETIME, apply=apply)


S6_SPEC = QuerySpec(
    filters={
        "ocid": Filter(EXACT, "ocid"),
        "title": Filter(TEXT, "title_norm"),
        "buyerName": Filter(TEXT, "buyer_name_norm"),
        "procurementMethod": Filter(
            ANY_OF,
            apply=lambda qs, values: qs.filter(procurement_method__in=values),
            choices=("open", "selective", "limited", "direct"),
        ),
        "awardStatus": Filter(
            ANY_OF,
            apply=lambda qs, values: qs.filter(claves_q("award_status_claves", values)),
            choices=("active", "pending", "cancelled", "unsuccessful"),
        ),
        "supplierName": Filter(TEXT, "supplier_names_norm"),
        # The tender period must start on or after tenderStartDate and end on or
        # before tenderEndDate.
        "tenderStartDate": _date_filter("tender_start_date", "gte", "query.tenderStartDate"),
        "tenderEndDate": _date_filter("tender_end_date", "lte", "query.tenderEndDate"),
        "itemDescription": Filter(TEXT, "item_descriptions_norm"),
        "numberOfTenderers": Filter(INTEGER, "number_of_tenderers"),
    },
    sorts={"title": Sort("title_sort"), "buyerName": Sort("buyer_name_sort")},
    id_lookup=None,
)


def search(parsed: ParsedQuery) -> tuple[Page, list]:
    page = run_query(ContractingProcess.objects.all(), parsed, S6_SPEC, only=("document",))
    return page, [row.document for row in page.rows]
