import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exchange.core.commands import Progress, iso_date
from exchange.demo.seed import DEMO_USERS, DemoError, seed_demo
from partners.models import Partner


class Command(BaseCommand):
    help = (
        "Load realistic demo data (partners, agreements, rates, shipments) and one user "
        "per role. Does nothing if the demo data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=520, help="How many (default 520).")
        parser.add_argument("--years", type=int, default=12, help="Of shipments (default 12).")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed, the same data.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplies the shipments per partner."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the database has no partner at all (what `make run` does).",
        )
        parser.add_argument("--until", help="The last day of the data, YYYY-MM-DD (default today).")

    def handle(self, *args, partners, years, seed, scale, until, if_empty, **options):
        if if_empty and Partner.objects.exists():
            self.stdout.write("The database has partners already; no demo data was added.")
            self._print_logins()
            return
        if partners < 1 or years < 1 or scale < 0:
            raise CommandError("--partners and --years must be at least 1, --scale not negative.")
        started = time.monotonic()
        self._bar = Progress(self.stdout)
        try:
            counts = seed_demo(
                partners=partners,
                years=years,
                seed=seed,
                scale=scale,
                until=iso_date(until) if until else None,
                progress=self._progress,
                count=self._count,
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        if counts is None:
            self.stdout.write("The demo data is already loaded; nothing was added.")
        else:
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {seconds:.1f} s."))
        self._print_logins()

    def _progress(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _count(self, name: str, done: int, total: int) -> None:
        """Rows of a model written: a bar on a terminal, plain lines elsewhere."""
        if done == 0:
            self._bar.start(f"  {name}", total)
        else:
            self._bar(done, total)
        if done >= total:
            self._bar.finish()
            if not self._bar.tty:  # a log keeps one line per model
                self.stdout.write(f"  {name}: {total:,} written")

    def _print_logins(self) -> None:
        existing = set(
            get_user_model()
            .objects.filter(username__in=[user[0] for user in DEMO_USERS])
            .values_list("username", flat=True)
        )
        if not existing:
            return
        self.stdout.write("Demo logins (http://127.0.0.1:8000):")
        for username, password, group, _is_staff in DEMO_USERS:
            if username in existing:
                self.stdout.write(f"  {username} / {password}  ({group})")
