"""Realistic demo data for `manage.py seed_demo`.

Everything comes from `random.Random` instances seeded from the `seed` option (one per
part, so that, say, the book catalogue does not change when the partner count does),
and every date is reckoned from `until`: the same options give the same data.

Rows are built in memory and written with `bulk_create` in one transaction, so the
default size loads in seconds. `bulk_create` writes no simple_history rows; the demo
shipments carry their own status history as `ShipmentEvent`s instead.
"""

import csv
import datetime
import itertools
import math
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum import ean, issn

from exchange import roles
from exchange.codes import is_language
from exchange.demo.libraries import LIBRARIES
from exchange.models import CulturalAgreement, ExchangeRate, Obligation
from partners.models import Address, Contact, Partner
from shipments.models import Claim, Shipment, ShipmentEvent, ShipmentItem

# The first line of every demo partner's notes: how a second run knows the data is there.
DEMO_NOTE = "Demo data (seed_demo)."
BATCH = 2000
DAY = datetime.timedelta(days=1)

DEMO_USERS = (
    # username, password, group, may use the Django admin
    ("staff", "demo-staff-2026", roles.STAFF, False),
    ("head", "demo-head-2026", roles.HEADS, False),
    ("admin", "demo-admin-2026", roles.ADMINISTRATORS, True),
)

# ------------------------------------------------------------------ money and rates

# Typical value of one unit in CNY, and how much it moves in half a year.
CURRENCIES = {
    "USD": ("7.10", 0.02),
    "EUR": ("7.80", 0.03),
    "GBP": ("9.10", 0.03),
    "JPY": ("0.048", 0.04),
    "KRW": ("0.0053", 0.03),
    "RUB": ("0.080", 0.08),
    "CHF": ("8.10", 0.03),
    "CAD": ("5.20", 0.03),
    "AUD": ("4.70", 0.04),
    "HKD": ("0.91", 0.01),
    "SGD": ("5.30", 0.02),
    "INR": ("0.085", 0.03),
    "BRL": ("1.30", 0.06),
    "SEK": ("0.68", 0.04),
    "THB": ("0.20", 0.03),
    "CNY": ("1", 0.0),
}
MICRO = Decimal("0.000001")
CENT = Decimal("0.01")

# ------------------------------------------------------------------ partners

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
CONTACT_ROLES = (
    "Head of Exchange and Gifts",
    "Exchange Librarian",
    "Acquisitions Librarian",
    "Head of Acquisitions",
    "Chinese Studies Librarian",
    "International Relations Officer",
    "Deputy Director",
)
MAILBOXES = ("exchange", "acquisitions", "gifts", "intl", "library")
# Country code top-level domains that differ from the alpha-2 code.
TLDS = {"GB": "uk", "US": "org"}
ACADEMIC_DOMAINS = {
    "GB": "ac.uk", "JP": "ac.jp", "KR": "ac.kr", "NZ": "ac.nz", "ZA": "ac.za", "IL": "ac.il",
    "IN": "ac.in", "AT": "ac.at", "TH": "ac.th", "US": "edu", "AU": "edu.au", "TW": "edu.tw",
    "HK": "edu.hk", "MO": "edu.mo", "SG": "edu.sg", "MY": "edu.my", "PH": "edu.ph",
    "VN": "edu.vn", "TR": "edu.tr", "EG": "edu.eg", "SA": "edu.sa", "PK": "edu.pk",
    "MX": "edu.mx", "AR": "edu.ar", "CO": "edu.co", "PE": "edu.pe", "BR": "edu.br",
}  # fmt: skip
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

# ------------------------------------------------------------------ agreements

# Alpha-2 codes whose English name takes "the" in running text, and better names.
ENGLISH_NAMES = {
    "US": "the United States", "GB": "the United Kingdom", "NL": "the Netherlands",
    "PH": "the Philippines", "CD": "the Democratic Republic of the Congo",
    "BA": "Bosnia and Herzegovina", "TT": "Trinidad and Tobago", "HK": "Hong Kong",
    "MO": "Macao", "MM": "Myanmar", "DO": "the Dominican Republic",
    "AE": "the United Arab Emirates", "GM": "the Gambia", "MV": "the Maldives",
    "FO": "the Faroe Islands", "VA": "the Holy See", "CZ": "the Czech Republic",
    "KR": "the Republic of Korea", "KP": "the Democratic People's Republic of Korea",
    "RU": "the Russian Federation", "TR": "the Republic of Türkiye",
}  # fmt: skip
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
OBLIGATION_SIZES = {
    # measure: (the yearly figure for one partner, what it rounds to)
    "items": (16, 5),
    "titles": (11, 5),
    "pages": (4500, 500),
    "value": (3000, 500),
}

# ------------------------------------------------------------------ shipments

METHODS = ("surface", "air", "courier", "diplomatic", "hand", "electronic")
METHOD_WEIGHTS = (52, 20, 12, 6, 5, 5)
# Days in transit, by method: (fewest, most).
TRANSIT = {
    "surface": (25, 90),
    "air": (6, 20),
    "courier": (3, 10),
    "diplomatic": (20, 60),
    "hand": (0, 3),
    "electronic": (0, 1),
}
POSTAGE = {
    # method: (fixed, per kg) in CNY
    "surface": ("40", "28"),
    "air": ("80", "95"),
    "courier": ("160", "130"),
}
ITEM_COUNTS = range(1, 13)
ITEM_COUNT_WEIGHTS = (8, 10, 13, 13, 12, 11, 9, 7, 6, 5, 3, 3)
MATERIALS = ("monograph", "serial", "map", "audiovisual", "electronic", "other")
MATERIAL_WEIGHTS = (74, 15, 3, 3, 3, 2)
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

# ------------------------------------------------------------------ books we send

