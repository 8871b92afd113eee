"""Fixtures: one user per role and a client signed in as each, plus anonymous; the
records the tests in Chinese and the property tests of the forms work on."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from exchange.core.models import LibraryIdentity
from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF, ensure_roles
from exchange.transfer.models import PendingImport
from partners.models import PARTNER_COLUMNS
from tests.exchange.import_files import csv_bytes
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
    valid_isbn,
)
from tests.strategies import page_data

# Helper modules whose asserts report as the tests' own do.
pytest.register_assert_rewrite(
    "tests.exchange.balance.summary_helpers",
    "tests.exchange.transfer.shipments_helpers",
    "tests.exchange.transfer.views_helpers",
    "tests.property_forms_helpers",
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher is slow on purpose; every test signs users up."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_worker_to_check(settings):
    """No job worker runs beside the tests: /healthz checks what a test asks it to (the
    worker's own check: tests/exchange/ops/test_health.py)."""
    settings.HEALTH_CHECKS = []


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in Chinese leaves Chinese active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def library_identity():
    """Each test starts with an empty cache (what an earlier test kept was of data rolled
    back, whose data version a later test may number again) and the library's identity
    as installed, already in the cache as on a running server."""
    cache.clear()
    cache.set(LibraryIdentity.CACHE_KEY, LibraryIdentity.default())
    yield
    cache.delete(LibraryIdentity.CACHE_KEY)


@pytest.fixture
def roles(db):
    return ensure_roles()


def _user(username: str, group: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-secret-pass-9", **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(roles):
    return _user("staff", STAFF, first_name="Li", last_name="Wei")


@pytest.fixture
def head_user(roles):
    return _user("head", HEADS, first_name="Zhang", last_name="Min")


@pytest.fixture
def admin_user(roles):
    return _user("admin", ADMINISTRATORS, is_staff=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user):
    return _client(staff_user)


@pytest.fixture
def head_client(head_user):
    return _client(head_user)


@pytest.fixture
def admin_client(admin_user):
    return _client(admin_user)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def clients(anon_client, staff_client, head_client, admin_client):
    """Every role's client, for tests that check a page as each."""
    return {
        "anonymous": anon_client,
        "staff": staff_client,
        "head": head_client,
        "admin": admin_client,
    }


# The tests in Chinese (tests/test_i18n_*.py) ------------------------------------------

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def i18n_world(db, staff_user, admin_user):
    """Records in Chinese, Russian, Arabic and romanised forms, so any English left on
    a Chinese page is the interface's own."""
    RateFactory(currency="USD", valid_from=datetime.date(2000, 1, 1), rate=Decimal("7.1"))
    ru = PartnerFactory(
        code="RU-NLR",
        name="Rossiyskaya natsionalnaya biblioteka",
        name_original="Российская национальная библиотека",
        country="RU",
        city="Sankt-Peterburg",
        website="https://nlr.ru/",
        email="obmen@nlr.ru",
        notes="Обмен с 1957 года.",
    )
    eg = PartnerFactory(
        code="EG-DAR",
        name="Dar al-Kutub wal-Wathaiq al-Qawmiyya",
        name_original="دار الكتب والوثائق القومية",
        country="EG",
        city="al-Qahira",
        exchange_basis="page",
    )
    sg = PartnerFactory(
        code="SG-NUS",
        name="Guoli Xinjiapo Daxue Tushuguan",
        name_original="新加坡国立大学图书馆",
        kind="university",
        country="SG",
        city="Xinjiapo",
        exchange_basis="value",
    )
    PartnerFactory(
        code="KZ-NAB",
        name="Ulttyq akademiyalyq kitaphana",
        name_original="Ұлттық академиялық кітапхана",
        country="KZ",
        city="Astana",
        status="ended",
    )
    AddressFactory(
        partner=ru,
        recipient="Отдел книгообмена",
        lines="Садовая улица, 18",
        city="Санкт-Петербург",
        postcode="191069",
        country="RU",
    )
    AddressFactory(
        partner=sg,
        recipient="中文图书馆",
        lines="12 Kent Ridge Crescent",
        city="Xinjiapo",
        postcode="119275",
        country="SG",
    )
    ContactFactory(
        partner=ru, name="Ольга Иванова", role="заведующая", email="oi@nlr.ru", language="ru"
    )
    ContactFactory(partner=sg, name="李明", role="采访馆员", email="liming@nus.sg", language="zh")
    agreement = AgreementFactory(
        title="中俄文化合作协定执行计划",
        reference="CN-RU-2024",
        countries=["RU"],
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2027, 12, 31),
        summary="双方图书馆每年交换出版物。",
    )
    obligation = ObligationFactory(
        agreement=agreement, partner=ru, target=Decimal(100), description="每年不少于一百册"
    )
    ObligationFactory(agreement=agreement, partner=None, direction="incoming", measure="value")
    draft = ShipmentFactory(partner=ru, reference="OUT-2026-00001")
    packed = ShipmentFactory(partner=ru, reference="OUT-2026-00002", status="packed", packed_on=DAY)
    dispatched = sent(
        ru,
        DAY,
        reference="OUT-2026-00003",
        method="air",
        tracking_number="RR123456789CN",
        parcels=2,
        weight_kg=Decimal("4.5"),
        postage_cost=Decimal("320.00"),
        obligation=obligation,
    )
    to_sg = sent(sg, DAY, reference="OUT-2026-00004", status="delivered", delivered_on=DAY)
    arrived = received(sg, DAY, reference="IN-2026-00001", tracking_number="SG-778")
    expected = ShipmentFactory(
        partner=eg,
        direction="incoming",
        status="expected",
        reference="IN-2026-00002",
        expected_on=datetime.date(2025, 6, 1),
    )
    for shipment in (draft, packed, dispatched, to_sg, arrived):
        ItemFactory(
            shipment=shipment,
            title="红楼梦",
            author="曹雪芹",
            publisher="人民文学出版社",
            isbn=valid_isbn(7),
            quantity=2,
            pages=1600,
            unit_value=Decimal("120.00"),
            currency="CNY",
        )
        ItemFactory(
            shipment=shipment,
            title="Война и мир",
            author="Лев Толстой",
            isbn="",
            issn="00280836",
            language="ru",
            material_type="serial",
            unit_value=Decimal("30.00"),
            currency="USD",
        )
    claim = ClaimFactory(
        partner=eg, shipment=expected, subject="الشحنة لم تصل بعد", created_by=staff_user
    )
    answered = ClaimFactory(
        partner=sg,
        subject="请确认收到。",
        reply="已收到，谢谢。",
        replied_on=DAY,
        created_by=staff_user,
    )
    partner_file = csv_bytes(
        PARTNER_COLUMNS,
        [
            [
                "JP-NDL",
                "Kokuritsu Kokkai Toshokan",
                "国立国会図書館",
                "national",
                "JP",
                "Tokyo",
                "active",
                "1950-01-01",
                "piece",
                "https://ndl.go.jp/",
                "",
            ]
        ],
    )
    bad_file = csv_bytes(
        PARTNER_COLUMNS,
        [["JP-NDL", "Kokuritsu Kokkai Toshokan", "", "museum", "JP", "", "active", "", "", "", ""]],
    )
    pending = PendingImport.objects.create(
        kind="partners", file_name="partners.csv", content=partner_file, user=admin_user
    )
    problems = PendingImport.objects.create(
        kind="partners", file_name="bad.csv", content=bad_file, user=admin_user
    )
    return {
        "partner": ru,
        "agreement": agreement,
        "obligation": obligation,
        "claim": claim,
        "answered": answered,
        "pending": pending,
        "problems": problems,
        "shipments": {
            "draft": draft,
            "packed": packed,
            "dispatched": dispatched,
            "delivered": to_sg,
            "received": arrived,
            "expected": expected,
        },
        "files": [partner_file, bad_file],
    }


# The property tests of the forms (tests/test_property_forms_*.py) -----------------------


@pytest.fixture
def form_world(db):
    """A partner with an address and a contact, an agreement with an obligation, a
    rate, a claim, and a shipment in every status a step starts from."""
    library = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    AddressFactory(partner=library)
    ContactFactory(partner=library)
    PartnerFactory(code="FR-BNF", name="Bibliothèque nationale", country="FR")
    PartnerFactory(code="JP-NDL", country="JP", status="ended")
    RateFactory(currency="USD", valid_from=datetime.date(2000, 1, 1))
    agreement = AgreementFactory(countries=["GB", "FR"])
    obligation = ObligationFactory(agreement=agreement, partner=library)
    month_ago = timezone.localdate() - datetime.timedelta(days=30)
    shipments = {
        "draft": ShipmentFactory(partner=library, reference="OUT-2020-00001"),
        "packed": ShipmentFactory(partner=library, reference="OUT-2020-00002", status="packed"),
        "dispatched": sent(library, month_ago, reference="OUT-2020-00003"),
        "expected": ShipmentFactory(
            partner=library, reference="IN-2020-00001", direction="incoming", status="expected"
        ),
        "received": received(library, month_ago, reference="IN-2020-00002"),
    }
    for shipment in shipments.values():
        ItemFactory(shipment=shipment, unit_value=Decimal("12.50"), currency="USD")
    claim = ClaimFactory(partner=library, claimed_on=month_ago)
    return {
        "partner": library,
        "agreement": agreement,
        "obligation": obligation,
        "claim": claim,
        **shipments,
    }


@pytest.fixture
def form_page():
    """The values a form page holds, loaded once per test (not once per example)."""
    loaded = {}

    def load(client, url):
        if url not in loaded:
            response = client.get(url)
            assert response.status_code == 200
            loaded[url] = page_data(response)
        return dict(loaded[url])

    return load
