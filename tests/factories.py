"""factory-boy factories: small, valid objects; override what a test is about."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from stdnum import ean

from exchange.claims.models import Claim
from exchange.core.models import LibraryIdentity, UserPreference
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.models import ExchangeRate
from partners.models import Address, Contact, Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment


def valid_isbn(n: int) -> str:
    body = f"978{n:09d}"
    return body + ean.calc_check_digit(body)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    code = factory.Sequence(lambda n: f"XX-P{n:04d}")
    name = factory.Sequence(lambda n: f"Partner Library {n}")
    kind = "national"
    country = "GB"
    city = "London"
    status = "active"
    exchange_since = datetime.date(2000, 1, 1)
    exchange_basis = "piece"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    partner = factory.SubFactory(PartnerFactory)
    kind = "shipping"
    recipient = "Exchange and Gifts"
    lines = "96 Euston Road"
    city = "London"
    postcode = "NW1 2DB"
    country = "GB"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Exchange librarian"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    language = "en"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CulturalAgreement

    title = factory.Sequence(lambda n: f"Cultural agreement {n}")
    reference = factory.Sequence(lambda n: f"CA-{n:04d}")
    countries = ["GB"]
    signed_on = datetime.date(2020, 1, 1)
    valid_from = datetime.date(2020, 1, 1)
    valid_to = datetime.date(2030, 12, 31)


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    agreement = factory.SubFactory(AgreementFactory)
    direction = "outgoing"
    measure = "items"
    target = Decimal(100)


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "USD"
    valid_from = datetime.date(2000, 1, 1)
    rate = Decimal("7.000000")


class ShipmentFactory(factory.django.DjangoModelFactory):
    """A draft outgoing shipment; see `outgoing` and `incoming` for counted ones."""

    class Meta:
        model = Shipment

    reference = factory.Sequence(lambda n: f"OUT-2026-{n:05d}")
    direction = "outgoing"
    partner = factory.SubFactory(PartnerFactory)
    status = "draft"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentItem

    shipment = factory.SubFactory(ShipmentFactory)
    title = factory.Sequence(lambda n: f"Title {n}")
    isbn = factory.Sequence(valid_isbn)
    language = "zh"
    year = 2024
    quantity = 1
    pages = 100
    unit_value = Decimal(0)
    currency = ""


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    partner = factory.SubFactory(PartnerFactory)
    claimed_on = datetime.date(2026, 1, 10)
    subject = "Annual report 2025 not received"


def sent(partner, on, **kwargs) -> Shipment:
    """An outgoing shipment dispatched on `on` (counted unless status says otherwise)."""
    kwargs.setdefault("status", "dispatched")
    return ShipmentFactory(partner=partner, direction="outgoing", dispatched_on=on, **kwargs)


def received(partner, on, **kwargs) -> Shipment:
    kwargs.setdefault("status", "received")
    kwargs.setdefault("reference", factory.Sequence(lambda n: f"IN-2026-{n:05d}"))
    return ShipmentFactory(partner=partner, direction="incoming", received_on=on, **kwargs)


def library_identity(**signatories) -> LibraryIdentity:
    """The library's identity as letters print it, signed by "lihua" (Li Hua, 李华) for
    the letter kinds given as `claim=True`, `dispatch_note=True`, `acknowledgement=True`."""
    head = User.objects.create_user("lihua", first_name="Hua", last_name="Li")
    UserPreference.objects.create(
        user=head, name_zh="李华", title="Head, International Exchange", title_zh="国际交换组组长"
    )
    identity = LibraryIdentity(
        name="National Library of China",
        name_zh="中国国家图书馆",
        department="International Exchange Section",
        department_zh="国际交换组",
        postal_address="33 Zhongguancun South Street\nHaidian District, Beijing 100081\nChina",
        postal_address_zh="中国北京市海淀区中关村南大街33号\n邮编 100081",
        email="exchange@example.cn",
        telephone="+86 10 0000 0000",
        **{f"{kind}_signatory": head for kind, signs in signatories.items() if signs},
    )
    identity.save()
    return identity


class StockItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exchange.StockItem"

    title = factory.Sequence(lambda n: f"Stock title {n}")
    copies = 5
    pages = 200
    unit_value = Decimal("50.00")
    currency = "CNY"


class OfferListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exchange.OfferList"

    reference = factory.Sequence(lambda n: f"OL-{n:04d}")
    title = factory.Sequence(lambda n: f"Offer list {n}")
    offered_on = datetime.date(2026, 3, 1)
    status = "open"
    to_all_active = True


def offer_list_with(*stock_items, copies=None, **kwargs):
    """An open list offering each stock title (all its copies, or `copies` each)."""
    from exchange.offers.models import OfferLine

    offer_list = OfferListFactory(**kwargs)
    for number, item in enumerate(stock_items, start=1):
        OfferLine.objects.create(
            offer_list=offer_list, number=number, stock_item=item, copies=copies or item.copies
        )
    return offer_list
