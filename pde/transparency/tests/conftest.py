"""Fixtures of the transparency tests: the baseline rules, areas, a helper to register
requests and one to hold committee resolutions."""

import datetime as dt
import itertools

import pytest

from pde.core.models import NonBusinessPeriod
from pde.transparency import services
from pde.transparency.models import (
    AccessRequest,
    Area,
    CommitteeResolution,
    CommitteeSession,
    RuleSet,
)

_folios = itertools.count(1)


@pytest.fixture
def baseline(db) -> RuleSet:
    return RuleSet.objects.get(effective_from=dt.date(2017, 1, 1))


@pytest.fixture
def area(db) -> Area:
    return Area.objects.get(acronym="DJ")


@pytest.fixture
def other_area(db) -> Area:
    return Area.objects.get(acronym="UAA")


@pytest.fixture
def officer(make_user):
    return make_user("transparency_officer")


@pytest.fixture
def new_request(db, officer):
    def make(received_on=dt.date(2026, 3, 9), kind="information", **fields):
        defaults = {
            "folio": f"07100{next(_folios):010d}",
            "kind": kind,
            "received_on": received_on,
            "channel": AccessRequest.Channel.PNT,
            "requester_name": "Juana Pérez Gómez",
            "requester_contact": "juana.perez@example.org",
            "text": "Solicito el presupuesto ejercido en 2025.",
            "arco_right": "access" if kind == "arco" else "",
        }
        return services.register_request(by=officer, **{**defaults, **fields})

    return make


@pytest.fixture
def committee(db, officer):
    """committee(matter, decision, requests, **fields) -> a resolution of a new session."""
    counter = itertools.count(1)

    def make(matter, requests=(), decision="confirm", held_on=None, **fields):
        n = next(counter)
        held_on = held_on or max(
            [r.received_on for r in requests] or [dt.date(2026, 3, 9)]
        ) + dt.timedelta(days=1)
        session = services.save_session(
            CommitteeSession(number=f"{n}", kind="extraordinary", held_on=held_on), by=officer
        )
        resolution = CommitteeResolution(
            session=session, number=f"CT/{n:03d}/2026", matter=matter, decision=decision, **fields
        )
        return services.save_resolution(resolution, requests=requests, by=officer)

    return make


@pytest.fixture
def declare(db):
    def make(
        start,
        end,
        declared_by=NonBusinessPeriod.DeclaredBy.TRANSPARENCY_INSTITUTE,
        description="Suspensión de plazos de prueba",
    ):
        return NonBusinessPeriod.objects.create(
            start_date=start,
            end_date=end,
            declared_by=declared_by,
            description=description,
            legal_basis="Acuerdo de prueba",
        )

    return make
