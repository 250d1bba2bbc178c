"""Officers adopting agreements at the same moment never share a number (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from pde.governance import services
from pde.governance.models import Agreement, Body, Member, Session

WRITERS = 4
EACH = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_adoption_numbers_every_agreement_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite's in-memory test database is one connection")
    body = Body.objects.create(name="Comité Coordinador", acronym="CC", number_suffix="SAECH")
    Member.objects.create(
        body=body, full_name="Presidencia", role="president", start_date=dt.date(2021, 1, 1)
    )
    session = services.plan_session(body, kind="ordinary", date=dt.date(2021, 4, 30))
    services.add_agenda_item(session, title="Asuntos", requires_vote=False)
    services.convene_session(session, convened_on=dt.date(2021, 4, 1))
    services.record_attendance(session, list(body.members.values_list("pk", flat=True)))
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            own = Session.objects.get(pk=session.pk)  # this thread's own connection
            start.wait(timeout=10)
            for n in range(EACH):
                services.adopt_agreement(own, text=f"Acuerdo {number}-{n}")
        except BaseException as error:  # reported to the main thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures, failures
    total = WRITERS * EACH
    numbers = list(Agreement.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == [f"{n:03d}/CC/SAECH/2021" for n in range(1, total + 1)]
