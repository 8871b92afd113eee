"""People at the partner libraries: their names, by language and region, and the partners'
contacts and addresses."""

import random
from functools import cache

from exchange.core.regions import SUBREGION, area_of
from exchange.demo.context import Profile
from exchange.demo.helpers import ascii_fold, slug
from exchange.demo.places import official_languages
from partners.models import Address, Contact

# UN M49 code of Sub-Saharan Africa, whose partners get names of their own name set.
SUB_SAHARAN_AFRICA = "202"

# People's names by name set; countries are mapped to a set in `name_set`.
NAMES = {
    "en": ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth Sarah Thomas "
           "Emma Daniel Laura Andrew",
           "Smith Johnson Williams Brown Taylor Wilson Clarke Walker Wright Hughes Evans Turner "
           "Harris Martin Thompson Robinson"),
    "fr": ("Marie Jean Sophie Pierre Claire Nicolas Isabelle François Camille Julien Anne Philippe",
           "Martin Bernard Dubois Lefèvre Moreau Laurent Simon Michel Fontaine Rousseau Girard "
           "Mercier"),
    "de": ("Anna Thomas Katharina Michael Julia Stefan Sabine Andreas Claudia Markus Petra Jürgen",
           "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch "
           "Richter"),
    "es": ("María José Carmen Juan Ana Luis Lucía Carlos Elena Javier Isabel Miguel",
           "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Díaz Torres "
           "Ramírez"),
    "pt": ("Maria João Ana José Beatriz Pedro Mariana Paulo Luísa Carlos Fernanda Rafael",
           "Silva Santos Oliveira Souza Pereira Costa Ferreira Rodrigues Almeida Carvalho Gomes "
           "Ribeiro"),
    "it": ("Giulia Marco Francesca Luca Chiara Andrea Valentina Giuseppe Elena Matteo Sara Paolo",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo"),
    "nl": ("Anna Jan Sanne Pieter Lotte Bram Eva Thijs Femke Daan",
           "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks"),
    "nordic": ("Anna Erik Ingrid Lars Karin Johan Sigrid Nils Maria Olav Helga Magnus",
               "Johansson Andersen Nielsen Larsen Lindqvist Berg Hansen Olsen Karlsson Eriksson "
               "Dahl Haugen"),
    "pl": ("Anna Piotr Katarzyna Tomasz Magdalena Paweł Agnieszka Jan Ewa Marek",
           "Nowak Wójcik Kowalczyk Mazur Krawczyk Kaczmarek Zając Król Wieczorek Pawlak"),
    "hu": ("Ágnes László Katalin Zoltán Éva Péter Zsófia Gábor",
           "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár"),
    "ro": ("Ioana Andrei Elena Mihai Ana Alexandru Maria Radu",
           "Popescu Ionescu Popa Stan Dumitru Constantin Marin Stoica"),
    "sh": ("Ana Marko Milena Nikola Ivana Luka Jelena Stefan",
           "Petrović Jovanović Kovačević Horvat Novak Babić Marković Kovač"),
    "el": ("Maria Giorgos Eleni Dimitris Katerina Nikos Sofia Kostas",
           "Georgiou Nikolaou Ioannou Christodoulou Konstantinou Dimitriou Antoniou Papadakis"),
    "ar": ("Ahmed Fatima Mohamed Layla Omar Nour Khaled Amina Youssef Hana Karim Salma",
           "Hassan Mansour Haddad Khalil Saleh Nasser Ibrahim Farouk Aziz Rahman Hamdan Qasim"),
    "fa": ("Reza Maryam Ali Zahra Hossein Fatemeh Mehdi Narges",
           "Ahmadi Hosseini Rahimi Karimi Moradi Jafari Rezaei Mousavi"),
    "tr": ("Mehmet Ayşe Mustafa Fatma Ahmet Elif Emre Zeynep",
           "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk"),
    "id": ("Siti Budi Dewi Agus Nur Rahmat Putri Hendra",
           "Rahayu Santoso Wijaya Hidayat Saputra Lestari Kurniawan Pratama"),
    "th": ("Somchai Suda Anan Malee Prasert Ratana",
           "Srisuk Wongsawat Boonmee Rattanakorn Saetang"),
    "south_asia": ("Priya Rahul Anjali Amit Sunita Vikram Kavita Arjun Farah Imran",
                   "Sharma Gupta Patel Khan Rao Das Perera Hossain Shrestha Iyer"),
    "africa": ("Grace Joseph Amina Samuel Fatou Emmanuel Aisha Kwame Esther Moses Ngozi Tendai",
               "Mwangi Okafor Diallo Mensah Banda Traoré Ndlovu Kamau Abebe Moyo Osei Nkosi"),
    # Written in their own script, family name first, without a space.
    "ja": ("健一 直樹 裕子 美穂 大輔 恵子 翔太 由紀 隆 真理子 浩 明美",
           "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田"),
    "ko": ("민준 서연 지훈 수빈 현우 지영 성민 은정 동현 혜진", "김 이 박 최 정 강 조 윤 장 임"),
    "zh": ("志明 淑芬 家豪 怡君 俊傑 美玲 冠宇 雅婷 建宏 佩君", "陳 林 黃 張 李 王 吳 劉 蔡 楊"),
    "mn": ("Batbayar Oyunchimeg Enkhtuya Ganbaatar Sarantuya Munkhbat Altantsetseg Bolormaa",
           "Dorj Batsukh Ganzorig Purev Baatar Tsend Erdene Gantulga"),
    # Ukrainian family names do not change with gender.
    "uk": ("Олена Оксана Наталія Ірина Олександр Андрій Сергій Тарас",
           "Шевченко Коваленко Бондаренко Ткаченко Кравчук Мельник Поліщук Лисенко"),
    "vi": ("Minh Anh Thu Hương Quang Dũng Thảo Lan Hải Hà",
           "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi"),
    # Russian family names take -а for women: the first four given names are women's.
    "ru": ("Анна Елена Ольга Наталья Иван Сергей Дмитрий Алексей",
           "Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков"),
}  # fmt: skip
NAME_SETS = {
    "en": "en", "fr": "fr", "de": "de", "es": "es", "pt": "pt", "it": "it", "ca": "es",
    "nl": "nl", "sv": "nordic", "no": "nordic", "nb": "nordic", "da": "nordic", "is": "nordic",
    "fo": "nordic", "fi": "nordic", "kl": "nordic", "ru": "ru", "uk": "uk", "be": "ru",
    "bg": "ru", "kk": "ru", "ky": "ru", "tg": "ru", "mn": "mn", "pl": "pl", "cs": "pl",
    "sk": "pl", "hu": "hu", "ro": "ro", "hr": "sh", "sr": "sh", "bs": "sh", "sl": "sh",
    "mk": "sh", "sq": "sh", "el": "el", "ja": "ja", "ko": "ko", "zh": "zh", "ar": "ar",
    "he": "en", "fa": "fa", "tr": "tr", "az": "tr", "uz": "tr", "tk": "tr", "vi": "vi",
    "id": "id", "ms": "id", "th": "th", "km": "th", "lo": "th", "my": "th", "hi": "south_asia",
    "ur": "south_asia", "bn": "south_asia", "ne": "south_asia", "si": "south_asia",
    "dz": "south_asia", "dv": "south_asia", "sw": "africa", "am": "africa",
}  # fmt: skip
SPACELESS_NAMES = ("ja", "ko", "zh")
NON_LATIN_NAMES = ("ja", "ko", "zh", "ru", "uk")

