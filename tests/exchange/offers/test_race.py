"""Twenty partners asking for the last three copies at the same moment get exactly three
reservations, the others a refusal saying none is left; never fewer than 0 available.
On PostgreSQL, where writers run side by side (SQLite writes one at a time)."""

import threading

import pytest
from django.db import connection

from exchange.offers.models import SelectionLine, StockItem
from exchange.offers.services import Asked, place_selection
from tests.factories import PartnerFactory, StockItemFactory, offer_list_with

PARTNERS = 20
COPIES = 3
ROUNDS = 50


def all_at_once(line, partners) -> list[Exception]:
    """Each partner asks for one copy of the line, all in the same instant."""
    barrier = threading.Barrier(len(partners))
    errors = []

    def choose(partner):
        try:
            barrier.wait()
            place_selection(
                offer_list=line.offer_list, partner=partner, asked=[Asked(line, 1)], source="email"
            )
        except Exception as error:  # noqa: BLE001 (the test reports it)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=choose, args=[partner]) for partner in partners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that runs writers concurrently"
)
def test_the_last_copies_go_to_the_first_askers_only():
    partners = PartnerFactory.create_batch(PARTNERS)
    for _round in range(ROUNDS):
        item = StockItemFactory(copies=COPIES)
        line = offer_list_with(item).lines.get()
        assert all_at_once(line, partners) == []
        lines = SelectionLine.objects.filter(offer_line=line)
        assert lines.filter(status="reserved").count() == COPIES
        refused = lines.filter(status="refused")
        assert refused.count() == PARTNERS - COPIES
        assert set(refused.values_list("available_then", flat=True)) == {0}
        assert StockItem.objects.with_available().get(pk=item.pk).available == 0
