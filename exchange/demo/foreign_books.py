"""The books and serials partners send us: titles in the partner's language, by its people
and its country's publishers, with its country's ISBNs and priced in its currency."""

import random
from functools import cache

from exchange.demo.books import isbn13, issn8, pages
from exchange.demo.context import Profile
from exchange.demo.helpers import decimal, weighted
from exchange.demo.money import nice_price, usual_rate
from exchange.demo.people import NAME_SETS, NON_LATIN_NAMES, person
from exchange.demo.places import country_name

MATERIALS = ("monograph", "serial", "map", "audiovisual", "electronic", "other")
MATERIAL_WEIGHTS = (74, 15, 3, 3, 3, 2)

# Title templates by language. {country} is the partner's country in that language,
# {topic} one of the language's topics, {library} the partner's name; capitalised
# ({Country}) where they begin the title.
TITLES = {
    "en": {
        "topics": "Chinese Studies|East Asian Art|Maritime History|Comparative Literature|"
        "Environmental Law|Urban Archaeology|Medieval Manuscripts|Book History|Economic "
        "Development|Folk Music|Modern Poetry|Public Health|Digital Humanities|Silk Road "
        "Trade|Buddhist Art|Colonial History|Library Science|Migration|Architecture",
        "books": "{Country}: A Concise History|{Country}: Land and People|{Topic}: New "
        "Perspectives|Studies in {topic}|{Topic} since 1945|A Handbook of {topic}|Essays on "
        "{topic}|Rethinking {topic}|{Topic}: A Reader|Treasures of {library}|An Atlas of "
        "{country}",
        "serials": "Journal of {topic}|National Bibliography of {country}|{Library} Bulletin|"
        "Review of {topic}",
        "issue": ", vol. {volume}, no. {number}",
        "publishers": "Oxford University Press|Cambridge University Press|Routledge|Bloomsbury "
        "Academic|Penguin Books|University of Chicago Press|Yale University Press|Brill",
    },
    "fr": {
        "topics": "l'histoire maritime|la littérature comparée|le droit de l'environnement|"
        "l'archéologie urbaine|les manuscrits médiévaux|l'histoire du livre|la musique "
        "populaire|la poésie moderne|les études chinoises|l'art bouddhique|la route de la "
        "soie|le patrimoine culturel|les migrations",
        "books": "Essais sur {topic}|Regards sur {topic}|Nouvelles recherches sur {topic}|"
        "Réflexions sur {topic}|{Country} : histoire et société|{Country} : atlas historique",
        "serials": "Revue d'histoire moderne|Cahiers d'études asiatiques|Bulletin des "
        "bibliothèques|Revue de littérature comparée",
        "issue": ", n° {number}, {year}",
        "publishers": "Gallimard|Éditions du Seuil|Presses universitaires de France|CNRS "
        "Éditions|Flammarion|Fayard",
    },
    "de": {
        # All feminine, so that "zur" fits every one.
        "topics": "Buchgeschichte|Sinologie|Stadtarchäologie|Umweltgeschichte|"
        "Literaturwissenschaft|Migrationsforschung|Musikethnologie|Kunstgeschichte Ostasiens|"
        "Wirtschaftsgeschichte|Handschriftenkunde|Bibliothekswissenschaft|Architekturgeschichte",
        "books": "Handbuch {topic}|{Topic}: eine Einführung|{Topic}: neue Perspektiven|{Topic} "
        "heute|Studien zur {topic}|Beiträge zur {topic}|{Country}: Geschichte und Gegenwart",
        "serials": "Zeitschrift für {topic}|Jahrbuch für {topic}",
        "issue": ", Jg. {volume}, Heft {number}",
        "publishers": "Suhrkamp|C.H. Beck|De Gruyter|Harrassowitz|Wallstein Verlag|Reclam",
    },
    "es": {
        "topics": "la historia marítima|la literatura comparada|el derecho ambiental|la "
        "arqueología urbana|los manuscritos medievales|la historia del libro|la música "
        "popular|la poesía moderna|los estudios asiáticos|el arte budista|la ruta de la seda|"
        "el patrimonio cultural|las migraciones",
        "books": "Estudios sobre {topic}|Ensayos sobre {topic}|Nuevas perspectivas sobre "
        "{topic}|{Country}: historia y cultura|{Country}: atlas histórico",
        "serials": "Revista de Estudios Asiáticos|Anuario de Historia|Boletín de la Biblioteca "
        "Nacional|Cuadernos de Literatura",
        "issue": ", año {volume}, núm. {number}",
        "publishers": "Fondo de Cultura Económica|Editorial Planeta|Alianza Editorial|Siglo XXI "
        "Editores|Anagrama",
    },
    "pt": {
        "topics": "a história marítima|a literatura comparada|o direito ambiental|a arqueologia "
        "urbana|os manuscritos medievais|a história do livro|a música popular|a poesia "
        "moderna|os estudos asiáticos|a arte budista|as migrações",
        "books": "Estudos sobre {topic}|Ensaios sobre {topic}|Novas perspectivas sobre {topic}|"
        "{Country}: história e cultura|{Country}: atlas histórico",
        "serials": "Revista de Estudos Asiáticos|Anais da Biblioteca Nacional|Cadernos de "
        "História|Boletim Bibliográfico",
        "issue": ", v. {volume}, n. {number}",
        "publishers": "Companhia das Letras|Editora Record|Imprensa Nacional|Edições 70|"
        "Editora Unesp",
    },
    "it": {
        "topics": "storia marittima|letteratura comparata|diritto ambientale|archeologia "
        "urbana|codicologia|storia del libro|musica popolare|poesia moderna|sinologia|arte "
        "buddhista|storia dell'architettura",
        "books": "Saggi di {topic}|Studi di {topic}|Manuale di {topic}|{Topic}: nuove "
        "prospettive|{Country}: storia e cultura",
        "serials": "Rivista di {topic}|Annali di {topic}|Bollettino di {topic}",
        "issue": ", a. {volume}, n. {number}",
        "publishers": "Einaudi|Mondadori|Laterza|Il Mulino|Feltrinelli",
    },
    "ru": {
        "topics": "История книги|Сравнительное литературоведение|Городская археология|"
        "Экологическое право|Морская история|Востоковедение|Народная музыка|Цифровые "
        "гуманитарные науки|Кодикология|Библиотековедение|Экономическая история|История "
        "архитектуры",
        "books": "{Topic}: новые подходы|{Topic}: сборник статей|{Topic}: исследования и "
        "материалы|{Topic}: учебное пособие|{Country}: история и культура|{Country}: "
        "исторический атлас",
        "serials": "Вестник библиотековедения|Вопросы истории и культуры|Восточный архив|"
        "Книжное дело",
        "issue": ". {year}. № {number}",
        "publishers": "Наука|Азбука|Эксмо|АСТ|Новое литературное обозрение|РОССПЭН",
    },
    "ja": {
        "topics": "書誌学|比較文学|考古学|環境法|海事史|東洋史|中国文学|仏教美術|近代詩|民俗音楽|"
        "図書館情報学|経済史|建築史",
        "books": "{topic}の研究|{topic}入門|{topic}論集|{topic}の新展開|{topic}事典|"
        "{country}の歴史と文化",
        "serials": "{topic}研究|{topic}年報",
        "issue": " 第{number}号",
        "publishers": "岩波書店|講談社|東京大学出版会|吉川弘文館|平凡社|汲古書院",
    },
    "ko": {
        "topics": "서지학|비교문학|고고학|환경법|해양사|동양사|중국문학|불교미술|근대시|민속음악|"
        "문헌정보학|경제사",
        "books": "{topic} 연구|{topic} 입문|{topic} 논총|{topic}의 새로운 이해|{country}의 "
        "역사와 문화",
        "serials": "{topic} 연구|{topic} 학보",
        "issue": " 제{number}호",
        "publishers": "민음사|창비|서울대학교출판문화원|문학과지성사|한길사",
    },
    "uk": {
        "topics": "Історія книги|Порівняльне літературознавство|Міська археологія|Екологічне "
        "право|Морська історія|Сходознавство|Народна музика|Кодикологія|Бібліотекознавство|"
        "Економічна історія",
        "books": "{Topic}: нові підходи|{Topic}: збірник статей|{Topic}: дослідження і "
        "матеріали|{Country}: історія і культура",
        "serials": "Бібліотечний форум|Вісник Книжкової палати|Рукописна та книжкова "
        "спадщина України",
        "issue": ". {year}. № {number}",
        "publishers": "Наукова думка|Либідь|Видавництво Старого Лева|Основи|Смолоскип",
    },
    # Traditional characters, for Taiwan, Hong Kong and Macao.
    "zh": {
        "topics": "文學|歷史|考古|書誌學|藝術|宗教|民俗|經濟|法制|建築|音樂|方言",
        "books": "{country}{topic}史|{country}{topic}研究|{country}{topic}論集|{topic}新論|"
        "{country}古籍善本圖錄|{country}地方文獻叢刊",
        "serials": "漢學研究|{country}{topic}學報",
        "issue": " 第{volume}卷第{number}期",
        "publishers": "聯經出版公司|三民書局|商務印書館（香港）|香港大學出版社|澳門基金會|"
        "臺灣學生書局",
    },
}
# ISBN registration groups by country, else by language.
ISBN_GROUPS = {
    "GB": "1", "US": "0", "AU": "0", "CA": "1", "FR": "2", "BE": "2", "CH": "3", "DE": "3",
    "AT": "3", "JP": "4", "RU": "5", "ES": "84", "MX": "607", "AR": "950", "CL": "956",
    "CO": "958", "PE": "612", "BR": "85", "PT": "972", "IT": "88", "KR": "89", "TW": "957",
    "HK": "962", "NL": "90", "SE": "91", "NO": "82", "DK": "87", "FI": "951", "PL": "83",
    "HU": "963", "CZ": "80", "TR": "605", "IN": "81", "IR": "600", "IL": "965", "EG": "977",
    "VN": "604", "TH": "616", "ID": "602", "MY": "967", "SG": "981", "ZA": "0", "NZ": "0",
    "UA": "966", "BY": "985", "KZ": "601", "RS": "86", "BG": "954", "RO": "973", "GR": "960",
}  # fmt: skip
LANGUAGE_ISBN_GROUPS = {"en": "1", "fr": "2", "de": "3", "ja": "4", "ru": "5", "es": "84"}


