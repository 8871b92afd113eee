"""The audit trail shown on a partner's, shipment's or agreement's page.

django-simple-history writes a record of every save and delete. This module reads the
records of an object and of its parts (addresses, contacts, items, obligations) in one
query per model, compares each record with the one before it in Python
(`diff_against`, which needs no query for plain fields), and names the related objects
that changed in one more query per related model. So a page shows its history at a
fixed number of queries, however long the history is.

Records of one save (a partner with its addresses, a shipment with its items) are
grouped into one event: same user, same reason, within a few seconds.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import Country, MultipleCountriesDescriptor

# Saves by one user with one reason this close together are one event.
EVENT_WINDOW = datetime.timedelta(seconds=5)
# How many names a line of added or removed parts lists before "and N more".
NAMES_SHOWN = 10

CREATED, CHANGED, DELETED = "+", "~", "-"
# The reason of a record of an object's stored state, written before the first change of
# an object that has no record yet (`record_starting_state`): not an event of its own.
STARTING_STATE = "starting state"
ACTIONS = {
    CREATED: gettext_lazy("created"),
    CHANGED: gettext_lazy("changed"),
    DELETED: gettext_lazy("deleted"),
}
# Of parts (addresses, items…) listed together.
PART_ACTIONS = {CREATED: gettext_lazy("added"), DELETED: gettext_lazy("removed")}


@dataclass(frozen=True)
class Source:
    """Historical records to show: the object's own, or those of one kind of its parts.

    `label` names one part from its historical record (without a query); `plural`
    names several of them. The object's own records have neither. With `from_seen`, the
    first record of each object is the state a reader saw: later ones are compared
    with it, and it is not shown itself.
    """

    records: models.QuerySet
    label: Callable[[Any], str] | None = None
    plural: str = ""
    excluded: tuple[str, ...] = ()
    from_seen: bool = False


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Line:
    """What happened to one object in an event, or to several parts added or removed."""

    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    more: int = 0

    @property
    def action_label(self) -> str:
        if self.names:
            return str(PART_ACTIONS[self.action])
        return str(ACTIONS[self.action])


@dataclass
class Event:
    at: datetime.datetime
    user: Any
    reason: str
    lines: list[Line] = field(default_factory=list)

    @property
    def who(self) -> str:
        if self.user is None:
            return _("the system")
        return self.user.get_full_name() or self.user.get_username()


@dataclass
class History:
    events: list[Event]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.events)


@dataclass
class _Record:
    """One record of one source, its raw changes not yet formatted."""

    source: Source
    record: Any
    changes: list[tuple[models.Field, Any, Any]]


def history(*sources: Source, limit: int | None = None) -> History:
    """The events of these sources, the latest first (at most `limit` of them)."""
    found: list[_Record] = []
    for source in sources:
        found += _diffs(source)
    found.sort(key=lambda item: (item.record.history_date, item.record.history_id))
    labels = _related_labels(found)
    events: list[Event] = []
    pending: dict[tuple, Line] = {}
    for item in found:
        record = item.record
        event = events[-1] if events else None
        if (
            event is None
            or event.user != record.history_user
            or event.reason != (record.history_change_reason or "")
            or record.history_date - event.at > EVENT_WINDOW
        ):
            _close(pending)
            event = Event(
                at=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
            )
            events.append(event)
            pending = {}
        _add_line(event, item, labels, pending)
    _close(pending)
    events.reverse()
    total = len(events)
    return History(events=events[:limit] if limit else events, total=total)


def _diffs(source: Source) -> list[_Record]:
    """The source's records (one query), each with its changes against the one before."""
    records = source.records.select_related("history_user").order_by("history_date", "history_id")
    excluded = set(source.excluded)
    previous: dict[Any, Any] = {}
    found = []
    for record in records:
        key = record.instance_type._meta.pk.attname
        before = previous.get(getattr(record, key))
        previous[getattr(record, key)] = record
        if record.history_change_reason == STARTING_STATE:
            continue  # only what the next record is compared with
        if before is None and source.from_seen:
            continue
        changes = []
        if record.history_type == CHANGED and before is not None:
            delta = record.diff_against(before, excluded_fields=excluded)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                changes.append((model_field, change.old, change.new))
            # In the order of the form, not of the alphabet.
            changes.sort(key=lambda change: change[0].creation_counter)
            if not changes:
                continue  # saved without a change the page shows (only the version moved)
        found.append(_Record(source=source, record=record, changes=changes))
    return found


