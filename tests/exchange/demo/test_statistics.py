"""After the demo is loaded, PostgreSQL's planner has the statistics of its tables."""

import pytest
from django.db import connection

from exchange.demo.seed import update_statistics


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
@pytest.mark.django_db(transaction=True)
def test_the_tables_are_analysed_once_filled():
    update_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables"
            " WHERE relname = 'exchange_balancesummary'"
        )
        assert cursor.fetchone() == (True,)
