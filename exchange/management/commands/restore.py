import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.audit import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py backup`. "
        "Asks first; --yes answers for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup made by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Replace the data without asking (for scripts)."
        )

    def handle(self, *args, file, yes, **options):
        path = Path(file)
        name = backups.database_name()
        if not yes and not self.confirmed(name, path):
            raise CommandError(
                _(
                    "Nothing was restored. Restoring replaces everything in the database "
                    "“%(name)s”; confirm with --yes."
                )
                % {"name": name}
            )
        try:
            backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored the database “%(name)s” from %(path)s.") % {"name": name, "path": path}
        )

    def confirmed(self, name: str, path: Path) -> bool:
        """Asked at a terminal; never when run by a script (no terminal to answer)."""
        if not sys.stdin.isatty():
            return False
        answer = input(
            _("Replace everything in the database “%(name)s” with %(path)s? Type yes: ")
            % {"name": name, "path": path}
        )
        return answer.strip().lower() == "yes"