CONTACT_ROLES = (
    "Head of Exchange and Gifts",
    "Exchange Librarian",
    "Acquisitions Librarian",
    "Head of Acquisitions",
    "Chinese Studies Librarian",
    "International Relations Officer",
    "Deputy Director",
)
# As a Chinese library names these posts: 采访 is acquisitions, 馆员 a librarian.
CONTACT_ROLES_ZH = {
    "Head of Exchange and Gifts": "交换与赠送部主任",
    "Exchange Librarian": "交换馆员",
    "Acquisitions Librarian": "采访馆员",
    "Head of Acquisitions": "采访部主任",
    "Chinese Studies Librarian": "中国研究馆员",
    "International Relations Officer": "国际交流专员",
    "Deputy Director": "副馆长",
}
MAILBOXES = ("exchange", "acquisitions", "gifts", "intl", "library")
CALLING_CODES = {
    "AR": 54, "AT": 43, "AU": 61, "BE": 32, "BG": 359, "BR": 55, "BY": 375, "CA": 1, "CH": 41,
    "CL": 56, "CO": 57, "CU": 53, "CZ": 420, "DE": 49, "DK": 45, "EE": 372, "EG": 20, "ES": 34,
    "ET": 251, "FI": 358, "FR": 33, "GB": 44, "GE": 995, "GR": 30, "HK": 852, "HR": 385,
    "HU": 36, "ID": 62, "IE": 353, "IL": 972, "IN": 91, "IR": 98, "IS": 354, "IT": 39,
    "JP": 81, "KE": 254, "KR": 82, "KZ": 7, "LT": 370, "LU": 352, "LV": 371, "MA": 212,
    "MN": 976, "MO": 853, "MX": 52, "MY": 60, "NG": 234, "NL": 31, "NO": 47, "NZ": 64,
    "PE": 51, "PH": 63, "PK": 92, "PL": 48, "PT": 351, "RO": 40, "RS": 381, "RU": 7,
    "SA": 966, "SE": 46, "SG": 65, "SI": 386, "SK": 421, "TH": 66, "TR": 90, "TW": 886,
    "UA": 380, "US": 1, "UZ": 998, "VN": 84, "ZA": 27,
}  # fmt: skip
# Postcode patterns: 9 a digit, A a letter; countries not listed have five digits.
POSTCODES = {
    "GB": "AA9 9AA", "CA": "A9A 9A9", "NL": "9999 AA", "JP": "999-9999", "IE": "A99 A9A9",
    "PT": "9999-999", "BR": "99999-999", "PL": "99-999", "CZ": "999 99", "SK": "999 99",
    "SE": "999 99", "GR": "999 99", **dict.fromkeys(
        "AT AU BE BG CH DK NO NZ ZA HU LU SI PH AR AM GE CY LI TN BD ET VA".split(), "9999"
    ), **dict.fromkeys("RU IN KZ SG BY VN RO KG TJ TM UZ".split(), "999999"),
    **dict.fromkeys("HK MO AE QA JM BM GH ML BF BJ TG CW AW BZ TT SB VU SC".split(), ""),
}  # fmt: skip
STREETS = {
    "en": ("{n} Library Road", "{n} King Street", "{n} Queen's Avenue", "{n} Park Road",
           "{n} University Avenue", "{n} Independence Avenue", "{n} Victoria Street"),
    "fr": ("{n}, rue de Richelieu", "{n}, avenue de la République", "{n}, boulevard Saint-Michel",
           "{n}, rue des Écoles", "{n}, quai Voltaire"),
    "de": ("Hauptstraße {n}", "Universitätsstraße {n}", "Bahnhofstraße {n}", "Schillerstraße {n}",
           "Goethestraße {n}"),
    "es": ("Calle Mayor, {n}", "Avenida de la Constitución, {n}", "Paseo de la Reforma, {n}",
           "Calle de Alcalá, {n}", "Avenida Libertador, {n}"),
    "pt": ("Rua Augusta, {n}", "Avenida da Liberdade, {n}", "Rua da Consolação, {n}",
           "Avenida Rio Branco, {n}"),
    "it": ("Via Roma, {n}", "Corso Vittorio Emanuele II, {n}", "Viale Castro Pretorio, {n}",
           "Via Garibaldi, {n}"),
    "uk": ("вул. Хрещатик, {n}", "вул. Володимирська, {n}", "просп. Свободи, {n}"),
    "ru": ("ул. Садовая, д. {n}", "пр. Мира, д. {n}", "ул. Пушкина, д. {n}",
           "Невский пр., д. {n}"),
    "ja": ("{n}-10-1 Nagatacho, Chiyoda-ku", "{n}-3-1 Hongo, Bunkyo-ku",
           "{n}-1-1 Yoshida, Sakyo-ku"),
    "ko": ("{n} Banpo-daero, Seocho-gu", "{n} Gwanak-ro, Gwanak-gu", "{n} Sejong-daero, Jung-gu"),
}  # fmt: skip


