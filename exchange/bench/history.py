"""The generated history: partners, monthly rates, shipments with their items and
events, COPYed in with the summary triggers off, then the summary rebuilt; and the size
of what is there.

Seeded: the same scale gives the same history, so figures of two runs compare.
"""

import datetime
import random
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone

from exchange.balance import rebuild
from exchange.balance.sql import SUMMARY
from exchange.bench.database import (
    copy,
    empty_history,
    reset_sequences,
    summary_triggers_off,
)
from exchange.core.collation import pinyin_text
from exchange.core.countries import countries

YEARS = 30
PARTNERS, SHIPMENTS, ITEMS_PER_SHIPMENT = 2_000, 200_000, 10
CURRENCIES = {  # a month's rate starts near this and wanders
    "USD": 7.0,
    "EUR": 7.8,
    "GBP": 9.1,
    "JPY": 0.055,
    "RUB": 0.09,
    "KRW": 0.0055,
    "CHF": 7.9,
    "AUD": 4.8,
}
BASE = settings.EXCHANGE_BASE_CURRENCY
KINDS = ["national"] * 3 + ["university"] * 4 + ["research"] * 2 + ["public", "other"]
STATUSES_OUT = [("acknowledged", 50), ("delivered", 22), ("dispatched", 13), ("draft", 5)]
STATUSES_OUT += [("packed", 3), ("cancelled", 2), ("lost", 3), ("returned", 2)]
STATUSES_IN = [("acknowledged", 58), ("received", 30), ("expected", 8), ("cancelled", 4)]
DISPATCHED = {"dispatched", "delivered", "acknowledged", "lost", "returned"}
RECEIVED = {"received", "acknowledged"}
# The database columns COPY fills, in the order of the generated rows (not the columns
# of an import file, which shipments.models names).
PARTNER_TABLE_COLUMNS = (
    "id, code, name, name_zh, name_pinyin, name_original, kind, country, city, city_zh,"
    " status, exchange_since, exchange_basis, website, email, notes, version, created_at,"
    " updated_at"
)
SHIPMENT_TABLE_COLUMNS = (
    "id, reference, direction, partner_id, status, dispatched_on, delivered_on, received_on,"
    " acknowledged_on, method, tracking_number, parcels, postage_cost, other_cost, notes,"
    " version, created_at, updated_at"
)
ITEM_TABLE_COLUMNS = (
    "shipment_id, title, author, publisher, isbn, issn, material_type, language, year,"
    " quantity, pages, unit_value, currency"
)
EVENT_TABLE_COLUMNS = 'shipment_id, status, "on", at, note'
# Items held in memory before they are COPYed: bounds the memory at scale 1.
COPY_BATCH = 200_000


def counts(scale: float, partners: int | None) -> dict:
    """How many partners and shipments the scale asks for (`partners` overrides)."""
    return {
        "partners": partners or round(PARTNERS * scale),
        "shipments": round(SHIPMENTS * scale),
    }


def has_scale(counts) -> bool:
    from partners.models import Partner
    from shipments.models import Shipment

    return (
        Partner.objects.count() == counts["partners"]
        and Shipment.objects.count() == counts["shipments"]
    )


def generate(counts, write) -> dict:
    """Empty the database and COPY a fresh history in; rebuild the summary."""
    rng = random.Random(2026)
    started = time.perf_counter()
    empty_history()
    with summary_triggers_off():
        first_day = datetime.date(timezone.localdate().year - YEARS + 1, 1, 1)
        weights = copy_partners(counts["partners"], rng)
        copy_rates(first_day, rng)
        items = copy_shipments(counts["shipments"], weights, first_day, rng)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rebuild.rebuild()
    rebuilt = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    write(
        f"Generated {counts['shipments']:,} shipments, {items:,} items in {generated:.0f} s;"
        f" summary rebuilt in {rebuilt:.1f} s."
    )
    return {"generate_s": round(generated, 1), "rebuild_summary_s": round(rebuilt, 1)}


def copy_partners(count: int, rng) -> list[float]:
    """The partners, P-0000 onwards; returns their weights as shipments' partners."""
    codes = [code for code, _name in countries][:150]
    now = timezone.now().isoformat()
    rows = [partner_row(n, codes, now, rng) for n in range(count)]
    copy("partners_partner", PARTNER_TABLE_COLUMNS, rows)
    # A few busy partners, many quiet ones: weights ~ 1/rank.
    return [1 / (rank + 5) for rank in range(count)]


def partner_row(n: int, codes: list[str], now: str, rng) -> list:
    since = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(20_000))
    status = rng.choices(["active", "suspended", "ended", "prospective"], [90, 4, 4, 2])[0]
    basis = rng.choices(["piece", "page", "value", "gift", ""], [50, 15, 25, 5, 5])[0]
    return [
        n + 1,
        f"P-{n:04d}",
        f"Library {n}",
        "",
        pinyin_text(f"Library {n}"),
        "",
        rng.choice(KINDS),
        rng.choice(codes),
        "",
        "",
        status,
        since.isoformat(),
        basis,
        "",
        "",
        "",
        1,
        now,
        now,
    ]


