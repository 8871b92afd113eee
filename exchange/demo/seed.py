"""Realistic demo data for `manage.py seed_demo`: the entry point `seed_demo()`.

Everything comes from `random.Random` instances seeded from the `seed` option (one per
part, so that, say, the book catalogue does not change when the partner count does),
and every date is reckoned from `until`: the same options give the same data.

Rows are built in memory and written with `bulk_create` in one transaction, so the
default size loads in seconds. `bulk_create` writes no simple_history rows; the demo
shipments carry their own status history as `ShipmentEvent`s instead.

This module makes the demo users, checks the options and writes the rows, in this order;
the modules beside it make them:

    identity            the library's letterhead, the demo users' names and titles
    partners, people    partners (the real ones from `libraries`), addresses, contacts
    money               exchange rates
    agreements          cultural agreements and their obligations
    history             shipments over the years: each a `parcels.ShipmentPlan`, holding
                        our books (`catalogue`) or the partner's (`foreign_books`)
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from exchange.claims.models import Claim
from exchange.core import roles
from exchange.demo.agreements import cultural_agreements
from exchange.demo.context import Profile, Run
from exchange.demo.helpers import add_years
from exchange.demo.history import shipment_plans
from exchange.demo.identity import ensure_identity, name_demo_users
from exchange.demo.money import CURRENCIES, exchange_rates
from exchange.demo.offers import create_exchange
from exchange.demo.partners import DEMO_NOTE, most_partners, partner_profiles
from exchange.demo.people import make_addresses, make_contacts
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.models import ExchangeRate
from partners.models import Address, Contact, Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent

BATCH = 2000

DEMO_USERS = (
    # username, password, group, may use the Django admin
    ("staff", "demo-staff-2026", roles.STAFF, False),
    ("head", "demo-head-2026", roles.HEADS, False),
    ("admin", "demo-admin-2026", roles.ADMINISTRATORS, True),
)


class DemoError(Exception):
    """Options the demo cannot honour."""


def seed_demo(
    *, partners=520, years=12, seed=2026, scale=1.0, until=None, progress=None, count=None
) -> dict | None:
    """Load the demo data; None (and nothing added) if it is already there.

    The roles and the demo users are made in any case, and left alone if they exist.
    `progress(text)`, if given, hears of each step as it starts and ends (the default
    size takes a minute or two); `count(name, done, total)`, if given, of the rows of
    each model written, batch by batch (from 0 to the total).
    """
    until = until or timezone.localdate()
    with transaction.atomic():
        ensure_demo_users()
        ensure_identity()
        if Partner.objects.filter(notes__startswith=DEMO_NOTE).exists():
            return None
        demo = DemoData(partners=partners, years=years, seed=seed, scale=scale, until=until)
        demo.progress = progress or (lambda text: None)
        demo.count = count
        counts = demo.load()
    update_statistics()
    return counts


def update_statistics() -> None:
    """The planner's statistics of the tables just filled. Without them PostgreSQL
    takes the summary for a handful of rows until autovacuum comes by: the heads'
    dashboard read it with a nested loop, 110 ms instead of 8 on the demo."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def ensure_demo_users() -> None:
    groups = roles.ensure_roles()
    users = get_user_model().objects
    for username, password, group, is_staff in DEMO_USERS:
        if users.filter(username=username).exists():
            continue
        user = users.create_user(
            username, email=f"{username}@example.org", password=password, is_staff=is_staff
        )
        user.groups.add(groups[group])
    name_demo_users()


class DemoData:
    """One run: its options checked, then its rows made and written part by part."""

    def __init__(self, *, partners, years, seed, scale, until):
        first_day = add_years(until, -years)
        base = settings.EXCHANGE_BASE_CURRENCY
        if base not in CURRENCIES:
            raise DemoError(f"The demo has no rates against {base}.")
        user = get_user_model().objects.get(username="staff")
        if partners > most_partners():
            raise DemoError(f"The demo can make at most {most_partners()} partners.")
        self.run = Run(
            seed=seed,
            size=partners,
            scale=scale,
            until=until,
            first_day=first_day,
            base=base,
            user=user,
        )
        self.counts = {}
        self.progress = lambda text: None
        self.count = None

    def load(self) -> dict:
        self.progress(f"Partners, their addresses and contacts ({self.run.size})…")
        profiles = self.create_partners()
        self.progress("Exchange rates…")
        self.create_rates(profiles)
        self.progress("Agreements and obligations…")
        self.create_agreements(profiles)
        years = self.run.until.year - self.run.first_day.year
        self.progress(f"Shipments over {years} years (the longest step)…")
        self.create_shipments(profiles)
        self.progress("The exchange: stock, offer lists, selections, partners' offers, wants…")
        create_exchange(self.run, profiles, self.save)
        return self.counts

    def save(self, model, objects: list) -> None:
        name, total = model.__name__, len(objects)
        if self.count is None:
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.progress(f"  {name}: {total:,} written")
        else:
            self.count(name, 0, total)
            for start in range(0, total, BATCH):
                model.objects.bulk_create(objects[start : start + BATCH])
                self.count(name, min(start + BATCH, total), total)
        self.counts[name] = total

    def create_partners(self) -> list[Profile]:
        rng = self.run.rng("partners")
        profiles = partner_profiles(rng, self.run)
        for profile in profiles:
            profile.partner.set_name_pinyin()
        self.save(Partner, [profile.partner for profile in profiles])
        addresses, contacts = [], []
        for profile in profiles:
            addresses += make_addresses(rng, profile)
            contacts += make_contacts(rng, profile)
        self.save(Address, addresses)
        self.save(Contact, contacts)
        return profiles

    def create_rates(self, profiles: list[Profile]) -> None:
        currencies = {profile.currency for profile in profiles}
        self.save(ExchangeRate, exchange_rates(self.run.rng("rates"), self.run, currencies))

    def create_agreements(self, profiles: list[Profile]) -> None:
        rng = self.run.rng("agreements")
        agreements, obligations = cultural_agreements(rng, self.run, profiles)
        self.save(CulturalAgreement, agreements)
        self.save(Obligation, obligations)

    def create_shipments(self, profiles: list[Profile]) -> None:
        plans = shipment_plans(self.run, profiles)
        self.save(Shipment, [plan.shipment for plan in plans])
        self.save(ShipmentItem, [item for plan in plans for item in plan.items])
        self.save(ShipmentEvent, [event for plan in plans for event in plan.events])
        self.save(Claim, [claim for plan in plans for claim in plan.claims])
