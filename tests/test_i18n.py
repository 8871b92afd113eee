"""Chinese and English: the catalog, every page in Chinese as each role, the language
switcher and the remembered choice, letters in the contact's language, names in both
scripts, countries, dates and numbers per language."""

import datetime
import gettext
import io
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django_countries import countries

from exchange.core.codes import currency_choices, currency_codes, language_choices
from exchange.core.models import UserPreference
from exchange.core.preferences import SESSION_KEY
from exchange.rates.models import RATE_COLUMNS
from exchange.transfer.models import PendingImport
from partners.models import PARTNER_COLUMNS, Partner
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.steps import STEPS
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
from tests.i18n_scan import PO_FILE, catalog, english_in, english_phrases, visible_text, words_of

ROOT = Path(__file__).resolve().parents[1]
MO_FILE = PO_FILE.with_suffix(".mo")
ZH = "zh-hans"
DAY = datetime.date(2026, 3, 2)


def chinese(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = ZH
    return client


# The catalog --------------------------------------------------------------------------


def test_every_entry_of_the_chinese_catalog_is_translated_and_none_is_fuzzy():
    untranslated = []
    for message in catalog():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(message.id)
    assert not untranslated, f"{len(untranslated)} entries to translate: {untranslated[:20]}"
    assert not catalog().fuzzy, "the header is still marked fuzzy"


def test_the_catalog_has_no_format_errors():
    problems = [(message.id, errors) for message, errors in catalog().check()]
    assert not problems


def test_the_catalog_compiles_and_the_committed_mo_is_up_to_date():
    """Django reads the .mo: it must say what the .po says (`make messages` compiles)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert compiled.getvalue()
    with MO_FILE.open("rb") as mo:
        committed = gettext.GNUTranslations(mo)._catalog
    expected = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))._catalog
    stale = {key for key in expected.keys() | committed.keys() if key != ""}
    stale = {key for key in stale if expected.get(key) != committed.get(key)}
    assert not stale, f"{len(stale)} entries differ; run `make messages`: {sorted(stale)[:10]}"


def test_gnu_msgfmt_accepts_the_catalog():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_makemessages_finds_no_string_that_is_not_in_the_catalog(tmp_path):
    """Run makemessages on a copy of the sources: a string marked for translation
    but not yet in the catalog (or changed) shows up as an empty entry there."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "node_modules",
            "staticfiles",
            "e2e-screenshots",
            "*.pyc",
            "__pycache__",
            "*.sqlite3",
            ".ruff_cache",
            ".hypothesis",
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with (copy / PO_FILE.relative_to(ROOT)).open("rb") as po:
        from babel.messages.pofile import read_po

        regenerated = read_po(po, locale="zh_Hans")
    ours = {(m.id, m.context) for m in catalog() if m.id}
    theirs = {(m.id, m.context) for m in regenerated if m.id}
    new = sorted(str(key) for key in theirs - ours)
    gone = sorted(str(key) for key in ours - theirs)
    assert not new, f"not in the catalog yet, run `make messages` and translate: {new[:20]}"
    assert not gone, f"no longer in the sources, run `make messages`: {gone[:20]}"


# Every page in Chinese ----------------------------------------------------------------


@pytest.fixture
def world(db, staff_user, admin_user):
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


def _steps(w):
    """Every step on a shipment it applies to."""
    pages = []
    for step in STEPS.values():
        for shipment in w["shipments"].values():
            if shipment.direction == step.direction and shipment.status in step.sources:
                pages.append({"reference": shipment.reference, "step": step.name})
                break
    return pages


# The pages of each URL name, with the arguments to open them (a list: one page each).
PAGES = {
    "dashboard": lambda w: [{}],
    "login": lambda w: [{}],
    "partners:list": lambda w: [{}],
    "partners:create": lambda w: [{}],
    "partners:detail": lambda w: [{"code": "RU-NLR"}, {"code": "KZ-NAB"}],
    "partners:edit": lambda w: [{"code": "RU-NLR"}],
    "partners:delete": lambda w: [{"code": "RU-NLR"}, {"code": "KZ-NAB"}],
    "shipments:list": lambda w: [{}],
    "shipments:create_outgoing": lambda w: [{}],
    "shipments:create_incoming": lambda w: [{}],
    "shipments:detail": lambda w: [{"reference": s.reference} for s in w["shipments"].values()],
    "shipments:edit": lambda w: [
        {"reference": w["shipments"][key].reference} for key in ("draft", "received")
    ],
    "shipments:step": _steps,
    "shipments:delete": lambda w: [
        {"reference": "OUT-2026-00001"},
        {"reference": "OUT-2026-00003"},
    ],
    "shipments:dispatch_note": lambda w: [
        {"reference": "OUT-2026-00003"},
        {"reference": "OUT-2026-00004"},
    ],
    "shipments:acknowledgement": lambda w: [{"reference": "IN-2026-00001"}],
    "exchange:imports": lambda w: [{}],
    "exchange:import_partners": lambda w: [{}],
    "exchange:import_rates": lambda w: [{}],
    "exchange:import_shipments": lambda w: [{}],
    "exchange:import_preview": lambda w: [{"pk": w["pending"].pk}, {"pk": w["problems"].pk}],
    "exchange:reports": lambda w: [{}],
    "exchange:report_balance": lambda w: [{}, {"fmt": "print"}],
    "exchange:report_partner_lookup": lambda w: [{}],
    "exchange:report_partner": lambda w: [{"code": "RU-NLR"}, {"code": "RU-NLR", "fmt": "print"}],
    "exchange:report_summary": lambda w: [
        {"by": by, **fmt}
        for by in ("country", "region", "subregion", "kind")
        for fmt in ({}, {"fmt": "print"})
    ],
    "exchange:report_trends": lambda w: [{}, {"fmt": "print"}],
    "exchange:report_costs": lambda w: [
        {"by": by, **fmt} for by in ("partner", "country") for fmt in ({}, {"fmt": "print"})
    ],
    "exchange:agreement_list": lambda w: [{}],
    "exchange:agreement_create": lambda w: [{}],
    "exchange:agreement_detail": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:agreement_edit": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:obligation_create": lambda w: [{"pk": w["agreement"].pk}],
    "exchange:obligation_list": lambda w: [{}],
    "exchange:obligation_edit": lambda w: [{"pk": w["obligation"].pk}],
    "exchange:claims": lambda w: [{}],
    "exchange:to_confirm": lambda w: [{}],
    "exchange:claim_list": lambda w: [{}],
    "exchange:claim_create": lambda w: [{}, {"query": "shipment=IN-2026-00002"}],
    "exchange:claim_edit": lambda w: [{"pk": w["claim"].pk}],
    "exchange:claim_letter": lambda w: [{"pk": w["claim"].pk}, {"pk": w["answered"].pk}],
}
# Named URLs that are no page to read: files, JSON, POST-only actions, the admin.
NOT_PAGES = {
    "logout",
    "set_language",
    "partners:export",
    "shipments:export",
    "shipments:check_isbn",
    "exchange:import_template",
    "exchange:import_confirm",
    "exchange:import_cancel",
    "exchange:export_rates",
}


def named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_the_url_conf_is_in_the_chinese_walk():
    unknown = named_urls() - PAGES.keys() - NOT_PAGES
    assert not unknown, f"add these to PAGES (or NOT_PAGES) in tests/test_i18n.py: {unknown}"


def page_urls(w) -> list[str]:
    urls = []
    for name, arguments in PAGES.items():
        for kwargs in arguments(w):
            kwargs = dict(kwargs)
            query = kwargs.pop("query", "")
            urls.append(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))
    return urls


