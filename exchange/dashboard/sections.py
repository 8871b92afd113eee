"""The home page's figures, one section per role the user holds.

Every figure carries the URL of the list behind it, filtered so that the list's
count is the figure. Each section runs a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.balance.sums import by_year, counted_totals
from exchange.balance.totals import Balance, Period
from exchange.claims import queries as claims
from exchange.core.access import group_names
from exchange.core.choices import Direction
from exchange.core.codes import currency_codes
from exchange.core.dates import years_before
from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF
from exchange.offers import queries as offers
from exchange.programme.filters import EXPIRING_DAYS
from exchange.programme.fulfilment import State, at_risk
from exchange.programme.models import CulturalAgreement
from exchange.rates.models import ExchangeRate
from exchange.reports.balance import most_unbalanced
from exchange.reports.cache import cached_figures
from exchange.reports.tables import LAST_5_YEARS, Filters, preset_period
from partners.models import Partner
from partners.quality import MISSING_CHOICES, partners_missing
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import COUNTED_INCOMING, COUNTED_OUTGOING, ShipmentEvent

RECENT_EVENTS = 10
UNBALANCED_PARTNERS = 10
AT_RISK_SHOWN = 10


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    count: int
    url: str


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _url(name: str, params=(), anchor: str = "", **kwargs) -> str:
    url = reverse(name, kwargs=kwargs or None)
    if params:
        url += "?" + urlencode(list(params))
    return url + (f"#{anchor}" if anchor else "")


def roles_of(user) -> list[str]:
    """The roles whose sections the user sees, in page order. Read with the user's
    permissions (one query a request)."""
    if user.is_superuser:
        return [STAFF, HEADS, ADMINISTRATORS]
    names = group_names(user)
    return [role for role in (STAFF, HEADS, ADMINISTRATORS) if role in names]


def sections_for(user, today: datetime.date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    builders = {STAFF: staff_section, HEADS: heads_section, ADMINISTRATORS: admin_section}
    return [builders[role](today) for role in roles_of(user)]


# Acquisitions staff ------------------------------------------------------------------


def staff_section(today: datetime.date) -> Section:
    """Four queries: shipment counts, silent partners, open claims, recent events."""
    outgoing, incoming = Direction.OUTGOING, Direction.INCOMING
    counts = Shipment.objects.aggregate(
        drafts=Count("pk", filter=Q(direction=outgoing, status="draft")),
        packed=Count("pk", filter=Q(direction=outgoing, status="packed")),
        overdue=Count("pk", filter=claims.overdue_q(today)),
        unconfirmed=Count("pk", filter=Q(direction=incoming, status="received")),
        to_confirm=Count("pk", filter=claims.to_confirm_q(today)),
    )
    shipments = "shipments:list"
    figures = [
        Figure(
            "drafts",
            _("Outgoing drafts"),
            counts["drafts"],
            _url(shipments, [("direction", outgoing), ("status", "draft")]),
        ),
        Figure(
            "packed",
            _("Packed, not yet dispatched"),
            counts["packed"],
            _url(shipments, [("direction", outgoing), ("status", "packed")]),
        ),
        Figure(
            "overdue",
            _("Incoming shipments overdue"),
            counts["overdue"],
            _url("exchange:claims", anchor="overdue"),
        ),
        Figure(
            "silent",
            _("Partners silent for %(months)s months")
            % {"months": settings.EXCHANGE_CLAIM_AFTER_MONTHS},
            claims.silent_partners(today).count(),
            _url("exchange:claims", anchor="silent"),
        ),
        Figure(
            "unconfirmed",
            _("Receipts not yet acknowledged to the partner"),
            counts["unconfirmed"],
            _url(shipments, [("direction", incoming), ("status", "received")]),
        ),
        Figure(
            "to_confirm",
            _("Outgoing never acknowledged after %(days)s days")
            % {"days": settings.EXCHANGE_CONFIRM_AFTER_DAYS},
            counts["to_confirm"],
            _url("exchange:to_confirm"),
        ),
        Figure(
            "awaiting_reply",
            _("Claims awaiting a reply"),
            claims.awaiting_reply().count(),
            _url("exchange:claim_list", [("awaiting", "1")]),
        ),
        *exchange_figures(),
    ]
    recent = list(
        ShipmentEvent.objects.select_related("shipment__partner", "user").order_by("-at", "-id")[
            :RECENT_EVENTS
        ]
    )
    return Section("staff", _("Waiting for you"), figures, {"recent": recent})


def exchange_figures() -> list[Figure]:
    """Selections to approve and to ship, partners' offers waiting, wanted titles on
    offer. Four queries."""
    selections = offers.selection_counts()
    listed = "offers:selection_list"
    return [
        Figure(
            "to_approve",
            _("Selections to approve"),
            selections["to_approve"],
            _url(listed, [("status", "requested")]),
        ),
        Figure(
            "to_ship",
            _("Approved selections to ship"),
            selections["to_ship"],
            _url(listed, [("status", "approved")]),
        ),
        Figure(
            "offers_waiting",
            _("Partners' offers waiting for our choice"),
            offers.offers_waiting(),
            _url("offers:partner_offers", [("status", "open")]),
        ),
        Figure(
            "wanted_on_offer",
            _("Wanted titles on offer"),
            len(offers.wanted_on_offer()),
            _url("offers:wants_on_offer"),
        ),
    ]


# Department heads --------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """This year to date against the same days of last year, for one measure."""

    measure: str
    label: str
    sent: object
    sent_last_year: object
    received: object
    received_last_year: object
    sent_url: str = ""
    sent_last_year_url: str = ""
    received_url: str = ""
    received_last_year_url: str = ""


def year_on_year(today: datetime.date) -> tuple[Balance, Balance]:
    """(this year to date, last year to the same day): one query."""
    this_start = datetime.date(today.year, 1, 1)
    last_end = years_before(today, 1)
    where = Q(counted_on__lte=last_end) | Q(counted_on__gte=this_start)
    period = Period(datetime.date(today.year - 1, 1, 1), today)
    totals = counted_totals(period, {"year": by_year()}, where)
    return totals.get((today.year,), Balance()), totals.get((today.year - 1,), Balance())


def _counted_list_url(direction: str, start: datetime.date, end: datetime.date) -> str:
    statuses = COUNTED_OUTGOING if direction == Direction.OUTGOING else COUNTED_INCOMING
    params = [("direction", direction)] + [("status", status) for status in statuses]
    params += [("date_from", start.isoformat()), ("date_to", end.isoformat())]
    return _url("shipments:list", params)


def comparisons(today: datetime.date) -> list[Comparison]:
    this, last = year_on_year(today)
    this_start = datetime.date(today.year, 1, 1)
    last_start, last_end = datetime.date(today.year - 1, 1, 1), years_before(today, 1)
    out, inc = Direction.OUTGOING, Direction.INCOMING
    rows = [
        Comparison(
            "shipments",
            _("Shipments"),
            this.sent.shipments,
            last.sent.shipments,
            this.received.shipments,
            last.received.shipments,
            _counted_list_url(out, this_start, today),
            _counted_list_url(out, last_start, last_end),
            _counted_list_url(inc, this_start, today),
            _counted_list_url(inc, last_start, last_end),
        )
    ]
    labels = {"items": _("Items"), "titles": _("Titles"), "pages": _("Pages")}
    labels["value"] = _("Value (%(currency)s)") % {"currency": settings.EXCHANGE_BASE_CURRENCY}
    for measure, label in labels.items():
        rows.append(
            Comparison(
                measure,
                label,
                this.sent.measure(measure),
                last.sent.measure(measure),
                this.received.measure(measure),
                last.received.measure(measure),
            )
        )
    return rows


def unbalanced_period(today: datetime.date) -> Period:
    """The five complete years before this one, as the balance report's preset."""
    return preset_period(LAST_5_YEARS, today)


