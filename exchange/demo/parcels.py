"""One shipment: its record, its items (from our catalogue or the partner's books), its
parcels, weight and postage, its status history and any claims about it."""

import datetime
import math
import random
from decimal import Decimal

from exchange.claims.models import Claim
from exchange.demo.catalogue import Catalogue
from exchange.demo.context import Profile, Run
from exchange.demo.foreign_books import foreign_book
from exchange.demo.helpers import DAY, aware, decimal, random_day, weighted
from exchange.demo.money import CENT
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent

POSTAGE = {
    # method: (fixed, per kg) in CNY
    "surface": ("40", "28"),
    "air": ("80", "95"),
    "courier": ("160", "130"),
}
ITEM_COUNTS = range(1, 13)
ITEM_COUNT_WEIGHTS = (8, 10, 13, 13, 12, 11, 9, 7, 6, 5, 3, 3)
EVENT_NOTES = {
    "draft": ("Created",),
    "expected": ("Created: announced by the partner", "Created: the partner's dispatch list"),
    "packed": ("Packed", "Packed; customs declaration attached"),
    "delivered": ("Delivery confirmed by tracking", "Delivered"),
    "acknowledged": (
        "Acknowledgement received by email",
        "Receipt slip returned by the partner",
        "Receipt acknowledged to the partner",
    ),
    "received": ("Received in good condition", "Received; one parcel damaged, contents intact"),
    "cancelled": (
        "Cancelled: the partner asked us to wait",
        "Cancelled: titles no longer available",
        "Cancelled: duplicate announcement",
    ),
    "lost": ("Reported lost by the post after an enquiry",),
    "returned": ("Returned: addressee unknown", "Returned: refused by customs"),
}
DISPATCH_NOTES = {
    "electronic": "Sent electronically: download link emailed to the partner",
    "hand": "Handed over in person",
    "diplomatic": "Sent in the diplomatic bag through the embassy",
}
SHIPMENT_NOTES = (
    "Sent at the partner's request (desiderata list).",
    "Duplicates from the partner's collections.",
    "Includes replacement copies for damaged items.",
    "The partner's new publications of the year.",
)
CLAIM_REPLIES = (
    "The parcel was sent by surface mail; we will send a duplicate if it has not arrived "
    "within two months.",
    "Delayed in customs; the parcel has been released and is on its way.",
    "We apologise: the parcel was returned to us with an incomplete address. Sent again.",
)


def s10_tracking(rng: random.Random, service: str, country: str) -> str:
    """A UPU S10 item number (as on registered mail), with its check digit."""
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{service}{''.join(map(str, digits))}{check}{country}"


