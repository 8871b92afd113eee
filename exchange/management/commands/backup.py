from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from exchange.audit import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file: pg_dump (custom format) for PostgreSQL, "
        "the online backup API for SQLite. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The file to write (default: backups/<database>-<date>-<time>.dump or .sqlite3).",
        )

    def handle(self, *args, output, **options):
        path = Path(output) if output else backups.default_path()
        try:
            backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up the database “%(name)s” to %(path)s (%(size)s).")
            % {
                "name": backups.database_name(),
                "path": path,
                "size": filesizeformat(path.stat().st_size),
            }
        )