PROVINCES = (
    "北京市 上海市 天津市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 "
    "福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 "
    "甘肃省 青海省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区"
).split()
GAZETTEER_VOLUMES = (
    "文物志 教育志 交通志 人口志 民俗志 方言志 水利志 农业志 出版志 图书馆志 宗教志".split()
)
CITIES = "苏州 杭州 宁波 扬州 绍兴 泉州 洛阳 开封 大同 桂林 昆明 西安 景德镇 青岛 厦门 南京".split()
DYNASTIES = "先秦 秦汉 魏晋南北朝 隋唐 唐代 宋代 辽金 元代 明代 清代 晚清 民国".split()
HISTORY_TOPICS = (
    "政治制度 财政 社会 思想 文化 军事 外交 城市 海外贸易 科举 法制 宗教 家族 边疆 交通 印刷"
).split()
SITES = (
    "二里头 殷墟 三星堆 良渚 陶寺 石峁 马王堆汉墓 海昏侯墓 金沙 凌家滩 河姆渡 半坡 牛河梁 周原"
).split()
PERIODS = "新石器时代 夏商 两周 秦汉 三国两晋南北朝 隋唐".split()
CLASSICS = (
    ("史记", "（汉）司马迁 撰"),
    ("汉书", "（汉）班固 撰"),
    ("资治通鉴", "（宋）司马光 编著"),
    ("说文解字", "（汉）许慎 撰"),
    ("世说新语", "（南朝宋）刘义庆 撰"),
    ("水经注", "（北魏）郦道元 注"),
    ("梦溪笔谈", "（宋）沈括 撰"),
    ("天工开物", "（明）宋应星 撰"),
    ("本草纲目", "（明）李时珍 撰"),
    ("齐民要术", "（北魏）贾思勰 撰"),
    ("文心雕龙", "（南朝梁）刘勰 撰"),
    ("东坡集", "（宋）苏轼 撰"),
    ("杜工部集", "（唐）杜甫 撰"),
    ("昭明文选", "（南朝梁）萧统 编"),
    ("太平御览", "（宋）李昉 等编"),
    ("营造法式", "（宋）李诫 撰"),
    ("徐霞客游记", "（明）徐弘祖 撰"),
)
EDITIONS = "宋刻本 元刻本 明刻本 清刻本 明抄本".split()
WRITERS = "鲁迅 郭沫若 茅盾 巴金 老舍 沈从文 郁达夫 冰心 朱自清 萧红".split()
GENRES = "短篇小说 中篇小说 散文 诗歌 报告文学".split()
LAWS = (
    "民法典 刑法 公司法 著作权法 数据安全法 个人信息保护法 公共图书馆法 文物保护法 环境保护法"
).split()
LAW_FIELDS = "宪法学 民法学 刑法学 国际法学 知识产权法学 环境法学 商法学 行政法学".split()
ECONOMY_TOPICS = "区域经济 数字经济 农村经济 对外贸易 城市化 文化产业 海洋经济 能源".split()
INTANGIBLE = "昆曲 京剧 古琴艺术 皮影戏 南音 侗族大歌".split()
SURNAMES = (
    "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹"
).split()
GIVEN_NAMES = (
    "建华 晓东 志明 海涛 丽娟 文博 静怡 国强 永红 思远 立新 春生 明远 晓燕 振宇 雪梅 子健 "
    "秋云 宏伟 学勤 一凡 敏 磊 军 芳 涛 静 勇 婷"
).split()
# Publisher: the digits after 978-7 in its ISBNs.
PUBLISHERS = {
    "中华书局": "101",
    "商务印书馆": "100",
    "国家图书馆出版社": "5013",
    "人民出版社": "01",
    "上海古籍出版社": "5325",
    "文物出版社": "5010",
    "科学出版社": "03",
    "人民文学出版社": "02",
    "北京大学出版社": "301",
    "生活·读书·新知三联书店": "108",
    "上海人民出版社": "208",
    "社会科学文献出版社": "5228",
    "中国社会科学出版社": "5227",
    "法律出版社": "5197",
    "中国法制出版社": "5216",
    "方志出版社": "5144",
    "凤凰出版社": "5506",
    "中国地图出版社": "5204",
    "中国大百科全书出版社": "5202",
    "中国唱片集团有限公司": "7998",
}
JOURNALS = (
    # title, publisher, issues a year
    ("文献", "国家图书馆出版社", 6),
    ("国家图书馆学刊", "国家图书馆出版社", 6),
    ("中国图书馆学报", "国家图书馆出版社", 6),
    ("文物", "文物出版社", 12),
    ("考古", "科学出版社", 12),
    ("历史研究", "中国社会科学出版社", 6),
    ("文学评论", "中国社会科学出版社", 6),
    ("中国统计年鉴", "中国大百科全书出版社", 1),
    ("中国出版年鉴", "中国大百科全书出版社", 1),
)

# ------------------------------------------------------------------ books we receive

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
PLACE_NAMES_ZH = {"TW": "臺灣", "HK": "香港", "MO": "澳門"}
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


# ================================================================== entry point


class DemoError(Exception):
    """Options the demo cannot honour."""


def seed_demo(*, partners=520, years=12, seed=2026, scale=1.0, until=None) -> dict | None:
    """Load the demo data; None (and nothing added) if it is already there.

    The roles and the demo users are made in any case, and left alone if they exist.
    """
    until = until or timezone.localdate()
    with transaction.atomic():
        ensure_demo_users()
        if Partner.objects.filter(notes__startswith=DEMO_NOTE).exists():
            return None
        return DemoData(partners=partners, years=years, seed=seed, scale=scale, until=until).load()


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


# ================================================================== small helpers


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def initials(name: str) -> str:
    """The capitals of the words of an English name: "British Library" → "BL"."""
    words = re.findall(r"[A-Za-z]+", ascii_fold(name))
    return "".join(word[0] for word in words if word[0].isupper())[:6] or "X"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(text).lower()) or "library"


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + DAY * rng.randint(0, max(0, (last - first).days))