class ShipmentPlan:
    """One shipment with its items, its status history and any claims about it."""

    def __init__(
        self,
        run: Run,
        catalogue: Catalogue,
        rng: random.Random,
        profile: Profile,
        direction,
        method,
        days,
        steps,
    ):
        self.run = run
        self.catalogue = catalogue
        self.rng = rng
        self.profile = profile
        self.direction = direction
        self.created = steps[0][1]
        self.dates = dict(steps)
        self.status = steps[-1][0]
        day, arrival = days
        self.shipment = self.make_shipment(method, day, arrival)
        # A parcel planned for early next year still holds this year's books.
        self.items = self.make_items(method, min(day.year, run.until.year))
        self.weigh()
        self.events = [self.event(status, on, 9 + step) for step, (status, on) in enumerate(steps)]
        self.claims = self.make_claims() if direction == "incoming" else []

    def make_shipment(self, method: str, day, arrival) -> Shipment:
        rng, dates, outgoing = self.rng, self.dates, self.direction == "outgoing"
        partner = self.profile.partner
        return Shipment(
            direction=self.direction,
            partner=partner,
            status=self.status,
            expected_on=None if outgoing else arrival,
            packed_on=dates.get("packed"),
            dispatched_on=dates.get("dispatched"),
            delivered_on=dates.get("delivered"),
            received_on=dates.get("received"),
            acknowledged_on=dates.get("acknowledged"),
            cancelled_on=dates.get("cancelled"),
            lost_on=dates.get("lost"),
            returned_on=dates.get("returned"),
            method=method,
            tracking_number=self.tracking(method, "CN" if outgoing else self.profile.country),
            obligation=self.obligation(day),
            notes=rng.choice(SHIPMENT_NOTES) if rng.random() < 0.05 else "",
            created_by=self.run.user,
            created_at=aware(self.created, rng),
        )

    def tracking(self, method: str, country: str) -> str:
        if method in ("surface", "air"):
            return s10_tracking(self.rng, "RR" if method == "surface" else "CP", country)
        if method == "courier":
            return s10_tracking(self.rng, "EA", country)
        return ""

    def obligation(self, day: datetime.date):
        """Half of the shipments that may serve an obligation in force that day do."""
        candidates = [
            obligation
            for obligation in self.profile.obligations[self.direction]
            if (obligation.agreement.valid_from or day) <= day
            and (obligation.agreement.valid_to or day) >= day
        ]
        if candidates and self.rng.random() < 0.5:
            return self.rng.choice(candidates)
        return None

    def make_items(self, method: str, year: int) -> list[ShipmentItem]:
        count = weighted(self.rng, ITEM_COUNTS, ITEM_COUNT_WEIGHTS)
        if self.direction == "outgoing":
            books = self.catalogue.pick(self.rng, year, count)
        else:
            books = [
                foreign_book(self.rng, self.profile, year, self.run.base) for _ in range(count)
            ]
        gifts = 0.8 if self.profile.partner.exchange_basis == "gift" else 0.08
        items = []
        for book in books:
            if method == "electronic":
                book = {**book, "material_type": "electronic"}
            free = self.rng.random() < gifts
            items.append(
                ShipmentItem(
                    shipment=self.shipment,
                    quantity=weighted(self.rng, (1, 2, 3, 5), (74, 18, 6, 2)),
                    unit_value=Decimal(0) if free else book["unit_value"],
                    currency="" if free else book["currency"],
                    **{k: v for k, v in book.items() if k not in ("unit_value", "currency")},
                )
            )
        return items

    def weigh(self) -> None:
        """Parcels, weight and postage follow from what is in it and how it goes."""
        shipment, rng = self.shipment, self.rng
        copies = sum(item.quantity for item in self.items)
        grams = sum((item.pages * 1.2 + 150) * item.quantity for item in self.items)
        if shipment.method == "electronic":
            shipment.parcels, shipment.weight_kg = 1, None
            return
        shipment.parcels = max(1, math.ceil(copies / 8))
        recorded = shipment.status not in ("draft", "expected", "cancelled")
        shipment.weight_kg = decimal(grams / 1000, 3) if recorded else None
        fee = POSTAGE.get(shipment.method)
        if self.direction == "outgoing" and shipment.dispatched_on and fee:
            fixed, per_kg = (Decimal(x) for x in fee)
            cost = fixed * shipment.parcels + per_kg * decimal(grams / 1000, 3)
            shipment.postage_cost = cost.quantize(CENT)
            extras = (Decimal(0), Decimal(15), Decimal(30), Decimal(120))
            shipment.other_cost = weighted(rng, extras, (50, 30, 15, 5)).quantize(CENT)

    def event(self, status: str, on: datetime.date, hour: int) -> ShipmentEvent:
        shipment = self.shipment
        if status == "dispatched" and shipment.method in DISPATCH_NOTES:
            note = DISPATCH_NOTES[shipment.method]
        elif status == "dispatched":
            note = f"{shipment.get_method_display()}, {shipment.parcels} parcel(s)"
            note += f", tracking {shipment.tracking_number}" if shipment.tracking_number else ""
        else:
            note = self.rng.choice(EVENT_NOTES[status])
        return ShipmentEvent(
            shipment=shipment,
            status=status,
            on=on,
            at=aware(on, self.rng, hour),
            user=self.run.user,
            note=note,
        )

    def make_claims(self) -> list[Claim]:
        """A claim about a parcel that did not come when expected."""
        rng, shipment, until = self.rng, self.shipment, self.run.until
        first = shipment.expected_on + 30 * DAY
        last = min(until, (shipment.received_on or until + DAY) - DAY, first + 45 * DAY)
        # Most overdue parcels are claimed; a few that came late in the end were too.
        chance = 0.7 if shipment.status == "expected" else 0.15
        if shipment.status == "cancelled" or last < first or rng.random() >= chance:
            return []
        claimed = random_day(rng, first, last)
        reply_by = min(until, shipment.received_on or until)
        replied = None
        if claimed + 5 * DAY <= reply_by and rng.random() < 0.5:
            replied = random_day(rng, claimed + 5 * DAY, reply_by)
        return [
            Claim(
                partner=shipment.partner,
                shipment=shipment,
                claimed_on=claimed,
                subject=f"The parcels announced for {shipment.expected_on} have not arrived; "
                "please check and, if need be, send them again.",
                reply=rng.choice(CLAIM_REPLIES) if replied else "",
                replied_on=replied,
                created_by=self.run.user,
                created_at=aware(claimed, rng),
            )
        ]