def foreign_book(rng: random.Random, profile: Profile, year: int, base: str) -> dict:
    """A book or an issue of a serial, as the fields of its ShipmentItem."""
    language, partner = profile.language, profile.partner
    words = title_words(language)
    material = weighted(rng, MATERIALS, MATERIAL_WEIGHTS)
    if material == "serial":
        title, issn = serial_issue(rng, profile, words, year)
    else:
        title, issn = rng.choice(words["books"]).format(**title_values(rng, profile, words)), ""
    own = partner.name if language == "en" else partner.name_original or partner.name
    group = ISBN_GROUPS.get(profile.country) or LANGUAGE_ISBN_GROUPS.get(language, "1")
    # Foreign academic books cost more than ours: about ¥220 (US$30) in the middle.
    cny = decimal(rng.lognormvariate(5.4, 0.5), 2)
    return {
        "title": title,
        "author": "" if issn else person(rng, author_names(profile)),
        "publisher": own if rng.random() < 0.3 else rng.choice(words["publishers"]),
        "isbn": "" if issn else isbn13(rng, group),
        "issn": issn,
        "material_type": material,
        "language": language,
        "year": year if issn else year - weighted(rng, (0, 1, 2), (60, 30, 10)),
        "pages": pages(rng, material),
        "unit_value": nice_price(cny / usual_rate(profile.currency, base), profile.currency),
        "currency": profile.currency,
    }