def unbalanced_partners(today: datetime.date, limit: int = UNBALANCED_PARTNERS) -> list[dict]:
    """Active partners out of balance, by the reports' rules, worst first. Two queries."""
    return most_unbalanced(
        unbalanced_period(today),
        limit,
        filters=Filters(status=Partner.Status.ACTIVE),
        today=today,
    )


def heads_section(today: datetime.date) -> Section:
    """Year on year (1 query), unbalanced partners (2), obligations at risk (2), expiring (1),
    selections waiting for a head (1)."""
    risky = at_risk(today)
    expiring = list(
        CulturalAgreement.objects.expiring(today, within_days=EXPIRING_DAYS).order_by(
            "valid_to", "title"
        )
    )
    figures = [
        Figure(
            "at_risk",
            _("Obligations at risk this year"),
            len(risky),
            _url("exchange:obligation_list", [("year", today.year), ("state", State.AT_RISK)]),
        ),
        Figure(
            "expiring",
            _("Agreements expiring within six months"),
            len(expiring),
            _url("exchange:agreement_list", [("status", "expiring")]),
        ),
        Figure(
            "awaiting_head",
            _("Selections waiting for a department head's approval"),
            offers.selection_counts()["awaiting_head"],
            _url("offers:selection_list", [("awaiting", "head")]),
        ),
    ]
    extra = {
        # Shared by every head while nothing they count has changed.
        "comparisons": cached_figures(f"comparisons:{today}", lambda: comparisons(today)),
        "this_year": today.year,
        "last_year": today.year - 1,
        "last_year_to": years_before(today, 1),
        "unbalanced": cached_figures(f"unbalanced:{today}", lambda: unbalanced_partners(today)),
        "unbalanced_period": unbalanced_period(today),
        # the furthest behind first; the figure links to all of them
        "at_risk": sorted(risky, key=lambda f: (f.ratio, f.obligation.pk))[:AT_RISK_SHOWN],
        "expiring": expiring,
    }
    return Section("heads", _("The exchange at a glance"), figures, extra)


