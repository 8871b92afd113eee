"""What the management commands share: their date arguments and their output."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from exchange.core.dates import validate_date_in_range


def iso_date(text: str) -> datetime.date:
    """A command's date argument, YYYY-MM-DD."""
    try:
        day = datetime.date.fromisoformat(text)
        validate_date_in_range(day)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD.") from error
    except ValidationError as error:
        raise CommandError(error.messages[0]) from error
    return day


def write_output(command, content: str | bytes, output: str | None) -> None:
    """A command's file to `output`, else to standard output: bytes to the real stdout
    whatever its locale (the CSV is UTF-8), text to a test's StringIO."""
    if output:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(output, "wb") as f:
            f.write(data)
        return
    stream = command.stdout._out
    if hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(content.encode("utf-8") if isinstance(content, str) else content)
        stream.buffer.flush()
    elif isinstance(content, str):
        stream.write(content)
    else:
        raise CommandError("Give --output FILE for XLSX.")