def aware(day: datetime.date, rng: random.Random, hour: int = 9) -> datetime.datetime:
    """A time in the working hour; later steps of a day get later hours, to sort right.

    Never in the future: the last day's steps are recorded no later than now.
    """
    time = datetime.time(hour, rng.randint(0, 59))
    moment = datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())
    return min(moment, timezone.now())


def pattern_text(rng: random.Random, pattern: str) -> str:
    """9 → a digit, A → a capital letter, anything else as is."""

    def one(character: str) -> str:
        if character == "9":
            return str(rng.randint(0, 9))
        if character == "A":
            return rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        return character

    return "".join(one(character) for character in pattern)


def isbn13(rng: random.Random, group: str, registrant: str = "") -> str:
    body = "978" + group + registrant
    body += "".join(str(rng.randint(0, 9)) for _ in range(12 - len(body)))
    return body + ean.calc_check_digit(body)


def issn8(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + issn.calc_check_digit(body)


def s10_tracking(rng: random.Random, service: str, country: str) -> str:
    """A UPU S10 item number (as on registered mail), with its check digit."""
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{service}{''.join(map(str, digits))}{check}{country}"


def nice_price(amount: Decimal, currency: str) -> Decimal:
    """Round to what a price list would show: ¥128.00, $34.95, ¥3,800, ₩25,000."""
    if amount >= 10000:
        step = Decimal(1000)
    elif amount >= 1000:
        step = Decimal(100)
    elif amount >= 100:
        step = Decimal(10)
    else:
        step = Decimal(1)
    price = max(step, (amount / step).quantize(Decimal(1)) * step)
    if currency == "CNY" and step == 10:
        price -= 2  # Chinese list prices like 128 and 168
    elif step == 1 and currency in ("USD", "EUR", "GBP", "CAD", "AUD", "SGD", "CHF"):
        price -= Decimal("0.05")
    return price.quantize(CENT)


def weighted(rng: random.Random, choices, weights: tuple):
    # The same draw as rng.choices(choices, weights), without summing the weights each time.
    return rng.choices(choices, cum_weights=cumulative(weights))[0]


@cache
def cumulative(weights: tuple) -> list:
    return list(itertools.accumulate(weights))


def decimal(number: float, places: int) -> Decimal:
    """A float from the random generator as an exact Decimal of so many places."""
    return Decimal(round(number * 10**places)) / 10**places


@cache
def subregions() -> dict[str, str]:
    path = Path(__file__).resolve().parent.parent / "data" / "m49.csv"
    with path.open(encoding="utf-8") as f:
        return {row["alpha2"]: row["subregion_name"] for row in csv.DictReader(f)}


@cache
def official_languages(country: str) -> tuple[str, ...]:
    """The country's languages as two-letter codes, most used first."""
    codes = []
    for code in get_official_languages(country, de_facto=True):
        short = code.split("_")[0]
        if len(short) == 2 and is_language(short) and short not in codes:
            codes.append(short)
    return tuple(codes)


@cache
def country_name(country: str, language: str) -> str:
    if language == "en":
        return ENGLISH_NAMES.get(country) or Locale("en").territories.get(country, country)
    if language == "zh":
        return PLACE_NAMES_ZH.get(country, "")
    return Locale.parse(language).territories.get(country, country)


def with_article(name: str) -> str:
    """ "the National Library of Ireland", but "Qatar National Library"."""
    first = name.split()[0]
    if first in ("National", "University", "Royal", "Central", "State", "Public", "Library"):
        return f"the {name}"
    return name


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def name_set(country: str, language: str) -> str:
    if subregions().get(country) == "Sub-Saharan Africa":
        return "africa"
    return NAME_SETS.get(language, "en")


@cache
def name_lists(names: str) -> tuple[list[str], list[str]]:
    given, family = NAMES[names]
    return given.split(), family.split()


@cache
def title_words(language: str) -> dict[str, list[str] | str]:
    """The language's TITLES entry with its lists split."""
    entry = TITLES[language]
    return {key: value if key == "issue" else value.split("|") for key, value in entry.items()}


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


# ================================================================== the builder


@dataclass
class Profile:
    """A partner and what the demo needs to know to make its shipments."""

    partner: Partner
    country: str  # its alpha-2 code (partner.country is a Country object)
    domain: str  # of its website and email
    language: str  # of the titles it sends us
    names: str  # the name set of its people
    currency: str  # of the values of what it sends
    start: datetime.date | None = None  # shipments from
    stop: datetime.date | None = None  # shipments until
    activity: float = 1.0
    obligations: dict = field(default_factory=lambda: {"outgoing": [], "incoming": []})
    serials: dict = field(default_factory=dict)  # title: (ISSN, year founded)


class DemoData:
    def __init__(self, *, partners, years, seed, scale, until):
        self.size = partners
        self.seed = seed
        self.scale = scale
        self.until = until
        self.first_day = add_years(until, -years)
        self.base = settings.EXCHANGE_BASE_CURRENCY
        if self.base not in CURRENCIES:
            raise DemoError(f"The demo has no rates against {self.base}.")
        self.user = get_user_model().objects.get(username="staff")
        self.counts = {}

    def rng(self, part: str) -> random.Random:
        """One generator per part, so that changing one option changes only its part."""
        return random.Random(f"{self.seed}:{part}")

    def load(self) -> dict:
        profiles = self.create_partners()
        self.create_rates(profiles)
        self.create_agreements(profiles)
        self.create_shipments(profiles)
        return self.counts

    def save(self, model, objects: list) -> None:
        model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[model.__name__] = len(objects)

    # -------------------------------------------------------------- partners

    def create_partners(self) -> list[Profile]:
        rng = self.rng("partners")
        rows = self.partner_rows(rng)
        used_codes = set(Partner.objects.values_list("code", flat=True))
        profiles = [self.profile(rng, row, used_codes) for row in rows]
        self.save(Partner, [profile.partner for profile in profiles])
        addresses, contacts = [], []
        for profile in profiles:
            addresses += self.addresses(rng, profile)
            contacts += self.contacts(rng, profile)
        self.save(Address, addresses)
        self.save(Contact, contacts)
        return profiles

    def partner_rows(self, rng: random.Random) -> list[tuple]:
        """All of LIBRARIES, topped up or cut down to the size; national libraries first."""
        national = [row for row in LIBRARIES if row[1] == "national"]
        others = [row for row in LIBRARIES if row[1] != "national"]
        rng.shuffle(national)
        rng.shuffle(others)
        rows = (national + others)[: self.size]
        names = {row[2] for row in LIBRARIES}
        cities = sorted({(row[0], row[4]) for row in LIBRARIES if row[4]})
        # Every city has a few names to spare; past them the loop would never end.
        if self.size > len(rows) + len(cities) * 3:
            raise DemoError(f"The demo can make at most {len(rows) + len(cities) * 3} partners.")
        while len(rows) < self.size:
            country, city = rng.choice(cities)
            kind = weighted(rng, ("public", "university", "research", "other"), (35, 35, 20, 10))
            name = rng.choice(GENERATED_NAMES[kind]).format(city=city)
            if name not in names:
                names.add(name)
                rows.append((country, kind, name, "", city))
        return rows

    def profile(self, rng: random.Random, row: tuple, used_codes: set) -> Profile:
        country, kind, name, name_original, city = row
        status = self.partner_status(rng, kind)
        since = None if status == "prospective" else self.exchange_since(rng, kind)
        stop = self.stop_date(rng, status, since)
        domain = self.domain(country, kind, name, city)
        note = ""
        if status in ("suspended", "ended") or rng.random() < 0.5:
            note = rng.choice(PARTNER_NOTES[status]).format(date=stop)
        partner = Partner(
            code=self.partner_code(country, name, used_codes),
            name=name,
            name_original=name_original,
            kind=kind,
            country=country,
            city=city,
            status=status,
            exchange_since=since,
            exchange_basis=weighted(rng, BASES, BASIS_WEIGHTS),
            website=self.website(domain) if rng.random() < 0.75 else "",
            email=f"{rng.choice(MAILBOXES)}@{domain}" if rng.random() < 0.9 else "",
            notes="\n".join(line for line in (DEMO_NOTE, note) if line),
        )
        languages = official_languages(country) or ("en",)
        currency = get_territory_currencies(country, start_date=self.until)[0]
        # lognormvariate(0, 0.5) averages e^0.125: divided by it, activity averages 1.
        activity = rng.lognormvariate(0, 0.5) / math.exp(0.125)
        return Profile(
            partner=partner,
            country=country,
            domain=domain,
            language=next((code for code in languages if code in TITLES), "en"),
            names=name_set(country, languages[0]),
            currency=currency if currency in CURRENCIES else "USD",
            start=max(since, self.first_day) if since else None,
            stop=stop,
            activity=activity * ACTIVITY.get(kind, 1),
        )

    def partner_status(self, rng: random.Random, kind: str) -> str:
        statuses = ("active", "prospective", "suspended", "ended")
        weights = (88, 4, 5, 3) if kind == "national" else (75, 8, 7, 10)
        return weighted(rng, statuses, weights)

    def exchange_since(self, rng: random.Random, kind: str) -> datetime.date:
        """Spread over the decades; national libraries mostly since long ago."""
        oldest = 1950 if kind == "national" else 1965
        mode = 1975 if kind == "national" else 2000
        year = round(rng.triangular(oldest, self.until.year - 1, mode))
        return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))

    def stop_date(self, rng, status: str, since) -> datetime.date | None:
        """The last day of exchange: today, or when it was suspended or ended."""
        if status == "active":
            return self.until
        if status not in ("suspended", "ended"):
            return None
        years_back = 3 if status == "suspended" else 8
        first = max(since + 365 * DAY, self.until - 365 * years_back * DAY)
        return random_day(rng, min(first, self.until - 60 * DAY), self.until - 60 * DAY)

    def partner_code(self, country: str, name: str, used_codes: set) -> str:
        base = f"{country}-{initials(name)}"
        code, number = base, 1
        while code in used_codes:
            number += 1
            code = f"{base}{number}"
        used_codes.add(code)
        return code

    def domain(self, country: str, kind: str, name: str, city: str) -> str:
        tld = TLDS.get(country, country.lower())
        short = initials(name).lower()
        if kind == "university":
            return f"lib.{short}.{ACADEMIC_DOMAINS.get(country, tld)}"
        if kind == "public":
            return f"{slug(city)}library.{tld}"
        if kind == "national" and country == "US":
            return f"{short}.gov"
        return f"{short}.{tld}"

    def website(self, domain: str) -> str:
        return f"https://{domain}/" if domain.startswith("lib.") else f"https://www.{domain}/"

    def addresses(self, rng: random.Random, profile: Profile) -> list[Address]:
        """A shipping and a postal address; some partners lack one or both."""
        partner = profile.partner
        language = profile.language if profile.language in STREETS else "en"
        postcode = POSTCODES.get(profile.country, "99999")
        street = rng.choice(STREETS[language]).format(n=rng.randint(1, 120))
        addresses = []
        if rng.random() < 0.95:
            addresses.append(
                Address(
                    partner=partner,
                    kind="shipping",
                    recipient=partner.name,
                    lines=f"Exchange and Gifts Section\n{street}",
                    city=partner.city,
                    postcode=pattern_text(rng, postcode),
                    country=profile.country,
                )
            )
        if rng.random() < 0.9:
            box = rng.random() < 0.4
            addresses.append(
                Address(
                    partner=partner,
                    kind="postal",
                    recipient=partner.name,
                    lines=f"P.O. Box {rng.randint(10, 9999)}" if box else street,
                    city=partner.city,
                    postcode=pattern_text(rng, postcode),
                    country=profile.country,
                )
            )
        return addresses

    def contacts(self, rng: random.Random, profile: Profile) -> list[Contact]:
        """One or two people; about one partner in twenty has none on file."""
        if rng.random() < 0.05:
            return []
        partner = profile.partner
        languages = official_languages(profile.country)
        domain = profile.domain
        contacts = []
        for _ in range(1 if rng.random() < 0.6 else 2):
            name = person(rng, profile.names)
            local = ".".join(slug(part) for part in ascii_fold(name).split()[-2:] if slug(part))
            code = CALLING_CODES.get(profile.country)
            phone = (
                f"+{code} {rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(100, 999)}"
            )
            contacts.append(
                Contact(
                    partner=partner,
                    name=name,
                    role=rng.choice(CONTACT_ROLES),
                    email=f"{local or rng.choice(MAILBOXES)}@{domain}",
                    phone=phone if code else "",
                    language=languages[0] if languages and rng.random() < 0.7 else "en",
                )
            )
        return contacts

    # -------------------------------------------------------------- rates

    def create_rates(self, profiles: list[Profile]) -> None:
        """Rates from 1 January and 1 July of each year: a random walk around the usual rate."""
        rng = self.rng("rates")
        currencies = sorted({p.currency for p in profiles} - {self.base})
        days = [
            datetime.date(year, month, 1)
            for year in range(self.first_day.year, self.until.year + 1)
            for month in (1, 7)
            if datetime.date(year, month, 1) <= self.until
        ]
        rates = []
        for currency in currencies:
            centre = self.centre(currency)
            volatility = CURRENCIES[currency][1]
            rate = centre
            for day in days:
                rate = self.next_rate(rng, rate, centre, volatility)
                rates.append(ExchangeRate(currency=currency, valid_from=day, rate=rate))
        self.save(ExchangeRate, rates)

    def centre(self, currency: str) -> Decimal:
        """How many base units one unit is usually worth."""
        return Decimal(CURRENCIES[currency][0]) / Decimal(CURRENCIES[self.base][0])

    def next_rate(self, rng, rate: Decimal, centre: Decimal, volatility: float) -> Decimal:
        # Pulled back a quarter of the way to the usual rate, plus a random move.
        move = decimal(rng.gauss(0, volatility), 4)
        rate = rate + (centre - rate) / 4 + rate * move
        return max(rate, centre / 2).quantize(MICRO)

    # -------------------------------------------------------------- agreements

    def create_agreements(self, profiles: list[Profile]) -> None:
        rng = self.rng("agreements")
        by_country = defaultdict(list)
        for profile in profiles:
            if profile.start:
                by_country[profile.country].append(profile)
        countries = rng.sample(sorted(by_country), min(30, len(by_country)))
        planned = [(country, kind) for country in countries for kind in self.agreement_kinds(rng)]
        agreements, obligations = [], []
        for (country, kind), state in zip(planned, self.states(rng, len(planned)), strict=True):
            agreement = self.agreement(rng, kind, state, country, by_country[country])
            agreements.append(agreement)
            for obligation in self.obligations(rng, agreement, country, by_country[country]):
                obligations.append(obligation)
                self.index_obligation(obligation, by_country[country])
        self.save(CulturalAgreement, agreements)
        self.save(Obligation, obligations)

    def agreement_kinds(self, rng: random.Random) -> list[str]:
        """One agreement with a country, sometimes the umbrella one and a programme."""
        if rng.random() < 0.2:
            return ["agreement", "programme"]
        return [weighted(rng, ("programme", "library", "agreement"), (50, 35, 15))]

    def states(self, rng: random.Random, count: int) -> list[str]:
        """Most in force, about one in eight expiring within six months, one in seven expired.

        Dealt rather than drawn, so that even a small demo has some of each.
        """
        expiring, expired = max(1, round(count / 8)), max(1, round(count / 7))
        states = ["expiring"] * expiring + ["expired"] * expired
        states += ["in force"] * (count - len(states))
        rng.shuffle(states)
        return states[:count]

    def agreement(self, rng, kind, state, country, profiles: list[Profile]) -> CulturalAgreement:
        years = rng.choice((3, 4, 5))
        ends = {
            # Begun at least a month ago.
            "in force": self.until + DAY * rng.randint(200, 365 * years - 30),
            "expiring": self.until + DAY * rng.randint(10, 170),
            "expired": self.until - DAY * rng.randint(30, 900),
        }[state]
        if kind == "agreement":
            signed = datetime.date(rng.randint(1956, 2005), rng.randint(1, 12), rng.randint(1, 28))
            valid_from = signed + DAY * rng.randint(30, 200)
            valid_to = None if state == "in force" else ends
        else:
            valid_to = ends
            valid_from = add_years(valid_to, -years) + DAY
            signed = valid_from - DAY * rng.randint(10, 120)
        year = valid_from.year
        references = {
            "agreement": f"CN-{country}-CA-{signed.year}",
            "programme": f"CN-{country}-EP-{year}",
            "library": f"NLC-{country}-{year}",
        }
        return CulturalAgreement(
            title=self.agreement_title(kind, country, valid_from, valid_to, profiles),
            kind=kind,
            reference=references[kind],
            countries=[country],
            signed_on=signed,
            valid_from=valid_from,
            valid_to=valid_to,
            summary=SUMMARIES[kind],
        )

    def agreement_title(self, kind, country, valid_from, valid_to, profiles) -> str:
        china = "the Government of the People's Republic of China"
        other = f"the Government of {country_name(country, 'en')}"
        if kind == "agreement":
            return f"Cultural Agreement between {china} and {other}"
        if kind == "programme":
            return (
                f"Executive Programme of Cultural Cooperation between {china} and {other} "
                f"for {valid_from.year}–{valid_to.year}"
            )
        library = with_article(self.main_partner(profiles).partner.name)
        return (
            "Agreement on the Exchange of Publications between the National Library of China "
            f"and {library}"
        )

    def main_partner(self, profiles: list[Profile]) -> Profile:
        """The national library if it takes part, else the most likely counterpart."""
        order = ("national", "research", "university", "public", "other")
        return min(profiles, key=lambda profile: order.index(profile.partner.kind))

    def obligations(self, rng, agreement, country, profiles: list[Profile]) -> list[Obligation]:
        """One to three, each a direction and a measure; some for one partner."""
        pairs = [(d, m) for d in ("outgoing", "incoming") for m in OBLIGATION_SIZES]
        named = agreement.kind == "library" or rng.random() < 0.5
        partner = self.main_partner(profiles).partner if named else None
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
                    description=self.obligation_text(direction, measure, target, partner, country),
                )
            )
        return obligations

    def obligation_text(self, direction, measure, target, partner, country) -> str:
        who = (
            with_article(partner.name) if partner else f"libraries in {country_name(country, 'en')}"
        )
        amount = f"{target:,} {measure}"
        if measure == "value":
            amount = f"publications worth {target:,} {self.base}"
        if direction == "outgoing":
            return f"The Chinese side sends {amount} a year to {who}."
        return f"The Chinese side receives {amount} a year from {who}."

    def index_obligation(self, obligation: Obligation, profiles: list[Profile]) -> None:
        """Note it on the partners whose shipments may serve it."""
        for profile in profiles:
            if obligation.partner is None or obligation.partner is profile.partner:
                profile.obligations[obligation.direction].append(obligation)

    # -------------------------------------------------------------- shipments

    def create_shipments(self, profiles: list[Profile]) -> None:
        rng = self.rng("shipments")
        years = range(self.first_day.year - 1, self.until.year + 1)
        self.catalogue = Catalogue(self.rng("catalogue"), years, self.base)
        plans = []
        for profile in profiles:
            if profile.start is None:
                continue
            for direction in ("outgoing", "incoming"):
                for day in self.shipment_days(rng, profile, direction):
                    plan = self.plan(rng, profile, direction, day)
                    if plan:
                        plans.append(plan)
        self.number(plans)
        self.save(Shipment, [plan.shipment for plan in plans])
        self.save(ShipmentItem, [item for plan in plans for item in plan.items])
        self.save(ShipmentEvent, [event for plan in plans for event in plan.events])
        self.save(Claim, [claim for plan in plans for claim in plan.claims])

    def shipment_days(self, rng, profile: Profile, direction: str) -> list[datetime.date]:
        """The days parcels leave: about two a year each way, more or less by partner."""
        per_year = 2 * self.scale * profile.activity
        if direction == "incoming" and profile.partner.exchange_basis == "gift":
            per_year *= 0.3
        if per_year <= 0:
            return []
        # Planned shipments run past today (drafts), unless the exchange has stopped.
        ahead = 45 if profile.stop == self.until else -30
        last = profile.stop + ahead * DAY
        days, day = [], profile.start
        while True:
            day += DAY * math.ceil(rng.expovariate(per_year / 365))
            if day > last:
                return days
            days.append(day)

    def plan(self, rng, profile: Profile, direction: str, day: datetime.date):
        """The shipment that leaves on the day, as far as it has gone by `until`."""
        method = weighted(rng, METHODS, METHOD_WEIGHTS)
        arrival = day + DAY * rng.randint(*TRANSIT[method])
        steps = (self.outgoing_steps if direction == "outgoing" else self.incoming_steps)(
            rng, day, arrival
        )
        steps = [(status, on) for status, on in steps if on <= self.until]
        if not steps:
            return None
        return ShipmentPlan(self, rng, profile, direction, method, (day, arrival), steps)

    def outgoing_steps(self, rng, day, arrival) -> list[tuple[str, datetime.date]]:
        """Every step it will take, from its draft to its end; cut at today by the caller."""
        created = day - DAY * rng.randint(3, 30)
        steps = [("draft", created)]
        packed = day - DAY * rng.randint(0, (day - created).days)
        fate = rng.random()
        if fate < 0.03:
            if rng.random() < 0.5:
                steps.append(("packed", packed))
            return [*steps, ("cancelled", steps[-1][1] + DAY * rng.randint(2, 30))]
        steps += [("packed", packed), ("dispatched", day)]
        if fate < 0.04:
            return [*steps, ("lost", day + DAY * rng.randint(60, 150))]
        if fate < 0.05:
            return [*steps, ("returned", day + DAY * rng.randint(30, 120))]
        if rng.random() < 0.85:
            steps.append(("delivered", arrival))
        if rng.random() < 0.75:
            steps.append(("acknowledged", arrival + DAY * rng.randint(5, 60)))
        return steps

    def incoming_steps(self, rng, day, expected) -> list[tuple[str, datetime.date]]:
        """Announced, then received and acknowledged; or cancelled, or late."""
        announced = day - DAY * rng.randint(0, 30)
        steps = [("expected", announced)]
        fate = rng.random()
        if fate < 0.03:
            return [*steps, ("cancelled", expected + DAY * rng.randint(20, 120))]
        late = fate < 0.10
        delay = rng.randint(60, 240) if late else rng.randint(-10, 25)
        received = max(announced + DAY, expected + DAY * delay)
        steps.append(("received", received))
        if rng.random() < 0.75:
            steps.append(("acknowledged", received + DAY * rng.randint(2, 45)))
        return steps

    def number(self, plans: list) -> None:
        """References like OUT-2024-00042, numbered per year in the order they were made."""
        taken = defaultdict(int)
        for reference in Shipment.objects.values_list("reference", flat=True):
            prefix, _, number = reference.rpartition("-")
            if number.isdigit():
                taken[prefix] = max(taken[prefix], int(number))
        for plan in sorted(plans, key=lambda plan: plan.created):
            prefix = f"{'OUT' if plan.direction == 'outgoing' else 'IN'}-{plan.created.year}"
            taken[prefix] += 1
            plan.shipment.reference = f"{prefix}-{taken[prefix]:05d}"