def allowed_words(w) -> set[str]:
    """Every Latin word of the records: data, not interface."""
    from django.apps import apps
    from django.contrib.auth.models import User

    words = words_of(settings.EXCHANGE_LIBRARY_NAME, settings.EXCHANGE_BASE_CURRENCY, *w["files"])
    # ISO codes next to names (ru, USD, RU), the names CLDR keeps in Latin letters
    # (欧元 (WIR)), and the columns of the import files, named as they are typed.
    words |= words_of(*(code for code, _name in language_choices()), *currency_codes())
    words |= words_of(*(code for code, _name in countries))
    with translation.override(ZH):
        words |= words_of(*(name for _code, name in currency_choices()))
    words |= words_of(*PARTNER_COLUMNS, *RATE_COLUMNS, *SHIPMENT_IMPORT_COLUMNS)
    for model in [
        *apps.get_app_config("partners").get_models(),
        *apps.get_app_config("shipments").get_models(),
        *apps.get_app_config("exchange").get_models(),
        User,
    ]:
        for field in model._meta.concrete_fields:
            if field.get_internal_type() in {"CharField", "TextField", "EmailField", "URLField"}:
                words |= words_of(*model.objects.values_list(field.attname, flat=True))
            words |= words_of(*(value for value, _label in field.flatchoices or ()))
    return words


