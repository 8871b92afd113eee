"""Which shipments a bulk action is for.

A list's bulk form sends its `scope` (which list), and either the rows chosen
(`selected`, each "id:version", the version the row showed) or `all=1` with the list's
filters (the shipment list's parameters, shipments.filters), so that every shipment
matching them is chosen: those are found again when the action runs, and their number
must be the one the user confirmed (`expected`), else the user confirms again.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext as _

from exchange.claims import queries as claims
from exchange.core.choices import Direction
from shipments.filters import ShipmentFilter
from shipments.models import Shipment
from shipments.steps import Status

# More at once would take long in one transaction (and one page of letters). A backlog
# is worked through in batches of this size, narrowing the filters (a period, a partner).
MAX_AT_ONCE = 500
MAX_LETTERS = 200

# The lists that offer bulk actions, each the shipments it shows (before its filters).
SCOPES = {
    "shipments": lambda today: Shipment.objects.all(),
    "to_confirm": claims.to_confirm,
    "overdue": claims.overdue_incoming,
}
FILTER_PARAMETERS = tuple(ShipmentFilter.base_filters)
SELECTION_PARAMETERS = ("scope", "selected", "all", "expected")


class SelectionError(Exception):
    """The selection cannot be acted on; the message says why and what to do."""


def scope_shipments(scope: str, filters: QueryDict, today: datetime.date):
    """Every shipment of the list `scope` that matches `filters`."""
    return ShipmentFilter(filters, queryset=SCOPES[scope](today)).qs


@dataclass
class Selection:
    scope: str
    ids: list[int]
    all_matching: bool = False
    filters: QueryDict = field(default_factory=QueryDict)
    # id → the version the row showed when chosen (rows chosen one by one only)
    versions: dict[int, int] | None = None

    @property
    def count(self) -> int:
        return len(self.ids)

    def hidden_fields(self) -> list[tuple[str, str]]:
        """The selection as form fields, for the confirmation to send it again."""
        fields = [("scope", self.scope)]
        if self.all_matching:
            fields += [("all", "1"), ("expected", str(self.count))]
            fields += [(name, value) for name, value in self.filter_items()]
        else:
            fields += [("selected", f"{pk}:{self.versions[pk]}") for pk in self.ids]
        return fields

    def filter_items(self) -> list[tuple[str, str]]:
        return [
            (name, value)
            for name in FILTER_PARAMETERS
            if name not in ("sort", "page")
            for value in self.filters.getlist(name)
            if value
        ]

    def described_filters(self) -> list[tuple[str, str]]:
        """The filters as the list's form shows them: its labels and the choices' names."""
        fields = ShipmentFilter(self.filters).form.fields
        described = []
        for name, value in self.filter_items():
            field = fields[name]
            choices = {str(key): label for key, label in getattr(field, "choices", ())}
            described.append((str(field.label), str(choices.get(value, value))))
        return described

    def by_status(self) -> list[dict]:
        """How many of each direction and status: what the user is about to act on."""
        rows = (
            Shipment.objects.filter(pk__in=self.ids)
            .values("direction", "status")
            .annotate(n=Count("id"))
            .order_by("direction", "status")
        )
        return [
            {
                "direction": Direction(row["direction"]).label,
                "status": row["status"],
                "status_label": Status(row["status"]).label,
                "n": row["n"],
            }
            for row in rows
        ]


def parse_tokens(values: list[str]) -> dict[int, int]:
    """ "id:version" tokens → {id: version}; a token of any other form is refused."""
    versions = {}
    for value in values:
        pk, _colon, version = value.partition(":")
        if not (pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit()):
            raise SelectionError(_("The choice of shipments was not understood: reload the list."))
        versions[int(pk)] = int(version)
    return versions


def read_selection(data: QueryDict, today: datetime.date, limit: int = MAX_AT_ONCE) -> Selection:
    """The selection a bulk form sent, or SelectionError saying why it cannot be used."""
    scope = data.get("scope", "shipments")
    if scope not in SCOPES:
        raise SelectionError(_("The choice of shipments was not understood: reload the list."))
    if data.get("all") == "1":
        return _all_matching(data, scope, today, limit)
    versions = parse_tokens(data.getlist("selected"))
    if not versions:
        raise SelectionError(_("Choose at least one shipment."))
    if len(versions) > limit:
        raise SelectionError(too_many(len(versions), limit))
    found = Shipment.objects.filter(pk__in=list(versions)).count()
    if found != len(versions):
        raise SelectionError(
            _("Some of the chosen shipments no longer exist: reload the list and choose again.")
        )
    return Selection(scope=scope, ids=sorted(versions), versions=versions)


def _all_matching(data, scope, today, limit) -> Selection:
    filters = QueryDict(mutable=True)
    for name in FILTER_PARAMETERS:
        filters.setlist(name, data.getlist(name))
    filterset = ShipmentFilter(filters, queryset=SCOPES[scope](today))
    if not filterset.is_valid():
        raise SelectionError(_("The list's filters are not valid: correct them on the list first."))
    # One more than allowed is enough to know there are too many.
    ids = list(filterset.qs.order_by("pk").values_list("pk", flat=True)[: limit + 1])
    if not ids:
        raise SelectionError(_("No shipment matches these filters."))
    if len(ids) > limit:
        raise SelectionError(too_many(filterset.qs.count(), limit))
    selection = Selection(scope=scope, ids=ids, all_matching=True, filters=filters)
    expected = data.get("expected")
    if expected is not None and expected != str(len(ids)):
        raise ChangedMeanwhile(selection)
    return selection


class ChangedMeanwhile(SelectionError):
    """The shipments matching the filters are no longer those the user confirmed."""

    def __init__(self, selection: Selection):
        super().__init__(
            _(
                "The list changed meanwhile: %(n)s shipments match these filters now. Check "
                "and confirm again."
            )
            % {"n": selection.count}
        )
        self.selection = selection


def too_many(n: int, limit: int) -> str:
    return _(
        "%(n)s shipments are chosen; at most %(limit)s can be acted on at once. Narrow the "
        "filters (a period, a partner, a country) and work through them in turns."
    ) % {"n": f"{n:,}", "limit": f"{limit:,}"}