@cache
def title_words(language: str) -> dict[str, list[str] | str]:
    """The language's TITLES entry with its lists split."""
    entry = TITLES[language]
    return {key: value if key == "issue" else value.split("|") for key, value in entry.items()}


def title_values(rng: random.Random, profile: Profile, words: dict) -> dict:
    language, country = profile.language, profile.country
    topic = rng.choice(words["topics"])
    place = country_name(country, language)
    name = profile.partner.name
    return {
        "topic": topic,
        "Topic": capitalised(topic),
        "country": place,
        "Country": capitalised(place),
        "library": name,
        "Library": name,
    }


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def serial_issue(rng: random.Random, profile: Profile, words: dict, year: int) -> tuple[str, str]:
    """An issue of one of the partner's serials, which keep their ISSN and volumes."""
    serial = rng.choice(words["serials"]).format(**title_values(rng, profile, words))
    if serial not in profile.serials:
        profile.serials[serial] = (issn8(rng), rng.randint(1950, 2000))
    issn, founded = profile.serials[serial]
    issue = words["issue"].format(volume=year - founded, number=rng.randint(1, 6), year=year)
    return serial + issue, issn


def author_names(profile: Profile) -> str:
    """Local people, unless their script would not go with the titles' language."""
    names = profile.names
    if names in NON_LATIN_NAMES and NAME_SETS.get(profile.language) != names:
        return NAME_SETS.get(profile.language, "en")
    return names