def scan(client, url, phrases, allowed) -> list[str]:
    response = client.get(url)
    if response.status_code in (301, 302):
        return []
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    html = response.content.decode()
    assert re.search(r'<html lang="zh-hans"[ >]', html), url
    assert 'class="language-switcher"' in html, f"no language switcher on {url}"
    return [f"{url}: {problem}" for problem in english_in(visible_text(html), phrases, allowed)]


@pytest.mark.parametrize("role", ["anonymous", "staff", "head", "admin"])
def test_every_page_in_chinese_shows_no_english_interface_text(clients, world, role):
    client = chinese(clients[role])
    phrases, allowed = english_phrases(), allowed_words(world)
    urls = page_urls(world) if role != "anonymous" else [reverse("login")]
    urls.append("/no-such-page/")
    problems = [problem for url in urls for problem in scan(client, url, phrases, allowed)]
    assert not problems, "\n".join(problems)


def test_the_admin_in_chinese_shows_no_english_interface_text(admin_client, admin_user, world):
    """Every list, add form and change form of our models (Django's own words are
    Django's catalog's; ours, and those it lacks, are ours)."""
    client = chinese(admin_client)
    phrases, allowed = english_phrases(), allowed_words(world)
    request = RequestFactory().get("/")
    request.user = admin_user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"exchange", "partners", "shipments", "axes"}:
            continue
        if model._meta.label == "axes.AccessLog":
            continue  # its records are named in English by django-axes's code, untranslatable
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    problems = [problem for url in urls for problem in scan(client, url, phrases, allowed)]
    assert not problems, "\n".join(problems)