def name_set(country: str, language: str) -> str:
    subregion = area_of(country, SUBREGION)
    if subregion and subregion.code == SUB_SAHARAN_AFRICA:
        return "africa"
    return NAME_SETS.get(language, "en")


@cache
def name_lists(names: str) -> tuple[list[str], list[str]]:
    given, family = NAMES[names]
    return given.split(), family.split()


def person(rng: random.Random, names: str) -> str:
    given, family = name_lists(names)
    first, last = rng.choice(given), rng.choice(family)
    if names == "ru" and given.index(first) < 4:
        last += "а"
    if names in SPACELESS_NAMES:
        return last + first
    if names == "vi":
        return f"{last} {first}"
    return f"{first} {last}"


def make_addresses(rng: random.Random, profile: Profile) -> list[Address]:
    """A shipping and a postal address; some partners lack one or both."""
    language = profile.language if profile.language in STREETS else "en"
    postcode = POSTCODES.get(profile.country, "99999")
    street = rng.choice(STREETS[language]).format(n=rng.randint(1, 120))
    addresses = []
    if rng.random() < 0.95:
        lines = f"Exchange and Gifts Section\n{street}"
        addresses.append(address(rng, profile, "shipping", lines, postcode))
    if rng.random() < 0.9:
        box = rng.random() < 0.4
        lines = f"P.O. Box {rng.randint(10, 9999)}" if box else street
        addresses.append(address(rng, profile, "postal", lines, postcode))
    return addresses


