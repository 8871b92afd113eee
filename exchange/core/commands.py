"""What the management commands share: their date arguments, their output and the
progress of their long steps."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, OutputWrapper

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


def _plain(text: str) -> str:
    return text


class Progress:
    """A long step's progress on a command's output: rows done of the total, the
    percentage and the time taken. On a terminal, one line redrawn in place ("\\r") at
    most every `redraw` seconds; elsewhere (a log, a pipe, CI) plain lines, at each
    tenth of the total or every `every` seconds, whichever comes first, once the step
    has taken `quiet` seconds (a quick step adds no line to a log; a terminal's bar is
    erased by the line that follows it, so it needs no such wait).

    Called as `progress(done, total)`, it is the callback the exports and imports take.
    """

    WIDTH = 24

    def __init__(
        self, stream, *, tty=None, clock=time.monotonic, redraw=0.2, every=10.0, quiet=2.0
    ):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.clock, self.redraw, self.every, self.quiet = clock, redraw, every, quiet
        self.lines = 0
        self.label, self.total, self.done = "", None, 0
        self.started = self.shown_at = 0.0
        self.shown_tenth = 0
        self.drawn = False

    def start(self, label: str, total: int | None = None) -> "Progress":
        self.finish()
        self.label, self.total, self.done = label, total, 0
        self.started = self.shown_at = self.clock()
        self.shown_tenth = 0
        self.lines = 0
        if self.tty:
            self._draw()
        return self

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = self.clock()
        if self.tty:
            if now - self.shown_at >= self.redraw or done == self.total:
                self._draw()
            return
        if now - self.started < self.quiet:
            return
        tenth = done * 10 // self.total if self.total else 0
        if tenth > self.shown_tenth or now - self.shown_at >= self.every:
            self.shown_tenth = max(tenth, self.shown_tenth)
            self._line(self._status())

    def finish(self) -> None:
        """The step's last line (a terminal's bar ends with a line break)."""
        if not self.label:
            return
        if self.tty:
            self._draw()
            self._write("\n")
        elif self.lines:
            self._line(f"{self._status()}, done")
        self.label = ""
        self.drawn = False

    def _status(self) -> str:
        elapsed = self.clock() - self.started
        if self.total:
            share = f" ({self.done * 100 // self.total}%)"
            return f"{self.label}: {self.done:,} of {self.total:,}{share} in {elapsed:.1f} s"
        return f"{self.label}: {self.done:,} in {elapsed:.1f} s"

    def _draw(self) -> None:
        self.shown_at = self.clock()
        if self.total:
            filled = min(self.done * self.WIDTH // self.total, self.WIDTH)
            bar = "[" + "#" * filled + "." * (self.WIDTH - filled) + "] "
        else:
            bar = ""
        self._write(f"\r{bar}{self._status()}\x1b[K")
        self.drawn = True

    def _line(self, text: str) -> None:
        self.shown_at = self.clock()
        self.lines += 1
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):  # unstyled (stderr's is red on a terminal)
            self.stream.write(text, style_func=_plain, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