# ================================================================== one shipment


class ShipmentPlan:
    """One shipment with its items, its status history and any claims about it."""

    def __init__(self, demo: DemoData, rng, profile: Profile, direction, method, days, steps):
        self.demo = demo
        self.rng = rng
        self.profile = profile
        self.direction = direction
        self.created = steps[0][1]
        self.dates = dict(steps)
        self.status = steps[-1][0]
        day, arrival = days
        self.shipment = self.make_shipment(method, day, arrival)
        # A parcel planned for early next year still holds this year's books.
        self.items = self.make_items(method, min(day.year, demo.until.year))
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
            created_by=self.demo.user,
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
            books = self.demo.catalogue.pick(self.rng, year, count)
        else:
            books = [self.incoming_book(year) for _ in range(count)]
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

    def incoming_book(self, year: int) -> dict:
        rng, profile = self.rng, self.profile
        language, partner = profile.language, profile.partner
        words = title_words(language)
        material = weighted(rng, MATERIALS, MATERIAL_WEIGHTS)
        if material == "serial":
            title, issn = self.serial_issue(words, year)
        else:
            title, issn = rng.choice(words["books"]).format(**self.title_values(words)), ""
        own = partner.name if language == "en" else partner.name_original or partner.name
        group = ISBN_GROUPS.get(profile.country) or LANGUAGE_ISBN_GROUPS.get(language, "1")
        # Foreign academic books cost more than ours: about ¥220 (US$30) in the middle.
        cny = decimal(rng.lognormvariate(5.4, 0.5), 2)
        return {
            "title": title,
            "author": "" if issn else person(rng, self.author_names()),
            "publisher": own if rng.random() < 0.3 else rng.choice(words["publishers"]),
            "isbn": "" if issn else isbn13(rng, group),
            "issn": issn,
            "material_type": material,
            "language": language,
            "year": year if issn else year - weighted(rng, (0, 1, 2), (60, 30, 10)),
            "pages": pages(rng, material),
            "unit_value": nice_price(cny / self.demo.centre(profile.currency), profile.currency),
            "currency": profile.currency,
        }

    def title_values(self, words: dict) -> dict:
        language, country = self.profile.language, self.profile.country
        topic = self.rng.choice(words["topics"])
        place = country_name(country, language)
        name = self.profile.partner.name
        return {
            "topic": topic,
            "Topic": capitalised(topic),
            "country": place,
            "Country": capitalised(place),
            "library": name,
            "Library": name,
        }

    def serial_issue(self, words: dict, year: int) -> tuple[str, str]:
        """An issue of one of the partner's serials, which keep their ISSN and volumes."""
        rng = self.rng
        serial = rng.choice(words["serials"]).format(**self.title_values(words))
        if serial not in self.profile.serials:
            self.profile.serials[serial] = (issn8(rng), rng.randint(1950, 2000))
        issn, founded = self.profile.serials[serial]
        issue = words["issue"].format(volume=year - founded, number=rng.randint(1, 6), year=year)
        return serial + issue, issn

    def author_names(self) -> str:
        """Local people, unless their script would not go with the titles' language."""
        names = self.profile.names
        if names in NON_LATIN_NAMES and NAME_SETS.get(self.profile.language) != names:
            return NAME_SETS.get(self.profile.language, "en")
        return names

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
            user=self.demo.user,
            note=note,
        )

    def make_claims(self) -> list[Claim]:
        """A claim about a parcel that did not come when expected."""
        rng, shipment, until = self.rng, self.shipment, self.demo.until
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
                created_by=self.demo.user,
                created_at=aware(claimed, rng),
            )
        ]


