"""The application's log: configured from the environment (LOG_LEVEL, LOG_FORMAT=json),
one line per event that an operator asks about (an import, an export, a bulk action,
a job), each with its fields in the line and, in JSON lines, as keys.

A line names the user by their username only: no other personal data is logged.
"""

import datetime
import json
import logging
from collections.abc import Iterable, Iterator

# The attributes every LogRecord has: what is not one of them was given in `extra`.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the
    event's fields, and the traceback if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in _RECORD_FIELDS
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(level: str = "INFO", fmt: str = "text") -> dict:
    """settings.LOGGING: everything to standard error, at `level`, as text or JSON lines."""
    formatter = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"app": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "app"}},
        "root": {"handlers": ["console"], "level": level.upper()},
        # django-axes says at every start that it is on.
        "loggers": {"axes": {"level": "WARNING"}},
    }


def username(user) -> str:
    """Who did it, as the log names them: the username, or "-" for a command or nobody."""
    return getattr(user, "username", "") or "-"


def log_event(logger: logging.Logger, event: str, **fields) -> None:
    """One INFO line: `import kind=shipments rows=120 user=li outcome=written`."""
    text = " ".join(f"{key}={value}" for key, value in fields.items())
    logger.info("%s %s", event, text, extra={"event": event, **fields})


class Counted:
    """Rows (of a file read or written), counted as they go by."""

    def __init__(self, rows: Iterable):
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator:
        for row in self.rows:
            self.count += 1
            yield row


def log_export(logger: logging.Logger, *, kind: str, rows: int, fmt: str, user) -> None:
    log_event(logger, "export", kind=kind, rows=rows, format=fmt, user=username(user))


def log_bulk(logger: logging.Logger, *, action: str, done: int, refused: int, user) -> None:
    log_event(logger, "bulk", action=action, done=done, refused=refused, user=username(user))
