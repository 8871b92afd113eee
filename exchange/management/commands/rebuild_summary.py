"""`manage.py rebuild_summary`: the balance summary recomputed from scratch.

The database triggers keep the summary exact; this is for what they cannot see: a
change of EXCHANGE_BASE_CURRENCY (the triggers then convert at the new base), a
restore of the tables from elsewhere, or a summary damaged by hand. It locks out the
triggers while it runs, so it is safe with users at work (their writes wait).
"""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from exchange.balance import summary
from exchange.balance.rebuild import rebuild
from exchange.core.commands import Progress


class Command(BaseCommand):
    help = "Recompute the balance summary from the shipments, items and rates."

    def handle(self, *args, **options):
        started = time.perf_counter()
        progress = Progress(self.stderr).start("Summary rows written")
        rows, unrated = rebuild(progress)
        progress.finish()
        seconds = time.perf_counter() - started
        self.stdout.write(
            _(
                "Rebuilt %(rows)d summary rows and %(unrated)d rows of items without a rate"
                " in %(seconds).1f s (base currency %(currency)s)."
            )
            % {
                "rows": rows,
                "unrated": unrated,
                "seconds": seconds,
                "currency": summary.installed_base_currency(),
            }
        )
