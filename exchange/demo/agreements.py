"""Cultural agreements, exchange programmes and library agreements with some of the
partners' countries, and the yearly obligations they set, noted on the partners whose
shipments may serve them. Titles and obligations are written in English and in Chinese,
the Chinese from the same values: no draw of its own."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from exchange.demo.context import Profile, Run
from exchange.demo.helpers import DAY, add_years, weighted
from exchange.demo.money import CURRENCY_NAMES_ZH
from exchange.demo.places import chinese_country_names, country_name
from exchange.programme.models import CulturalAgreement, Obligation

SUMMARIES = {
    "agreement": "The two governments encourage cooperation in culture, education and the "
    "press, including the exchange of publications between their national libraries.",
    "programme": "Implements the cultural agreement for the period: exchange of delegations, "
    "exhibitions and publications; the national libraries exchange their new "
    "publications and reference works every year.",
    "library": "The two libraries exchange their own publications and those of their "
    "countries on a piece-for-piece basis, each paying the postage of what it sends, and "
    "report the balance to each other every year.",
}
# The Chinese titles, in the official forms: {official} is the country's official long name.
TITLES_ZH = {
    "agreement": "中华人民共和国政府和{official}政府文化协定",
    "programme": "中华人民共和国政府和{official}政府{first}—{last}年文化交流执行计划",
    "library": "中国国家图书馆与{library}出版物交换协议",
}
# Hong Kong and Macao are special administrative regions of China, and Taiwan is part of
# China: the Chinese side makes no intergovernmental agreements with them, but arrangements
# in these forms ("内地与香港特区2016—2018年文化交流与合作执行计划").
DOMESTIC_TITLES_ZH = {
    "agreement": "{sides}文化交流与合作协议书",
    "programme": "{sides}{first}—{last}年文化交流与合作执行计划",
}
DOMESTIC_SIDES = {
    "HK": "the Mainland and the Hong Kong Special Administrative Region",
    "MO": "the Mainland and the Macao Special Administrative Region",
    "TW": "the Two Sides of the Taiwan Strait",
}
# In running text, as the country list names them.
REGIONS_EN = {"HK": "Hong Kong SAR, China", "MO": "Macao SAR, China", "TW": "Taiwan, China"}
DOMESTIC_SIDES_ZH = {"HK": "内地与香港特别行政区", "MO": "内地与澳门特别行政区", "TW": "海峡两岸"}
AMOUNTS_ZH = {
    "items": "{target}件出版物",
    "titles": "{target}种出版物",
    "pages": "共{target}页的出版物",
    "value": "价值{target}{currency}的出版物",
}
OBLIGATION_SIZES = {
    # measure: (the yearly figure for one partner, what it rounds to)
    "items": (16, 5),
    "titles": (11, 5),
    "pages": (4500, 500),
    "value": (3000, 500),
}


def cultural_agreements(
    rng: random.Random, run: Run, profiles: list[Profile]
) -> tuple[list[CulturalAgreement], list[Obligation]]:
    """Agreements with up to 30 of the countries whose partners exchange, and obligations."""
    by_country = defaultdict(list)
    for profile in profiles:
        if profile.start:
            by_country[profile.country].append(profile)
    countries = rng.sample(sorted(by_country), min(30, len(by_country)))
    planned = [(country, kind) for country in countries for kind in agreement_kinds(rng)]
    agreements, obligations = [], []
    for (country, kind), state in zip(planned, agreement_states(rng, len(planned)), strict=True):
        agreement = make_agreement(rng, run.until, kind, state, country, by_country[country])
        agreements.append(agreement)
        for obligation in make_obligations(rng, run.base, agreement, country, by_country[country]):
            obligations.append(obligation)
            index_obligation(obligation, by_country[country])
    return agreements, obligations


def agreement_kinds(rng: random.Random) -> list[str]:
    """One agreement with a country, sometimes the umbrella one and a programme."""
    if rng.random() < 0.2:
        return ["agreement", "programme"]
    return [weighted(rng, ("programme", "library", "agreement"), (50, 35, 15))]


def agreement_states(rng: random.Random, count: int) -> list[str]:
    """Most in force, about one in eight expiring within six months, one in seven expired.

    Dealt rather than drawn, so that even a small demo has some of each.
    """
    expiring, expired = max(1, round(count / 8)), max(1, round(count / 7))
    states = ["expiring"] * expiring + ["expired"] * expired
    states += ["in force"] * (count - len(states))
    rng.shuffle(states)
    return states[:count]


def make_agreement(rng, until, kind, state, country, profiles: list[Profile]) -> CulturalAgreement:
    signed, valid_from, valid_to = agreement_dates(rng, until, kind, state)
    year = valid_from.year
    references = {
        "agreement": f"CN-{country}-CA-{signed.year}",
        "programme": f"CN-{country}-EP-{year}",
        "library": f"NLC-{country}-{year}",
    }
    return CulturalAgreement(
        title=agreement_title(kind, country, valid_from, valid_to, profiles),
        title_zh=agreement_title_zh(kind, country, valid_from, valid_to, profiles),
        kind=kind,
        reference=references[kind],
        countries=[country],
        signed_on=signed,
        valid_from=valid_from,
        valid_to=valid_to,
        summary=SUMMARIES[kind],
    )


def agreement_dates(
    rng: random.Random, until: datetime.date, kind: str, state: str
) -> tuple[datetime.date, datetime.date, datetime.date | None]:
    """Signed, valid from, valid to: the umbrella agreement has no end while in force."""
    years = rng.choice((3, 4, 5))
    ends = {
        # Begun at least a month ago.
        "in force": until + DAY * rng.randint(200, 365 * years - 30),
        "expiring": until + DAY * rng.randint(10, 170),
        "expired": until - DAY * rng.randint(30, 900),
    }[state]
    if kind == "agreement":
        signed = datetime.date(rng.randint(1956, 2005), rng.randint(1, 12), rng.randint(1, 28))
        valid_from = signed + DAY * rng.randint(30, 200)
        valid_to = None if state == "in force" else ends
    else:
        valid_to = ends
        valid_from = add_years(valid_to, -years) + DAY
        signed = valid_from - DAY * rng.randint(10, 120)
    return signed, valid_from, valid_to


def agreement_title(kind, country, valid_from, valid_to, profiles) -> str:
    china = "the Government of the People's Republic of China"
    other = f"the Government of {country_name(country, 'en')}"
    if country in DOMESTIC_SIDES and kind != "library":
        return domestic_title(kind, country, valid_from, valid_to)
    if kind == "agreement":
        return f"Cultural Agreement between {china} and {other}"
    if kind == "programme":
        return (
            f"Executive Programme of Cultural Cooperation between {china} and {other} "
            f"for {valid_from.year}–{valid_to.year}"
        )
    library = with_article(main_partner(profiles).partner.name)
    return (
        "Agreement on the Exchange of Publications between the National Library of China "
        f"and {library}"
    )


def domestic_title(kind, country, valid_from, valid_to) -> str:
    sides = DOMESTIC_SIDES[country]
    if kind == "agreement":
        return f"Arrangement on Cultural Exchange and Cooperation between {sides}"
    return (
        f"Executive Programme of Cultural Exchange and Cooperation between {sides} "
        f"for {valid_from.year}–{valid_to.year}"
    )


def agreement_title_zh(kind, country, valid_from, valid_to, profiles) -> str:
    """The Chinese title; blank for a library agreement with a partner without a Chinese name."""
    if kind == "library":
        library = main_partner(profiles).partner.name_zh
        return TITLES_ZH["library"].format(library=library) if library else ""
    years = {"first": valid_from.year, "last": valid_to.year if valid_to else ""}
    if country in DOMESTIC_SIDES_ZH:
        return DOMESTIC_TITLES_ZH[kind].format(sides=DOMESTIC_SIDES_ZH[country], **years)
    official = chinese_country_names()[country][1]
    return TITLES_ZH[kind].format(official=official, **years)


def main_partner(profiles: list[Profile]) -> Profile:
    """The national library if it takes part, else the most likely counterpart."""
    order = ("national", "research", "university", "public", "other")
    return min(profiles, key=lambda profile: order.index(profile.partner.kind))


def with_article(name: str) -> str:
    """ "the National Library of Ireland", but "Qatar National Library"."""
    first = name.split()[0]
    if first in ("National", "University", "Royal", "Central", "State", "Public", "Library"):
        return f"the {name}"
    return name


def make_obligations(rng, base, agreement, country, profiles: list[Profile]) -> list[Obligation]:
    """One to three, each a direction and a measure; some for one partner."""
    pairs = [(d, m) for d in ("outgoing", "incoming") for m in OBLIGATION_SIZES]
    named = agreement.kind == "library" or rng.random() < 0.5
    partner = main_partner(profiles).partner if named else None
    how_many = 1 if partner else min(len(profiles), 4)
    obligations = []
    for direction, measure in rng.sample(pairs, rng.randint(1, 3)):
        size, step = OBLIGATION_SIZES[measure]
        target = max(step, round(size * how_many * rng.uniform(0.6, 1.4) / step) * step)
        obligations.append(
            Obligation(
                agreement=agreement,
                partner=partner,
                direction=direction,
                measure=measure,
                target=Decimal(target),
                description=obligation_text(direction, measure, target, partner, country, base),
                description_zh=obligation_text_zh(
                    direction, measure, target, partner, country, base
                ),
            )
        )
    return obligations


def obligation_text(direction, measure, target, partner, country, base) -> str:
    place = REGIONS_EN.get(country) or country_name(country, "en")
    who = with_article(partner.name) if partner else f"libraries in {place}"
    amount = f"{target:,} {measure}"
    if measure == "value":
        amount = f"publications worth {target:,} {base}"
    if direction == "outgoing":
        return f"The Chinese side sends {amount} a year to {who}."
    return f"The Chinese side receives {amount} a year from {who}."


def obligation_text_zh(direction, measure, target, partner, country, base) -> str:
    """The Chinese of `obligation_text`; blank if the partner has no Chinese name."""
    who = partner.name_zh if partner else f"{chinese_country_names()[country][0]}的图书馆"
    if not who:
        return ""
    currency = CURRENCY_NAMES_ZH.get(base, f" {base}")
    amount = AMOUNTS_ZH[measure].format(target=target, currency=currency)
    if direction == "outgoing":
        return f"中方每年向{who}寄送{amount}。"
    return f"中方每年接收{who}寄来的{amount}。"


def index_obligation(obligation: Obligation, profiles: list[Profile]) -> None:
    """Note it on the partners whose shipments may serve it."""
    for profile in profiles:
        if obligation.partner is None or obligation.partner is profile.partner:
            profile.obligations[obligation.direction].append(obligation)
