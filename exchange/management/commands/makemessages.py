"""`makemessages` with the project's defaults, so `manage.py makemessages -l zh_Hans`
(and `make messages`, and the test that runs it) always extracts the same way: only
the application's own sources, no obsolete entries kept, locations by file only (line
numbers would change the catalog on every edit)."""

from django.core.management.commands import makemessages

IGNORED = [".venv/*", "tests/*", "scripts/*", "staticfiles/*", "e2e-screenshots/*"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["no_obsolete"] = True
        options["add_location"] = options.get("add_location") or "file"
        return super().handle(*args, **options)