def copy_rates(first_day: datetime.date, rng) -> None:
    """A rate a month per currency from a year before the first shipment to today."""
    rows = []
    month = first_day.replace(year=first_day.year - 1)
    rates = dict(CURRENCIES)
    while month <= timezone.localdate():
        for currency, rate in rates.items():
            rows.append([currency, month.isoformat(), f"{rate:.6f}"])
            rates[currency] = max(rate * rng.uniform(0.97, 1.03), 0.000001)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    copy("exchange_exchangerate", "currency, valid_from, rate", rows)


def copy_shipments(count: int, weights, first_day, rng) -> int:
    """The shipments with their items and last event; returns the number of items."""
    days = (timezone.localdate() - first_day).days
    partner_ids = rng.choices(range(1, len(weights) + 1), weights, k=count)
    shipments, items, events = [], [], []
    total_items = 0
    for n in range(count):
        # The calls on `rng` keep their order: the same seed, the same history.
        shipment, event = shipment_rows(n, partner_ids[n], first_day, days, rng)
        shipments.append(shipment)
        events.append(event)
        items += item_rows(n, shipment[2] == "outgoing", rng)
        if len(items) >= COPY_BATCH:
            total_items += len(items)
            copy("shipments_shipment", SHIPMENT_TABLE_COLUMNS, shipments)
            copy("shipments_shipmentitem", ITEM_TABLE_COLUMNS, items)
            shipments, items = [], []
    total_items += len(items)
    copy("shipments_shipment", SHIPMENT_TABLE_COLUMNS, shipments)
    copy("shipments_shipmentitem", ITEM_TABLE_COLUMNS, items)
    copy("shipments_shipmentevent", EVENT_TABLE_COLUMNS, events, note="")
    reset_sequences(("partners_partner", "shipments_shipment", "exchange_exchangerate"))
    return total_items


def shipment_rows(n: int, partner_id: int, first_day, days: int, rng) -> tuple[list, list]:
    """Shipment n (id n + 1) on a random day, its dates those of its status; and the
    event of that status."""
    outgoing = rng.random() < 0.55
    statuses = STATUSES_OUT if outgoing else STATUSES_IN
    status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
    day = first_day + datetime.timedelta(days=rng.randrange(days))
    dispatched = day if outgoing and status in DISPATCHED else None
    received = day if not outgoing and status in RECEIVED else None
    delivered = None
    if outgoing and status in ("delivered", "acknowledged"):
        delivered = day + datetime.timedelta(days=20)
    acknowledged = day + datetime.timedelta(days=40) if status == "acknowledged" else None
    stamp = f"{day.isoformat()} 12:00:00+00"
    shipment = [
        n + 1,
        f"{'OUT' if outgoing else 'IN'}-G-{n:07d}",
        "outgoing" if outgoing else "incoming",
        partner_id,
        status,
        iso(dispatched),
        iso(delivered),
        iso(received),
        iso(acknowledged),
        rng.choice(["surface", "air", "courier"]) if outgoing else "",
        "",
        1,
        f"{rng.randrange(0, 50_000) / 100:.2f}" if outgoing else "0.00",
        "0.00",
        "",
        1,
        stamp,
        stamp,
    ]
    event = [n + 1, status, (dispatched or received or day).isoformat(), stamp]
    return shipment, event


def item_rows(n: int, outgoing: bool, rng) -> list[list]:
    """Shipment n's 1 to 19 items, three quarters valued: an outgoing one mostly in the
    base currency, an incoming one in a foreign one."""
    items = []
    for line in range(rng.randint(1, 2 * ITEMS_PER_SHIPMENT - 1)):
        value, currency = item_value(outgoing, rng)
        items.append(
            [
                n + 1,
                f"Title {n}-{line}",
                "",
                "",
                "",
                "",
                "monograph",
                "en",
                1950 + rng.randrange(75),
                rng.choice((1, 1, 1, 2, 3)),
                rng.randrange(0, 800),
                value,
                currency,
            ]
        )
    return items


def item_value(outgoing: bool, rng) -> tuple[str, str]:
    if rng.random() >= 0.75:
        return "0", ""
    value = f"{rng.randrange(100, 30_000) / 100:.2f}"
    home = outgoing and rng.random() < 0.7
    return value, BASE if home else rng.choice(list(CURRENCIES))


def iso(day) -> str | None:
    return day.isoformat() if day else None


def data_sizes() -> dict:
    """The rows of each table measured against, and the span of the history."""
    with connection.cursor() as cursor:
        sizes = {}
        for key, table in (
            ("partners", "partners_partner"),
            ("shipments", "shipments_shipment"),
            ("items", "shipments_shipmentitem"),
            ("rates", "exchange_exchangerate"),
            ("summary_rows", SUMMARY),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[key] = cursor.fetchone()[0]
        cursor.execute("SELECT min(counted_on), max(counted_on) FROM shipments_shipment")
        first, last = cursor.fetchone()
        sizes["span"] = f"{first} – {last}"
    return sizes
