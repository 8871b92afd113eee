"""The exchange itself in the demo: a stock of a few thousand titles (our publications
of recent years and duplicates of partners' books), three open offer lists (to
everyone, to some countries, to research and university libraries) with a draft and a
closed one, two dozen selections in every state, partners' offers with titles we want
and titles we already have, and a want list.

Selections go through the services, as staff and department heads record them, so that
their reservations, approvals and shipments are what the application itself makes.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from exchange.demo.catalogue import Catalogue
from exchange.demo.context import Profile, Run
from exchange.demo.foreign_books import foreign_book
from exchange.offers import services
from exchange.offers.models import (
    OfferList,
    PartnerOffer,
    PartnerOfferLine,
    StockItem,
    Want,
)
from shipments.items import DESCRIPTION_FIELDS, ShipmentItem

SUBJECTS = (
    "历史 History",
    "文学 Literature",
    "考古 Archaeology",
    "法律 Law",
    "经济 Economics",
    "地方志 Local gazetteers",
    "古籍 Rare books",
    "艺术 Art",
)
STOCK_YEARS = 12
DUPLICATES = 900
LISTS = (
    # reference, title, title in Chinese, audience, titles, status
    ("OL-{year}-01", "Publications offered for exchange, spring {year}",
     "{year}年春季交换书目", {"to_all_active": True}, 120, "open"),
    ("OL-{year}-02", "Chinese studies for our Asian and European partners",
     "亚洲和欧洲合作馆交换书目", {"countries": ["JP", "KR", "DE", "FR", "GB"]}, 80, "open"),
    ("OL-{year}-03", "Reference works for research libraries",
     "研究型图书馆参考书目", {"kinds": "research,university"}, 60, "open"),
    ("OL-{year}-04", "Duplicates, autumn (in preparation)",
     "秋季复本书目（编制中）", {"to_all_active": True}, 40, "draft"),
    ("OL-{last}-02", "Publications offered for exchange, autumn {last}",
     "{last}年秋季交换书目", {"to_all_active": True}, 50, "closed"),
)  # fmt: skip
# Selections per state, out of two dozen.
STATES = {"requested": 6, "awaiting_head": 2, "approved": 5, "shipped": 6, "declined": 5}


def create_exchange(run: Run, profiles: list[Profile], save) -> None:
    """Everything above, written with `save(model, objects)` where it is plain rows."""
    rng = run.rng("exchange")
    stock = stock_items(rng, run, profiles)
    save(StockItem, stock)
    stock = list(StockItem.objects.order_by("pk"))
    lists = offer_lists(rng, run, stock)
    active = [p.partner for p in profiles if p.partner.status == "active" and p.start]
    selections(rng, lists, active)
    offers, lines = partner_offers(rng, run, profiles)
    save(PartnerOffer, offers)
    save(PartnerOfferLine, lines)
    save(Want, wants(rng, lines))


def stock_items(rng: random.Random, run: Run, profiles: list[Profile]) -> list[StockItem]:
    years = range(run.until.year - STOCK_YEARS, run.until.year + 1)
    catalogue = Catalogue(rng, years, run.base)
    copies = (2, 3, 5, 5, 10, 20, 30)
    items = [
        stock_item(rng, book, copies=rng.choice(copies))
        for year in years
        for book in catalogue.years[year]
    ]
    foreign = [p for p in profiles if p.start and p.language != "zh"]
    for _ in range(DUPLICATES):
        profile = rng.choice(foreign)
        book = foreign_book(rng, profile, rng.choice(years), run.base)
        items.append(stock_item(rng, book, copies=rng.choice((1, 1, 1, 2))))
    return items


def stock_item(rng: random.Random, book: dict, copies: int) -> StockItem:
    return StockItem(
        **{name: book.get(name, "") for name in DESCRIPTION_FIELDS},
        copies=copies,
        subject=rng.choice(SUBJECTS),
    )


def offer_lists(rng: random.Random, run: Run, stock: list[StockItem]) -> list[OfferList]:
    """The lists, their titles, then their status (a list opens with titles)."""
    year, last = run.until.year, run.until.year - 1
    made = []
    for reference, title, title_zh, audience, size, status in LISTS:
        words = {"year": year, "last": last}
        offered_on = run.until - datetime.timedelta(days=rng.randint(10, 60))
        if "{last}" in reference:
            offered_on = datetime.date(last, 10, 15)
        offer_list = OfferList.objects.create(
            reference=reference.format(**words),
            title=title.format(**words),
            title_zh=title_zh.format(**words),
            offered_on=offered_on,
            reply_by=offered_on + datetime.timedelta(days=90),
            created_by=run.user,
            **audience,
        )
        chosen = rng.sample(stock, size)
        services.offer_list_add_titles(
            offer_list=offer_list,
            copies={item.pk: max(1, item.copies // 2) for item in chosen},
            user=run.user,
        )
        if status != "draft":
            services.offer_list_step(offer_list=offer_list, to="open", user=run.user)
        if status == "closed":
            services.offer_list_step(offer_list=offer_list, to="closed", user=run.user)
        made.append(offer_list)
    return made


def selections(rng: random.Random, lists: list[OfferList], partners: list) -> None:
    """Two dozen selections from the open lists, each taken to its state as people
    would: recorded from a letter or an e-mail, approved, shipped or declined."""
    users = get_user_model().objects
    staff, head = users.get(username="staff"), users.get(username="head")
    open_lists = list(OfferList.objects.filter(pk__in=[x.pk for x in lists], status="open"))
    active = {partner.pk for partner in partners}
    audiences = {
        offer_list.pk: [p for p in offer_list.addressees().order_by("pk") if p.pk in active]
        for offer_list in open_lists
    }
    open_lists = [offer_list for offer_list in open_lists if audiences[offer_list.pk]]
    for state, count in STATES.items():
        for _ in range(count):
            offer_list = rng.choice(open_lists)
            partner = rng.choice(audiences[offer_list.pk])
            lines = rng.sample(list(offer_list.lines.all()), rng.randint(2, 6))
            asked = [services.Asked(line, rng.randint(1, 2)) for line in lines]
            source = rng.choice(("letter", "email", "reply"))
            selection = services.place_selection(
                offer_list=offer_list, partner=partner, asked=asked, source=source, user=staff
            )
            take_to(selection, state, staff, head)


def take_to(selection, state: str, staff, head) -> None:
    if not selection.lines.filter(status="reserved").exists():
        return  # all refused: it stays requested, for staff to decline
    if state == "declined":
        services.decline(selection=selection, user=staff, note="Outside the scope of our exchange")
        return
    if state == "requested":
        return
    try:
        selection = services.approve(selection=selection, user=staff)
        if state != "awaiting_head" and selection.status != "approved":
            selection = services.approve(selection=selection, user=head)
    except PermissionDenied:
        return  # demo users kept from before, without their roles: left to approve
    if state == "shipped" and selection.status == "approved":
        services.ship(selection=selection, user=staff)


def partner_offers(rng: random.Random, run: Run, profiles: list[Profile]):
    """Offers of a few partners that send us books: titles new to us, and some we
    received from them before (marked "already received" on the page)."""
    senders = [p for p in profiles if p.start and p.language != "zh"][:40]
    offers, lines = [], []
    for number, profile in enumerate(rng.sample(senders, 6)):
        offer = PartnerOffer(
            partner=profile.partner,
            title=f"Duplicates and new publications {run.until.year} ({number + 1})",
            received_on=run.until - datetime.timedelta(days=rng.randint(3, 90)),
            status="open",
            uploaded_by=run.user,
        )
        offers.append(offer)
        known = list(
            ShipmentItem.objects.filter(
                shipment__partner=profile.partner, shipment__direction="incoming"
            ).values(*DESCRIPTION_FIELDS)[:5]
        )
        books = known + [
            foreign_book(rng, profile, run.until.year - rng.randint(0, 3), run.base)
            for _ in range(rng.randint(15, 35))
        ]
        for position, book in enumerate(books, start=1):
            lines.append(
                PartnerOfferLine(
                    offer=offer,
                    number=position,
                    quantity=1,
                    **{name: book.get(name) or _empty(name) for name in DESCRIPTION_FIELDS},
                )
            )
    return offers, lines


def _empty(name: str):
    return None if name == "year" else 0 if name in ("pages", "unit_value") else ""


def wants(rng: random.Random, lines: list[PartnerOfferLine]) -> list[Want]:
    """Our want list: some titles partners now offer (by ISBN, or by title and year),
    others nobody offers yet, and subjects and countries we seek."""
    made = []
    for line in rng.sample(lines, 12):
        if line.isbn and rng.random() < 0.6:
            made.append(Want(isbn=line.isbn, title=line.title, note="Missing from our holdings"))
        elif line.year:
            made.append(Want(title=line.title.upper(), year=line.year, author=line.author))
    made += [
        Want(title="Acta Orientalia", issn="00016438", note="Volumes since 2015"),
        Want(title="Handbook of Oriental Studies", author="Brill", year=2020),
        Want(subject="Dunhuang studies 敦煌学"),
        Want(subject="Silk Road archaeology 丝绸之路考古"),
        Want(country="MN", note="Mongolian official publications"),
        Want(country="KZ", note="Kazakh national bibliography"),
    ]
    return made
