"""The import and export commands' shared behaviour: a file in, problems on standard
error and a non-zero exit status; a file out, to standard output or --output."""

import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.core.commands import Progress
from exchange.transfer.imports import ImportResult
from exchange.transfer.reading import ENCODINGS


class ImportCommand(BaseCommand):
    """`import_… FILE [--dry-run]`: problems on standard error and a non-zero exit status."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--encoding",
            default="utf-8",
            choices=list(ENCODINGS),
            help="Of a CSV file: utf-8 (the default) or gb18030 (Chinese spreadsheet programs).",
        )

    def run(self, stream, filename: str, *, dry_run: bool, **options) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file “{file}”.")
        progress = Progress(self.stderr).start("Rows read")
        with path.open("rb") as stream:
            result = self.run(stream, path.name, dry_run=dry_run, progress=progress, **options)
        progress.finish()
        for problem in result.problems:
            self.stderr.write(str(problem), style_func=str)
        if result.unlisted:
            self.stderr.write(result.more_problems(), style_func=str)
        if result.problems:
            raise CommandError(result.failure())
        self.stdout.write(result.summary())


class ExportCommand(BaseCommand):
    """`export_… [--format csv|xlsx] [--output FILE]`: CSV to standard output by default.
    The file is written as it is read; its progress goes to standard error."""

    label = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", help="File to write (default: standard output).")

    def write(self, out, fmt: str, progress, **options) -> None:
        """The file into the binary file `out`, calling `progress(done, total)`."""
        raise NotImplementedError

    def filtered(self, filterset_class, queryset, data: dict):
        """The queryset through the list page's FilterSet, so both give the same rows."""
        filterset = filterset_class(data={k: v for k, v in data.items() if v}, queryset=queryset)
        if not filterset.is_valid():
            raise CommandError(
                "; ".join(
                    f"--{name.replace('_', '-')}: {' '.join(errors)}"
                    for name, errors in filterset.errors.items()
                )
            )
        return filterset.qs

    def handle(self, *args, fmt, output, **options):
        progress = Progress(self.stderr).start(self.label)
        if output:
            with open(output, "wb") as out:
                self.write(out, fmt, progress, **options)
            progress.finish()
            return
        stream = self.stdout._out
        if hasattr(stream, "buffer"):  # the real standard output: bytes, whatever its locale
            stream.flush()
            with tempfile.TemporaryFile() as out:
                self.write(out, fmt, progress, **options)
                out.seek(0)
                shutil.copyfileobj(out, stream.buffer)
            stream.buffer.flush()
        elif fmt == "csv":  # a test's StringIO
            with tempfile.TemporaryFile() as out:
                self.write(out, fmt, progress, **options)
                out.seek(0)
                stream.write(out.read().decode("utf-8"))
        else:
            raise CommandError("Give --output FILE for XLSX.")
        progress.finish()
