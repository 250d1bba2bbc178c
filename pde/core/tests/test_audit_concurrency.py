"""Several processes append to one audit chain: it must stay a single, unbroken chain."""

import threading

import pytest
from django.db import connection, connections

from pde.core.models import AuditEntry
from pde.core.services import ChainBreak, record_event, verify_audit_chain

WRITERS = 4
EVENTS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_extend_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite's in-memory test database is one connection")
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            start.wait(timeout=10)
            for event in range(EVENTS_EACH):
                record_event("test.concurrent", changes={"writer": number, "event": event})
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
    total = WRITERS * EVENTS_EACH
    assert AuditEntry.objects.filter(action="test.concurrent").count() == total
    sequences = sorted(AuditEntry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, total + 1))
    results = list(verify_audit_chain())
    assert not any(isinstance(step, ChainBreak) for step in results)
    assert results[-1] == total
