"""`manage.py bench`: how fast the reports answer as the history grows, in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange_bench \\
        python manage.py bench [--scale 0.1] [--runs 5]

(`make bench BENCH_ARGS="--scale 0.1"` does the same.) The database named in
DATABASE_URL is created if missing and emptied: its name must contain "bench" (or pass
--yes). SQLite is refused: the figures are for the production database.

What it generates, measures and checks, and where the figures go: exchange.bench (this
command only reads the options and refuses what would mislead or destroy).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from exchange.bench.run import run
from exchange.core.commands import Progress


class Command(BaseCommand):
    help = "Generate a large history in PostgreSQL and time the reports against it."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--partners",
            type=int,
            help="Partners, whatever the scale (to vary the history alone; with --no-doc).",
        )
        parser.add_argument("--runs", type=int, default=5, help="Runs of each timing.")
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--import-runs", type=int, default=3)
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the data there if it is of this scale."
        )
        parser.add_argument("--no-doc", action="store_true", help="Do not write the doc.")
        parser.add_argument("--yes", action="store_true", help="Empty a database of any name.")

    def handle(
        self, *args, scale, partners, runs, import_rows, import_runs, reuse, no_doc, yes, **kw
    ):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs in PostgreSQL: set DATABASE_URL="
                "postgres://…/exchange_bench (SQLite figures would mean nothing here)."
            )
        if "bench" not in name and not yes:
            raise CommandError(f"{name} would be emptied: use a *bench* database or pass --yes.")
        if partners and not no_doc:
            # Figures of a history whose partners do not follow the scale would be
            # written next to those of the scale.
            raise CommandError("--partners is for trials: add --no-doc.")
        run(
            scale=scale,
            partners=partners,
            runs=runs,
            import_rows=import_rows,
            import_runs=import_runs,
            reuse=reuse,
            no_doc=no_doc,
            write=self.stdout.write,
            progress=Progress(self.stderr),
        )
