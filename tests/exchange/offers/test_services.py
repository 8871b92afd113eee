"""The steps of offers and selections (DOMAIN.md, "Offers, selections and wants"):
first-come reservation, withdrawal, the approval threshold, declining, shipping, and a
partner's offer requested; each refused with a clear reason and nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period
from exchange.offers import partner_offers, services
from exchange.offers.models import (
    OfferList,
    PartnerOffer,
    PartnerOfferLine,
    Selection,
    SelectionLine,
    StockItem,
)
from exchange.offers.services import Asked, OfferError
from partners.models import Partner
from shipments.models import Shipment
from tests.factories import (
    OfferListFactory,
    PartnerFactory,
    RateFactory,
    StockItemFactory,
    offer_list_with,
)

pytestmark = pytest.mark.django_db


def ask(offer_list, partner, *copies, user=None):
    lines = list(offer_list.lines.order_by("number"))
    asked = [Asked(line, n) for line, n in zip(lines, copies, strict=False) if n]
    return services.place_selection(
        offer_list=offer_list, partner=partner, asked=asked, source="letter", user=user
    )


def available(item) -> int:
    return StockItem.objects.with_available().get(pk=item.pk).available


def statuses(selection):
    return [line.status for line in selection.lines.order_by("offer_line__number")]


def test_first_come_first_served_and_refused_with_the_copies_left():
    item = StockItemFactory(copies=3)
    offer_list = offer_list_with(item)
    first = ask(offer_list, PartnerFactory(), 2)
    second = ask(offer_list, PartnerFactory(), 2)
    assert statuses(first) == ["reserved"] and statuses(second) == ["refused"]
    refused = second.lines.get()
    assert (refused.copies, refused.available_then) == (0, 1)
    assert available(item) == 1
    third = ask(offer_list, PartnerFactory(), 1)
    assert statuses(third) == ["reserved"] and available(item) == 0


def test_a_list_offers_no_more_copies_than_it_says():
    item = StockItemFactory(copies=10)
    offer_list = offer_list_with(item, copies=2)
    ask(offer_list, PartnerFactory(), 2)
    assert statuses(ask(offer_list, PartnerFactory(), 1)) == ["refused"]
    assert available(item) == 8  # the stock still has them, for other lists


def test_two_lists_share_one_stock():
    item = StockItemFactory(copies=2)
    ask(offer_list_with(item), PartnerFactory(), 2)
    assert statuses(ask(offer_list_with(item), PartnerFactory(), 1)) == ["refused"]


def test_a_withdrawn_or_declined_line_frees_its_copies():
    item = StockItemFactory(copies=1)
    offer_list = offer_list_with(item)
    selection = ask(offer_list, PartnerFactory(), 1)
    services.withdraw_line(line=selection.lines.get())
    assert available(item) == 1
    other = ask(offer_list, PartnerFactory(), 1)
    assert available(item) == 0
    services.decline(selection=other, user=None, note="Out of scope")
    assert available(item) == 1
    assert Selection.objects.get(pk=other.pk).status == "declined"


def test_lists_that_are_not_open_or_not_addressed_refuse_selections():
    item = StockItemFactory()
    draft = offer_list_with(item, status="draft")
    with pytest.raises(OfferError, match="not open"):
        ask(draft, PartnerFactory(), 1)
    to_france = offer_list_with(item, to_all_active=False, countries=["FR"])
    with pytest.raises(OfferError, match="not addressed"):
        ask(to_france, PartnerFactory(country="GB"), 1)
    assert statuses(ask(to_france, PartnerFactory(country="FR"), 1)) == ["reserved"]
    assert not Selection.objects.filter(offer_list=draft).exists()


def test_who_a_list_is_addressed_to():
    japan = PartnerFactory(country="JP", kind="university")
    ended = PartnerFactory(status="ended")
    chosen = PartnerFactory(country="KE")
    everyone = OfferListFactory(to_all_active=True)
    by_kind = OfferListFactory(to_all_active=False, kinds="university,research")
    by_choice = OfferListFactory(to_all_active=False)
    by_choice.partners.add(chosen)
    assert set(OfferList.objects.addressed_to(japan)) == {everyone, by_kind}
    assert set(OfferList.objects.addressed_to(ended)) == set()
    assert set(OfferList.objects.addressed_to(chosen)) == {everyone, by_choice}


def test_no_line_can_be_withdrawn_once_approved(staff_user):
    selection = ask(offer_list_with(StockItemFactory(unit_value=Decimal(1))), PartnerFactory(), 1)
    services.approve(selection=selection, user=staff_user)
    with pytest.raises(OfferError, match="approved"):
        services.withdraw_line(line=selection.lines.get())


def test_below_the_threshold_staff_approve_alone(staff_user, settings):
    settings.EXCHANGE_APPROVAL_THRESHOLD = 1000
    item = StockItemFactory(unit_value=Decimal("100"), currency="CNY", copies=10)
    selection = ask(offer_list_with(item), PartnerFactory(), 10)  # 1,000.00: not above
    assert services.approve(selection=selection, user=staff_user).status == "approved"


def test_above_the_threshold_a_department_head_approves_as_well(staff_user, head_user, settings):
    settings.EXCHANGE_APPROVAL_THRESHOLD = 1000
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7"))
    item = StockItemFactory(unit_value=Decimal("20"), currency="USD", copies=10)
    selection = ask(offer_list_with(item), PartnerFactory(), 8)  # 8 × 20 × 7 = 1,120.00
    assert services.selection_value(selection) == Decimal("1120.00")
    selection = services.approve(selection=selection, user=head_user)
    assert selection.status == "requested" and selection.head_approved_by == head_user
    with pytest.raises(PermissionDenied):
        services.approve(selection=selection, user=head_user)
    selection = services.approve(selection=selection, user=staff_user)
    assert selection.status == "approved" and selection.approved_by == staff_user


def test_a_head_cannot_approve_below_the_threshold_nor_staff_above_it_alone(
    staff_user, head_user, settings
):
    settings.EXCHANGE_APPROVAL_THRESHOLD = 1000
    cheap = ask(offer_list_with(StockItemFactory(unit_value=Decimal(1))), PartnerFactory(), 1)
    with pytest.raises(PermissionDenied):
        services.approve(selection=cheap, user=head_user)
    dear = ask(offer_list_with(StockItemFactory(unit_value=Decimal(5000))), PartnerFactory(), 1)
    assert services.approve(selection=dear, user=staff_user).status == "requested"


def test_a_value_without_a_rate_needs_a_department_head(staff_user, settings):
    settings.EXCHANGE_APPROVAL_THRESHOLD = 1000
    item = StockItemFactory(unit_value=Decimal("1"), currency="EUR")
    selection = ask(offer_list_with(item), PartnerFactory(), 1)
    assert services.selection_value(selection) is None
    assert services.approve(selection=selection, user=staff_user).status == "requested"


def test_shipping_makes_one_draft_shipment_and_takes_the_copies(staff_user):
    first = StockItemFactory(title="Shiji", copies=5, pages=300, unit_value=Decimal("80"))
    second = StockItemFactory(title="Hanshu", copies=2, pages=250, unit_value=Decimal("60"))
    partner = PartnerFactory()
    offer_list = offer_list_with(first, second)
    selection = ask(offer_list, partner, 3, 2)
    services.approve(selection=selection, user=staff_user)
    shipment = services.ship(selection=selection, user=staff_user)
    assert (shipment.direction, shipment.status, shipment.partner) == ("outgoing", "draft", partner)
    items = {item.title: item for item in shipment.items.all()}
    assert (items["Shiji"].quantity, items["Shiji"].pages, items["Shiji"].unit_value) == (
        3,
        300,
        Decimal("80.00"),
    )
    assert items["Hanshu"].quantity == 2
    first.refresh_from_db()
    assert first.copies == 2 and available(first) == 2
    assert statuses(Selection.objects.get(pk=selection.pk)) == ["shipped", "shipped"]
    assert Selection.objects.get(pk=selection.pk).shipment == shipment
    with pytest.raises(OfferError):
        services.ship(selection=selection, user=staff_user)
    # A draft does not count: the balance moves when it is dispatched.
    balance = partner_balances(Partner.objects.filter(pk=partner.pk), Period())[0]
    assert balance.sent.items == 0


def test_only_an_approved_selection_is_shipped(staff_user):
    selection = ask(offer_list_with(StockItemFactory()), PartnerFactory(), 1)
    with pytest.raises(OfferError, match="approved"):
        services.ship(selection=selection, user=staff_user)
    assert not Shipment.objects.exists()


def test_the_copies_on_hand_stay_above_those_reserved():
    item = StockItemFactory(copies=4)
    ask(offer_list_with(item), PartnerFactory(), 3)
    item.copies = 2
    with pytest.raises(OfferError, match="3 copies are reserved"):
        services.stock_save(item=item)
    assert StockItem.objects.get(pk=item.pk).copies == 4
    item.copies = 3
    services.stock_save(item=item)


def test_offer_lists_open_with_titles_and_close():
    offer_list = OfferListFactory(status="draft")
    with pytest.raises(OfferError, match="Add titles"):
        services.offer_list_step(offer_list=offer_list, to="open")
    items = [StockItemFactory(title=t) for t in ("B", "A")]
    services.offer_list_add_titles(offer_list=offer_list, copies={i.pk: 1 for i in items})
    assert [(line.number, line.stock_item.title) for line in offer_list.lines.all()] == [
        (1, "A"),
        (2, "B"),
    ]
    assert services.offer_list_step(offer_list=offer_list, to="open").status == "open"
    assert services.offer_list_step(offer_list=offer_list, to="closed").status == "closed"
    with pytest.raises(OfferError, match="closed"):
        services.offer_list_add_titles(offer_list=offer_list, copies={items[0].pk: 1})


def test_marked_lines_of_a_partner_offer_become_one_expected_shipment(staff_user):
    partner = PartnerFactory()
    offer = PartnerOffer.objects.create(
        partner=partner, title="Duplicates 2026", received_on=datetime.date(2026, 5, 1)
    )
    for number, title in enumerate(("Wanted", "Not wanted", "Also wanted"), start=1):
        PartnerOfferLine.objects.create(offer=offer, number=number, title=title, quantity=number)
    with pytest.raises(OfferError, match="Mark"):
        partner_offers.request_marked(offer=offer, user=staff_user)
    wanted = offer.lines.exclude(title="Not wanted").values_list("pk", flat=True)
    assert partner_offers.mark_lines(offer=offer, marked_ids=list(wanted)) == 2
    shipment = partner_offers.request_marked(offer=offer, user=staff_user)
    assert (shipment.direction, shipment.status) == ("incoming", "expected")
    assert sorted(shipment.items.values_list("title", "quantity")) == [
        ("Also wanted", 3),
        ("Wanted", 1),
    ]
    offer.refresh_from_db()
    assert offer.status == "requested" and offer.shipment == shipment
    with pytest.raises(OfferError, match="already"):
        partner_offers.mark_lines(offer=offer, marked_ids=[])


def test_a_refused_line_holds_nothing_even_in_the_database():
    from django.db import IntegrityError, transaction

    offer_list = offer_list_with(StockItemFactory(copies=1))
    ask(offer_list, PartnerFactory(), 1)
    line = ask(offer_list, PartnerFactory(), 1).lines.get()
    assert line.status == SelectionLine.Status.REFUSED
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionLine.objects.filter(pk=line.pk).update(copies=1)