def _add_line(event: Event, item: _Record, labels, pending: dict) -> None:
    record, source = item.record, item.source
    action = record.history_type
    if source.label is None:
        subject = str(record.instance_type._meta.verbose_name).capitalize()
    else:
        subject = source.label(record)
    if source.label is not None and action in (CREATED, DELETED):
        # Parts added or removed together make one line, however many.
        key = (id(source), action)
        if key not in pending:
            pending[key] = Line(subject=source.plural, action=action)
            event.lines.append(pending[key])
        pending[key].names.append(subject)
        return
    changes = [
        Change(
            field=str(model_field.verbose_name).capitalize(),
            old=_display(model_field, old, labels),
            new=_display(model_field, new, labels),
        )
        for model_field, old, new in item.changes
    ]
    event.lines.append(Line(subject=subject, action=action, changes=changes))


def _close(pending: dict) -> None:
    for line in pending.values():
        line.more = max(0, len(line.names) - NAMES_SHOWN)
        line.names = line.names[:NAMES_SHOWN]


def _related_labels(found: list[_Record]) -> dict:
    """{(model, pk): name} of the related objects in the changes: one query per model."""
    wanted: dict[type, set] = defaultdict(set)
    for item in found:
        for model_field, old, new in item.changes:
            if model_field.many_to_one:
                wanted[model_field.related_model] |= {old, new} - {None}
    labels = {}
    for model, pks in wanted.items():
        forward = [f.name for f in model._meta.fields if f.many_to_one]
        for obj in model._default_manager.select_related(*forward).filter(pk__in=pks):
            labels[(model, obj.pk)] = _name(obj)
    return labels


def _name(obj) -> str:
    if hasattr(obj, "get_username"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _display(model_field, value, labels) -> str:
    """A value as the page shows it: choices by their label, related objects by name."""
    if value is None or value == "" or value == []:
        return "—"
    if model_field.many_to_one:
        return labels.get(
            (model_field.related_model, value), _("#%(pk)s (deleted)") % {"pk": value}
        )
    if isinstance(value, Country):
        return str(value.name)
    # An agreement's countries come as a MultipleCountriesDescriptor, not a list.
    if isinstance(value, list | tuple | MultipleCountriesDescriptor):
        return ", ".join(str(v.name) if isinstance(v, Country) else str(v) for v in value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# The pages' histories ----------------------------------------------------------------


def history_admin_url(user, obj) -> str:
    """The admin's full history of the object, for those who may open the admin."""
    if not user.is_staff:
        return ""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])


def changes_since(obj, version: int) -> History:
    """What others saved of the object (not its parts) after the version a user saw."""
    records = type(obj).history.filter(id=obj.pk, version__gte=version)
    return history(Source(records, from_seen=True))


# How many events an object's page shows; the admin has them all.
PAGE_EVENTS = 30


@dataclass(frozen=True)
class Part:
    """A kind of part of an object (a partner's addresses), for `object_history`:
    its model, the name of its foreign key to the object, and how to name one (from its
    historical record) and several."""

    model: type[models.Model]
    parent: str
    label: Callable[[Any], str]
    plural: str


def object_history(obj, *parts: Part, limit: int | None = PAGE_EVENTS) -> History:
    """The object and its parts, also those since removed: what its page shows."""
    return history(
        Source(type(obj).history.filter(id=obj.pk)),
        *(
            Source(
                part.model.history.filter(**{f"{part.parent}_id": obj.pk}),
                label=part.label,
                plural=part.plural,
                excluded=(part.parent,),
            )
            for part in parts
        ),
        limit=limit,
    )


def save_with_history(obj, *, user, update_fields=None, checked_relations=False):
    """Check the object whole and save it, in a transaction; its historical record
    names the user who saved it.

    `checked_relations`: the caller loaded the objects its foreign keys name, in the
    transaction it holds (a bulk action), so their existence is not asked again (a
    query each), nor the constraints (the database checks them on saving), and no
    savepoint is made: a refusal undoes the caller's transaction."""
    exclude = (
        [f.name for f in obj._meta.concrete_fields if f.is_relation] if checked_relations else None
    )
    with transaction.atomic(savepoint=not checked_relations):
        obj.full_clean(exclude=exclude, validate_constraints=not checked_relations)
        obj._history_user = user
        obj.save(update_fields=update_fields)
    return obj


def record_starting_state(objects: models.QuerySet, *, on: datetime.datetime) -> None:
    """Give the objects that have no historical record (loaded in bulk, or written
    before their history began) one of their stored state, dated `on`, before a change
    of them is saved: the change then shows each field, old → new, not a bare
    "changed". Two queries; nothing is written once every object has a record."""
    model = objects.model
    stored = list(objects)
    if not stored:
        return
    key = model._meta.pk.attname
    recorded = set(
        model.history.filter(**{f"{key}__in": [obj.pk for obj in stored]})
        .values_list(key, flat=True)
        .distinct()
    )
    missing = [obj for obj in stored if obj.pk not in recorded]
    if missing:
        model.history.bulk_history_create(
            missing, default_date=on, default_change_reason=STARTING_STATE
        )