def address(rng: random.Random, profile: Profile, kind: str, lines: str, postcode: str) -> Address:
    partner = profile.partner
    return Address(
        partner=partner,
        kind=kind,
        recipient=partner.name,
        lines=lines,
        city=partner.city,
        postcode=pattern_text(rng, postcode),
        country=profile.country,
    )


def pattern_text(rng: random.Random, pattern: str) -> str:
    """9 → a digit, A → a capital letter, anything else as is."""

    def one(character: str) -> str:
        if character == "9":
            return str(rng.randint(0, 9))
        if character == "A":
            return rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        return character

    return "".join(one(character) for character in pattern)


def make_contacts(rng: random.Random, profile: Profile) -> list[Contact]:
    """One or two people; about one partner in twenty has none on file."""
    if rng.random() < 0.05:
        return []
    languages = official_languages(profile.country)
    contacts = []
    for _ in range(1 if rng.random() < 0.6 else 2):
        name = person(rng, profile.names)
        local = ".".join(slug(part) for part in ascii_fold(name).split()[-2:] if slug(part))
        phone = phone_number(rng, profile.country)
        role = rng.choice(CONTACT_ROLES)
        contacts.append(
            Contact(
                partner=profile.partner,
                name=name,
                role=role,
                role_zh=CONTACT_ROLES_ZH[role],
                email=f"{local or rng.choice(MAILBOXES)}@{profile.domain}",
                phone=phone,
                language=languages[0] if languages and rng.random() < 0.7 else "en",
            )
        )
    return contacts


def phone_number(rng: random.Random, country: str) -> str:
    code = CALLING_CODES.get(country)
    # Drawn even where the calling code is unknown, so that the draws after it stay the same.
    number = f"+{code} {rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(100, 999)}"
    return number if code else ""