def pages(rng: random.Random, material: str) -> int:
    if material in ("map", "audiovisual") or (material == "electronic" and rng.random() < 0.5):
        return 0
    if material == "serial":
        return rng.randint(60, 240)
    return round(rng.triangular(80, 900, 280))


# ================================================================== books we send


class Catalogue:
    """Our publications of each year; a title goes to many partners, as in life."""

    SIZE = 160  # titles a year

    def __init__(self, rng: random.Random, years: range, currency: str):
        self.rng = rng
        self.currency = currency
        # CNY list prices in the base currency (1 to 1 when it is CNY, as it usually is).
        self.per_unit = Decimal(CURRENCIES[currency][0])
        self.issns = {journal[0]: issn8(rng) for journal in JOURNALS}
        self.years = {year: [self.book(year) for _ in range(self.SIZE)] for year in years}

    def pick(self, rng: random.Random, year: int, count: int) -> list[dict]:
        """Titles of the year and the one before, no title twice."""
        titles = self.years[year] + self.years.get(year - 1, [])
        return rng.sample(titles, min(count, len(titles)))

    def book(self, year: int) -> dict:
        rng = self.rng
        maker = weighted(rng, BOOK_MAKERS, BOOK_WEIGHTS)
        title, author, publisher, material, low, high = maker(rng, year)
        serial = material == "serial"
        isbn = "" if serial else isbn13(rng, "7", PUBLISHERS[publisher])
        cny = decimal(math.exp(rng.uniform(math.log(low), math.log(high))), 2)
        return {
            "title": title,
            "author": author,
            "publisher": publisher,
            "isbn": isbn,
            "issn": self.issns[title.split("（")[0]] if serial else "",
            "material_type": material,
            "language": "zh",
            "year": year if serial else year - weighted(rng, (0, 1), (75, 25)),
            "pages": pages(rng, material),
            "unit_value": nice_price(cny / self.per_unit, self.currency),
            "currency": self.currency,
        }