# Administrators ----------------------------------------------------------------------


def currencies_without_any_rate():
    """Currencies of valued items that have no exchange rate at all, with item counts.
    Asked of each currency without a rate by name (an index lookup each, most finding
    nothing) rather than by reading every valued item."""
    with_rates = set(ExchangeRate.objects.values_list("currency", flat=True).distinct())
    without = sorted(currency_codes() - with_rates - {settings.EXCHANGE_BASE_CURRENCY})
    # Two queries: with the rates' currencies as a subquery, PostgreSQL reads every item.
    return (
        ShipmentItem.objects.filter(unit_value__gt=0, currency__in=without)
        .values("currency")
        .annotate(items=Count("id"))
        .order_by("currency")
    )


def admin_section(today: datetime.date) -> Section:
    """Three queries: the partner checks, the currencies (two)."""
    counts = Partner.objects.active().aggregate(
        **{
            what: Count("pk", filter=partners_missing(what, today))
            for what, _label in MISSING_CHOICES
        }
    )
    labels = {
        "address": _("Active partners without an address to ship to"),
        "contact": _("Active partners without a contact person"),
        "shipments": _("Active partners with no counted shipment in three years"),
    }
    figures = [
        Figure(
            what,
            labels[what],
            counts[what],
            _url("partners:list", [("status", "active"), ("missing", what)]),
        )
        for what, _label in MISSING_CHOICES
    ]
    currencies = list(currencies_without_any_rate())
    figures.append(
        Figure(
            "currencies",
            _("Currencies used without an exchange rate"),
            len(currencies),
            "#currencies",
        )
    )
    return Section("admin", _("Data to put right"), figures, {"currencies": currencies})
