"""The partner libraries: which of the real ones take part (and generated ones past them),
their codes, status, websites, notes, and the profile the rest of the demo works from."""

import datetime
import math
import random
import re

from babel.numbers import get_territory_currencies

from exchange.demo.context import Profile, Run
from exchange.demo.foreign_books import TITLES
from exchange.demo.helpers import DAY, ascii_fold, random_day, slug, weighted
from exchange.demo.libraries import LIBRARIES, Library
from exchange.demo.money import CURRENCIES
from exchange.demo.people import MAILBOXES, name_set
from exchange.demo.places import official_languages
from partners.models import Partner

# The first line of every demo partner's notes: how a second run knows the data is there.
DEMO_NOTE = "Demo data (seed_demo)."

BASES = ("piece", "page", "value", "gift", "")
BASIS_WEIGHTS = (55, 15, 15, 10, 5)
# National libraries exchange more than most, public libraries less.
ACTIVITY = {"national": 1.3, "public": 0.6}
GENERATED_NAMES = {
    "public": (
        "{city} Public Library",
        "{city} City Library",
        "{city} Municipal Library",
        "{city} Central Library",
    ),
    "university": (
        "{city} University Library",
        "University of {city} Library",
        "{city} Technical University Library",
        "{city} University of Foreign Studies Library",
        "{city} University of Economics Library",
    ),
    "research": (
        "{city} Institute for East Asian Studies Library",
        "{city} Institute of History Library",
        "{city} Museum Library",
        "{city} City Archives Library",
    ),
    "other": (
        "Confucius Institute at {city}",
        "{city} China Study Centre",
        "{city} Chinese Cultural Centre Library",
        "{city} Society for Oriental Studies",
    ),
}
# Their Chinese forms, "{city}" being the city's Chinese name.
GENERATED_NAMES_ZH = {
    "{city} Public Library": "{city}公共图书馆",
    "{city} City Library": "{city}城市图书馆",
    "{city} Municipal Library": "{city}市立图书馆",
    "{city} Central Library": "{city}中央图书馆",
    "{city} University Library": "{city}大学图书馆",
    "University of {city} Library": "{city}大学图书馆",
    "{city} Technical University Library": "{city}工业大学图书馆",
    "{city} University of Foreign Studies Library": "{city}外国语大学图书馆",
    "{city} University of Economics Library": "{city}经济大学图书馆",
    "{city} Institute for East Asian Studies Library": "{city}东亚研究所图书馆",
    "{city} Institute of History Library": "{city}历史研究所图书馆",
    "{city} Museum Library": "{city}博物馆图书馆",
    "{city} City Archives Library": "{city}市档案馆图书馆",
    "Confucius Institute at {city}": "{city}孔子学院",
    "{city} China Study Centre": "{city}中国研究中心",
    "{city} Chinese Cultural Centre Library": "{city}中国文化中心图书馆",
    "{city} Society for Oriental Studies": "{city}东方学会",
}
PARTNER_NOTES = {
    "active": (
        "Prefers surface mail; sends its new publications twice a year.",
        "Sends a desiderata list every spring.",
        "Interested above all in local gazetteers and facsimile reprints.",
        "Receipts are confirmed by email; no paper slips.",
    ),
    "suspended": (
        "Exchange suspended since {date}: no reply to our claims.",
        "Exchange suspended since {date} while the partner's building is renovated.",
        "Exchange suspended since {date} at the partner's request (budget cuts).",
    ),
    "ended": (
        "Exchange ended on {date}: the partner closed its exchange service.",
        "Exchange ended on {date} at the partner's request.",
        "Exchange ended on {date}; the collections went to the national library.",
    ),
    "prospective": (
        "First contact made; awaiting the partner's list of duplicates.",
        "Proposed by the embassy's cultural section; terms under discussion.",
    ),
}
# Country code top-level domains that differ from the alpha-2 code.
TLDS = {"GB": "uk", "US": "org"}
ACADEMIC_DOMAINS = {
    "GB": "ac.uk", "JP": "ac.jp", "KR": "ac.kr", "NZ": "ac.nz", "ZA": "ac.za", "IL": "ac.il",
    "IN": "ac.in", "AT": "ac.at", "TH": "ac.th", "US": "edu", "AU": "edu.au", "TW": "edu.tw",
    "HK": "edu.hk", "MO": "edu.mo", "SG": "edu.sg", "MY": "edu.my", "PH": "edu.ph",
    "VN": "edu.vn", "TR": "edu.tr", "EG": "edu.eg", "SA": "edu.sa", "PK": "edu.pk",
    "MX": "edu.mx", "AR": "edu.ar", "CO": "edu.co", "PE": "edu.pe", "BR": "edu.br",
}  # fmt: skip


def partner_profiles(rng: random.Random, run: Run) -> list[Profile]:
    rows = partner_rows(rng, run.size)
    used_codes = set(Partner.objects.values_list("code", flat=True))
    return [profile(rng, run, row, used_codes) for row in rows]


def most_partners() -> int:
    """Every city has a few names to spare; past them `partner_rows` would never end."""
    return len(LIBRARIES) + len(library_cities()) * 3


def library_cities() -> list[tuple[str, str]]:
    return sorted({(row.country, row.city) for row in LIBRARIES if row.city})