def chinese_author(rng: random.Random, role: str = "著") -> str:
    return f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_NAMES)} {role}"


# Each maker returns (title, author, publisher, material type, lowest and highest price).


def gazetteer(rng, year):
    place = rng.choice(PROVINCES)
    if rng.random() < 0.3:
        city = rng.choice(CITIES)
        first = rng.choice((1986, 1991, 1996))
        title, body = f"{city}市志（{first}—{first + 19}）", f"{city}市"
    else:
        title, body = f"{place}志·{rng.choice(GAZETTEER_VOLUMES)}", place
    publisher = weighted(rng, ("方志出版社", "中华书局", "凤凰出版社"), (60, 25, 15))
    return title, f"{body}地方志编纂委员会 编", publisher, "monograph", 180, 680


def facsimile(rng, year):
    """Annotated editions and facsimiles of the classics; the costly sets are rarer."""
    book, author = rng.choice(CLASSICS)
    publisher = weighted(rng, ("国家图书馆出版社", "上海古籍出版社", "中华书局"), (55, 25, 20))
    title, author, low, high = weighted(
        rng,
        (
            (f"{book}校注", chinese_author(rng, "校注"), 68, 298),
            (f"{book}（国家图书馆藏{rng.choice(EDITIONS)}影印）", author, 380, 1980),
            (f"中华再造善本·{book}", author, 980, 6800),
            (f"国家图书馆藏敦煌遗书（第{rng.randint(1, 146)}册）", "国家图书馆 编", 680, 1680),
            (f"国家图书馆藏西夏文献（第{rng.randint(1, 20)}册）", "国家图书馆 编", 680, 1680),
        ),
        (40, 25, 15, 12, 8),
    )
    return title, author, publisher, "monograph", low, high