FORMS = {
    "partners:create": {
        f"{prefix}-{name}": "0"
        for prefix in ("addresses", "contacts")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    },
    "shipments:create_outgoing": {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0"},
    "exchange:agreement_create": {},
    "exchange:claim_create": {},
}


@pytest.mark.parametrize("name", FORMS)
def test_form_errors_in_chinese_are_chinese(admin_client, world, name):
    client = chinese(admin_client)
    response = client.post(reverse(name), FORMS[name])
    assert response.status_code == 200
    chunks = visible_text(response.content.decode())
    assert "这个字段是必填项。" in chunks
    assert not english_in(chunks, english_phrases(), allowed_words(world))


def test_messages_after_an_action_are_chinese(staff_client, world):
    client = chinese(staff_client)
    shipment = world["shipments"]["draft"]
    response = client.post(
        reverse("shipments:step", args=[shipment.reference, "pack"]),
        {"pack-on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "OUT-2026-00001 的状态现为“已打包”。" in response.content.decode()


def test_the_sign_in_lockout_page_is_in_chinese(world):
    client = chinese(Client())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录已锁定" in html and "使用此用户名登录已失败 5 次。" in html
    problems = english_in(visible_text(html), english_phrases(), allowed_words(world))
    assert not problems


def test_the_isbn_check_answers_in_chinese(staff_client, db):
    answer = chinese(staff_client).get(reverse("shipments:check_isbn"), {"isbn": "9787101003131"})
    assert answer.json()["message"] == "“9787101003131”不是有效的 ISBN：校验位错误"


# The language switcher and the remembered choice -------------------------------------


def test_the_default_language_is_the_setting_not_the_browsers(client, settings, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert page.content.decode().count('<html lang="en">') == 1
    settings.LANGUAGE_CODE = ZH
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="zh-hans">' in page.content.decode()
    assert "登录" in page.content.decode()


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(staff_client):
    html = chinese(staff_client).get(reverse("dashboard")).content.decode()
    assert (
        '<button type="submit" name="language" value="en" lang="en" '
        'class="language-switcher__option">English</button>'
    ) in html
    assert (
        'value="zh-hans" lang="zh-hans" class="language-switcher__option" '
        'aria-current="true">简体中文<'
    ) in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/"' in html


def test_choosing_a_language_is_remembered_on_the_account(staff_client, staff_user):
    response = staff_client.post(
        reverse("set_language"), {"language": ZH, "next": reverse("partners:list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("partners:list")
    assert UserPreference.objects.get(user=staff_user).language == ZH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    staff_client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert '<html lang="zh-hans">' in staff_client.get(reverse("dashboard")).content.decode()
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert UserPreference.objects.get(user=staff_user).language == "en"


def test_a_language_we_do_not_have_is_ignored(staff_client, staff_user):
    staff_client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert not UserPreference.objects.filter(user=staff_user).exists()
    assert '<html lang="en">' in staff_client.get(reverse("dashboard")).content.decode()


def test_before_signing_in_the_choice_is_kept_in_the_cookie_only(anon_client, db):
    response = anon_client.post(
        reverse("set_language"), {"language": ZH, "next": "/accounts/login/"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    assert not UserPreference.objects.exists()
    assert "用户名" in anon_client.get(reverse("login")).content.decode()


def test_signing_in_brings_back_the_users_language_on_any_browser(staff_user):
    UserPreference.objects.create(user=staff_user, language=ZH)
    browser = Client()  # a new workstation: no cookie, English by default
    assert '<html lang="en">' in browser.get(reverse("login")).content.decode()
    response = browser.post(reverse("login"), {"username": "staff", "password": "x-secret-pass-9"})
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == ZH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    assert '<html lang="zh-hans">' in browser.get(reverse("dashboard")).content.decode()
    # Signed out, the sign-in page stays in the user's language (the cookie).
    browser.post(reverse("logout"))
    assert "用户名" in browser.get(reverse("login")).content.decode()


def test_the_users_choice_wins_over_the_cookie(staff_user):
    UserPreference.objects.create(user=staff_user, language="en")
    browser = Client()
    browser.force_login(staff_user)
    chinese(browser)
    assert '<html lang="en">' in browser.get(reverse("dashboard")).content.decode()


def test_the_remembered_language_costs_no_query(staff_user, world):
    """The same queries for a page whatever the user chose: the choice is read from
    the session, which the page loads anyway."""

    def queries_of_a_page(preference):
        UserPreference.objects.filter(user=staff_user).delete()
        if preference:
            UserPreference.objects.create(user=staff_user, language=preference)
        browser = Client()
        browser.force_login(staff_user)
        with CaptureQueriesContext(connection) as queries:
            page = browser.get(reverse("shipments:list"))
        assert page.status_code == 200
        return [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]

    without = queries_of_a_page(None)
    assert queries_of_a_page("en") == without
    assert queries_of_a_page(ZH) == without
    assert not any("exchange_userpreference" in sql for sql in without)


# Letters in the contact's language ----------------------------------------------------


def test_a_dispatch_note_to_a_chinese_speaking_contact_is_in_chinese(staff_client, world):
    html = staff_client.get(
        reverse("shipments:dispatch_note", args=["OUT-2026-00004"])
    ).content.decode()
    letter = html[html.index("<article") :]
    assert '<article class="document" lang="zh-hans">' in letter
    assert "发运单及装箱清单" in letter and "收货方" in letter
    assert "中国国家图书馆" in letter and "National Library of China" in letter
    assert letter.index("中国国家图书馆") < letter.index("National Library of China")
    # The country as the post reads it abroad.
    assert "SINGAPORE" in letter
    # The page around it stays in the user's language.
    assert "Back to the shipment" in html[: html.index("<article")]


def test_a_dispatch_note_to_a_contact_of_another_language_is_in_english(world):
    client = chinese(Client())
    client.force_login(world["claim"].created_by)
    html = client.get(reverse("shipments:dispatch_note", args=["OUT-2026-00003"])).content.decode()
    letter = html[html.index("<article") :]
    assert '<article class="document" lang="en">' in letter
    assert "Dispatch note and packing list" in letter and "RUSSIA" in letter
    assert letter.index("National Library of China") < letter.index("中国国家图书馆")
    assert "返回批次" in html[: html.index("<article")]


def test_an_acknowledgement_in_chinese_is_signed_with_the_chinese_name(staff_client, world):
    html = staff_client.get(
        reverse("shipments:acknowledgement", args=["IN-2026-00001"])
    ).content.decode()
    letter = html[html.index("<article") :]
    assert "尊敬的 李明：" in letter
    assert "我方已于 2026-03-02 收到贵方寄来的书刊，共 2 种" in letter
    assert "（贵方编号 <span" in letter or "贵方编号" in letter
    assert "，合计 3 册，清单如下。" in letter
    assert "中国国家图书馆国际书刊交换" in letter


def test_a_claim_letter_follows_the_contact_language_and_its_suggested_wording_too(
    staff_client, world
):
    html = staff_client.get(
        reverse("exchange:claim_letter", args=[world["answered"].pk])
    ).content.decode()
    assert 'class="document claim-letter" lang="zh-hans"' in html
    assert "关于我们之间书刊交换的催询" in html and "尊敬的 李明：" in html
    form = staff_client.get(reverse("exchange:claim_create"), {"partner": "SG-NUS"})
    assert form.context["form"].initial["subject"].startswith("我方持续向贵方寄送出版物")
    form = staff_client.get(reverse("exchange:claim_create"), {"partner": "RU-NLR"})
    assert form.context["form"].initial["subject"].startswith("We have received no publications")


# Names, countries, dates and numbers --------------------------------------------------


def test_partner_lists_and_pages_show_both_forms_of_the_name(staff_client, world):
    listing = staff_client.get(reverse("partners:list")).content.decode()
    assert "Rossiyskaya natsionalnaya biblioteka" in listing
    assert "Российская национальная библиотека" in listing
    detail = staff_client.get(reverse("partners:detail", args=["EG-DAR"])).content.decode()
    assert (
        "Dar al-Kutub wal-Wathaiq al-Qawmiyya" in detail and "دار الكتب والوثائق القومية" in detail
    )


@pytest.mark.parametrize(
    "text, code",
    [
        ("新加坡国立", "SG-NUS"),
        ("национальная", "RU-NLR"),
        ("НАЦИОНАЛЬНАЯ", "RU-NLR"),
        ("الكتب", "EG-DAR"),
        ("Xinjiapo Daxue", "SG-NUS"),
        ("kitaphana", "KZ-NAB"),
    ],
)
def test_search_finds_a_partner_by_either_form_of_its_name(world, staff_client, text, code):
    assert [p.code for p in Partner.objects.search(text)] == [code]
    page = chinese(staff_client).get(reverse("partners:list"), {"q": text})
    assert [p.code for p in page.context["object_list"]] == [code]


def test_names_sort_by_their_romanised_form_in_every_language(staff_client, world):
    orders = []
    for language in ("en", ZH):
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = staff_client.get(reverse("partners:list"), {"sort": "name"})
        orders.append([p.code for p in page.context["object_list"]])
    assert orders[0] == orders[1] == ["EG-DAR", "SG-NUS", "RU-NLR", "KZ-NAB"]


def test_country_names_are_in_the_users_language(staff_client, world):
    html = chinese(staff_client).get(reverse("partners:detail", args=["RU-NLR"])).content.decode()
    assert "俄罗斯 (RU)" in html
    assert "Russia" not in html


def test_dates_and_numbers_are_written_for_the_language():
    from django.template import Context, Template

    template = Template(
        '{% load humanize %}{{ n|intcomma }}|{{ v|floatformat:"2g" }}|{{ d|date:"DATE_FORMAT" }}'
        '|{{ d|date:"MONTH_DAY_FORMAT" }}|{{ d|date:"Y-m-d" }}'
    )
    context = Context({"n": 1234567, "v": Decimal("1234.5"), "d": datetime.date(2026, 1, 5)})
    with translation.override("en"):
        assert template.render(context) == "1,234,567|1,234.50|5 January 2026|5 January|2026-01-05"
    with translation.override(ZH):
        assert template.render(context) == "1,234,567|1,234.50|2026年1月5日|1月5日|2026-01-05"


def test_a_date_field_in_chinese_keeps_the_iso_value_browsers_read(admin_client, world):
    html = (
        chinese(admin_client)
        .get(reverse("exchange:agreement_edit", args=[world["agreement"].pk]))
        .content.decode()
    )
    assert 'type="date" name="valid_from" value="2024-01-01"' in html


def test_the_balance_csv_is_the_same_in_every_language(head_client, world):
    url = reverse("exchange:report_balance", args=["csv"]) + "?period=all"
    english = head_client.get(url).content
    chinese_csv = chinese(head_client).get(url).content
    assert english == chinese_csv
    assert english.decode().startswith("partner_code,partner_name,country,kind,items_sent,")
    assert "Rossiyskaya natsionalnaya biblioteka" in english.decode()


def test_report_pages_in_chinese_label_their_columns_in_chinese(head_client, world):
    html = (
        chinese(head_client)
        .get(reverse("exchange:report_balance"), {"period": "all"})
        .content.decode()
    )
    for label in ("寄出册数", "收到册数", "册数差额", "金额差额", "最近寄出日期"):
        assert label in html
    # Both forms of the partner's name on the page (only the romanised one in exports).
    assert (
        "Rossiyskaya natsionalnaya biblioteka"
        '<span class="cell-sub">Российская национальная библиотека</span>'
    ) in html
    # RU-NLR's pages sent (2 × 1600 + 100), grouped as in English.
    assert '<td class="num">3,300</td>' in html


def test_the_scan_sees_english_left_on_a_chinese_page():
    html = (
        '<html lang="zh-hans"><head><title>交换伙伴</title><script>var a = "Partners";</script>'
        "</head><body><h1>Partners</h1><h2>Weekly figures</h2><code>unit_value</code>"
        '<button lang="en">English</button><input placeholder="Search"><br>'
        '<p data-msg-isbn-length="An ISBN has 10 or 13 digits.">GB-BL · 俄罗斯 (RU)</p>'
        "</body></html>"
    )
    found = english_in(visible_text(html), english_phrases(), {"gb", "bl", "ru"})
    assert found == [
        "msgid “Partners” in “Partners”",
        "English ['Weekly', 'figures'] in “Weekly figures”",
        "msgid “Search” in “Search”",
        "msgid “An ISBN has 10 or 13 digits” in “An ISBN has 10 or 13 digits.”",
    ]