def partner_rows(rng: random.Random, size: int) -> list[Library]:
    """All of LIBRARIES, topped up or cut down to the size; national libraries first."""
    national = [row for row in LIBRARIES if row.kind == "national"]
    others = [row for row in LIBRARIES if row.kind != "national"]
    rng.shuffle(national)
    rng.shuffle(others)
    rows = (national + others)[:size]
    names = {row.name for row in LIBRARIES}
    names_zh = {row.name_zh for row in LIBRARIES}
    cities = library_cities()
    cities_zh = {(row.country, row.city): row.city_zh for row in LIBRARIES}
    while len(rows) < size:
        country, city = rng.choice(cities)
        kind = weighted(rng, ("public", "university", "research", "other"), (35, 35, 20, 10))
        pattern = rng.choice(GENERATED_NAMES[kind])
        name = pattern.format(city=city)
        if name not in names:
            names.add(name)
            city_zh = cities_zh[country, city]
            name_zh = generated_name_zh(pattern, city_zh, names_zh)
            rows.append(Library(country, kind, name, "", city, name_zh, city_zh))
    return rows


def generated_name_zh(pattern: str, city_zh: str, names_zh: set) -> str:
    """The Chinese form of a generated name; blank where it would be another library's.

    "University of Kyoto Library" and "Kyoto University Library" are both 京都大学图书馆:
    the first of them to be made (here, the real one) keeps it.
    """
    name_zh = GENERATED_NAMES_ZH[pattern].format(city=city_zh) if city_zh else ""
    if name_zh in names_zh:
        return ""
    names_zh.add(name_zh)
    return name_zh


def profile(rng: random.Random, run: Run, row: Library, used_codes: set) -> Profile:
    country, kind, name, name_original, city, name_zh, city_zh = row
    status = partner_status(rng, kind)
    since = None if status == "prospective" else exchange_since(rng, kind, run.until)
    stop = stop_date(rng, status, since, run.until)
    domain = internet_domain(country, kind, name, city)
    notes = partner_notes(rng, status, stop)
    partner = Partner(
        code=partner_code(country, name, used_codes),
        name=name,
        name_original=name_original,
        name_zh=name_zh,
        kind=kind,
        country=country,
        city=city,
        city_zh=city_zh,
        status=status,
        exchange_since=since,
        exchange_basis=weighted(rng, BASES, BASIS_WEIGHTS),
        website=website(domain) if rng.random() < 0.75 else "",
        email=f"{rng.choice(MAILBOXES)}@{domain}" if rng.random() < 0.9 else "",
        notes=notes,
    )
    languages = official_languages(country) or ("en",)
    currency = get_territory_currencies(country, start_date=run.until)[0]
    # lognormvariate(0, 0.5) averages e^0.125: divided by it, activity averages 1.
    activity = rng.lognormvariate(0, 0.5) / math.exp(0.125)
    return Profile(
        partner=partner,
        country=country,
        domain=domain,
        language=next((code for code in languages if code in TITLES), "en"),
        names=name_set(country, languages[0]),
        currency=currency if currency in CURRENCIES else "USD",
        start=max(since, run.first_day) if since else None,
        stop=stop,
        activity=activity * ACTIVITY.get(kind, 1),
    )


def partner_status(rng: random.Random, kind: str) -> str:
    statuses = ("active", "prospective", "suspended", "ended")
    weights = (88, 4, 5, 3) if kind == "national" else (75, 8, 7, 10)
    return weighted(rng, statuses, weights)


def exchange_since(rng: random.Random, kind: str, until: datetime.date) -> datetime.date:
    """Spread over the decades; national libraries mostly since long ago."""
    oldest = 1950 if kind == "national" else 1965
    mode = 1975 if kind == "national" else 2000
    year = round(rng.triangular(oldest, until.year - 1, mode))
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def stop_date(rng, status: str, since, until: datetime.date) -> datetime.date | None:
    """The last day of exchange: today, or when it was suspended or ended."""
    if status == "active":
        return until
    if status not in ("suspended", "ended"):
        return None
    years_back = 3 if status == "suspended" else 8
    first = max(since + 365 * DAY, until - 365 * years_back * DAY)
    return random_day(rng, min(first, until - 60 * DAY), until - 60 * DAY)


def partner_notes(rng: random.Random, status: str, stop: datetime.date | None) -> str:
    """The line that marks demo data, then for some partners a note on their exchange."""
    note = ""
    if status in ("suspended", "ended") or rng.random() < 0.5:
        note = rng.choice(PARTNER_NOTES[status]).format(date=stop)
    return "\n".join(line for line in (DEMO_NOTE, note) if line)


def partner_code(country: str, name: str, used_codes: set) -> str:
    base = f"{country}-{initials(name)}"
    code, number = base, 1
    while code in used_codes:
        number += 1
        code = f"{base}{number}"
    used_codes.add(code)
    return code


def initials(name: str) -> str:
    """The capitals of the words of an English name: "British Library" → "BL"."""
    words = re.findall(r"[A-Za-z]+", ascii_fold(name))
    return "".join(word[0] for word in words if word[0].isupper())[:6] or "X"


def internet_domain(country: str, kind: str, name: str, city: str) -> str:
    tld = TLDS.get(country, country.lower())
    short = initials(name).lower()
    if kind == "university":
        return f"lib.{short}.{ACADEMIC_DOMAINS.get(country, tld)}"
    if kind == "public":
        return f"{slug(city)}library.{tld}"
    if kind == "national" and country == "US":
        return f"{short}.gov"
    return f"{short}.{tld}"


def website(domain: str) -> str:
    return f"https://{domain}/" if domain.startswith("lib.") else f"https://www.{domain}/"