def history(rng, year):
    dynasty, topic = rng.choice(DYNASTIES), rng.choice(HISTORY_TOPICS)
    title = rng.choice(
        (
            f"{dynasty}{topic}研究",
            f"{dynasty}{topic}史",
            f"{dynasty}{topic}史论",
            f"{dynasty}{topic}考论",
            f"中国{topic}史（第{rng.randint(1, 8)}卷）",
        )
    )
    publisher = rng.choice(
        ("中华书局", "商务印书馆", "中国社会科学出版社", "北京大学出版社", "上海古籍出版社")
    )
    return title, chinese_author(rng), publisher, "monograph", 48, 198


def archaeology(rng, year):
    site, period = rng.choice(SITES), rng.choice(PERIODS)
    title, author = rng.choice(
        (
            (f"{site}遗址发掘报告", "中国社会科学院考古研究所 编著"),
            (
                f"{site}：{year - rng.randint(2, 8)}年度考古发掘报告",
                "中国社会科学院考古研究所 编著",
            ),
            (f"{site}出土文物精粹", "国家文物局 编"),
            (f"中国考古学·{period}卷", "中国社会科学院考古研究所 编著"),
            (f"{period}考古发现与研究", chinese_author(rng)),
        )
    )
    publisher = weighted(rng, ("文物出版社", "科学出版社"), (60, 40))
    return title, author, publisher, "monograph", 180, 980


