"""Two entes deliver the same id at the same moment: one owns it, the other is told so."""

import threading

import pytest
from django.db import connection, connections

from pde.core.models import PublicEntity
from pde.pdn.models import DeliveryBatch, SanctionedServant
from pde.pdn.services.ingest import submit_delivery
from pde.pdn.tests.delivery_samples import sample


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_deliveries_of_one_id_never_overwrite_each_other():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite's in-memory test database is one connection")
    entities = [
        PublicEntity.objects.get(acronym="SOP", parent=None),
        PublicEntity.objects.get(inegi_code="07089"),
    ]
    start = threading.Barrier(len(entities))
    failures: list[BaseException] = []
    records = [sample("s3s", f"SHARED-{i}") for i in range(20)]

    def deliver(entity) -> None:
        try:
            start.wait(timeout=10)
            submit_delivery("s3s", entity, records, user=None)
        except BaseException as error:  # reported to the main thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(e,)) for e in entities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert SanctionedServant.objects.count() == 20
    batches = list(DeliveryBatch.objects.order_by("pk"))
    assert len(batches) == 2
    # Every id was stored exactly once and rejected for the other ente.
    assert sum(b.created_count for b in batches) == 20
    assert sum(b.rejected_count for b in batches) == 20
    for batch in batches:
        owned = SanctionedServant.objects.filter(entity=batch.entity).count()
        assert owned == batch.created_count