def literature(rng, year):
    writer, genre = rng.choice(WRITERS), rng.choice(GENRES)
    title, author = rng.choice(
        (
            (f"{writer}全集（第{rng.randint(1, 12)}卷）", f"{writer} 著"),
            (f"中国当代{genre}选（{year}）", chinese_author(rng, "选编")),
            (f"{year - 1}年中国{genre}年选", chinese_author(rng, "主编")),
            (f"{writer}研究资料汇编", chinese_author(rng, "编")),
        )
    )
    return (
        title,
        author,
        weighted(rng, ("人民文学出版社", "上海人民出版社"), (70, 30)),
        "monograph",
        38,
        128,
    )


def law(rng, year):
    title = rng.choice(
        (
            f"中华人民共和国{rng.choice(LAWS)}释义",
            f"{rng.choice(LAWS)}评注",
            f"{rng.choice(LAW_FIELDS)}（第{rng.randint(2, 9)}版）",
            f"中国{rng.choice(LAW_FIELDS)}研究",
        )
    )
    publisher = rng.choice(("法律出版社", "中国法制出版社", "北京大学出版社"))
    return title, chinese_author(rng, "主编"), publisher, "monograph", 48, 198


def economy(rng, year):
    topic = rng.choice(ECONOMY_TOPICS)
    title, publisher = rng.choice(
        (
            (f"{topic}蓝皮书：中国{topic}发展报告（{year}）", "社会科学文献出版社"),
            (f"中国{topic}研究", "中国社会科学出版社"),
            (f"{topic}与中国经济增长", "商务印书馆"),
        )
    )
    return title, chinese_author(rng, "主编"), publisher, "monograph", 88, 298


def journal(rng, year):
    title, publisher, issues = rng.choice(JOURNALS)
    if issues == 1:
        return f"{title}（{year}）", f"{title}编辑委员会 编", publisher, "serial", 280, 780
    return f"{title}（{year}年第{rng.randint(1, issues)}期）", "", publisher, "serial", 20, 80


def atlas(rng, year):
    title = rng.choice(
        (
            f"中国历史地图集（第{rng.randint(1, 8)}册）",
            f"{rng.choice(PROVINCES)}地图册",
            "中华人民共和国地图（1:400万）",
        )
    )
    return title, "中国地图出版社 编", "中国地图出版社", "map", 15, 398


def recording(rng, year):
    title = f"中国非物质文化遗产·{rng.choice(INTANGIBLE)}（DVD）"
    return title, "中国唱片集团有限公司 出品", "中国唱片集团有限公司", "audiovisual", 60, 300


def database(rng, year):
    title = f"中华古籍资源库·{rng.choice(('经部', '史部', '子部', '集部'))}（光盘版）"
    return title, "国家图书馆 编", "国家图书馆出版社", "electronic", 200, 2000


BOOK_MAKERS = (gazetteer, facsimile, history, archaeology, literature, law, economy, journal)
BOOK_MAKERS += (atlas, recording, database)
BOOK_WEIGHTS = (12, 12, 20, 8, 12, 8, 8, 12, 3, 2, 3)
